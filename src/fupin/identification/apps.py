"""The identification app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "fupin.identification"
    label = "identification"
    verbose_name = _("Identification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Declares the bulk-opening job and links the household card to its cases."""
        from fupin.identification import tasks  # noqa: F401  (declares the job kind)
        from fupin.registry.extensions import HouseholdLink, add_household_link

        add_household_link(
            HouseholdLink(
                label=_("Identification, exit and return cases of this household"),
                url_name="identification:household",
                permission="identification.view_cases",
            )
        )
