"""``{% export_links "app.list" query %}``: a list page's links to its CSV and xlsx exports."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from fupin.registry.extensions import LIST_EXPORTS
from fupin.registry.permissions import EXPORT_LISTS, can, permission_named

register = template.Library()


@register.inclusion_tag("registry/_export_links.html", takes_context=True)
def export_links(context: dict[str, Any], name: str, query: str = "") -> dict[str, Any]:
    """The export links of list ``name`` with the page's filters, for a reader who may export."""
    request = context.get("request")
    user = getattr(request, "user", None)
    export = LIST_EXPORTS[name]
    allowed = can(user, EXPORT_LISTS) and can(user, permission_named(export.permission))
    # The exports app serves the files (by URL name: the registry does not import it).
    base = reverse("exports:list", args=[name]) + "?" + (f"{query}&" if query else "")
    return {"allowed": allowed, "csv": base + "format=csv", "xlsx": base + "format=xlsx"}
