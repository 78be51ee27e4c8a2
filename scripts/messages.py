"""Extracts and compiles the translation catalogues of every component (`make messages`).

For each folder under ``src/fupin/`` that has a ``locale/`` directory, runs Django's
``makemessages -l zh_Hans`` (templates and Python, ``--no-obsolete``) inside that folder, so each
component keeps its own catalogue; then compiles every ``.po`` to ``.mo`` with polib, so no system
``msgfmt`` is needed (extraction itself needs GNU gettext's ``xgettext``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "src" / "fupin"
LOCALE = "zh_Hans"
# Generated or test-only code holds no user-facing strings worth translating.
IGNORED = ["migrations", "tests", "static", "locale", "__pycache__"]
# The CLI modules outside a component folder whose texts that component's catalogue holds
# (paths relative to src/fupin/); without this, re-extraction would drop their translations.
EXTRA_SOURCES: dict[str, tuple[str, ...]] = {
    "batch": ("commands/batch.py",),
    "registry": (
        "cli.py",
        "commands/web.py",
        "commands/tokens.py",
        "commands/registry.py",
        "commands/survey.py",
        "commands/ledger.py",
    ),
    "jobs": ("commands/worker.py",),
    "rules": ("commands/identify.py",),
    "synth": ("commands/synth.py",),
}
# Marks a message for extraction without translating it where it is defined (fupin.i18n).
EXTRA_KEYWORDS = ("--keyword=N_", "--keyword=gettext_noop")


def components(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every component folder that keeps a ``locale/`` directory."""
    return sorted(p.parent for p in package_dir.glob("*/locale") if p.is_dir())


def catalogues(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every ``.po`` file under the package."""
    return sorted(package_dir.glob("*/locale/*/LC_MESSAGES/*.po"))


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def _ensure_django() -> None:
    """Configures a minimal Django when none is, so extraction does not need the project's database."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, INSTALLED_APPS=[], LOCALE_PATHS=[])
    django.setup()


def _make_messages_command(extra_sources: tuple[str, ...]) -> Any:
    """Django's makemessages, also reading ``N_(...)`` and the component's extra CLI sources."""
    from django.core.management.commands.makemessages import Command as MakeMessages

    class Command(MakeMessages):
        xgettext_options = [*MakeMessages.xgettext_options, *EXTRA_KEYWORDS]
        # No guessed translations: a new message stays untranslated until someone translates
        # it (or another component's catalogue has it, see fill_from_memory).
        msgmerge_options = [*MakeMessages.msgmerge_options, "--no-fuzzy-matching"]

        def find_files(self, root: str) -> list[Any]:
            found = super().find_files(root)
            locale_dir = os.path.abspath(os.path.join(root, "locale"))
            for relative in extra_sources:
                path = PACKAGE_DIR / relative
                found.append(self.translatable_file_class(str(path.parent), path.name, locale_dir))
            return sorted(found)

    return Command()


def extract(component: Path) -> Path:
    """Runs makemessages inside ``component``; returns the updated ``.po`` path."""
    _ensure_django()
    from django.core.management import call_command
    from django.test.utils import override_settings

    (component / "locale").mkdir(exist_ok=True)
    # makemessages writes into settings.LOCALE_PATHS first; empty it so the catalogue lands in
    # this component's own locale/ folder.
    with _working_directory(component), override_settings(LOCALE_PATHS=[]):
        call_command(
            _make_messages_command(EXTRA_SOURCES.get(component.name, ())),
            locale=[LOCALE],
            extensions=["html", "txt", "py"],
            ignore_patterns=IGNORED,
            no_obsolete=True,
            verbosity=0,
        )
    return component / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


def compile_catalogue(po_path: Path) -> Path:
    """Compiles one ``.po`` to the ``.mo`` beside it with polib; returns the ``.mo`` path."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def translation_memory(paths: list[Path]) -> dict[tuple[str | None, str], Any]:
    """Every translated (context, msgid) of the catalogues, with its translation entry."""
    memory: dict[tuple[str | None, str], Any] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if not entry.translated() or entry.obsolete:
                continue
            key = (entry.msgctxt, entry.msgid)
            known = memory.setdefault(key, entry)
            if known.msgstr != entry.msgstr:
                # Two components translate the same words differently: a person must choose.
                print(
                    f"note: {entry.msgid!r} is {known.msgstr!r} and {entry.msgstr!r} ({path.parts[-5]})"
                )
    return memory


def fill_from_memory(po_path: Path, memory: dict[tuple[str | None, str], Any]) -> int:
    """Gives untranslated entries the translation another catalogue has (code moved between
    components keeps its translations); returns how many were filled."""
    catalogue = polib.pofile(str(po_path))
    filled = 0
    for entry in [*catalogue.untranslated_entries(), *catalogue.fuzzy_entries()]:
        known = memory.get((entry.msgctxt, entry.msgid))
        if known is None or known.msgstr == "":
            continue
        entry.msgstr = known.msgstr
        entry.msgstr_plural = dict(known.msgstr_plural)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    if filled:
        catalogue.save(str(po_path))
    return filled


def main() -> int:
    """Extracts every component's messages, then compiles every catalogue."""
    memory = translation_memory(catalogues())  # before extraction drops what moved away
    for component in components():
        po_path = extract(component)
        filled = fill_from_memory(po_path, memory)
        note = f" ({filled} filled from other catalogues)" if filled else ""
        print(f"extracted {po_path.relative_to(PACKAGE_DIR.parent.parent)}{note}")
    for po_path in catalogues():
        mo_path = compile_catalogue(po_path)
        untranslated = len(polib.pofile(str(po_path)).untranslated_entries())
        note = f" ({untranslated} untranslated)" if untranslated else ""
        print(f"compiled {mo_path.relative_to(PACKAGE_DIR.parent.parent)}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
