"""National batch runs of the rules kernel (no Django): a Parquet dataset in, Parquet results out.

    from fupin.batch import run_batch
    report = run_batch("var/country", "var/results", engine="local")   # or engine="spark"

Layout, engines and scaling: docs/scale.md.
"""

from __future__ import annotations

from fupin.batch.dataset import Dataset, DatasetError, open_dataset
from fupin.batch.run import ENGINES, BatchReport, OutputExistsError, check_engine, run_batch

__all__ = [
    "ENGINES",
    "BatchReport",
    "Dataset",
    "DatasetError",
    "OutputExistsError",
    "check_engine",
    "open_dataset",
    "run_batch",
]
