"""The funds app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "fupin.funds"
    label = "funds"
    verbose_name = _("Funds")
    default_auto_field = "django.db.models.BigAutoField"
