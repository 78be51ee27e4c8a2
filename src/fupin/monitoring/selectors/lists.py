"""Monitoring's lists as spreadsheets: the alerts, ranked as on their page, and the watch list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.choices import cause_label
from fupin.monitoring.forms import FilterForm, WatchFilterForm
from fupin.monitoring.models import Alert
from fupin.monitoring.permissions import VIEW_ALERTS
from fupin.monitoring.selectors.alerts import (
    area_choices,
    counties_of,
    filtered_alerts,
    list_order,
    watch_list,
)
from fupin.monitoring.selectors.scale import CountyRanking, county_ranking
from fupin.monitoring.services.deadlines import overdue_kinds
from fupin.registry.extensions import ListExport, Listing
from fupin.registry.permissions import User

CHUNK = 1_000


def alert_filters(user: User, query: QueryDict) -> tuple[FilterForm, dict[str, Any]]:
    """The alert list's filter form over ``query`` and what it keeps (nothing when invalid)."""
    form = FilterForm(query or None, regions=area_choices(user))
    return form, (form.cleaned_data if form.is_valid() else {})


def watch_filters(user: User, query: QueryDict) -> tuple[WatchFilterForm, dict[str, Any]]:
    """The watch list's filter form over ``query`` and what it keeps (nothing when invalid)."""
    form = WatchFilterForm(query or None, regions=area_choices(user))
    return form, (form.cleaned_data if form.is_valid() else {})


def _late_label(kind: str) -> str:
    return {"visit": _("visit"), "decision": _("decision")}[kind]


def _alert_rows(order: list[int], ranking: CountyRanking, today: dt.date) -> Iterator[list[Any]]:
    query = Alert.objects.select_related("household__village", "assignee")
    for start in range(0, len(order), CHUNK):
        chunk = order[start : start + CHUNK]
        found = query.in_bulk(chunk)
        for pk in chunk:
            alert, ranked = found[pk], ranking.by_alert.get(pk)
            late = overdue_kinds(alert.stage, alert.visit_due, alert.decision_due, today)
            yield [
                ranked.rank if ranked else None,
                None if alert.risk is None else round(alert.risk, 3),
                alert.household.number, alert.household.head_name, alert.household.village.code,
                alert.household.village.name, " ".join(cause_label(c) for c in alert.causes),
                alert.get_source_display(), alert.get_group_display(), alert.get_stage_display(),
                _("no") if ranked and not ranked.within_scale else _("yes"),
                alert.visit_due, alert.decision_due, " ".join(_late_label(kind) for kind in late),
                alert.assignee.get_username() if alert.assignee else "",
            ]  # fmt: skip


def alerts_listing(user: User, query: QueryDict, today: dt.date) -> Listing:
    """The alerts as the list shows them, in its order, with every filter it has."""
    _form, data = alert_filters(user, query)
    alerts = filtered_alerts(user, data, timezone.now())
    ranking = county_ranking(counties_of(user))
    order = list_order(alerts, ranking, bool(data.get("closed")))
    header = [_("rank"), _("risk"), _("household number"), _("head of household"),
              _("village code"), _("village"), _("causes"), _("source"), _("group"), _("stage"),
              _("within the monitored scale"), _("home visit due"), _("decision due"),
              _("overdue"), _("assigned to")]  # fmt: skip
    return Listing(header, len(order), _alert_rows(order, ranking, today))


def _watch_rows(entries: Any) -> Iterator[list[Any]]:
    for e in entries.iterator(chunk_size=CHUNK):
        yield [e.household.number, e.household.head_name, e.household.village.code,
               e.household.village.name, " ".join(cause_label(c) for c in e.causes), e.severity,
               None if e.risk is None else round(e.risk, 3), e.year,
               timezone.localdate(e.first_seen_at), timezone.localdate(e.last_seen_at),
               e.policy_id]  # fmt: skip


def watch_listing(user: User, query: QueryDict, today: dt.date) -> Listing:
    """The open watch-list entries, most severe first, filtered as on their page."""
    _form, data = watch_filters(user, query)
    entries = watch_list(user, data)
    header = [_("household number"), _("head of household"), _("village code"), _("village"),
              _("causes"), _("severity"), _("risk"), _("income year"), _("first flagged"),
              _("last flagged"), _("policy")]  # fmt: skip
    return Listing(header, entries.count(), _watch_rows(entries))


ALERTS = ListExport("monitoring.alerts", "alerts", VIEW_ALERTS.name, alerts_listing)
WATCH = ListExport("monitoring.watch", "watch-list", VIEW_ALERTS.name, watch_listing)
