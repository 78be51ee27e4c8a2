"""The imports app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "fupin.imports"
    label = "imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Declares the roster-import job."""
        from fupin.imports import tasks  # noqa: F401  (declares the job kind)
