"""Translations for the framework-free core and the CLI (no Django).

Every component keeps its catalogue in ``src/fupin/<component>/locale/<lang>/LC_MESSAGES/django.po``
(compiled to ``.mo`` by ``make messages``) — the very files Django reads for the web, so a
sentence is translated once. The core picks the language explicitly (``--lang``, the locale, or
what the web passes in), never from global Django state.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import os
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LANGUAGES = ("zh-hans", "en")
DEFAULT_LANGUAGE = "zh-hans"

_active: ContextVar[str | None] = ContextVar("fupin_language", default=None)


def locale_dirs() -> list[Path]:
    """Every component's locale folder, core and apps alike."""
    return sorted(p for p in PACKAGE_DIR.glob("*/locale") if p.is_dir())


def normalise(lang: str | None) -> str:
    """Maps a locale or language tag (zh_CN.UTF-8, zh-Hans, en_US …) to 'zh-hans' or 'en'."""
    if not lang:
        return DEFAULT_LANGUAGE
    tag = lang.split(".")[0].replace("_", "-").lower()
    if tag.startswith("zh"):
        return "zh-hans"
    if tag.startswith("en") or tag in {"c", "posix"}:
        return "en"
    raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")


def language_from_environment() -> str:
    """The language the user's locale asks for (LC_ALL, LC_MESSAGES, LANG), else the default."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            try:
                return normalise(value)
            except ValueError:
                continue
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=8)
def translation(lang: str) -> _gettext.NullTranslations:
    """The merged catalogue of every component for one language."""
    lang = normalise(lang)
    if lang == "en":
        return _gettext.NullTranslations()
    merged: _gettext.NullTranslations = _gettext.NullTranslations()
    for localedir in locale_dirs():
        try:
            catalogue = _gettext.translation(
                "django", localedir=str(localedir), languages=["zh_Hans"]
            )
        except FileNotFoundError:
            continue
        catalogue.add_fallback(merged)
        merged = catalogue
    return merged


def activate(lang: str | None) -> str:
    """Sets the language of this context (thread / task); returns the normalised tag."""
    tag = normalise(lang) if lang else language_from_environment()
    _active.set(tag)
    return tag


def get_language() -> str:
    """The active language, else the locale's."""
    return _active.get() or language_from_environment()


@contextlib.contextmanager
def override(lang: str) -> Iterator[str]:
    """Temporarily uses another language, e.g. the web request's."""
    token = _active.set(normalise(lang))
    try:
        yield _active.get() or DEFAULT_LANGUAGE
    finally:
        _active.reset(token)


def gettext(message: str) -> str:
    """Translates a message into the active language."""
    return translation(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translates a message with a count into the active language."""
    return translation(get_language()).ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Marks a message for extraction without translating it now."""
    return message
