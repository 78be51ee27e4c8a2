"""The identification app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "fupin.identification"
    label = "identification"
    verbose_name = _("Identification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Declares the bulk-opening job, links the household card to its cases and puts the
        cases in the household's dossier."""
        from fupin.dossier.extensions import add_section
        from fupin.identification import tasks  # noqa: F401  (declares the job kind)
        from fupin.identification.selectors import CASES, dossier_section
        from fupin.registry.extensions import HouseholdLink, add_household_link, add_list_export

        add_list_export(CASES)
        add_household_link(
            HouseholdLink(
                label=_("Identification, exit and return cases of this household"),
                url_name="identification:household",
                permission="identification.view_cases",
            )
        )
        add_section("identification", dossier_section)
