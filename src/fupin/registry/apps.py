from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "fupin.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        """Lets the household lists be exported."""
        from fupin.registry.extensions import add_list_export
        from fupin.registry.selectors.lists import HOUSEHOLDS

        add_list_export(HOUSEHOLDS)
