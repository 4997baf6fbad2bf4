"""The "match form" of a text: folded, with OCR look-alike damage undone, same length as the text.

Extractors search the match form and report offsets into the text they were given. Restoration
should already have repaired most damage; this catches what it leaves (``s6``, ``1a``, ``cu6i``) so
that rules also work on unrestored or half-restored input.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import regex

from cchc.text import fold

_DATA = Path(__file__).parent / "data" / "ocr_lookalikes.toml"
_WHITE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\xa0": " ", "\f": " ", "\v": " "})
_MIXED = regex.compile(r"(?<![\p{L}\d])(?=[\p{L}\d]*\p{L})(?=[\p{L}\d]*\d)[\p{L}\d]+")


@lru_cache(maxsize=1)
def _table() -> dict:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _token_res() -> tuple[regex.Pattern, dict[str, str], regex.Pattern, dict[str, str]]:
    t = _table()
    tok = t["token"]
    tok_re = regex.compile(r"(?<![\p{L}\d])(" + "|".join(map(regex.escape, tok)) + r")(?=\s)")
    num = t["token_before_number"]
    num_re = regex.compile(r"(?<![\p{L}\d.,])(" + "|".join(map(regex.escape, num)) + r")(?=[ \t]+\d)")
    return tok_re, tok, num_re, num


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[regex.Pattern, str], ...]:
    out = []
    for item in _table().get("phrase", []):
        out.append((regex.compile(item["pattern"]), item["replacement"]))
    return tuple(out)


def _fix_mixed(word: str) -> str:
    table = _table()["digit_in_word"]
    m = regex.fullmatch(r"(\d+)[1l]a", word)
    if m:
        return m.group(1) + "la"
    chars = []
    for i, ch in enumerate(word):
        if ch == "1":
            chars.append(table["1_initial"] if i == 0 else table["1"])
        else:
            chars.append(table.get(ch, ch))
    return "".join(chars)


@lru_cache(maxsize=16)
def match_form(text: str) -> str:
    """Folded ``text`` with look-alike OCR damage undone; ``len(match_form(t)) == len(t)``."""
    folded = fold(text)
    if len(folded) != len(text):  # text not in NFC: fold char by char so offsets still agree
        folded = "".join(f if len(f := fold(c)) == 1 else c for c in text)
    chars = _table()["char"]
    folded = "".join(chars.get(c, c) for c in folded) if any(c in folded for c in chars) else folded
    tok_re, tok, num_re, num = _token_res()
    folded = num_re.sub(lambda m: num[m.group(1)], folded)
    folded = tok_re.sub(lambda m: tok[m.group(1)], folded)
    folded = _MIXED.sub(lambda m: _fix_mixed(m.group()), folded)
    for pattern, replacement in _phrases():
        folded = pattern.sub(replacement, folded)
    folded = folded.translate(_WHITE)  # line breaks fall inside sentences; patterns see one space
    assert len(folded) == len(text)
    return folded
