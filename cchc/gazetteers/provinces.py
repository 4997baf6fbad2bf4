"""The province gazetteer: the 63 provinces before July 2025, the 34 after, and the map between them.

Names and codes come from the maintained ``vietnamadminunits`` dataset (regenerate with
``python -m cchc.gazetteers.build_provinces``). Matching works on the accent-folded form with
fuzzy tolerance so OCR-damaged names (``Hung Yén``, ``Hai Dwong``) still resolve.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from cchc.text import fold

DATA = Path(__file__).parent / "data"
MERGER_DATE = date(2025, 7, 1)  # the 63 provinces became 34
_WORD = re.compile(r"[a-z0-9]+")
# Words that introduce a province name; a name after one of them is trusted more.
_CUES = ("tinh", "thanh pho", "tp")
_FUZZY_MIN = 86.0
_FIRST_WORDS: frozenset[str] = frozenset()
_INITIALS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # canonical short name with diacritics: "Hưng Yên"
    code: str  # 2-digit GSO code
    era: str  # "legacy" (63, before 2025-07-01) or "current" (34)
    full_name: str


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))


def source_version() -> str:
    """The dataset the gazetteer was built from (recorded for provenance)."""
    return _data()["source"]


@lru_cache(maxsize=1)
def legacy_provinces() -> tuple[Province, ...]:
    return tuple(Province(r["name"], r["code"], "legacy", r["full_name"]) for r in _data()["legacy_63"])


@lru_cache(maxsize=1)
def current_provinces() -> tuple[Province, ...]:
    return tuple(Province(r["name"], r["code"], "current", r["full_name"]) for r in _data()["current_34"])


def to_current(code: str) -> Province | None:
    """The post-2025 province that absorbed the legacy province ``code``."""
    new_code = _data()["legacy_to_current"].get(code)
    return next((p for p in current_provinces() if p.code == new_code), None)


def from_current(code: str) -> list[Province]:
    """The legacy provinces merged into the current province ``code``."""
    olds = [old for old, new in _data()["legacy_to_current"].items() if new == code]
    return [p for p in legacy_provinces() if p.code in olds]


_KIND_SUFFIX = re.compile(r"\s*\((?:Huyện|Thị xã|Thành phố|Quận)\)$")  # "Cao Lãnh (Thành phố)": its kind is given apart


@dataclass(frozen=True, slots=True)
class District:
    name: str  # "Yên Mỹ"
    kind: str  # "Huyện", "Thị xã", "Thành phố", "Quận"
    province_code: str


@lru_cache(maxsize=None)
def districts(province_code: str | None = None) -> tuple[District, ...]:
    """Legacy districts of one province, or of all provinces when ``province_code`` is None."""
    table = _data()["legacy_districts"]
    codes = [province_code] if province_code else list(table)
    return tuple(District(_KIND_SUFFIX.sub("", d["name"]), d["type"], c) for c in codes for d in table.get(c, []))


@lru_cache(maxsize=None)
def communes(province_code: str) -> tuple[tuple[str, str], ...]:
    """(name, kind) of the communes and wards a report of province ``province_code`` may name:
    before and after July 2025, and of the provinces merged with it either way."""
    legacy = {province_code} | {p.code for p in from_current(province_code)}
    current = {province_code} | {p.code for p in [to_current(province_code)] if p is not None}
    rows = [r for c in sorted(legacy) for r in _data()["legacy_communes"].get(c, [])]
    rows += [r for c in sorted(current) for r in _data()["current_communes"].get(c, [])]
    return tuple(dict.fromkeys((name, kind) for name, kind in rows))


@lru_cache(maxsize=1)
def place_syllables() -> frozenset[str]:
    """Every syllable (lower case) of the names of the provinces, districts and communes, before
    and after July 2025: what a place's name is made of."""
    data = _data()
    names = [p.name for p in (*legacy_provinces(), *current_provinces())]
    names += [d.name for d in districts()]
    names += [name for key in ("legacy_communes", "current_communes") for rows in data[key].values() for name, _ in rows]
    return frozenset(w for name in names for w in name.lower().split())


@lru_cache(maxsize=1)
def _aliases() -> dict:
    return tomllib.loads((DATA / "province_aliases.toml").read_text(encoding="utf-8"))


def name_in_force(prov: Province, on: date | None) -> Province:
    """The province under the name it bore on ``on``: Thừa Thiên Huế became Huế on 1 January 2025."""
    former = _aliases()["former_names"].get(prov.code) if prov.era == "legacy" else None
    if former is None or on is None or on >= former["until"]:
        return prov
    return Province(former["name"], prov.code, prov.era, former["full_name"])


@lru_cache(maxsize=1)
def _name_index() -> dict[str, Province]:
    """Folded name → province; legacy entries win because most reports predate the 2025 merger."""
    aliases = _aliases()
    index: dict[str, Province] = {}
    for prov in current_provinces() + legacy_provinces():
        index[_norm(prov.name)] = prov
        for alias in aliases.get(prov.code, []) if prov.era == "legacy" else []:
            index[_norm(alias)] = prov
    return index


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(fold(name).replace("-", " ")))


def lookup(name: str, min_score: float = _FUZZY_MIN) -> Province | None:
    """Resolve one province name, exact on the folded form first, then fuzzily."""
    key = _norm(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    index = _name_index()
    if key in index:
        return index[key]
    best, score = None, 0.0
    for cand, prov in index.items():
        s = fuzz.ratio(key, cand)
        if s > score:
            best, score = prov, s
    return best if score >= min_score and len(key) >= 5 else None


def find_mentions(text: str) -> list[tuple[Province, int, int, bool]]:
    """Every province name in ``text``: (province, start, end, after_cue). Fuzzy only after a cue
    word ("tỉnh", "thành phố") to keep false hits out of running text."""
    global _FIRST_WORDS, _INITIALS
    if not _FIRST_WORDS:
        _FIRST_WORDS = _first_words()
        _INITIALS = frozenset(w[0] for k in _name_index() for w in k.split()[:1])
    folded = fold(text)
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    index = _name_index()
    sizes = sorted({len(k.split()) for k in index}, reverse=True)
    found: list[tuple[Province, int, int, bool]] = []
    i = 0
    while i < len(words):
        cue = _cue_before(words, i) if words[i][0][0] in _INITIALS else False
        if not cue and words[i][0] not in _FIRST_WORDS:
            i += 1
            continue
        hit = None
        for n in sizes:
            if i + n > len(words):
                continue
            cand = " ".join(w for w, _, _ in words[i : i + n])
            prov = index.get(cand)
            if prov is None and cue and len(cand) >= 5:
                prov = _fuzzy(cand, index)
            if prov is not None:
                hit = (prov, words[i][1], words[i + n - 1][2], cue, n)
                break
        if hit:
            found.append(hit[:4])
            i += hit[4]
        else:
            i += 1
    return found


def _cue_before(words: list[tuple[str, int, int]], i: int) -> bool:
    if i == 0:
        return False
    prev = words[i - 1][0]
    return prev in ("tinh", "tp") or (prev == "pho" and i > 1 and words[i - 2][0] == "thanh")


def _first_words() -> frozenset[str]:
    return frozenset(k.split()[0] for k in _name_index())


def _fuzzy(cand: str, index: dict[str, Province]) -> Province | None:
    for key, prov in index.items():
        if abs(len(key) - len(cand)) <= 2 and fuzz.ratio(cand, key) >= _FUZZY_MIN:
            return prov
    return None


def dominant_province(text: str) -> Province | None:
    """The province a report is about: the most mentioned one after a cue word, else the most
    mentioned overall. Ties go to the earliest mention."""
    mentions = find_mentions(text)
    cued = [m for m in mentions if m[3]] or mentions
    if not cued:
        return None
    counts = Counter(m[0].code for m in cued)
    first = {}
    for prov, start, _, _ in cued:
        first.setdefault(prov.code, (start, prov))
    code = max(counts, key=lambda c: (counts[c], -first[c][0]))
    return first[code][1]
