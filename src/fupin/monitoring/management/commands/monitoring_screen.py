"""``python -m fupin.manage monitoring_screen FILE --source health --user NAME``: import a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.choices import Department
from fupin.monitoring.errors import ProcedureError
from fupin.monitoring.services.screening import import_screening
from fupin.monitoring.views.presenters import problem_rows


class Command(BaseCommand):
    help = "Imports a department screening list (CSV or xlsx) as the given user; prints the report."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, choices=Department.values)
        parser.add_argument("--user", required=True, help="the importing user (sets the area)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("no user %(name)s") % {"name": options["user"]})
        try:
            record = import_screening(
                options["source"],
                path.name,
                path.read_bytes(),
                actor=user,
                now=timezone.now(),
            )
        except (OSError, ProcedureError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "rows %(rows)d · matched %(matched)d · alerts raised %(raised)d · "
                "alerts given new evidence %(updated)d · below the thresholds %(below)d · "
                "not used %(unused)d"
            )
            % {
                "rows": record.rows_total,
                "matched": record.rows_matched,
                "raised": record.alerts_raised,
                "updated": record.alerts_updated,
                "below": record.rows_below_threshold,
                "unused": len(record.problems),
            }
        )
        for row in problem_rows(record):
            self.stdout.write(_("row %(row)s · %(column)s · %(value)s · %(reason)s") % row)
