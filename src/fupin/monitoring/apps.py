from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "fupin.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Adds the household's monitoring page to the registry's household card."""
        from fupin.monitoring import tasks  # noqa: F401  (declares monitoring's job kinds)
        from fupin.monitoring.selectors.lists import ALERTS, WATCH
        from fupin.registry.extensions import HouseholdLink, add_household_link, add_list_export

        add_list_export(ALERTS)
        add_list_export(WATCH)

        add_household_link(
            HouseholdLink(
                label=_("Monitoring and alerts for this household"),
                url_name="monitoring:household",
                permission="monitoring.view_alerts",
            )
        )
