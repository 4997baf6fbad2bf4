"""The one parser for numbers as Vietnamese reports print them.

Vietnamese groups thousands with ``.`` and marks decimals with ``,`` (``4.367,7`` = 4367.7), pads
with leading zeros (``03`` = 3) and scales money with words (``19.525 tỷ đồng``). OCR adds spaces and
swaps separators, so the parser says how sure it is rather than guessing silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from cchc.text import fold

# A numeral as printed: 1.857 | 1.144.868 | 57,72 | 4.367,7 | 03 | 1,5 | 1.5
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMERAL_RE = regex.compile(rf"(?<![\p{{L}}\d.,])(?:{NUMERAL})(?![\d\p{{L}}])(?![.,]\d)")

# Scale words after a numeral, on the folded text; longest first.
SCALES: tuple[tuple[str, float], ...] = (
    ("nghin ty", 1e12),
    ("ngan ty", 1e12),
    ("ty", 1e9),
    ("trieu", 1e6),
    ("nghin", 1e3),
    ("ngan", 1e3),
)
_SCALE_RE = regex.compile(
    r"\s*(?P<scale>" + "|".join(s.replace(" ", r"\s+") for s, _ in SCALES) + r")(?![\p{L}\d])(?P<dong>\s*(?:dong|vnd|d)(?![\p{L}\d]))?"
)
_DONG_RE = regex.compile(r"\s*(?:dong|vnd)(?![\p{L}\d])")
_PERCENT_RE = regex.compile(r"\s?%")


@dataclass(frozen=True, slots=True)
class Numeral:
    """A parsed numeral; ``certain`` is False when the separators could be read two ways."""

    value: float
    certain: bool = True


@dataclass(frozen=True, slots=True)
class Quantity:
    """A numeral with what follows it: percent sign, money scale. ``start``/``end`` cover it all."""

    value: float  # normalized: percent units for %, dong for money
    raw: float  # the numeral as printed, unscaled
    start: int
    end: int
    num_end: int  # end of the numeral itself
    percent: bool = False
    money: bool = False
    scale_word: str | None = None
    certain: bool = True
    integer: bool = True


def parse_number(text: str) -> Numeral | None:
    """Parse one numeral in Vietnamese notation; ``None`` if it is not a numeral."""
    s = text.strip().replace(" ", "")
    if not s or not regex.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        if s.rfind(",") > s.rfind("."):  # 4.367,7
            return _grouped(s.replace(".", "").replace(",", "."), s.split(",")[0].split(".")[1:])
        return _grouped(s.replace(",", ""), s.split(".")[0].split(",")[1:], certain=False)  # 4,367.7
    if dots:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            return Numeral(float("".join(parts)))
        if dots == 1:
            return Numeral(float(s), certain=False)  # English decimal point
        return None
    if commas:
        parts = s.split(",")
        if commas == 1:
            return Numeral(float(s.replace(",", ".")))
        if all(len(p) == 3 for p in parts[1:]):
            return Numeral(float("".join(parts)), certain=False)  # English thousands
        return None
    return Numeral(float(s))


def _grouped(plain: str, groups: list[str], certain: bool = True) -> Numeral | None:
    if any(len(g) != 3 for g in groups):
        return None
    return Numeral(float(plain), certain)


def scale_of(word: str) -> float | None:
    """The multiplier of a written scale (``tỷ`` = 1e9), on any spelling with or without accents."""
    key = " ".join(fold(word).split())
    return dict(SCALES).get(key)


def parse_quantity(text: str) -> Quantity | None:
    """Parse the first numeral of ``text`` with its percent sign or money scale."""
    found = find_quantities(text)
    return found[0] if found else None


def find_quantities(text: str, folded: str | None = None) -> list[Quantity]:
    """Every numeral in ``text`` with what qualifies it. Offsets are into ``text``."""
    folded = fold(text) if folded is None else folded
    out: list[Quantity] = []
    for m in _NUMERAL_RE.finditer(folded):
        num = parse_number(m.group())
        if num is None:
            continue
        out.append(_qualify(folded, m.start(), m.end(), num))
    return out


def _qualify(folded: str, start: int, end: int, num: Numeral) -> Quantity:
    integer = num.value == int(num.value)
    pct = _PERCENT_RE.match(folded, end)
    if pct:
        return Quantity(num.value, num.value, start, pct.end(), end, percent=True, certain=num.certain, integer=integer)
    sc = _SCALE_RE.match(folded, end)
    if sc:
        word = " ".join(sc.group("scale").split())
        mult = dict(SCALES)[word]
        return Quantity(
            num.value * mult, num.value, start, sc.end(), end, money=bool(sc.group("dong")) or mult >= 1e9,
            scale_word=word, certain=num.certain, integer=integer,
        )
    dong = _DONG_RE.match(folded, end)
    if dong:
        return Quantity(num.value, num.value, start, dong.end(), end, money=True, certain=num.certain, integer=integer)
    return Quantity(num.value, num.value, start, end, end, certain=num.certain, integer=integer)
