"""The demo's identification cases: samples standing at every stage of every kind, through the
services, so the case pages have something to show.

One township's cases are opened in bulk from the rules' decisions, as a county office would;
samples of them are then taken step by step (dated over the last weeks, ten days apart, so each
notice has come down before the next step), leaving one case at each stage. On top: an open and a
resolved objection, an exclusion hit carried on with its signed justification, an early exit
that "三不出" refuses and the county rejects, corrections, a withdrawal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.identification.models import Case
from fupin.identification.services.bulk import open_from_decisions
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step
from fupin.procedure.errors import ProcedureError
from fupin.procedure.models import Notice, StepRecord
from fupin.procedure.services.notices import raise_objection, resolve_objection
from fupin.registry.models import Household, Region

PATHS = {
    "identification": ("appraise", "verify", "first_notice", "township_review", "second_notice",
                       "county_approve", "announce"),
    "exit": ("appraise", "verify", "agree", "notice", "announce"),
    "return": ("appraise", "verify", "notice", "township_review", "county_approve", "announce"),
}  # fmt: skip
GAP_DAYS = 10  # between steps: longer than a notice, so each is down before the next step
MINUTES = gettext_noop("the representatives heard the household and the cadres; a show of hands")
FINDINGS = gettext_noop("visited at home; members, income and housing as declared")
OBJECTION = "村民反映：该户在县城有商铺。"
FINDING = gettext_noop("the shop belongs to a relative who lives apart; dismissed")
JUSTIFICATION = gettext_noop("the car was sold last year; the registry entry is out of date")
EARLY_EXIT = gettext_noop("returned to poverty this year: no exit in the year of return")
WITHDRAWN = gettext_noop("the household withdrew its application")
HARDSHIP = gettext_noop("the head fell ill this year and can no longer work; the family applies")
RECOVERIES = 8  # returned households whose income recovered this year
RECOVERY_CANDIDATES = 120
RECOVERED_WAGES = 40_000  # yuan a year, from a job found through the employment service
RECOVERED = gettext_noop("found stable work through the county employment service this year")
RELAPSED = gettext_noop("a member fell seriously ill; returned to poverty after the review")


@dataclass
class CaseStats:
    """What the demo's cases hold."""

    cases: int = 0
    steps: int = 0
    objections: int = 0


def _justification(case: Case) -> str:
    if case.exclusions:
        return _(JUSTIFICATION)
    wanted = {"identification": "identify", "return": "return"}.get(case.kind)
    return _(HARDSHIP) if wanted and case.decision and case.decision != wanted else ""


def _top_up(township: Region, now: dt.datetime, actor: Any) -> None:
    """Households' own applications, so each path has a case at every stage at any scale."""
    for kind, status in (("identification", "registered"), ("return", "exited")):
        missing = len(PATHS[kind]) + 3 - Case.objects.filter(kind=kind).count()
        households = Household.objects.filter(
            village__code__startswith=township.prefix, status=status
        ).exclude(pk__in=_busy())
        for household in households.order_by("id")[: max(missing, 0)]:
            open_case(household.pk, kind, actor=actor, now=now - dt.timedelta(days=85),
                      statement=_(HARDSHIP), origin="application")  # fmt: skip


def _data(action: str, when: dt.datetime, case: Case) -> dict[str, Any]:
    today = when.date()
    if action == "appraise":
        return {"held_on": today, "place": _("village committee hall"), "total": 31,
                "present": 24, "votes_for": 21, "votes_against": 2, "abstentions": 1,
                "minutes": _(MINUTES), "first_secretary": "李建国", "village_head": "王志强",
                "justification": _justification(case),
                "main_cause": case.household.main_cause or "illness"}  # fmt: skip
    if action == "verify":
        return {"verified_on": today, "verifiers": "李建国、赵敏", "findings": _(FINDINGS)}
    if action in ("first_notice", "second_notice", "notice"):
        return {"notice_from": today, "notice_days": 7}
    if action == "agree":
        return {"agreed": True, "signed_by": case.household.head_name}
    if action in ("township_review", "county_approve"):
        return {"spot_checked": False}
    return {}


def _step(case: Case, action: str, when: dt.datetime, actor: Any, **data: Any) -> Case:
    fresh = Case.objects.select_related("household").get(pk=case.pk)
    chosen = data or _data(action, when, fresh)
    try:
        return take_step(case.pk, action, actor=actor, now=when,
                         expected_version=fresh.version, data=chosen)  # fmt: skip
    except ProcedureError as exc:
        if not any(field == "spot_checked" for field, _m in exc.errors):
            raise
    # The area's share of spot checks is short: this review is one.
    spot = {**chosen, "spot_checked": True, "spot_check_findings": _(FINDINGS)}
    return take_step(case.pk, action, actor=actor, now=when, expected_version=fresh.version,
                     data=spot)  # fmt: skip


def _walk(case: Case, steps: tuple[str, ...], now: dt.datetime, actor: Any) -> int:
    """Takes ``steps`` ten days apart, the last one two days ago; returns how many it took
    (fewer when one is refused — an exit "三不出" stops — and the case stays where it got)."""
    for index, action in enumerate(steps):
        when = now - dt.timedelta(days=GAP_DAYS * (len(steps) - index) - GAP_DAYS + 2)
        try:
            case = _step(case, action, when, actor)
        except ProcedureError:
            return index
    return len(steps)


def _objections(now: dt.datetime, actor: Any, stats: CaseStats) -> None:
    """An objection to a notice still up (it blocks), and one resolved with its finding."""
    notices = Notice.objects.filter(procedure__startswith="identification").order_by("id")
    up = notices.filter(ends_on__gte=now.date()).first()
    if up is not None:
        raise_objection(up, text=OBJECTION, now=now - dt.timedelta(days=1))
        stats.objections += 1


def _resolved_objection(case: Case, now: dt.datetime, actor: Any, stats: CaseStats) -> Case:
    """Walks a case to its first notice, an objection comes and is dismissed, then goes on."""
    start = now - dt.timedelta(days=40)
    for offset, action in enumerate(PATHS["identification"][:3]):
        case = _step(case, action, start + dt.timedelta(days=GAP_DAYS * offset), actor)
    notice = Notice.objects.filter(subject_id=case.pk, procedure="identification.identification")
    objection = raise_objection(notice.latest("id"), text=OBJECTION,
                                now=start + dt.timedelta(days=21))  # fmt: skip
    # Judged by the township office: whoever posted a notice may not judge objections to it.
    judge = get_user_model().objects.filter(username="township").first()
    resolve_objection(objection.pk, status="dismissed", finding=_(FINDING), actor=judge,
                      now=start + dt.timedelta(days=24), expected_version=objection.version)  # fmt: skip
    stats.objections += 1
    stats.steps += 3
    return _step(case, "township_review", start + dt.timedelta(days=30), actor)


def load_demo_cases(now: dt.datetime, actor: Any) -> CaseStats:
    """Opens and walks the demo's cases (the caller holds the transaction)."""
    stats = CaseStats()
    township = Region.objects.filter(level="township").order_by("code").first()
    if township is None:
        return stats
    open_from_decisions(township, actor=actor, now=now - dt.timedelta(days=90))
    _top_up(township, now, actor)
    _recoveries(now, actor)
    for kind, steps in PATHS.items():
        cases = iter(Case.objects.filter(kind=kind).select_related("household").order_by("id"))
        for depth in range(len(steps) + 1):  # one case left at each stage of the path
            for case in cases:
                taken = _walk(case, steps[:depth], now, actor)
                stats.steps += taken
                if taken == depth:
                    break
    _extras(township, now, actor, stats)
    _objections(now, actor, stats)
    stats.cases = Case.objects.count()
    stats.steps = StepRecord.objects.filter(procedure__startswith="identification.").count()
    return stats


def _extras(township: Region, now: dt.datetime, actor: Any, stats: CaseStats) -> None:
    """The resolved objection, the justified exclusion, the refused early exit, a correction
    and a withdrawal."""
    spare = list(Case.objects.filter(kind="identification", stage="applied").order_by("-id")[:2])
    if spare:
        _resolved_objection(spare[0], now, actor, stats)
    if len(spare) > 1:
        _step(spare[1], "withdraw", now - dt.timedelta(days=5), actor, reason=_(WITHDRAWN))
    _justified_exclusion(township, now, actor, stats)
    _refused_early_exit(township, now, actor, stats)
    _corrections(township, now, actor, stats)


def _recoveries(now: dt.datetime, actor: Any) -> None:
    """Households that returned to poverty in earlier years recovered this year, and exit cases
    open for them. Where the county has too few (after 2020 most households are exited), some
    exited households are given a return last year first: an illness, reviewed and recorded."""
    opened = _recover_returned(now, actor)
    if opened < RECOVERIES:
        _relapse_last_year(now, actor, RECOVERIES - opened)


def _open_exit_if_decided(household: Household, now: dt.datetime, actor: Any) -> bool:
    from fupin.registry.selectors.card import build_card

    decided = build_card(household).decision
    if decided is None or decided.decision != "exit":
        return False
    open_case(household.pk, "exit", actor=actor, now=now - dt.timedelta(days=80),
              statement=_(RECOVERED))  # fmt: skip
    return True


def _recover_returned(now: dt.datetime, actor: Any) -> int:
    """Returned households find work: their latest income rises; those the rules let exit open."""
    from decimal import Decimal

    from fupin.registry.models import IncomeRecord

    returned = Household.objects.filter(status="returned").exclude(
        events__kind="returned", events__occurred_at__year=now.year
    )
    opened = 0
    for household in returned.exclude(pk__in=_busy()).order_by("id")[:RECOVERY_CANDIDATES]:
        latest = IncomeRecord.objects.filter(household=household).order_by("-year").first()
        if latest is None:
            continue
        rows = IncomeRecord.objects.filter(pk=latest.pk)
        rows.update(wage_migrant=latest.wage_migrant + Decimal(RECOVERED_WAGES))
        if not _open_exit_if_decided(household, now, actor):
            rows.update(wage_migrant=latest.wage_migrant)  # a gap keeps it in: no recovery
            continue
        opened += 1
        if opened == RECOVERIES:
            break
    return opened


def _relapse_last_year(now: dt.datetime, actor: Any, wanted: int) -> None:
    """Exited households that fell back last year (a return recorded then) and whose income
    this year lets them exit again."""
    from fupin.registry.services.households import append_event

    when = now.replace(year=now.year - 1, month=6, day=1)
    exited = Household.objects.filter(status="exited").exclude(pk__in=_busy()).order_by("id")
    opened = 0
    for household in exited[:RECOVERY_CANDIDATES]:
        with transaction.atomic():  # the return is kept only when the exit case opens
            append_event(household, "returned", actor=actor, reason=_(RELAPSED),
                         occurred_at=when)  # fmt: skip
            if not _open_exit_if_decided(household, now, actor):
                transaction.set_rollback(True)
                continue
        opened += 1
        if opened == wanted:
            return


def _busy() -> Any:
    """The households with an open case of any kind."""
    return Case.objects.open().values("household_id")


def _justified_exclusion(township: Region, now: dt.datetime, actor: Any, stats: CaseStats) -> None:
    household = (
        Household.objects.filter(village__code__startswith=township.prefix, status="registered",
                                 owns_vehicle=True).exclude(pk__in=_busy()).order_by("id").first()
    )  # fmt: skip
    if household is None:
        return
    case = open_case(household.pk, "identification", actor=actor,
                     now=now - dt.timedelta(days=30), statement=_(JUSTIFICATION))  # fmt: skip
    stats.steps += _walk(case, PATHS["identification"][:2], now, actor)


def _refused_early_exit(township: Region, now: dt.datetime, actor: Any, stats: CaseStats) -> None:
    """A household that returned to poverty this year proposed for exit: the appraisal is
    refused ("三不出"), and the county rejects the case with the reason."""
    household = (
        Household.objects.filter(village__code__startswith=township.prefix, status="returned",
                                 events__kind="returned", events__occurred_at__year=now.year)
        .exclude(pk__in=_busy()).order_by("id").first()
    )  # fmt: skip
    if household is None:
        return
    case = open_case(household.pk, "exit", actor=actor, now=now - dt.timedelta(days=6),
                     statement=_(EARLY_EXIT))  # fmt: skip
    try:
        _step(case, "appraise", now - dt.timedelta(days=5), actor)
    except ProcedureError:
        _step(case, "reject_applied", now - dt.timedelta(days=4), actor, reason=_(EARLY_EXIT))
        stats.steps += 1


def _corrections(township: Region, now: dt.datetime, actor: Any, stats: CaseStats) -> None:
    households = (
        Household.objects.filter(village__code__startswith=township.prefix, status="registered")
        .exclude(pk__in=_busy())
        .order_by("-id")[:3]
    )
    for depth, household in enumerate(households):
        case = open_case(household.pk, "correction", actor=actor, now=now - dt.timedelta(days=20),
                         statement=_("the land area was surveyed again"),
                         changes={"land_mu": float(household.land_mu) + 0.5})  # fmt: skip
        stats.steps += _walk(case, ("verify", "approve")[:depth], now, actor)
