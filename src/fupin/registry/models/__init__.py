"""The registry's models: regions, households, members, income, status events and profiles."""

from fupin.registry.models.events import AppendOnlyError, StatusEvent
from fupin.registry.models.household import Household, IncomeRecord, Member
from fupin.registry.models.profile import Profile
from fupin.registry.models.region import Region

__all__ = [
    "AppendOnlyError",
    "Household",
    "IncomeRecord",
    "Member",
    "Profile",
    "Region",
    "StatusEvent",
]
