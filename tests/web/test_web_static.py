"""Static files: the app starts cleanly on a fresh data folder and serves its own assets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STARTUP = """
import warnings
warnings.simplefilter("error")
import django
django.setup()
from django.test import Client
from whitenoise.middleware import WhiteNoiseMiddleware
WhiteNoiseMiddleware(get_response=lambda request: None)
response = Client().get("/static/web/fupin.css")
assert response.status_code == 200, response.status_code
"""


def test_a_fresh_data_folder_starts_without_static_warnings(tmp_path: Path) -> None:
    data = tmp_path / "never-used"
    env = {
        **os.environ,
        "FUPIN_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "fupin.web.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (data / "static").is_dir()
