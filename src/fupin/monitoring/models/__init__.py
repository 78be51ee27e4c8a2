"""Monitoring models: alerts and their evidence, the watch list, monitored households and their
measures, department imports and households' own reports."""

from fupin.monitoring.models.alert import Alert, AlertQuerySet, KeptRecordError
from fupin.monitoring.models.evidence import Evidence
from fupin.monitoring.models.monitored import Measure, MonitoredHousehold
from fupin.monitoring.models.reports import OwnReport, ScreeningImport
from fupin.monitoring.models.watch import WatchEntry

__all__ = [
    "Alert",
    "AlertQuerySet",
    "Evidence",
    "KeptRecordError",
    "Measure",
    "MonitoredHousehold",
    "OwnReport",
    "ScreeningImport",
    "WatchEntry",
]
