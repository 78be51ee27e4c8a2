"""The household file app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "fupin.dossier"
    label = "dossier"
    verbose_name = _("Household files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Links the household card to the household's file."""
        from fupin.registry.extensions import HouseholdLink, add_household_link

        add_household_link(
            HouseholdLink(
                label=_("The household's file: documents and dossier"),
                url_name="dossier:file",
                permission="dossier.view_file",
            )
        )
