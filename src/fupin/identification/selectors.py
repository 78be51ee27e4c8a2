"""Queries of the identification app: a household's entry years, case lists, a case's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.identification.choices import EXCLUSION_LABELS
from fupin.identification.forms import FilterForm
from fupin.identification.models import Case
from fupin.identification.permissions import VIEW_CASES
from fupin.procedure.models import Notice, Objection, ObjectionStatus, StepRecord
from fupin.registry.extensions import ListExport, Listing
from fupin.registry.models import StatusEvent
from fupin.registry.permissions import User, visible_to


def entry_years(household_id: int) -> tuple[int | None, int | None]:
    """The years (local calendar) the household was last identified and last returned."""
    years: dict[str, int | None] = {"identified": None, "returned": None}
    events = StatusEvent.objects.filter(household_id=household_id, kind__in=years)
    for kind, occurred in events.order_by("occurred_at").values_list("kind", "occurred_at"):
        years[kind] = (
            timezone.localtime(occurred).year if timezone.is_aware(occurred) else (occurred.year)
        )
    return years["identified"], years["returned"]


def _case_type() -> ContentType:
    return ContentType.objects.get_for_model(Case)


def notices_of_case(case: Case) -> QuerySet[Notice]:
    """The case's notices, oldest first, with their objections."""
    return (
        Notice.objects.filter(subject_type=_case_type(), subject_id=case.pk)
        .select_related("region")
        .prefetch_related("objections")
        .order_by("posted_on", "id")
    )


def upheld_objections(case: Case) -> bool:
    """True when an objection to one of the case's notices was found valid."""
    return Objection.objects.filter(
        notice__subject_type=_case_type(), notice__subject_id=case.pk,
        status=ObjectionStatus.UPHELD,
    ).exists()  # fmt: skip


def visible_cases(user: User | None, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """The user's cases, newest first, filtered by kind, stage, open objections and closedness."""
    chosen = filters or {}
    cases = visible_to(user, Case.objects.all()).select_related("household__village")
    if not chosen.get("closed"):
        cases = cases.open()
    if chosen.get("kind"):
        cases = cases.filter(kind=chosen["kind"])
    if chosen.get("stage"):
        cases = cases.filter(stage=chosen["stage"])
    if chosen.get("open_objections"):
        cases = cases.filter(pk__in=_with_open_objections())
    return cases.order_by("-opened_at", "-id")


def _with_open_objections() -> QuerySet:
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Case)
    return Notice.objects.filter(subject_type=kind, objections__status=ObjectionStatus.OPEN).values(
        "subject_id"
    )


@dataclass(frozen=True)
class NoticeState:
    """A case's newest notice: until when it is up, and how many objections are open."""

    notice: Notice
    days_left: int
    open_objections: int


def notice_states(cases: list[Case], today: dt.date) -> dict[int, NoticeState]:
    """Each case's newest notice (one query for the page's cases)."""
    notices = (
        Notice.objects.filter(subject_type=_case_type(), subject_id__in=[c.pk for c in cases])
        .annotate(open=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
        .order_by("posted_on", "id")
    )
    states = {}
    for notice in notices:
        left = max((notice.ends_on - today).days + 1, 0)
        states[notice.subject_id] = NoticeState(notice, left, notice.open)
    return states


def overdue_dates(
    cases: list[Case], states: dict[int, NoticeState], today: dt.date
) -> dict[int, dt.date]:
    """Each open case whose next step is overdue, with the day it fell due: the policy's working
    days after its last step (or its opening), or after its notice came down. A case whose notice
    is still up is waiting as it must."""
    from django.db.models import Max

    from fupin.procedure.deadlines import add_working_days
    from fupin.registry.selectors.policies import policies_for_villages

    open_cases = [c for c in cases if c.is_open]
    last = dict(
        StepRecord.objects.filter(subject_type=_case_type(), subject_id__in=[c.pk for c in open_cases])
        .values("subject_id").annotate(latest=Max("occurred_at")).values_list("subject_id", "latest")
    )  # fmt: skip
    policies = policies_for_villages({c.household.village_id for c in open_cases})
    overdue = {}
    for case in open_cases:
        base = timezone.localdate(last.get(case.pk) or case.opened_at)
        state = states.get(case.pk)
        if state is not None:
            if state.days_left:
                continue
            base = max(base, state.notice.ends_on)
        days = policies[case.household.village_id].identification.step_working_days
        due = add_working_days(base, days)
        if today > due:
            overdue[case.pk] = due
    return overdue


def steps_of(case: Case) -> QuerySet[StepRecord]:
    """The case's step records, oldest first, with their signatures."""
    return (
        StepRecord.objects.filter(subject_type=_case_type(), subject_id=case.pk)
        .select_related("actor", "signature")
        .order_by("occurred_at", "id")
    )


def cases_of_household(user: User | None, household_id: int) -> QuerySet[Case]:
    """Every case of one household the user may see, newest first."""
    return visible_to(user, Case.objects.filter(household_id=household_id)).order_by("-opened_at")


def spot_checks_this_year(prefix: str, action: str, year: int) -> tuple[int, int]:
    """(spot-checked, reviewed) among the ``action`` steps taken this year on the cases of the
    area with code ``prefix``."""
    cases = Case.objects.filter(household__village__code__startswith=prefix).values("pk")
    steps = StepRecord.objects.filter(
        subject_type=_case_type(), subject_id__in=cases, action=action,
        procedure__startswith="identification.", occurred_at__year=year,
    )  # fmt: skip
    return steps.filter(data__spot_checked=True).count(), steps.count()


def dossier_section(household: Any, reader: User | None) -> Any:
    """The household's cases for its dossier: evidence, signed steps, notices and objections."""
    from django.utils.translation import gettext_lazy as _

    from fupin.dossier.extensions import Section
    from fupin.identification.choices import EXCLUSION_LABELS
    from fupin.identification.procedure import procedure_of

    cases = list(cases_of_household(reader, household.pk).order_by("opened_at", "id"))
    if not cases:
        return None
    entries, signatures = [], []
    for case in cases:
        labels = dict(procedure_of(case).action_choices())
        steps = [(record, labels.get(record.action, record.action)) for record in steps_of(case)]
        signatures += [
            (record.signature, f"{case.get_kind_display()} #{case.pk} · {label}")
            for record, label in steps
            if record.signature is not None
        ]
        entries.append({
            "case": case, "steps": steps, "notices": list(notices_of_case(case)),
            "exclusions": [EXCLUSION_LABELS[code] for code in case.exclusions],
        })  # fmt: skip
    context = {"entries": entries}
    title = _("Identification, exit, return and correction cases")
    return Section(title, "identification/dossier_section.html", context, signatures)


def registry_exclusions(household_ids: list[int]) -> dict[int, set[str]]:
    """The exclusion codes the department registries recorded for each household."""
    from fupin.identification.models import RegistryRecord

    found: dict[int, set[str]] = {}
    rows = RegistryRecord.objects.filter(household_id__in=household_ids)
    for household_id, code in rows.values_list("household_id", "exclusion"):
        found.setdefault(household_id, set()).add(code)
    return found


def registry_records_of(household_id: int) -> QuerySet:
    """A household's department-registry records, newest first, with their import."""
    from fupin.identification.models import RegistryRecord

    records = RegistryRecord.objects.filter(household_id=household_id)
    return records.select_related("source", "member").order_by("-recorded_on", "-id")


EXPORT_CHUNK = 2_000  # cases read at a time: a county's list streams in constant memory


def export_rows(cases: QuerySet[Case], today: dt.date) -> Any:
    """The filtered cases as rows for a spreadsheet: stage, notice, objections, overdue step."""
    ids = list(cases.values_list("pk", flat=True))
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = list(
            Case.objects.filter(pk__in=ids[start : start + EXPORT_CHUNK])
            .select_related("household__village").order_by("-opened_at", "-id")
        )  # fmt: skip
        states = notice_states(chunk, today)
        overdue = overdue_dates(chunk, states, today)
        for case in chunk:
            state = states.get(case.pk)
            yield [
                case.pk, case.household.number, case.household.head_name,
                case.household.village.code, case.household.village.name,
                case.get_kind_display(), case.get_stage_display(), timezone.localdate(case.opened_at),
                state.notice.ends_on if state else None,
                state.open_objections if state else 0,
                "; ".join(str(EXCLUSION_LABELS.get(code, code)) for code in case.exclusions),
                overdue.get(case.pk), timezone.localdate(case.closed_at) if case.closed_at else None,
            ]  # fmt: skip


def case_filters(query: QueryDict) -> tuple[FilterForm, dict[str, Any]]:
    """The case list's filter form over ``query`` and what it keeps (nothing when invalid)."""
    form = FilterForm(query or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def cases_listing(user: User, query: QueryDict, today: dt.date) -> Listing:
    """Every case of the filtered list (not only the page shown), newest first."""
    cases = visible_cases(user, case_filters(query)[1])
    header = [_("case"), _("household number"), _("head of household"), _("village code"),
              _("village"), _("kind"), _("stage"), _("opened on"), _("notice until"),
              _("open objections"), _("exclusions"), _("next step overdue since"), _("closed on")]  # fmt: skip
    return Listing(header, cases.count(), export_rows(cases, today))


CASES = ListExport("identification.cases", "cases", VIEW_CASES.name, cases_listing)
