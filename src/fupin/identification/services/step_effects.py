"""What the closing steps write beyond the case: the household's status event, a correction."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fupin.identification.models import Case
from fupin.procedure.engine import StepContext
from fupin.procedure.errors import ProcedureError
from fupin.registry.errors import IllegalTransition, RecordError
from fupin.registry.models import Household
from fupin.registry.services.households import append_event

EVENT_OF_KIND = {"identification": "identified", "exit": "exited", "return": "returned"}


def keep_main_cause(context: StepContext) -> None:
    """The appraisal's main cause is kept with the case until the announcement writes it."""
    cause = context.data.get("main_cause")
    if cause:
        case = context.subject
        Case.objects.filter(pk=case.pk).update(evidence={**case.evidence, "main_cause": cause})


def _write_main_cause(case: Case, household: Household, context: StepContext) -> Household:
    cause = case.evidence.get("main_cause")
    if not cause or cause == household.main_cause:
        return household
    from fupin.registry.services.corrections import correct_household

    return correct_household(household, {"main_cause": cause}, actor=context.actor,
                             expected_version=household.version, now=context.now,
                             reason=str(context.step.label))  # fmt: skip


def record_status_event(context: StepContext) -> None:
    """The announcement enters the household's history, with the policy and the case (and the
    main cause the appraisal named goes on the card)."""
    case = Case.objects.get(pk=context.subject.pk)  # the evidence as the appraisal left it
    household = Household.objects.select_for_update().get(pk=case.household_id)
    if case.kind in ("identification", "return"):
        household = _write_main_cause(case, household, context)
    try:
        append_event(
            household,
            EVENT_OF_KIND[case.kind],
            actor=context.actor,
            reason=str(context.step.label),
            evidence=f"case {case.pk}",
            policy=context.policy,
            data={"case": case.pk, "decision": case.decision},
            occurred_at=context.now,
        )
    except IllegalTransition:
        # Monitoring (or another case) moved the household since this case opened.
        raise ProcedureError(
            [("household", _("the household's status changed meanwhile: reject the case"))]
        ) from None


def apply_correction(context: StepContext) -> None:
    """The approved correction changes the card as it stood when the correction was proposed:
    a change made to the card since then refuses the approval (nothing is overwritten)."""
    from fupin.registry.services.corrections import correct_household

    case = context.subject
    household = Household.objects.select_for_update().get(pk=case.household_id)
    try:
        correct_household(
            household,
            dict(case.evidence.get("changes", {})),
            actor=context.actor,
            expected_version=int(case.evidence.get("household_version", household.version)),
            reason=case.statement or str(context.step.label),
            now=context.now,
        )
    except RecordError as exc:  # a stale card too: the correction must be proposed again
        raise ProcedureError([("changes", str(exc))]) from None
