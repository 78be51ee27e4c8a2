"""The registry's models: regions, households, members, income, status events, field changes
profiles and survey submissions."""

from fupin.registry.models.api import ApiToken, IdempotentRequest
from fupin.registry.models.base import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from fupin.registry.models.changes import FieldChange
from fupin.registry.models.events import StatusEvent
from fupin.registry.models.household import Household, IncomeRecord, Member
from fupin.registry.models.profile import Profile
from fupin.registry.models.region import Region
from fupin.registry.models.survey import SurveySubmission

__all__ = [
    "ApiToken",
    "IdempotentRequest",
    "AppendOnlyError",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "FieldChange",
    "Household",
    "IncomeRecord",
    "Member",
    "Profile",
    "Region",
    "StatusEvent",
    "SurveySubmission",
]
