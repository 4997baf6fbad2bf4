"""What a report says about itself: province, issuing body, number and date, kind, period, title.

Vietnamese administrative documents follow one layout (Nghị định 30/2020/NĐ-CP): issuing body and
"Số: …" top left, place and date top right, the kind in capitals ("BÁO CÁO") with the title under
it; compilations of conference contributions open each part with "ĐƠN VỊ: …".
"""

from __future__ import annotations

from datetime import date

import regex

from cchc.extractors.context import UNIT_HEADER
from cchc.extractors.doc_refs import canonical_number
from cchc.extractors.normalize import match_form
from cchc.extractors.subjects import canonical_unit, department_of_code, find_labels, unit_named_in
from cchc.gazetteers.provinces import (
    MERGER_DATE,
    Province,
    current_provinces,
    districts,
    dominant_province,
    find_mentions,
    legacy_provinces,
    lookup,
    name_in_force,
    to_current,
)
from cchc.models import DocumentMeta
from cchc.periods import Period, find_periods, parse_date
from cchc.text import fold

_HEAD_LINES = 15
_UNIT_HEADER = UNIT_HEADER
_NUMBER = regex.compile(r"(?<![a-z])s[a-z0-9]?\s*:\s*(?P<code>\d{1,5}(?:/\d{4})?\s?[/-]\s?[\p{L}0][\p{L}\d&]{0,11}(?:\s?[-/]\s?[\p{L}\d&]{1,12}){0,3})")
_DATE = regex.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
# Kind headings, as a whole line in capitals, on the match form → kind.
_KIND_LINES = (
    (regex.compile(r"^\s*thong\s+bao\s*$"), "thông báo"),
    (regex.compile(r"^\s*bao\s+cao\s*$"), "báo cáo"),
    (regex.compile(r"^\s*ke\s+hoach\s*$"), "kế hoạch"),
    (regex.compile(r"^\s*quyet\s+dinh\s*$"), "quyết định"),
    (regex.compile(r"^\s*to\s+trinh\s*$"), "tờ trình"),
    (regex.compile(r"^\s*tham\s+luan\s*$"), "tham luận"),
    (regex.compile(r"^\s*cong\s+van\s*$"), "công văn"),
)
_TITLE_STOP = regex.compile(
    r"^\s*[-_~*]?\s*(?:kinh\s+(?:gui|thua)|th[a-z]{0,3}\s+hien|can\s+cu|phan\s+thu|ngay\s+\d|[ivx]+\.\s|\d+\.\s|so\s*:|noi\s+nhan|truoc\s+het)"
)
_ISSUER_VERB = regex.compile(r"(?:tran\s+trong\s+)?(?:bao\s+cao|thong\s+bao)\s+(?:ket\s+qua|den|nhu\s+sau|\.|/)")
_SIGNED = regex.compile(r"(?m)^\s*ky\s+boi\s*:\s*(?P<who>[^\n]+)$")
_RESULT_PERIOD = regex.compile(r"(?:ket\s+qua|bao\s+cao|so\s+ket|tong\s+ket)[a-z ,]{0,30}$")
_LETTERHEAD_LINES = 6
_MOTTO = regex.compile(r"\s+(?:cong\s+hoa\s+xa\s+hoi|[a-z]{2,5}\s+[[(|]?lap\s*-\s*[a-z]{1,3}\s+d[a-z]{1,2}\b)")  # OCR: "Được lập - Tỷ đô", "Độc [lập"
_HEAD_BODIES = (
    (regex.compile(r"^\s*(?:uy\s+ban\s+nhan\s+dan|ubnd)\b"), "UBND tỉnh"),
    (regex.compile(r"^\s*(?:hoi\s+dong\s+nhan\s+dan|hdnd)\b"), "HĐND tỉnh"),
)


def extract_metadata(text: str) -> DocumentMeta:
    """The report's own metadata; fields the text does not give are None."""
    form = match_form(text)
    lines = _lines(text)
    prov = _header_province(text, lines) or dominant_province(text)
    unit = _UNIT_HEADER.search(text[:400])
    issuer = _issuer(text, form, lines, unit, prov.code if prov else None)
    number = _doc_number(form, text, lines)
    if issuer in (None, "UBND tỉnh", "UBND thành phố") and number:
        issuer = department_of_code(number) or issuer  # "UBND TỈNH X / Ne) NỘI VỤ", "Số: 1186/BC-SNV"
    if prov is None and issuer:
        prov = _province_of_district(issuer)
    kind, kind_line = _report_kind(form, lines, unit is not None)
    title = _title(text, form, lines, kind_line, unit)
    period = _period(text, title, unit, lines)
    doc_date = _doc_date(form, text, lines)
    prov = _province_of_era(prov, doc_date, period)
    return DocumentMeta(
        province=prov.name if prov else None,
        province_code=prov.code if prov else None,
        issuer=issuer,
        doc_number=number,
        doc_date=doc_date,
        report_kind=kind,
        period_label=period.label if period else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        title=title,
    )


def _header_province(text: str, lines: list[tuple[int, int]]) -> Province | None:
    """The one province the letterhead names ("ỦY BAN NHÂN DÂN / TỈNH PHÚ YÊN", "Phú Yên, ngày …"):
    it outweighs provinces the body mentions more often for comparison."""
    head = "\n".join(text[s:e] for s, e in lines[:_LETTERHEAD_LINES])
    found = {p.code: p for p, _, _, _ in find_mentions(head)}
    return next(iter(found.values())) if len(found) == 1 else None


def _province_of_era(prov: Province | None, doc_date: date | None, period) -> Province | None:
    """A report issued after the July 2025 merger speaks for one of the 34 provinces, even where its
    name is also a legacy one (Lào Cai was 10, is 15) or the text still names a merged province; one
    issued before it names the province as it was called then."""
    issued = doc_date or (period.start if period else None)
    if prov is None or prov.era != "legacy" or issued is None:
        return prov
    if issued < MERGER_DATE:
        return name_in_force(prov, issued)
    return to_current(prov.code) or prov


def _province_of_district(issuer: str) -> Province | None:
    """A district's report that never names its province ("UBND huyện Nghi Lộc") still has one."""
    m = regex.match(r"UBND (?:huyện|thị xã|thành phố|quận) (?P<name>.+)$", issuer)
    if not m:
        return None
    codes = {d.province_code for d in districts() if d.name == m.group("name")}
    if len(codes) != 1:
        return None
    code = codes.pop()
    return next((p for p in legacy_provinces() if p.code == code), None)


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans; a header line printed beside the national motto ("UBND TỈNH X      CỘNG HÒA XÃ
    HỘI …") ends where the motto begins."""
    out, pos = [], 0
    for line in text.split("\n"):
        motto = _MOTTO.search(fold(line))
        out.append((pos, pos + (motto.start() if motto else len(line))))
        pos += len(line) + 1
    return out


def _head(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return lines[:_HEAD_LINES]


def _report_kind(form: str, lines: list[tuple[int, int]], is_unit: bool) -> tuple[str | None, int | None]:
    for i, (s, e) in enumerate(_head(lines)):
        line = form[s:e]
        for pattern, kind in _KIND_LINES:
            if pattern.match(line):
                if kind == "thông báo" and regex.search(r"\bket\s+lu[a-z]n\b", form[e : e + 200]):
                    return "thông báo kết luận", i
                return kind, i
    if is_unit:
        return "tham luận", None
    head = form[: lines[min(len(lines), _HEAD_LINES) - 1][1]] if lines else ""
    if regex.search(r"\bso\s+ket\b|\bbao\s+cao\b", head) or _ISSUER_VERB.search(form):
        return "báo cáo", None
    return None, None


TITLE_LINE_MAX = 110  # characters: a title line is short, prose runs to the margin


def _body_line(line: str) -> bool:
    """A paragraph written on one line (text files, some PDF extractions): longer than any
    title line. (A full stop is no sign: titles printed over two lines may end with one.)"""
    return len(line) > TITLE_LINE_MAX


def _title(text: str, form: str, lines: list[tuple[int, int]], kind_line: int | None, unit: regex.Match | None) -> str | None:
    if kind_line is not None:
        first = kind_line + 1
    elif unit is not None:
        first = next(i for i, (s, e) in enumerate(lines) if s <= unit.start() < e + 1) + 1
    else:
        first = 0
    double_spaced = _double_spaced(text, lines)
    parts: list[str] = []
    blanks = 0
    window = lines[first : first + 16]
    for k, (s, e) in enumerate(window):
        line, fline = text[s:e].strip(), form[s:e]
        if not line:
            blanks += 1
            if parts and (not double_spaced or blanks > 1) and not _continues(text, parts[-1], window[k + 1 :]):
                break
            continue
        blanks = 0
        # "Kết quả … năm 2024;" then "phương hướng, nhiệm vụ năm 2025": one title in two parts
        if _TITLE_STOP.match(fline) or line.endswith("!") or line.endswith(";") and not _goes_on(text, window[k + 1 :]):
            break
        if parts and _body_line(line):
            break  # text without blank lines (pdfplumber, OCR): the title ends where prose begins
        parts.append(line)
        if sum(len(p) for p in parts) > 400:
            return None
    if not parts:
        return None
    title = " ".join(" ".join(parts).split())
    prefix = regex.match(r"\s*n[a-z0-9]{1,3}i\s+dung\s*:\s*", match_form(title))
    title = title[prefix.end() :] if prefix else title
    return title.strip(" .,;:-~_") or None


def _continues(text: str, last: str, rest: list[tuple[int, int]]) -> bool:
    """A title wrapped over a blank line: the last part does not end a sentence and the next
    non-empty line starts in lower case."""
    return not last.rstrip().endswith((".", ":", ";", "!", "?")) and _goes_on(text, rest)


def _goes_on(text: str, rest: list[tuple[int, int]]) -> bool:
    """The next non-empty line starts in lower case: it carries on the line before."""
    nxt = next((text[s:e].strip() for s, e in rest if text[s:e].strip()), "")
    return bool(nxt) and nxt[0].islower()


def _double_spaced(text: str, lines: list[tuple[int, int]]) -> bool:
    sample = lines[:60]
    blank = sum(1 for s, e in sample if not text[s:e].strip())
    return len(sample) > 10 and blank / len(sample) > 0.35


def _period(text: str, title: str | None, unit: regex.Match | None, lines) -> Period | None:
    if title:
        periods = find_periods(title)
        periods = [p for p in periods if p.kind not in ("span", "range")] or periods
        return periods[0] if periods else None
    start = unit.end() if unit else 0
    opening = text[start : start + 900]
    form = match_form(opening)
    for p in find_periods(opening, form):
        if p.kind in ("span", "range"):
            continue
        if _RESULT_PERIOD.search(form[max(0, p.span[0] - 40) : p.span[0]]):
            return p
    return None


def _issuer(text: str, form: str, lines, unit: regex.Match | None, province_code: str | None) -> str | None:
    if unit is not None:
        return canonical_unit(unit.group("name"), province_code)
    head = [(s, e) for s, e in _head(lines) if text[s:e].strip()][:4]
    found = None
    for k, (s, e) in enumerate(head):  # "UBND TỈNH X / SỞ NỘI VỤ": the body under the parent is the issuer
        wrapped = form[s:e] + " " + form[head[k + 1][0] : head[k + 1][1]].strip() if k + 1 < len(head) else ""
        # "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG" on two lines; under "VĂN PHÒNG UBND TỈNH", a body of its own
        name = _body_filling(form[s:e], province_code) or _body_filling(wrapped, province_code)
        if name is None and found:
            return found
        found = name or found
    if found:
        return found
    for i, (s, e) in enumerate(head):
        line = form[s:e]
        for pattern, name in _HEAD_BODIES:
            if pattern.match(line):
                body = _city_body(name, form, head[i : i + 2])
                next_line = text[head[i + 1][0] : head[i + 1][1]] if i + 1 < len(head) else ""
                if body == "UBND tỉnh" and (local := _local_unit(next_line, province_code)):
                    return local
                below = head[i + 1 : i + 3]  # "UBND TỈNH X / VĂN PHÒNG": the office of that committee
                if any(regex.fullmatch(r"\s*van\s+phong\s*", form[a:b]) for a, b in below):
                    return f"Văn phòng {body}"
                return body
    for m in _ISSUER_VERB.finditer(form):
        before = form[max(0, m.start() - 60) : m.start()]
        labels = find_labels(before, 0, len(before), province_code)
        if labels and labels[-1].end >= len(before.rstrip()) - 1 and labels[-1].level in ("department", "body"):
            return labels[-1].name
    signed = _SIGNED.search(form)
    if signed:
        who = signed.group("who")
        labels = find_labels(who, 0, len(who), province_code)
        if labels:
            return labels[0].name
    return None


def _body_filling(line: str, province_code: str | None) -> str | None:
    """The department or body that is the whole of a letterhead line, not a sentence opening with one."""
    labels = find_labels(line, 0, len(line), province_code)
    indent = len(line) - len(line.lstrip())
    if (
        labels
        and labels[0].start <= indent + 2
        and labels[0].level in ("department", "body", "district")
        and _only_province_after(line[labels[0].end :])
    ):
        return labels[0].name
    return None


def _only_province_after(rest: str) -> bool:
    """Nothing, or the province's name, follows the body ("BẢO HIỂM XÃ HỘI TỈNH HÀ NAM")."""
    rest = rest.strip(" .,")
    return not rest or (len(rest.split()) <= 4 and lookup(rest) is not None)


def _local_unit(line: str, province_code: str | None) -> str | None:
    """"ỦY BAN NHÂN DÂN / XÃ MỸ HIỆP": a commune, ward or district issues the report. Its name is
    printed in capitals (restoration may lower some: "Xã Mỹ HIỆP") and the gazetteer may not list
    it (communes were merged and renamed in 2025)."""
    line = " ".join(line.split())
    capitals = all(word[:1].isupper() or not word[:1].isalpha() for word in line.split())
    return unit_named_in(line.title(), province_code) if capitals else None


_CITY_LINE = regex.compile(r"^\s*(?:(?:uy\s+ban\s+nhan\s+dan|ubnd|hoi\s+dong\s+nhan\s+dan|hdnd)\s+)?(?:thanh\s+pho|tp\.?)\s+(?P<name>[a-z][a-z ]+?)\s*$")


def _city_body(name: str, form: str, lines: list[tuple[int, int]]) -> str:
    """Hà Nội, Đà Nẵng, Huế… are cities ranking as provinces: their People's Committee is
    "UBND thành phố", not "UBND tỉnh"."""
    cities = {fold(p.full_name).removeprefix("thanh pho ") for p in (*legacy_provinces(), *current_provinces())
              if fold(p.full_name).startswith("thanh pho ")}
    for s, e in lines:
        m = _CITY_LINE.match(form[s:e])
        if m and " ".join(m.group("name").split()) in cities:
            return name.replace(" tỉnh", " thành phố")
    return name


def _doc_number(form: str, text: str, lines) -> str | None:
    head_end = lines[min(len(lines), _HEAD_LINES) - 1][1] if lines else 0
    m = _NUMBER.search(form, 0, head_end)
    if not m:
        return None
    return canonical_number(text[m.start("code") : m.end("code")])


def _doc_date(form: str, text: str, lines):
    head_end = lines[min(len(lines), _HEAD_LINES) - 1][1] if lines else 0
    m = _DATE.search(form, 0, head_end)
    return parse_date(text[m.start() : m.end()]) if m else None
