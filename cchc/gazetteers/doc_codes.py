"""Known parts of Vietnamese document codes, and the OCR repair of a code's letters from them.

A code such as ``62/2020/NĐ-CP`` is data: researchers join on it. So its digits never change and
its letters change only to a part listed in ``data/doc_codes.tsv``, and only when exactly one listed
part explains the damage (``ND`` → ``NĐ``, ``Qb`` → ``QĐ``, ``NDP`` → ``NĐ``); otherwise the code is left
as it was printed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent / "data" / "doc_codes.tsv"
# Letters English OCR prints for Đ/đ; each maps to the class letter "D" when comparing.
_D_LIKE = str.maketrans({"Đ": "D", "B": "D", "P": "D", "Ð": "D", "Ɖ": "D"})
_PART_RE = regex.compile(r"([/-])")
_DIGIT_LIKE = str.maketrans({"I": "1", "l": "1", "O": "0"})
_TRAILING_DIGITS = regex.compile(r"(?<=[A-Z])[\dIlO]*\d[\dIlO]*$")


@lru_cache(maxsize=1)
def known_parts() -> frozenset[str]:
    parts = set()
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts.add(line.split("\t")[0])
    return frozenset(parts)


def _key(part: str) -> str:
    return part.upper().translate(_D_LIKE)


@lru_cache(maxsize=1)
def _by_key() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for part in known_parts():
        index.setdefault(_key(part), set()).add(part)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@lru_cache(maxsize=4096)
def repair_part(part: str) -> str | None:
    """The one known part this (possibly damaged) letter part stands for, or None."""
    if part in known_parts():
        return part
    upper = part.upper()
    if upper in known_parts():
        return upper
    hits = _by_key().get(_key(part), ())
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1 or len(part) < 3:
        return None
    # One spurious character (``NDP`` for ``NĐ``: the stroke of Đ read as an extra letter).
    key = _key(part)
    near = {h for i in range(len(key)) if key[i] == "D" and "D" in key[max(i - 1, 0) : i] + key[i + 1 : i + 2]
            for h in _by_key().get(key[:i] + key[i + 1 :], ())}
    return near.pop() if len(near) == 1 else None


def repair_code(code: str) -> str | None:
    """``code`` with its letter parts repaired from the gazetteer; None if some letter part is
    unknown and cannot be repaired unambiguously. Digits and separators are never changed."""
    out: list[str] = []
    for piece in _PART_RE.split(code):
        if piece in ("/", "-") or piece == "" or piece.isdigit():
            out.append(piece)
            continue
        if any(ch.isdigit() for ch in piece):
            fixed = _repair_mixed(piece)
        else:
            fixed = repair_part(piece)
        if fixed is None:
            return None
        out.append(fixed)
    return "".join(out)


def _repair_mixed(piece: str) -> str | None:
    """Parts like ``QH14`` are listed whole; anything else with digits is left alone only if known.
    OCR reads the 1 of a legislature's number as I or l ("UBTVQHI5"): the trailing digits of a
    listed part are repaired."""
    for candidate in (piece, _TRAILING_DIGITS.sub(lambda m: m.group().translate(_DIGIT_LIKE), piece)):
        if candidate in known_parts() or candidate.upper() in known_parts():
            return candidate if candidate in known_parts() else candidate.upper()
    return None
