"""Who a figure is about: named departments, districts, bodies and groups found in the text.

Names are found on the match form (accent-folded, OCR look-alikes undone) with fuzzy comparison,
then written in their canonical form ("Sở Giáo dục và Đào tạo", "UBND huyện Kim Thành").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz

from cchc.gazetteers.provinces import communes, districts, lookup, place_syllables
from cchc.text import fold

_DATA = Path(__file__).parent / "data" / "subjects.toml"
_WORD = regex.compile(r"[a-z0-9&]+")
_SO = regex.compile(r"(?<![a-z])(?:so|s[a-z0-9@]{0,2})(?=\s)")
_FUZZY = 80.0
_UNLISTED_DISTRICT = regex.compile(
    r"(?<!\p{L})(?P<kind>[Hh]uyện|[Tt]hị xã|[Qq]uận)[ \t]+(?P<name>\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){0,2})"
)
# The kind word as OCR and restoration may leave it ("Phương Sa Pa", "X4 Mường Bo").
_PLACE = r"(?P<kind>Huy[eêệế]n|Th[iịì] x[aãà]|Th[aàá]nh ph[oốồ]|Qu[aậấ]n|X[aãà4]|Ph[uưứừ][oơờớ]ng|Th[iị] tr[aấầ]n|TX\.|TP\.)(?:\s+|(?<=\.))(?P<name>\p{Lu}(?:\p{L}|'(?=\p{L}))*(?:\s+(?:\p{Lu}\p{L}*|\d{1,2})){0,3})"
_LOCAL_UNIT = regex.compile(r"(?:UBND\s+)?" + _PLACE, regex.I)
LEVEL = r"c[a-z]?p\s+(?P<level>tinh|thanh\s+pho|(?:quan\s*[,/]?\s*)?huyen|xa)"  # "cấp tỉnh" … in the match form ("Cp tỉnh": OCR drops the "ấ")
LEVEL_NAME = regex.compile(LEVEL)
_DIGITS = regex.compile(r"\d+")
_SYLLABLE = regex.compile(r"\b([^\W\daeiouy]*)[aeiouy]+([^\W\daeiouy]*)\b")
_SPELLING_MIN = 75  # rapidfuzz ratio of folded names: "phi ly" ~ "phu ly" 83, "uy nhan" ~ "ly nhan" 86
_KIND_NAMES = {"huyen": "huyện", "thi xa": "thị xã", "thanh pho": "thành phố", "quan": "quận", "xa": "xã", "x4": "xã",
               "phuong": "phường", "thi tran": "thị trấn", "tx.": "thị xã", "tp.": "thành phố"}
_DISTRICT_KINDS = frozenset({"huyện", "thị xã", "thành phố", "quận"})  # the other kinds are communes
_FORMER_PROVINCE = regex.compile(r"(?<![a-z])tinh\s+(?P<name>[a-z]+(?:\s+[a-z]+){0,3}?)\s*\(\s*cu\s*\)")
# Words that are never part of a place name here, however close to one ("là" ~ "Lắk").
_FUNCTION_WORDS = frozenset("la co va da tai cua cac duoc voi trong tren theo den tu cho nam".split())
_ACCENTED_FUNCTION_WORDS = frozenset("là có và đã tại của các được với trong trên theo đến từ cho năm đang".split())


@dataclass(frozen=True, slots=True)
class UnitLabel:
    name: str
    start: int
    end: int
    level: str  # "department", "body", "group", "district", "province"


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


def _key(text: str) -> str:
    return " ".join(_WORD.findall(fold(text).replace("&", " va ")))


@lru_cache(maxsize=1)
def _departments() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((d["name"], _key(d["name"]), tuple(d.get("abbr", ()))) for d in _cfg()["department"])


def department_of_code(number: str) -> str | None:
    """The department whose documents end in this number's issuer segment ("1186/BC-SNV" → "Sở Nội
    vụ"): a letterhead OCR garbled ("Ne) NỘI VỤ") still has a readable number."""
    segment = number.rsplit("-", 1)[-1] if "-" in number else ""
    return next((f"Sở {d['name']}" for d in _cfg()["department"] if segment in d.get("codes", ())), None)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[regex.Pattern, str, str], ...]:
    cfg = _cfg()
    out = [(regex.compile(rf"(?<![a-z])(?:{p})(?![a-z])"), n, "body") for p, n in cfg["bodies"].items()]
    out += [(regex.compile(rf"(?<![a-z])(?:{p})(?![a-z])"), n, "group") for p, n in cfg["groups"].items()]
    return tuple(out)


@lru_cache(maxsize=1)
def _district_prefixes() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple(
        (regex.compile(rf"(?<![a-z])(?:{p})\s+"), n) for p, n in _cfg()["district_prefix"].items()
    )


def _match_department(form: str, pos: int) -> tuple[str, int] | None:
    """The department whose name starts at ``pos`` (after "Sở"), with where the name ends."""
    words = [(m.group(), m.end()) for m in _WORD.finditer(form, pos, min(len(form), pos + 60))]
    if not words:
        return None
    best: tuple[float, str, int] | None = None
    for name, key, abbrs in _departments():
        n = len(key.split())
        for k in {n - 1, n, n + 1}:
            if k < 1 or k > len(words):
                continue
            cand = " ".join(w for w, _ in words[:k]).replace("&", " va ")
            score = fuzz.ratio(cand, key)
            if score >= _FUZZY and (best is None or score > best[0]):
                best = (score, name, words[k - 1][1])
        for k in (1, 2, 3):
            if k <= len(words):
                joined = "".join(w for w, _ in words[:k]).replace("&", "")
                if joined in abbrs and (best is None or best[0] < 100):
                    best = (100.0, name, words[k - 1][1])
    return (best[1], best[2]) if best else None


def _match_district(form: str, pos: int, province_code: str | None) -> tuple[str, str, int] | None:
    words = [(m.group(), m.end()) for m in _WORD.finditer(form, pos, min(len(form), pos + 40))]
    best: tuple[float, str, str, int] | None = None
    for d in districts(province_code):
        key = _key(d.name)
        n = len(key.split())
        if n > len(words):
            continue
        cand = " ".join(w for w, _ in words[:n])
        if cand[:1] != key[:1]:
            continue  # OCR keeps the first letter of a name; "(cơ) quan hành chính" is not "quận Khánh Vĩnh"
        if cand != key and any(w in _FUNCTION_WORDS for w in cand.split()):
            continue  # "(cấp huyện) là 260" is not "huyện Lắk"
        score = fuzz.ratio(cand, key)
        if score >= _FUZZY and (best is None or score > best[0]):
            best = (score, d.name, d.kind, words[n - 1][1])
    return best[1:] if best else None


@lru_cache(maxsize=1)
def _body_head() -> regex.Pattern:
    heads = sorted(_cfg()["body_heads"]["heads"], key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(heads) + r")\s+[a-z]")


def opens_with_body(form: str, pos: int) -> bool:
    """``form`` at ``pos`` starts naming some body ("trung tam y te …"), known or not."""
    return bool(_body_head().match(form, pos))


def find_labels(form: str, start: int, end: int, province_code: str | None = None,
                text: str | None = None) -> list[UnitLabel]:
    """Named units in ``form[start:end]``, in order, without overlaps. Given the ``text`` the form
    was made from, a district the gazetteer does not list is also found by its capitalised name."""
    found: list[UnitLabel] = []
    for m in _SO.finditer(form, start, end):
        hit = _match_department(form, m.end())
        if hit and hit[1] <= end:
            found.append(UnitLabel("Sở " + hit[0], m.start(), hit[1], "department"))
    for pattern, name, level in _patterns():
        for m in pattern.finditer(form, start, end):
            found.append(UnitLabel(name, m.start(), m.end(), level))
    for m in _FORMER_PROVINCE.finditer(form, start, end):
        prov = lookup(m.group("name"))
        if prov is not None:  # a merged province's own figures, in a report of the province it joined
            found.append(UnitLabel(f"tỉnh {prov.name} (cũ)", m.start(), m.end(), "province"))
    for pattern, prefix in _district_prefixes():
        for m in pattern.finditer(form, start, end):
            hit = _match_district(form, m.end(), province_code)
            if hit and hit[2] <= end:
                found.append(UnitLabel(f"{prefix} {hit[0]}", m.start(), hit[2], "district"))
    if text is not None:
        found += _unlisted_districts(text, start, end, found)
    found.sort(key=lambda u: (u.start, -(u.end - u.start)))
    out: list[UnitLabel] = []
    for u in found:
        if out and u.start < out[-1].end:
            if u.end - u.start > out[-1].end - out[-1].start and u.start == out[-1].start:
                out[-1] = u
            continue
        out.append(u)
    return out


def plausible_place(name: str) -> bool:
    """A place name the gazetteer does not know (a unit since dissolved) is trusted only if it is
    made of syllables places are named with, none of them a function word: restoration turns a
    garbled "Đức Trọng" into "Được Trong", "Ea Siên" into "Cá Sườn"."""
    words = [w for w in name.lower().split() if not w.isdigit()]
    known = _folded_place_syllables() if name.lower() == fold(name) else place_syllables()  # "Muong Lay": left unaccented
    return all(w in known and w not in _ACCENTED_FUNCTION_WORDS for w in words)


@lru_cache(maxsize=1)
def _folded_place_syllables() -> frozenset[str]:
    return frozenset(fold(w) for w in place_syllables())


def unit_named_in(label: str, province_code: str | None = None) -> str | None:
    """A table row's label that is a local unit's name on its own ("Huyện Yên Dũng", "UBND phường Hà
    Giang 1"), or a provincial body's branch there ("BHXH huyện Kim Bảng"): the row names the unit
    even where the gazetteer does not list it."""
    m = _branch_of_place().fullmatch(label.strip())
    if m is not None and (name := trusted_place(m.group("name"), m.group("kind"), province_code)):
        head = label.strip()[: m.start("kind")]
        return f"{' '.join(head.split())} {m.group('kind')} {name}"
    m = _LOCAL_UNIT.fullmatch(label)
    if m is None or not (name := trusted_place(m.group("name"), m.group("kind"), province_code)):
        return None
    return f"UBND {_KIND_NAMES[fold(m.group('kind'))]} {name}"


def trusted_place(name: str, kind: str, province_code: str | None) -> str | None:
    """The name as the gazetteer spells it, or as written when it is plausible on its own."""
    spelled = place_spelled(name, kind, province_code)
    return spelled if spelled != name or plausible_place(name) else None


def place_spelled(name: str, kind: str, province_code: str | None) -> str:
    """A place's name as the gazetteer spells it, where restoration garbled it ("Phí Lý" for "Phủ
    Lý", "Cả Phê" for "Ea Phê", "Pha Thọ" for "Phú Thọ") and one place of that level in the
    province is close to it and no other is."""
    if fold(kind).startswith("tinh"):
        prov = lookup(name, min_score=_SPELLING_MIN)
        return prov.name if prov is not None else name
    level = _KIND_NAMES.get(fold(kind).strip())
    if province_code is None or level is None:
        return name
    if level in _DISTRICT_KINDS:
        names = [d.name for d in districts(province_code)]
    else:
        names = [n for n, _ in communes(province_code)]
    digits = _DIGITS.findall(name)  # "Hà Giang 1" is never "Hà Giang 2"
    scores = sorted(((fuzz.ratio(fold(name), fold(n)), n) for n in set(names) if _DIGITS.findall(n) == digits), reverse=True)
    if not scores or name in names or scores[0][0] < _SPELLING_MIN:
        return name
    if len(scores) == 1 or scores[1][0] < scores[0][0] - 10:
        return scores[0][1]
    close = [n for score, n in scores if score >= scores[0][0] - 10]
    same_skeleton = [n for n in close if _skeleton(n) == _skeleton(name)]
    return scores[0][1] if same_skeleton == [scores[0][1]] else name  # the closest, if its consonants agree alone


def _skeleton(name: str) -> tuple[tuple[str, str], ...]:
    """Each syllable's leading and closing consonants: OCR mangles accented vowels ("Phước" read
    "Phuc") far more than consonants, so "Ninh Phục" is "Ninh Phước" (not "Ninh Phú", as close)."""
    return tuple((m.group(1), m.group(2)) for m in _SYLLABLE.finditer(fold(name)))


@lru_cache(maxsize=1)
def _branch_of_place() -> regex.Pattern:
    heads = "|".join(_cfg()["branch_heads"]["heads"])
    return regex.compile(rf"(?:{heads})\s+" + _PLACE, regex.I)


def _unlisted_districts(text: str, start: int, end: int, known: list[UnitLabel]) -> list[UnitLabel]:
    """"huyện Đạ Tẻh", "huyện Yên Dũng": districts dissolved before the gazetteer's snapshot (2025),
    named in reports written before that."""
    out = []
    for m in _UNLISTED_DISTRICT.finditer(text, start, end):
        if plausible_place(m.group("name")) and not any(u.start < m.end() and m.start() < u.end for u in known):
            out.append(UnitLabel(f"UBND {m.group('kind').lower()} {m.group('name')}", m.start(), m.end(), "district"))
    return out


def canonical_unit(header: str, province_code: str | None = None) -> str:
    """The canonical name of a contributing unit from its header ("SỞ NỘI VỤ" → "Sở Nội vụ")."""
    from cchc.extractors.normalize import match_form

    text = " " + " ".join(header.split()) + " "
    form = match_form(text)
    labels = find_labels(form, 0, len(form), province_code)
    if labels and labels[0].start <= 2:
        return labels[0].name
    return _sentence_case(header.split())


_ACRONYMS = {"ubnd", "hđnd", "hdnd", "mttq", "tw"}
_PLACE_WORDS = {"huyện", "tỉnh", "xã", "phường", "quận", "thị", "phố", "trấn"}


def _sentence_case(words: list[str]) -> str:
    """"BAN QUẢN LÝ KHU ĐẠI HỌC PHỐ HIẾN" → "Ban quản lý khu đại học phố hiến"; acronyms stay upper
    and a place name after "huyện"/"thành phố" is capitalised."""
    out: list[str] = []
    proper = False
    for i, w in enumerate(words):
        low = w.lower()
        if low in _ACRONYMS:
            out.append(w.upper())
        elif proper or i == 0:
            out.append(low.capitalize())
        else:
            out.append(low)
        place = low in _PLACE_WORDS and (low != "phố" or (i > 0 and words[i - 1].lower() == "thành"))
        proper = proper or (place and i + 1 < len(words) and words[i + 1].lower() not in _PLACE_WORDS)
    return " ".join(out)


def normalize_subject(subject: str | None) -> str:
    """A comparison key: folded, punctuation-free, abbreviations expanded, "UBND" dropped."""
    if not subject:
        return ""
    key = " " + _key(subject) + " "
    for abbr, full in _cfg()["abbreviations"].items():
        key = key.replace(f" {abbr} ", f" {full} " if full else " ")
    words = key.split()
    if words[:2] == ["linh", "vuc"]:
        words = words[2:]  # "lĩnh vực hộ tịch" and "Hộ tịch" name the same field
    if words and words[-1] == "tinh":
        words = words[:-1]
    if len(words) > 2 and words[-2:] == ["thanh", "pho"]:
        words = words[:-2]  # a centrally-run city's bodies: "Thanh tra thành phố", "sở, ban, ngành thành phố"
    return " ".join(words)


def level_named(label: str) -> str | None:
    """The group a table row labelled by a level ("Cấp tỉnh", "Cấp xã (171 đơn vị)", the total row
    "Cộng cấp xã") is about."""
    m = LEVEL_NAME.fullmatch(regex.sub(r"^(?:tong\s+)?cong\s+|\s*\([^()]*\)$", "", label.strip()))
    return level_group(m.group("level")) if m else None


def unit_level(subject: str) -> str | None:
    """"huyen" for a district's UBND ("UBND thị xã Sa Pa"), "xa" for a commune's, else None."""
    kind = next((k for k in set(_KIND_NAMES.values()) if subject.startswith(f"UBND {k} ")), None)
    return None if kind is None else "huyen" if kind in _DISTRICT_KINDS else "xa"


def is_group(subject: str) -> bool:
    """Whether ``subject`` names a group of units ("UBND cấp xã"), not one unit."""
    return subject in _cfg()["groups"].values()


def level_group(level: str) -> str:
    """The group that acts for an administrative level: the provincial (or city) level is its
    departments."""
    if level.endswith("huyen"):
        return "UBND cấp huyện"
    return "UBND cấp xã" if level == "xa" else "các sở, ban, ngành tỉnh"
