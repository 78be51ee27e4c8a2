from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "fupin.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The worker's tasks and the worker check, known to the pages and the worker alike."""
        from fupin.jobs import tasks  # noqa: F401
        from fupin.jobs.services import check  # noqa: F401
