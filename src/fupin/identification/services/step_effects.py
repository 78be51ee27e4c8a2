"""What the closing steps write beyond the case: the household's status event, a correction."""

from __future__ import annotations

from fupin.procedure.engine import StepContext
from fupin.registry.models import Household
from fupin.registry.services.households import append_event

EVENT_OF_KIND = {"identification": "identified", "exit": "exited", "return": "returned"}


def record_status_event(context: StepContext) -> None:
    """The announcement enters the household's history, with the policy and the case."""
    case = context.subject
    household = Household.objects.select_for_update().get(pk=case.household_id)
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


def apply_correction(context: StepContext) -> None:
    """The approved correction changes the card, each field's old value kept."""
    from fupin.registry.services.corrections import correct_household

    case = context.subject
    household = Household.objects.select_for_update().get(pk=case.household_id)
    correct_household(
        household,
        dict(case.evidence.get("changes", {})),
        actor=context.actor,
        expected_version=household.version,
        reason=case.statement or str(context.step.label),
    )
