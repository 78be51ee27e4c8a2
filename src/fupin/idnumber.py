"""Resident identity numbers of the People's Republic of China (GB 11643-1999).

An 18-character number: 6-digit area code, 8-digit birth date (YYYYMMDD), 3-digit sequence whose
last digit is odd for men and even for women, and a check character by ISO 7064 MOD 11-2
('0'–'9' or 'X'). Framework-free: used by roster validation, the registry and the batch engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = dt.date(1880, 1, 1)


class IdNumberError(ValueError):
    """An ID number is malformed; ``code`` is machine-readable, the message human-readable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ResidentId:
    """A valid resident ID number and what it encodes."""

    number: str
    area: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse(number: str, *, today: dt.date | None = None) -> ResidentId:
    """Validates an ID number and returns what it encodes; raises IdNumberError saying why not."""
    text = (number or "").strip().upper()
    if len(text) != 18:
        raise IdNumberError("length", f"must have 18 characters, has {len(text)}")
    # isascii(): str.isdigit() also accepts full-width and superscript digits ("１", "²").
    if not text.isascii() or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise IdNumberError("characters", "must be 17 digits followed by a digit or X")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(
            "birth_date", f"encodes an impossible birth date {text[6:14]}"
        ) from None
    if birth < EARLIEST_BIRTH or birth > (today or dt.date.today()):
        raise IdNumberError("birth_date", f"encodes an implausible birth date {birth.isoformat()}")
    expected = check_character(text[:17])
    if text[17] != expected:
        raise IdNumberError("check", f"check character is {text[17]}, expected {expected}")
    sex = "M" if int(text[16]) % 2 == 1 else "F"
    return ResidentId(number=text, area=text[:6], birth_date=birth, sex=sex)


def is_valid(number: str) -> bool:
    """True when ``number`` is a well-formed resident ID number."""
    try:
        parse(number)
    except IdNumberError:
        return False
    return True


def make(area: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    """Builds a valid ID number (for generators and tests); ``sequence`` 0–99 picks the order code."""
    if len(area) != 6 or not (area.isascii() and area.isdigit()):
        raise ValueError("area must be 6 digits")
    if sex not in ("M", "F"):
        raise ValueError("sex must be M or F")
    last = (sequence % 5) * 2 + (1 if sex == "M" else 0)
    first17 = f"{area}{birth_date:%Y%m%d}{(sequence // 5) % 100:02d}{last}"
    return first17 + check_character(first17)


def mask(number: str) -> str:
    """Masks an ID number for display: birth date hidden, first and last 4 kept (1101**********123X)."""
    text = (number or "").strip()
    # Short (malformed) input is hidden entirely: keeping 4 + 4 characters would reveal most of it.
    if len(text) < 15:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def check_characters_vectorised(first17: np.ndarray) -> np.ndarray:
    """Check characters for an (n, 17) uint8 array of digits; returns an array of 1-char strings."""
    weights = np.asarray(WEIGHTS, dtype=np.int64)
    totals = (first17.astype(np.int64) * weights).sum(axis=1) % 11
    return np.asarray(list(CHECK_CHARS))[totals]
