"""The funds app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "fupin.funds"
    label = "funds"
    verbose_name = _("Funds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Links the household card to the funds the household received."""
        from fupin.registry.extensions import HouseholdLink, add_household_link

        add_household_link(
            HouseholdLink(
                label=_("Funds received, traced to their sources"),
                url_name="funds:household",
                permission="funds.view_funds",
            )
        )
