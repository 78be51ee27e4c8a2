"""The region tree: the home page, one region's page and the htmx fragment of a node's children."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fupin.registry.models import Region
from fupin.registry.permissions import VIEW_HOUSEHOLDS, can, scope_of
from fupin.registry.selectors import regions as region_tree


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The tree from the top of the user's scope, one level open; deeper levels open on demand."""
    scope = scope_of(request.user)
    if scope.empty:
        return render(request, "registry/regions/no_scope.html", status=403)
    return _tree_page(request, scope.region, breadcrumbs=[])


@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    """The tree rooted at one region of the user's scope (404 outside it)."""
    node = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    if node.level == "village":
        return redirect("village", code=node.code)
    return _tree_page(request, node, breadcrumbs=region_tree.ancestors(request.user, node))


@login_required
def region_children(request: HttpRequest, code: str) -> HttpResponse:
    """The children of one region with their counts (the fragment htmx loads into the tree)."""
    node = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    context = {
        "nodes": region_tree.children(request.user, node),
        "households_visible": can(request.user, VIEW_HOUSEHOLDS),
    }
    return render(request, "registry/regions/_children.html", context)


def _tree_page(
    request: HttpRequest, root: Region | None, breadcrumbs: list[Region]
) -> HttpResponse:
    context = {
        "root": region_tree.Node(root, region_tree.region_counts(request.user, root)),
        "nodes": region_tree.children(request.user, root),
        "breadcrumbs": breadcrumbs,
        "households_visible": can(request.user, VIEW_HOUSEHOLDS),
    }
    return render(request, "registry/regions/tree.html", context)
