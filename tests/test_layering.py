"""The framework-free core never imports Django (DESIGN.md: dependencies point one way)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = (
    "fupin.policy",
    "fupin.synth",
    "fupin.rules",
    "fupin.measures",
    "fupin.idnumber",
    "fupin.i18n",
)


@pytest.mark.parametrize("package", CORE)
def test_the_core_package_imports_without_django(package: str) -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(getattr(root, '__path__', []), root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"{package} pulls in Django: {done.stdout.strip()}"
