"""Procedures as data: stages and one ``Step`` record per transition; everything else derived.

No database here. A ``Procedure`` answers which step an action is at a stage, which steps a
stage allows, and gives the choices of the models' fields, so that a subsystem writes its
procedure once and its pages, services and tests read that one table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from fupin.policy import Policy
    from fupin.registry.permissions import Permission, User

Problems = list[tuple[str, str]]


class StageKind(StrEnum):
    """Where a stage sits: before the decision (deadlines run), decided and live, or closed."""

    PENDING = "pending"
    LIVE = "live"
    CLOSED = "closed"


@dataclass(frozen=True)
class Stage:
    """One stage of a procedure; ``on_path`` stages are shown in order as the procedure's path."""

    code: str
    label: Any
    kind: StageKind
    on_path: bool = True


@dataclass
class StepContext:
    """What a step's checks and effects see: the subject (locked), the form's data, who, when."""

    subject: Any
    step: Step
    data: dict[str, Any]
    actor: User | None
    now: dt.datetime
    today: dt.date
    policy: Policy | None  # None for procedures whose steps need no policy
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def in_force(self) -> Policy:
        """The policy in force for the subject; a step that reads one needs its procedure's."""
        if self.policy is None:
            raise LookupError(f"step {self.step.action!r} reads a policy; its procedure gives none")
        return self.policy


Check = Callable[[StepContext], Problems]
Effect = Callable[[StepContext], None]


@dataclass(frozen=True)
class Step:
    """One transition: from ``source`` to ``target`` by ``action``, for the permission's roles.

    ``checks`` list what is wrong with the data (empty: complete); ``effects`` write what the step
    changes beyond the subject's stage; ``signed`` steps are signed by their actor; a ``notice``
    step posts a public notice from its data (``notice_from``, ``notice_days``); a step that
    ``waits_for_notice`` cannot be taken while that notice runs or an objection is unresolved.
    """

    action: str
    label: Any
    source: str
    target: str
    permission: Permission
    checks: tuple[Check, ...] = ()
    effects: tuple[Effect, ...] = ()
    form: type | None = None
    signed: bool = False
    notice: bool = False
    waits_for_notice: bool = False


class IllegalStep(ValueError):
    """An action that the subject's stage does not allow."""

    def __init__(self, stage: str, action: str) -> None:
        self.stage = stage
        self.action = action
        super().__init__(
            _("at stage %(stage)s the action %(action)s is not allowed")
            % {"stage": stage, "action": action}
        )


@dataclass(frozen=True)
class Procedure:
    """A named procedure: its stages in order and its steps (at most one per stage and action)."""

    name: str
    stages: tuple[Stage, ...]
    steps: tuple[Step, ...]
    # Actions recorded on a subject without moving it (e.g. an escalation), with their labels.
    records: Mapping[str, Any] = field(default_factory=dict)
    # What to read with the subject (the lookups its scope and its policy need).
    related: tuple[str, ...] = ()
    # The policy in force for a subject, when the caller names none.
    policy_of: Callable[[Any], Policy] | None = None

    def __post_init__(self) -> None:
        codes = [s.code for s in self.stages]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.name}: a stage is listed twice")
        seen: set[tuple[str, str]] = set()
        for step in self.steps:
            if step.source not in codes or step.target not in codes:
                raise ValueError(f"{self.name}: {step.action} joins unknown stages")
            if (step.source, step.action) in seen:
                raise ValueError(f"{self.name}: {step.action} twice at {step.source}")
            seen.add((step.source, step.action))

    @cached_property
    def transitions(self) -> dict[tuple[str, str], str]:
        """(stage, action) → the stage after it; a pair missing here is not allowed."""
        return {(s.source, s.action): s.target for s in self.steps}

    def step(self, stage: str, action: str) -> Step:
        """The step ``action`` at ``stage``; raises IllegalStep."""
        for candidate in self.steps:
            if candidate.source == stage and candidate.action == action:
                return candidate
        raise IllegalStep(stage, action)

    def steps_from(self, stage: str) -> tuple[Step, ...]:
        """The steps a stage allows, in table order."""
        return tuple(s for s in self.steps if s.source == stage)

    def stage(self, code: str) -> Stage:
        """The stage with ``code``; raises KeyError."""
        for candidate in self.stages:
            if candidate.code == code:
                return candidate
        raise KeyError(code)

    @cached_property
    def actions(self) -> tuple[str, ...]:
        """Every action, steps first (in table order), then the recorded-only actions."""
        return tuple(dict.fromkeys([*(s.action for s in self.steps), *self.records]))

    def stages_of(self, kind: StageKind) -> tuple[str, ...]:
        """The codes of the stages of one kind, in order."""
        return tuple(s.code for s in self.stages if s.kind is kind)

    @property
    def path(self) -> tuple[str, ...]:
        """The stages shown as the procedure's path, in order."""
        return tuple(s.code for s in self.stages if s.on_path)

    def is_live(self, stage: str) -> bool:
        """True until the subject reaches a closed stage."""
        return self.stage(stage).kind is not StageKind.CLOSED

    def stage_choices(self) -> list[tuple[str, Any]]:
        """(code, label) of every stage, for a model field's choices."""
        return [(s.code, s.label) for s in self.stages]

    def action_choices(self) -> list[tuple[str, Any]]:
        """(code, label) of every action, for a model field's choices."""
        labels = {s.action: s.label for s in self.steps}
        labels.update(self.records)
        return [(code, labels[code]) for code in self.actions]

    def progress(self, stage: str) -> list[tuple[str, Any, str]]:
        """(code, label, state) along the path — done, current or todo — for a subject at
        ``stage``; a stage off the path (a closing one) follows the path's stages it passed."""
        path = self.path
        if stage in path:
            position = path.index(stage)
            states = ["done" if i < position else "current" if i == position else "todo"
                      for i in range(len(path))]  # fmt: skip
            return [(c, self.stage(c).label, s) for c, s in zip(path, states, strict=True)]
        sources = [s.source for s in self.steps if s.target == stage and s.source in path]
        reached = max((path.index(s) for s in sources), default=len(path) - 1) + 1
        shown = [(c, self.stage(c).label, "done") for c in path[:reached]]
        return [*shown, (stage, self.stage(stage).label, "current")]


def required(data: Mapping[str, Any], *names: str) -> Problems:
    """The named fields that are empty in a step's data, each with 'is required'."""
    return [(n, _("is required")) for n in names if not str(data.get(n) or "").strip()]


def past_date(data: Mapping[str, Any], name: str, today: dt.date) -> Problems:
    """The named date is given and not after ``today``."""
    value = data.get(name)
    if not isinstance(value, dt.date):
        return [(name, _("is required"))]
    return [(name, _("cannot be in the future"))] if value > today else []


def reason_given(context: StepContext) -> Problems:
    """A step that needs a reason has one written down."""
    return required(context.data, "reason")
