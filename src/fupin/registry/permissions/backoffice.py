"""What each role may do in the back office (Django's admin), by model; scope applies on top.

Only the roles in ``BACK_OFFICE`` may log into the back office at all. The admin's own model
permissions are given through one group per role (``fupin.registry.services.accounts.ensure_role_groups``).
"""

from __future__ import annotations

from fupin.registry.permissions.roles import BACK_OFFICE, Role

VIEW = ("view",)
EDIT = ("view", "add", "change")
# (app label, model) → the admin actions the role may take on it.
BACK_OFFICE_RIGHTS: dict[Role, dict[tuple[str, str], tuple[str, ...]]] = {
    Role.COUNTY_OFFICE: {
        ("registry", "region"): EDIT,
        ("registry", "household"): EDIT,
        ("registry", "member"): EDIT,
        ("registry", "incomerecord"): EDIT,
        ("registry", "statusevent"): VIEW,
        ("registry", "surveysubmission"): VIEW,
        ("registry", "profile"): EDIT,
    },
    Role.TOWNSHIP_OFFICE: {
        ("registry", "region"): VIEW,
        ("registry", "household"): EDIT,
        ("registry", "member"): EDIT,
        ("registry", "incomerecord"): EDIT,
        ("registry", "statusevent"): VIEW,
        ("registry", "surveysubmission"): VIEW,
        ("registry", "profile"): VIEW,
    },
    Role.AUDITOR: {
        ("registry", "region"): VIEW,
        ("registry", "household"): VIEW,
        ("registry", "member"): VIEW,
        ("registry", "incomerecord"): VIEW,
        ("registry", "statusevent"): VIEW,
        ("registry", "surveysubmission"): VIEW,
        ("registry", "profile"): VIEW,
    },
}
assert set(BACK_OFFICE_RIGHTS) == BACK_OFFICE


def uses_back_office(role: Role) -> bool:
    """True for the roles that log into the back office (Django's ``is_staff``)."""
    return role in BACK_OFFICE
