from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "fupin.procedure"
    label = "procedure"
    verbose_name = _("Procedures")
    default_auto_field = "django.db.models.BigAutoField"
