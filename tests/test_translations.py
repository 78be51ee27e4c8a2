"""Every translation catalogue is complete, compiled and in step with the source."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "src" / "fupin"
CATALOGUES = sorted(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))
COMPONENTS = sorted(p.parent for p in PACKAGE_DIR.glob("*/locale") if p.is_dir())


def _messages_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fupin_messages_script", ROOT / "scripts" / "messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_is_a_web_catalogue() -> None:
    assert PACKAGE_DIR / "web/locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_rel)
def test_catalogue_is_fully_translated(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    empty = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not empty, f"{_rel(po_path)}: untranslated msgids {empty}"
    assert not fuzzy, f"{_rel(po_path)}: fuzzy msgids {fuzzy}"
    plural_gaps = [
        e.msgid for e in catalogue if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    assert not plural_gaps, f"{_rel(po_path)}: plural forms missing for {plural_gaps}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_rel)
def test_compiled_catalogue_is_up_to_date(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{_rel(mo_path)} is missing: run `make messages`"
    expected = polib.pofile(str(po_path)).to_binary()
    assert mo_path.read_bytes() == expected, f"{_rel(mo_path)} is stale: run `make messages`"


@pytest.mark.parametrize("component", COMPONENTS, ids=_rel)
def test_every_source_message_is_in_the_catalogue(component: Path, tmp_path: Path) -> None:
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: cannot re-extract messages")
    po_path = component / "locale/zh_Hans/LC_MESSAGES/django.po"
    if not po_path.exists():
        pytest.fail(f"{_rel(component)} has a locale/ folder but no zh_Hans django.po")
    # Extract from a copy, with an empty locale/, so the working tree is never touched.
    copy = tmp_path / component.name
    shutil.copytree(component, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    extracted = polib.pofile(str(_messages_script().extract(copy)))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known)
    assert not missing, f"{_rel(po_path)} lacks {missing}: run `make messages` and translate"


@pytest.mark.parametrize("component", COMPONENTS, ids=_rel)
def test_make_messages_keeps_every_translation(component: Path, tmp_path: Path) -> None:
    """Re-extraction (``make messages``) must not drop a translated message still in use."""
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: cannot re-extract messages")
    po_path = component / "locale/zh_Hans/LC_MESSAGES/django.po"
    before = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
    copy = tmp_path / component.name
    shutil.copytree(component, copy, ignore=shutil.ignore_patterns("__pycache__"))
    after = {(e.msgctxt, e.msgid) for e in polib.pofile(str(_messages_script().extract(copy)))}
    dropped = sorted(msgid for context, msgid in before - after)
    assert not dropped, f"`make messages` would drop {dropped} from {_rel(po_path)}"
