"""The layers of docs/ARCHITECTURE.md hold: the core imports no Django, imports point one way
(core → registry → shared parts → subsystem apps → demo → web → CLI), every Django app has the
same file roles, and no module outside the permissions module checks a role by itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "fupin"
CORE = (
    "fupin.policy",
    "fupin.synth",
    "fupin.rules",
    "fupin.measures",
    "fupin.targeting",
    "fupin.batch",
    "fupin.idnumber",
    "fupin.i18n",
    "fupin.tabular",
    "fupin.pdf",
    "fupin.survey",
    "fupin.ledger",
    "fupin.integrity",
)
# Each top-level part of the package and its layer; a module may import its own layer's
# package and anything below, never above.
LAYERS: dict[str, int] = {
    **{name.split(".")[1]: 0 for name in CORE},
    "registry": 1,
    "procedure": 2,
    "jobs": 2,
    "dossier": 2,
    "imports": 2,
    "exports": 2,
    "monitoring": 3,
    "identification": 3,
    "funds": 3,
    "demo": 4,
    "web": 5,
    "commands": 6,
    "cli": 6,
    "manage": 6,
    "__init__": 0,
}
DJANGO_APPS = (
    "registry",
    "procedure",
    "jobs",
    "dossier",
    "imports",
    "exports",
    "monitoring",
    "identification",
    "funds",
)
# The file roles every Django app keeps (docs/ARCHITECTURE.md, "An app's files").
APP_ROLES = {
    "__init__.py", "apps.py", "admin.py", "forms.py", "urls.py", "selectors", "selectors.py",
    "services", "views", "models", "migrations", "templates", "static", "locale", "management",
    "templatetags", "choices.py", "errors.py", "permissions", "permissions.py", "procedure.py",
    "extensions.py", "triggers.py", "ratelimit.py", "engine.py", "deadlines.py", "api.py", "api",
    "tasks.py", "queue.py", "__pycache__",
}  # fmt: skip


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
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"{package} pulls in Django: {done.stdout.strip()}"


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _part(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.startswith("fupin.")]


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(p) for p in _modules()}
    assert parts <= set(LAYERS), f"give these a layer: {sorted(parts - set(LAYERS))}"


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for path in _modules():
        mine = _part(path)
        for line, name in _imports(path):
            theirs = name.split(".")[1]
            if theirs != mine and LAYERS.get(theirs, 0) > LAYERS[mine]:
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {name}")
    assert not wrong, "imports that point up the layers:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", DJANGO_APPS)
def test_every_app_keeps_the_same_file_roles(app: str) -> None:
    extra = sorted(p.name for p in (SRC / app).iterdir() if p.name not in APP_ROLES)
    assert not extra, f"{app} has files outside the app roles: {extra}"


ROLE_VALUES = {
    "county_office", "township_office", "village_cadre", "paired_helper", "auditor", "assessor",
    "public", "superuser",
}  # fmt: skip
PERMISSIONS_MODULE = SRC / "registry" / "permissions"


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _compares_a_role(node: ast.Compare) -> str | None:
    """Why a comparison checks a role: a role's name, or a ``.role`` against anything but None."""
    for part in ast.walk(node):
        if isinstance(part, ast.Constant) and part.value in ROLE_VALUES:
            return f"compares with the string {part.value!r}"
    roles = [n for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.attr == "role"]
    if roles and not all(_is_none(c) for c in node.comparators):
        return "compares a .role"
    return None


def _role_checks(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "is_superuser":
            found.append(f"{node.lineno}: reads is_superuser")
        elif isinstance(node, ast.Compare) and (why := _compares_a_role(node)):
            found.append(f"{node.lineno}: {why}")
    return found


def test_no_module_checks_a_role_by_itself() -> None:
    wrong = []
    for path in _modules():
        if PERMISSIONS_MODULE in path.parents:
            continue
        wrong += [f"{path.relative_to(SRC)}:{found}" for found in _role_checks(path)]
    assert not wrong, "role checks outside fupin.registry.permissions:\n" + "\n".join(wrong)


def test_the_role_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "if user.profile.role == 'x': pass\n"
        "if role in {'county_office', 'auditor'}: pass\n"
        "flag = user.is_superuser\n"
        "fine = user.profile.role is None\n"
        "username = 'auditor'\n"
    )
    assert [line.split(":")[0] for line in _role_checks(sample)] == ["1", "2", "3"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_source_files_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < 400, f"{path.relative_to(SRC)} has {lines} lines: split it"
