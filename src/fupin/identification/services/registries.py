"""Department registries (vehicles, property, business, payroll, village cadres) imported for the
exclusion rules, like monitoring's screening lists: read, matched to members in the importer's
area, kept as the households' records, all or nothing.

An open case still before its appraisal gains the hit (and its appraisal then needs a signed
justification); a case past it is listed for review: its appraisal was signed without the hit.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.identification.choices import REGISTRY_EXCLUSION, Registry
from fupin.identification.models import Case, RegistryImport, RegistryRecord
from fupin.identification.permissions import SCREEN_REGISTRIES
from fupin.identification.procedure import APPLIED
from fupin.procedure.errors import ProcedureError
from fupin.registry.models import Member
from fupin.registry.permissions import User, account_of, require, scope_of
from fupin.registry.selectors.policies import policies_for_villages
from fupin.registry.services.department_lists import (
    DepartmentListError,
    ListRow,
    match_members,
    members_by_id,
    parse_rows,
)

REQUIRED = ("id_number", "date")
# The kinds of case whose household the exclusion rules judge (an exit is not refused by them).
JUDGED = ("identification", "return")


def _flag_open_cases(
    matched: list[tuple[ListRow, Member]], code: str
) -> tuple[list[int], list[int]]:
    """Adds the hit to open cases before the appraisal (where the policy has the rule); returns
    (flagged, to review) case ids."""
    households = {member.household_id for _row, member in matched}
    cases = Case.objects.select_for_update().filter(household_id__in=households, kind__in=JUDGED)
    cases = list(cases.open().select_related("household"))
    policies = policies_for_villages({c.household.village_id for c in cases})
    flagged, review = [], []
    for case in cases:
        if code not in policies[case.household.village_id].identification.exclusions:
            continue
        if case.stage != APPLIED.code:
            review.append(case.pk)
        elif code not in case.exclusions:
            Case.objects.filter(pk=case.pk).update(
                exclusions=[*case.exclusions, code], version=F("version") + 1
            )
            flagged.append(case.pk)
    return sorted(flagged), sorted(review)


def import_registry(
    registry: str, file_name: str, content: bytes, *, actor: User | None, now: dt.datetime
) -> RegistryImport:
    """Reads, matches and keeps a department registry's list; returns the import's report."""
    require(actor, SCREEN_REGISTRIES)
    if registry not in Registry.values:
        raise ProcedureError([("registry", _("unknown registry %(r)s") % {"r": registry})])
    prefix = scope_of(actor).prefix
    if prefix is None:
        raise ProcedureError([("file", _("you have no area to import into"))])
    try:
        parsed = parse_rows(file_name, content, REQUIRED, timezone.localdate(now))
    except DepartmentListError as exc:
        raise ProcedureError(exc.errors) from None
    matched, problems = match_members(parsed.rows, members_by_id(parsed.rows, prefix))
    code = REGISTRY_EXCLUSION[registry]
    with transaction.atomic():
        report = RegistryImport.objects.create(
            registry=registry, file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(),
            imported_by=account_of(actor), imported_at=now, scope=prefix, rows_total=parsed.total,
            rows_matched=len(matched),
            problems=sorted([*(p.as_dict() for p in parsed.problems), *problems], key=lambda p: p["row"]),
        )  # fmt: skip
        RegistryRecord.objects.bulk_create(
            RegistryRecord(source=report, household_id=member.household_id, member=member,
                           exclusion=code, recorded_on=row.date, note=row.note[:200])
            for row, member in matched
        )  # fmt: skip
        report.cases_flagged, report.cases_to_review = _flag_open_cases(matched, code)
        report.save(update_fields=["cases_flagged", "cases_to_review"])
    return report
