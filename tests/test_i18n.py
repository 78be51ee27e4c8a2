"""The core's language handling."""

from __future__ import annotations

import pytest

from fupin import i18n


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh_CN.UTF-8", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("en_US.UTF-8", "en"),
        ("C", "en"),
        (None, "zh-hans"),
    ],
)
def test_normalise(tag: str | None, expected: str) -> None:
    assert i18n.normalise(tag) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.normalise("fr_FR")


def test_override_restores_previous_language() -> None:
    i18n.activate("en")
    with i18n.override("zh-hans") as active:
        assert active == i18n.get_language() == "zh-hans"
    assert i18n.get_language() == "en"


def test_environment_locale_is_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.language_from_environment() == "en"
