"""Restoration units: tokens of the shared tokenizer, with OCR glyph debris glued back on.

English OCR reads some Vietnamese letters as symbols (``Sở`` → ``S&``, ``thức`` → ``tht®c``,
``nước`` → ``nu@c``, ``hợp`` → ``ho’p``); the tokenizer rightly splits those off as punctuation, so
restoration re-joins them with the touching word to let the channel model see the whole
damaged syllable.
"""

from __future__ import annotations

from typing import NamedTuple

from cchc.text import iter_token_tuples

GLYPH_DEBRIS = frozenset("&®©¢€§£¥°¬µ@")  # glued to a word on their left, even at its end
INNER_DEBRIS = frozenset("’‘'`´@%")  # glued only between two word pieces ("nu%c": left whole, not half-restored)
LONE_DEBRIS = frozenset("&¢¥®©€§")  # standing alone between spaces, they are a whole syllable (& = ở, ¥ = ý)


class Unit(NamedTuple):
    """A token (or glued run of tokens); a tuple because restoration makes one per token."""

    text: str
    start: int
    end: int
    kind: str  # the tokenizer's kind; glued units are "word"


def _glue_end(toks: list[Unit], i: int) -> int:
    """Index after the glued run starting at word token i (i + 1 if nothing to glue)."""
    j = i + 1
    n = len(toks)
    while j < n and toks[j].start == toks[j - 1].end:
        t = toks[j]
        if t.text in GLYPH_DEBRIS or (t.kind == "word" and j > i + 1 and toks[j - 1].kind == "punct"):
            j += 1
        elif t.text in INNER_DEBRIS and j + 1 < n and toks[j + 1].kind == "word" and toks[j + 1].start == t.end:
            j += 1
        else:
            break
    return j


def _between_spaces(toks: list[Unit], i: int) -> bool:
    before = i == 0 or toks[i - 1].kind == "space"
    after = i + 1 == len(toks) or toks[i + 1].kind == "space"
    return before and after


def units(text: str) -> list[Unit]:
    toks = list(map(Unit._make, iter_token_tuples(text)))
    out: list[Unit] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "word" and i + 1 < n and toks[i + 1].start == t.end and toks[i + 1].kind == "punct":
            j = _glue_end(toks, i)
            if j > i + 1:
                out.append(Unit(text[t.start : toks[j - 1].end], t.start, toks[j - 1].end, "word"))
                i = j
                continue
        if t.text in LONE_DEBRIS and _between_spaces(toks, i):
            out.append(Unit(t.text, t.start, t.end, "word"))
        else:
            out.append(t)
        i += 1
    return out


def word_units(text: str) -> list[str]:
    """The alphabetic-ish units of a text, for alignment of OCR output to its clean source."""
    return [u.text for u in units(text) if u.kind in ("word", "number")]
