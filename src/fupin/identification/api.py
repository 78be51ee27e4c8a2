"""Identification's endpoints: cases (listed, read, opened) and their steps, through the same
services as the pages; opening is idempotent, a step needs the version read (If-Match)."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.identification.models import Case
from fupin.identification.permissions import VIEW_CASES
from fupin.identification.procedure import procedure_of
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step
from fupin.procedure.engine import IllegalStep
from fupin.procedure.errors import StaleVersion
from fupin.registry.api.common import (
    Payload,
    caller,
    expected_version,
    idempotent,
    stale,
    with_etag,
)
from fupin.registry.errors import RecordError
from fupin.registry.models import Household
from fupin.registry.permissions import require, visible_to

router = Router(tags=["identification"])


class CaseOut(Schema):
    """A case: the household, kind, stage, version, the rules' decision and its evidence."""

    id: int
    household: str
    kind: str
    origin: str
    stage: str
    version: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    year: int | None
    decision: str
    policy_id: str
    policy_hash: str
    exclusions: list[str]
    evidence: dict[str, Any]

    @staticmethod
    def resolve_household(obj: Any) -> str:
        """The household's number."""
        return str(obj.household.number)


class CaseFilter(Payload):
    """Cases under a region code prefix, of a kind, at a stage, with a decision, of a year."""

    prefix: str = ""
    kind: str = ""
    stage: str = ""
    decision: str = ""
    year: int | None = Field(None, ge=1949, le=2100)
    closed: bool = False


class OpenCaseIn(Payload):
    """Opening a case for a household (identification, exit or return)."""

    household: str
    kind: str
    statement: str
    from_application: bool = False


class StepIn(Payload):
    """A step: its action, the step form's fields, a note, and the version read."""

    action: str
    data: dict[str, Any] = {}
    note: str = ""
    version: int | None = None


@router.get("/cases", response=list[CaseOut])
@paginate
def cases(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    """The caller's cases, oldest first; open ones unless ``closed``."""
    require(caller(request), VIEW_CASES)
    rows = visible_to(caller(request), Case.objects.select_related("household"))
    if not filters.closed:
        rows = rows.open()
    if filters.prefix:
        rows = rows.filter(household__village__code__startswith=filters.prefix)
    for name in ("kind", "stage", "decision", "year"):
        if getattr(filters, name):
            rows = rows.filter(**{name: getattr(filters, name)})
    return rows.order_by("id")


def _case(request: HttpRequest, case_id: int) -> Case:
    require(caller(request), VIEW_CASES)
    return get_object_or_404(
        visible_to(caller(request), Case.objects.select_related("household")), pk=case_id
    )


@router.get("/cases/{case_id}", response=CaseOut)
def case(request: HttpRequest, response: HttpResponse, case_id: int) -> Any:
    """One case; its version is the ETag a step sends back as If-Match."""
    found = _case(request, case_id)
    with_etag(response, found.version)
    return found


@router.post("/cases", response={201: CaseOut, 200: CaseOut})
def open_one(request: HttpRequest, payload: OpenCaseIn) -> Any:
    """Opens a case; with an Idempotency-Key, the same request sent again opens nothing more."""
    user = caller(request)
    require(user, VIEW_CASES)
    household = get_object_or_404(
        visible_to(user, Household.objects.all()), number=payload.household
    )

    def make() -> tuple[int, Any]:
        opened = open_case(household.pk, payload.kind, actor=user, now=timezone.now(),
                           statement=payload.statement,
                           origin="application" if payload.from_application else "cadre")  # fmt: skip
        return 201, {"id": opened.pk}

    # The stored answer names the case; it is read afresh, so a replay shows it as it is now.
    status, body = idempotent(request, make)
    found = get_object_or_404(
        visible_to(user, Case.objects.select_related("household")), pk=body["id"]
    )
    return Status(status, found)


def _form_data(case_found: Case, action: str, data: dict[str, Any]) -> dict[str, Any]:
    """The step's data, cleaned by the step's own form (as the page cleans it)."""
    try:
        step = procedure_of(case_found).step(case_found.stage, action)
    except IllegalStep as exc:
        raise HttpError(400, str(exc)) from None
    if step.form is None:
        return data
    form = step.form(data={f"{action}-{k}": v for k, v in data.items()}, prefix=action)
    if not form.is_valid():
        raise RecordError([(field, " ".join(messages)) for field, messages in form.errors.items()])
    return dict(form.step_data())


@router.post("/cases/{case_id}/steps", response=CaseOut)
def step(request: HttpRequest, response: HttpResponse, case_id: int, payload: StepIn) -> Any:
    """Takes a step of the case's procedure; a stale version gets 409 with the current one."""
    found = _case(request, case_id)
    version = expected_version(request, payload.version)
    if version != found.version:  # stale: say so before judging a form built on another stage
        raise stale(found.version, StaleVersion(_("case %(id)d") % {"id": found.pk}, version))
    data = _form_data(found, payload.action, payload.data)
    try:
        moved = take_step(found.pk, payload.action, actor=caller(request), now=timezone.now(),
                          expected_version=version, data=data, note=payload.note)  # fmt: skip
    except StaleVersion as exc:
        raise stale(Case.objects.values_list("version", flat=True).get(pk=found.pk), exc) from None
    with_etag(response, moved.version)
    return moved
