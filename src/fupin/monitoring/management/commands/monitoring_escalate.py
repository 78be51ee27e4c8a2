"""``python -m fupin.manage monitoring_escalate [--area PREFIX]``: escalate overdue alerts (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.services.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalates overdue alerts (visit or decision deadline passed) to their townships."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", default="", help="region code prefix (default: everywhere)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue(options["area"], now=timezone.now())
        self.stdout.write(
            _("%(count)d overdue alerts escalated to their townships.") % {"count": count}
        )
