"""The integrity engine, framework-free: flags over a county's payments, computed in batch and
columnar, each with its evidence and amount — payments to the wrong people, double payments,
suspicious amounts, idle projects and elite capture."""

from fupin.integrity.capture import capture_ranking
from fupin.integrity.flags import FLAG_CODES, Params, flag_payments, idle_projects

__all__ = ["FLAG_CODES", "Params", "capture_ranking", "flag_payments", "idle_projects"]
