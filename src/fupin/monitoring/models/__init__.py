"""Monitoring models: alerts with evidence and procedure steps, monitored households, imports."""

from fupin.monitoring.models.alert import Alert, AlertQuerySet, KeptRecordError, StepRecord
from fupin.monitoring.models.evidence import Evidence
from fupin.monitoring.models.monitored import Measure, MonitoredHousehold
from fupin.monitoring.models.reports import OwnReport, ScreeningImport

__all__ = [
    "Alert",
    "AlertQuerySet",
    "Evidence",
    "KeptRecordError",
    "Measure",
    "MonitoredHousehold",
    "OwnReport",
    "ScreeningImport",
    "StepRecord",
]
