"""The exports app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "fupin.exports"
    label = "exports"
    verbose_name = _("Exports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Declares the export job."""
        from fupin.exports import tasks  # noqa: F401  (declares the job kind)
