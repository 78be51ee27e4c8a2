"""The engine's records: steps taken, signatures, public notices and the objections to them."""

from fupin.procedure.models.notices import Notice, Objection, ObjectionStatus
from fupin.procedure.models.records import Signature, StepRecord

__all__ = ["Notice", "Objection", "ObjectionStatus", "Signature", "StepRecord"]
