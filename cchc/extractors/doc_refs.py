"""Cited documents: "Kế hoạch số 196/KH-UBND ngày 24/12/2021 của UBND tỉnh" → kind, canonical number,
date and issuer. Codes are repaired (``ND-CP`` → ``NĐ-CP``) by ``cchc.gazetteers.doc_codes``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import regex

from cchc.extractors.context import Context
from cchc.gazetteers.provinces import find_mentions
from cchc.models import DocRef
from cchc.periods import parse_date
from cchc.spans import Span
from cchc.text import URL, fold

_DATA = Path(__file__).parent / "data" / "doc_refs.toml"
# number [/year] separator code-part [separator code-part]...; the code may wrap onto the next line.
_REF = regex.compile(
    r"(?<![\p{L}\d/.-])(?P<num>\d{1,5}(?P<suffix>[a-z])?)(?P<year>/(?:19|20)\d\d)?[ \t]?(?P<sep>[/-])(?:[ \t]*\n){0,2}[ \t]?"
    r"(?P<code>[\p{Lu}0Ð][\p{L}\d&]{0,11}(?:[ \t]?[-–—/][ \t]?(?:[ \t]*\n){0,2}[ \t]*[\p{L}\d&]{1,12}){0,3})"
)
_PRIME_MINISTER = regex.compile(r"(?<=(?:QĐ|CT)-)TT$")  # OCR loses the g of "QĐ-TTg"; no one else issues "QĐ-TT"
_ASSEMBLY_CODE = regex.compile(r"/QH\d{1,2}$")
_NAMED_LAW = regex.compile(r"luat(?:\s+[a-z]+,?){1,8}?\s+so\s*$")
_DATE_AFTER = regex.compile(
    r"[\s,]*(?:tinh\s+)?(?:ban\s+hanh\s+)?ngay\s+(?P<d>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})"
)
_BARE_MEETING = regex.compile(r"[\s,]*(?=hoi\s+nghi)")  # "… 19-NQ/TW Hội nghị lần thứ sáu BCH Trung ương"
_ISSUER_LEAD = regex.compile(r"[\s,]*(?:cua|do)\s+")
_OWN_NUMBER = regex.compile(r"(?<![a-z])s[a-z0-9]{0,2}\s*:\s*$")
_GROUP_GAP = regex.compile(r"^[\s,;]*(?:va\s+)?(?:[a-z ]{0,30}?\s)?(?:so\s+)?$")


@dataclass(frozen=True)
class _Ref:
    ref: DocRef
    end: int  # end of the number in the text
    kind_from_text: bool


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _kind_re() -> regex.Pattern:
    kinds = sorted(_cfg()["kinds"], key=len, reverse=True)
    # a kind may wrap onto the next line between its words ("Kế\n hoạch số 12/KH-UBND")
    return regex.compile(r"(?:" + "|".join(k.replace(" ", r"\s+") for k in kinds) + r")\s*(?:so\s*)?(?:[:.]\s*)?$")


@lru_cache(maxsize=1)
def _issuer_res() -> tuple[tuple[regex.Pattern, str], ...]:
    """The issuer patterns, each ministry also headed by its minister ("của Bộ trưởng Bộ Nội vụ" is
    the minister's decision, a different issuer from the ministry)."""
    items = list(_cfg()["issuers"].items())
    ministers = [(f"bo truong {p}", f"Bộ trưởng {n}") for p, n in items if n.startswith("Bộ ")]
    return tuple((regex.compile(p.replace(" ", r"\s+")), n) for p, n in ministers + items)


def extract_doc_refs(ctx: Context) -> list[DocRef]:
    """Every citation of a numbered document in the text, in text order."""
    urls = [(m.start(), m.end()) for m in URL.finditer(ctx.text)]
    refs: list[_Ref] = []
    for m in _REF.finditer(ctx.text):
        if any(s <= m.start() < e for s, e in urls):
            continue
        if _OWN_NUMBER.search(ctx.form, max(0, m.start() - 60), m.start()):
            continue  # "Số: 27/BC-UBND" in the header is the report's own number
        found = _one(ctx, m)
        if found:
            refs.extend(_shared_code_siblings(ctx, m, found))
            refs.append(found)
    return [r.ref for r in _share_in_groups(ctx, refs)]


_SIBLINGS = regex.compile(r"(?:(?<![a-z])so\s+)((?:\d{1,5}\s*(?:,|va)\s*)+)$")


def _shared_code_siblings(ctx: Context, m: regex.Match, found: _Ref) -> list[_Ref]:
    """"Kế hoạch số 36, 37/KH-UBND", "Nghị quyết số 18,19-NQ/TW": the numbers listed before the
    last one share its code (not its year: a number with a year is written out in full)."""
    if m.group("year"):
        return []
    before = _SIBLINGS.search(ctx.form[max(0, m.start() - 40) : m.start()])
    if not before:
        return []
    out = []
    base = m.start() - len(before.group(1))
    for num in regex.finditer(r"\d{1,5}", before.group(1)):
        number = canonical_number(num.group() + m.group("sep") + _clean_code(m.group("code")))
        if number:
            span = Span(base + num.start(), base + num.end())
            out.append(replace(found, ref=replace(found.ref, number=number, span=span, confidence=0.85), end=span.end))
    return out


def _one(ctx: Context, m: regex.Match) -> _Ref | None:
    number = _number_of(m)
    if number is None:
        return None
    form = ctx.form
    kind_m = _kind_re().search(form[max(0, m.start() - 40) : m.start()]) or _named_law(form, m.start(), number)
    kind = _cfg()["kinds"][_kind_key(kind_m.group())] if kind_m else _kind_from_code(number)
    if kind is None or (m.group("suffix") and not kind_m):
        return None  # "30c/NQ-CP" is a number only where a kind word announces it
    end = m.end()
    when, after_date = _date_after(ctx, end)
    issuer = (_issuer_after(ctx, after_date, number, bare=when is not None)
              or _issuer_after_title(ctx, after_date, number))
    if issuer is None:
        kind_start = max(0, m.start() - 40) + kind_m.start() if kind_m else m.start()
        issuer, stated_before = _issuer_before(ctx, kind_start, number)
        when = when or stated_before
    conf = 0.95 if kind_m else 0.75
    ref = DocRef(kind=kind, number=number, span=Span(m.start(), m.end()), date=when, issuer=issuer, confidence=conf)
    return _Ref(ref, m.end(), bool(kind_m))


def _named_law(form: str, start: int, number: str) -> regex.Match | None:
    """"Luật Khám bệnh, chữa bệnh số 15/2023/QH15": a law's name stands between its kind word and
    its number (only before a National Assembly code)."""
    if not _ASSEMBLY_CODE.search(number):
        return None
    return _NAMED_LAW.search(form, max(0, start - 60), start)


def _number_of(m: regex.Match) -> str | None:
    """The canonical number of a match; a letter suffix ("Nghị quyết 30c/NQ-CP") is kept as printed."""
    code = _clean_code(m.group("code"))
    digits = m.group("num").rstrip("abcdefghijklmnopqrstuvwxyz")
    number = canonical_number(digits + (m.group("year") or "") + m.group("sep") + code)
    if number is None or not m.group("suffix"):
        return number
    return digits + m.group("suffix") + number[len(digits) :]


def _kind_key(matched: str) -> str:
    for key in sorted(_cfg()["kinds"], key=len, reverse=True):
        if regex.match(key.replace(" ", r"\s+"), matched):
            return key
    raise KeyError(matched)


def _clean_code(code: str) -> str:
    code = regex.sub(r"\s+", " ", code)
    code = regex.sub(r"\s*[–—]\s*", "-", code)
    code = regex.sub(r"\s*([-/])\s*", r"\1", code)
    return regex.sub(r"[-/]+$", "", code)


def canonical_number(raw: str) -> str | None:
    """The canonical citation: digits as printed, code letters repaired ("62/2020/ND-CP" →
    "62/2020/NĐ-CP"); None when the code part is not a document code."""
    raw = _clean_code(raw)
    try:
        from cchc.gazetteers.doc_codes import repair_code
    except ImportError:  # restoration's gazetteer not there: use ours alone
        repair_code = None  # type: ignore[assignment]
    fixed = repair_code(raw) if repair_code is not None else None
    if fixed is None:
        fixed = _repair_segments(raw)
        if repair_code is not None and fixed is not None:
            fixed = repair_code(fixed) or fixed
    return _PRIME_MINISTER.sub("TTg", fixed) if fixed else None


def _repair_segments(raw: str) -> str | None:
    """Our own repair for what the shared gazetteer leaves: glued codes ("TTBYT"), "0D", "QĐ-TT"."""
    cfg = _cfg()
    parts = regex.split(r"([/-])", raw)
    out: list[str] = []
    for piece in parts:
        if piece in ("/", "-") or piece.isdigit() or not piece:
            out.append(piece)
            continue
        key = fold(piece).upper()
        fixed = cfg["segments"].get(key, piece if not piece.islower() else None)
        if fixed is None:
            return None
        glued = _unglue(fixed)
        out.append(glued)
    text = "".join(out)
    letters = [p for p in regex.split(r"[/-]", text) if p and not p.isdigit()]
    if not letters or not all(regex.fullmatch(r"[\p{Lu}][\p{Lu}\d&]*[a-z]?", p) for p in letters):
        return None
    return text


def _unglue(segment: str) -> str:
    for issuer in _cfg()["glued_issuers"]["codes"]:
        head = segment[: -len(issuer)]
        if segment.endswith(issuer) and head in _cfg()["code_kinds"]:
            return f"{head}-{issuer}"
    return segment


def _kind_from_code(number: str) -> str | None:
    letters = [p for p in regex.split(r"[/-]", number) if p and not p.isdigit()]
    if not letters:
        return None
    kinds = _cfg()["code_kinds"]
    if letters[0] in kinds:
        return kinds[letters[0]]
    return "Công văn" if len(letters) >= 2 and letters[0] in ("UBND", "SNV", "VP", "BNV") else None


def _date_after(ctx: Context, end: int) -> tuple[date | None, int]:
    m = _DATE_AFTER.match(ctx.form, end, min(len(ctx.form), end + 40))
    if not m:
        return None, end
    return parse_date(ctx.text[m.start("d") : m.end("d")]), m.end()


# after a bare issuer the sentence goes on with the title or ends: "… ngày 28/5/2015 Chính phủ về …"
_BARE_ISSUER_END = regex.compile(r"\s*(?:ve\s|quy\s+dinh\s|[,;.)]|$)")


def _issuer_after(ctx: Context, end: int, number: str, bare: bool = False) -> str | None:
    """"… của UBND tỉnh", "… do Bộ Nội vụ", and, right after the date (``bare``), an issuer written
    without "của" — taken then only when the citation's own code confirms it, since a bare name
    after a date may as well open the next clause ("… ngày 5/1/2024 UBND tỉnh đã chỉ đạo …")."""
    lead = _ISSUER_LEAD.match(ctx.form, end, min(len(ctx.form), end + 12))
    meeting = None if lead else _BARE_MEETING.match(ctx.form, end, min(len(ctx.form), end + 12))
    if lead or meeting:
        pos = (lead or meeting).end()
    elif bare:
        pos = end + len(ctx.form[end : end + 4]) - len(ctx.form[end : end + 4].lstrip(" \t,"))
    else:
        return None
    window = ctx.form[pos : pos + 80]
    for pattern, name in _issuer_res():
        m = pattern.match(window)
        if not m:
            continue
        if lead or meeting:
            return _with_province(ctx, name, pos + m.end())
        if name in _cfg()["issuer_codes"] and _code_fits(name, number) and _BARE_ISSUER_END.match(window, m.end()):
            return _with_province(ctx, name, pos + m.end())
        return None
    return None


_TITLE_THEN_ISSUER = regex.compile(r"\s*,?\s*ve\s+[a-z0-9 ]{3,100}?\s+cua\s+")


def _issuer_after_title(ctx: Context, end: int, number: str) -> str | None:
    """"Kế hoạch số 12/KH-UBND ngày 5/1/2024 về CCHC năm 2024 của UBND tỉnh": the issuer after the title.
    The "của" may belong to something the title names ("về thực hiện Chương trình … của Chính phủ"), so
    the issuer is taken only when the citation's own code confirms it (KH-UBND from UBND tỉnh)."""
    m = _TITLE_THEN_ISSUER.match(ctx.form, end, min(len(ctx.form), end + 130))
    if not m:
        return None
    window = ctx.form[m.end() : m.end() + 80]
    for pattern, name in _issuer_res():
        found = pattern.match(window)
        if found and name in _cfg()["issuer_codes"] and _code_fits(name, number):
            return _with_province(ctx, name, m.end() + found.end())
    return None


def _with_province(ctx: Context, name: str, pos: int) -> str:
    if _cfg()["issuers_with_place"].get(name):
        return name + (_place_name(ctx, pos) or "")
    if not _cfg()["issuers_with_province"].get(name):
        return name
    nxt = ctx.text[pos : pos + 40]
    skip = len(nxt) - len(nxt.lstrip())
    if skip == 0 and nxt[:1].isalnum():
        return name
    mentions = find_mentions("tỉnh " + nxt[skip:])
    if mentions and mentions[0][1] == 5:
        return f"{name} {mentions[0][0].name}"
    return name


_ISSUING_VERB = (
    r"\s+(?:da\s+|duoc\s+)?(?:xay\s+dung,?\s+(?:va\s+)?)?(?:ky\s+)?(?:ban\s+hanh(?:\s+hanh)?(?:\s+va\s+(?:to\s+chuc\s+)?(?:trien\s+khai\s+)?thuc\s+hien)?|phe\s+duyet)"
    r"\s+(?:tai\s+|theo\s+)?(?:cac\s+)?"
)
_ISSUER_VERB_AFTER = regex.compile(_ISSUING_VERB + r"$|\s+(?:giao\s+)?(?:tai|theo)\s+$")
_ISSUER_VERB = regex.compile(_ISSUING_VERB)
_AT_ONLY = regex.compile(r"\s+(?:giao\s+)?(?:tai|theo)\s+")


def _owns_at(name: str, number: str) -> bool:
    """"(quy định của) UBND tỉnh tại Công văn số 508/UBND-VP" names the letter's issuer, but in "Nghị định
    của Chính phủ tại Quyết định số 12/QĐ-SNV" the body belongs to what precedes it: without a verb, the
    issuer is taken only when the code does not contradict it."""
    return _code_fits(name, number)
_LIST_HEAD = regex.compile(r"cua\s+")


_DATE_BEFORE = regex.compile(r"ngay\s+(?P<d>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})\s*,?\s*$")


def _issuer_before(ctx: Context, kind_start: int, number: str) -> tuple[str | None, date | None]:
    """"UBND tỉnh đã ban hành Kế hoạch số …", or a list opened by "… của UBND tỉnh: Kế hoạch số …".
    A date written before such an issuer ("ngày 23/4/2018 Chính phủ đã ký ban hành Nghị định số …")
    is the citation's date, and is returned with it."""
    lo = max(0, kind_start - 250)
    window = ctx.form[lo:kind_start]
    stop = max(window.rfind(". "), window.rfind(".\n"))
    window = window[stop + 1 :] if stop >= 0 else window
    base = kind_start - len(window)
    found: list[tuple[int, int, str]] = []
    for pattern, name in _issuer_res():
        for m in pattern.finditer(window):
            rest = window[m.end() :]
            if _ISSUER_VERB_AFTER.fullmatch(rest) or _ISSUER_VERB_AFTER.match(rest) and not rest.strip():
                if _AT_ONLY.fullmatch(rest) and not _owns_at(name, number):
                    continue
                found.append((m.end(), -m.start(), name))
            elif name in _cfg()["issuers_with_place"] or name in _cfg()["issuers_with_province"]:
                # "UBND huyện Yên Mỹ đã ban hành …", "UBND tỉnh Quảng Trị ban hành …"
                place = _PLACE.match(ctx.text, base + m.end())
                if place and _ISSUER_VERB_AFTER.fullmatch(window[place.end() - base :]):
                    if name in _cfg()["issuers_with_place"]:
                        found.append((m.end(), -m.start(), f"{name} {' '.join(place.group().split())}"))
                    else:
                        found.append((m.end(), -m.start(), name))
    if found:  # the longest name: "Văn phòng Chính phủ", not the "Chính phủ" inside it
        end, neg_start, name = _coordinated(window, max(found), number)
        dated = _DATE_BEFORE.search(window[: -neg_start])
        when = parse_date(ctx.text[base + dated.start("d") : base + dated.end("d")]) if dated else None
        return _with_province(ctx, name, base + end), when
    return (_list_head_issuer(ctx, kind_start, number) or _issued_list_issuer(ctx, kind_start, number)
            or _issued_object_issuer(ctx, kind_start, number)), None


_COORDINATION = regex.compile(r"\s*(?:,|va)\s*")


def _coordinated(window: str, chosen: tuple[int, int, str], number: str) -> tuple[int, int, str]:
    """"UBND tỉnh, Hội đồng phối hợp … tỉnh ban hành Kế hoạch số 11/KH-UBND": when several bodies are
    named before one "ban hành", the issuer is the one the citation's code names; the nearest one is kept
    unless its code contradicts the citation and a coordinated one's confirms it."""
    end, neg_start, name = chosen
    if name not in _cfg()["issuer_codes"] or _code_fits(name, number):
        return chosen
    start = -neg_start
    for pattern, other in _issuer_res():
        if other not in _cfg()["issuer_codes"] or not _code_fits(other, number):
            continue
        for m in pattern.finditer(window, 0, start):
            if _COORDINATION.fullmatch(window, m.end(), start):
                return m.end(), -m.start(), other
    return chosen


# "… ban hành Bảng giá các loại đất trên địa bàn tỉnh tại Quyết định số …", "UBND huyện đã đánh giá, công bố
# Chỉ số CCHC … tại Quyết định số …": what was issued, then where
_ISSUED_OBJECT_AT = regex.compile(r"\s+(?:da\s+)?(?:ky\s+)?(?:ban\s+hanh|(?:danh\s+gia,?\s+)?cong\s+bo)\s+[^.;:()]{3,140}?\s+tai\s+$")


def _issued_object_issuer(ctx: Context, kind_start: int, number: str) -> str | None:
    """"Sau khi Bộ Y tế ban hành Bộ tiêu chí quốc gia về y tế tại Quyết định số 4667/QĐ-BYT": the body
    that issued what the citation carries. Words between the verb and "tại" may name other bodies, so
    the issuer is given only when the citation's code confirms it."""
    window = ctx.form[max(0, kind_start - 250) : kind_start]
    stop = max(window.rfind(". "), window.rfind(".\n"), window.rfind(";"))
    window = window[stop + 1 :] if stop >= 0 else window
    for pattern, name in _issuer_res():
        if name not in _cfg()["issuer_codes"] or not _code_fits(name, number):
            continue
        for m in pattern.finditer(window):
            if _ISSUED_OBJECT_AT.fullmatch(window, m.end()):
                return _with_province(ctx, name, kind_start - len(window) + m.end())
    return None


# what separates the item being read from the one before it: "…; Kế hoạch số …", "… và Chương trình số …",
# "…; đồng thời ban hành Kế hoạch số …"
_LIST_SEP = regex.compile(r"(?:;|\s+va)\s*(?:(?:dong\s+thoi\s+)?(?:da\s+)?ban\s+hanh\s+)?(?:so\s*)?$")


def _issued_list_issuer(ctx: Context, kind_start: int, number: str) -> str | None:
    """"… tham mưu UBND tỉnh, Hội đồng phối hợp … ban hành Kế hoạch số 11/KH-UBND …; Kế hoạch số
    134/KH-HĐPH …; Kế hoạch số 294/KH-HĐPH …": a "ban hành" heads the items that follow it in the same
    sentence, separated by ";" or "và". Past the first item the issuer is given only when the citation's code confirms
    one of the bodies named before the verb (a title may itself hold a ";")."""
    window = ctx.form[max(0, kind_start - 1200) : kind_start]
    stop = max(window.rfind(". "), window.rfind(".\n"))
    window = window[stop + 1 :] if stop >= 0 else window
    sep = _LIST_SEP.search(window)
    if sep is None:
        return None
    for pattern, name in _issuer_res():
        for m in pattern.finditer(window, 0, sep.start()):
            verb = _ISSUER_VERB.match(window, m.end())
            if not verb or not _item_start().match(window, verb.end()):
                continue
            end, _, chosen = _coordinated(window, (m.end(), -m.start(), name), number)
            if chosen in _cfg()["issuer_codes"] and _code_fits(chosen, number):
                return _with_province(ctx, chosen, kind_start - len(window) + end)
    return None


_LIST_HEAD_TAIL = regex.compile(r"[^:;.]{0,30}:")
# "UBND tỉnh đã ban hành các văn bản: Kế hoạch số …", "… ban hành các văn bản liên quan đến …, như: Kế hoạch số …"
_ISSUED_LIST = regex.compile(r"\s+(?:da\s+|duoc\s+)?(?:ky\s+)?ban\s+hanh(?:[^:;.]{0,40}|\s+(?:cac|nhieu)\s+van\s+ban[^:;.]{0,140}):")


def _list_head_issuer(ctx: Context, kind_start: int, number: str) -> str | None:
    """"… các Quyết định, Kế hoạch của UBND tỉnh: Kế hoạch số 184/…, Kế hoạch số 204/…, Quyết định số 571/…":
    a head "của <issuer>:" covers every item of the list after it, up to the next ";" or full stop — unless
    the item's own code names another issuer (a Government resolution listed among the Party's)."""
    window = ctx.form[max(0, kind_start - 600) : kind_start]
    stop = max(window.rfind(". "), window.rfind(".\n"))
    window = window[stop + 1 :] if stop >= 0 else window
    base = kind_start - len(window)
    heads: list[tuple[int, int, int, str]] = []  # the head nearest the citation, then the longest name
    for pattern, name in _issuer_res():
        for m in pattern.finditer(window):
            tail = _LIST_HEAD_TAIL.match(window, m.end())
            if tail and regex.search(r"cua\s+$", window[: m.start()]):
                heads.append((tail.end(), m.end() - m.start(), m.end(), name))
                continue
            issued = _ISSUED_LIST.match(window, m.end())
            if issued and not regex.search(r"(?:cua|giao|voi|cho)\s+$", window[: m.start()]):
                heads.append((issued.end(), m.end() - m.start(), m.end(), name))
    if not heads:
        return None
    head_end, _, end, name = max(heads)
    if not _code_fits(name, number):
        return None
    if ";" in window[head_end:] and not _items_across_semicolons(window[head_end:], name):
        return None
    return _with_province(ctx, name, base + end)


@lru_cache(maxsize=1)
def _item_start() -> regex.Pattern:
    kinds = sorted(_cfg()["kinds"], key=len, reverse=True)
    kind = r"(?:" + "|".join(k.replace(" ", r"\s+") for k in kinds) + r")"
    return regex.compile(rf"\s*(?:{kind}\s+(?:so\s+)?|so\s+)\d")  # "…: số 62/…; số 106/…" under one kind


def _items_across_semicolons(listed: str, issuer: str) -> bool:
    """A list may separate its items by ";" ("như: Kế hoạch số …; Chỉ thị số …; Công văn số …"): the
    head still covers an item past a ";" when every ";" opens another cited document, and only for an
    issuer whose codes confirm the item (checked by the caller), since a ";" usually ends the list."""
    if issuer not in _cfg()["issuer_codes"]:
        return False
    *middle, last = listed.split(";")[1:]
    return all(_item_start().match(part) for part in middle) and regex.fullmatch(r"\s*(?:va\s+)?(?:so\s+)?", last) is not None


def _code_fits(issuer: str, number: str) -> bool:
    """Whether the citation's code names this issuer: the last segment ("76/NQ-CP"), or the first one
    of a letter code ("1116/UBND-NC", whose last segment is the drafting office)."""
    codes = _cfg()["issuer_codes"].get(issuer)
    if codes is None:
        return True
    letters = [p for p in regex.split(r"[-/]", number) if p and not p[0].isdigit()]
    return bool(letters) and (letters[-1] in codes or letters[0] in codes and letters[0] not in _cfg()["code_kinds"])


_PLACE = regex.compile(r"(?:\s+\p{Lu}\p{Ll}*){1,3}")


def _place_name(ctx: Context, pos: int) -> str | None:
    """"UBND huyện Yên Mỹ đã ban hành …": the capitalised words naming the district or city, with their
    leading space (the match form is lower-cased, so capitals are read from the original text)."""
    m = _PLACE.match(ctx.text, pos)
    return " " + " ".join(m.group().split()) if m else None


def _gap_text(ctx: Context, a: _Ref, b: _Ref) -> str:
    """What separates two citations, without the date that follows the first."""
    gap = ctx.form[a.end : b.ref.span.start]
    return _DATE_AFTER.sub("", gap, count=1) if a.ref.date else gap


def _share_in_groups(ctx: Context, refs: list[_Ref]) -> list[_Ref]:
    """"Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25/10/2017 của …": the date and issuer
    after the last of a list of documents of one kind belong to each of them."""
    out = list(refs)
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and out[j].ref.issuer is None
            and out[j + 1].ref.kind == out[i].ref.kind
            and _GROUP_GAP.match(_gap_text(ctx, out[j], out[j + 1]))
        ):
            j += 1
        last = out[j].ref
        if j > i and (last.date or last.issuer):
            for k in range(i, j):
                r = out[k].ref
                out[k] = replace(out[k], ref=replace(r, date=r.date or last.date, issuer=r.issuer or last.issuer))
        i = j + 1
    return out

