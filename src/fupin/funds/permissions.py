"""Who may read the funds, move them, sign the ledger's heads and check it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import BACK_OFFICE, OFFICES, Role, define

VIEW_FUNDS = define(
    "funds.view_funds",
    {*BACK_OFFICE, Role.ASSESSOR},
    _("read the funds of their area: accounts, projects, the ledger"),
)
POST_FUNDS = define(
    "funds.post_funds", OFFICES, _("record receipts, allocations, disbursements and returns")
)
SIGN_HEADS = define("funds.sign_heads", {Role.COUNTY_OFFICE}, _("sign the ledger's tree head"))
