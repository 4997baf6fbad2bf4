"""The one parser for reporting periods and dates in Vietnamese reports.

A period is a label as written plus the calendar dates it covers: "6 tháng đầu năm 2022" =
2022-01-01..2022-06-30, "quý I/2023" = 2023-01-01..2023-03-31, "năm 2022" = the whole year.
Matching runs on the OCR-repaired folded form, so "6 thang diu nam 2022" works too.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import regex

from cchc.extractors.normalize import match_form
from cchc.text import fold

QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NAM = r"(?:nam|n[a-z]m)"  # năm; OCR gives "nim", "ndm"
_DAU = r"(?:dau|d[a-z]u)"  # đầu
_CUOI = r"(?:cuoi|cu[a-z]i)"

_PATTERNS: tuple[tuple[str, regex.Pattern], ...] = tuple(
    (kind, regex.compile(p))
    for kind, p in (
        ("range", r"(?:tu\s+ngay\s+)?(?P<d1>\d{1,2}/\d{1,2}/\d{4})\s*(?:den|-)\s*(?:het\s+)?(?:ngay\s+)?(?P<d2>\d{1,2}/\d{1,2}/\d{4})"),
        ("months_first", rf"(?P<n>\d{{1,2}})\s+thang\s+{_DAU}\s+{_NAM}\s+{_YEAR}"),
        ("months_last", rf"(?P<n>\d{{1,2}})\s+thang\s+{_CUOI}\s+{_NAM}\s+{_YEAR}"),
        ("months_plain", rf"(?P<n>\d{{1,2}})\s+thang\s+(?:{_NAM}\s+)?{_YEAR}"),
        ("quarter_and_year", rf"quy\s+(?:iv|4)\s+va\s+(?:ca\s+)?{_NAM}\s+{_YEAR}"),  # "quý IV và năm 2024": the year's report
        ("quarter", rf"quy\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*[/-]\s*|\s+{_NAM}\s+){_YEAR}"),
        ("half", rf"nua\s+(?P<h>dau|cuoi)\s+{_NAM}\s+{_YEAR}"),
        ("month", rf"thang\s+(?P<m>\d{{1,2}})\s+{_NAM}\s+{_YEAR}"),
        ("span", r"giai\s+doan\s+(?P<y1>(?:19|20)\d\d)\s*-\s*(?P<y2>(?:19|20)\d\d)"),
        ("month", rf"thang\s+(?P<m>\d{{1,2}})\s*/\s*{_YEAR}"),
        ("year", rf"{_NAM}\s+{_YEAR}"),
    )
)
_NUMERIC_DATE = regex.compile(r"(?<!\d)(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)(?!\d)")
_WORDED_DATE = regex.compile(
    r"(?:ngay\s+)?(?<![\d/])(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+(?:nam|n[a-z]m)\s+(?P<y>(?:19|20)\d\d)"
)


@dataclass(frozen=True, slots=True)
class Period:
    label: str  # as written in the text
    start: date
    end: date
    kind: str
    span: tuple[int, int] = (0, 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _dates(kind: str, m: regex.Match) -> tuple[date, date] | None:
    g = m.groupdict()
    if kind == "range":
        a, b = parse_date(g["d1"]), parse_date(g["d2"])
        return (a, b) if a and b and a <= b else None
    year = int(g["year"]) if g.get("year") else 0
    if kind in ("months_first", "months_plain"):
        n = int(g["n"])
        return (date(year, 1, 1), _month_end(year, n)) if 1 <= n <= 12 else None
    if kind == "months_last":
        n = int(g["n"])
        return (date(year, 13 - n, 1), date(year, 12, 31)) if 1 <= n <= 12 else None
    if kind == "quarter":
        q = QUARTERS[g["q"]]
        return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if kind == "half":
        return (date(year, 1, 1), date(year, 6, 30)) if g["h"] == "dau" else (date(year, 7, 1), date(year, 12, 31))
    if kind == "span":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return (date(y1, 1, 1), date(y2, 12, 31)) if y1 <= y2 else None
    if kind == "month":
        mo = int(g["m"])
        return (date(year, mo, 1), _month_end(year, mo)) if 1 <= mo <= 12 else None
    return date(year, 1, 1), date(year, 12, 31)


_CANONICAL = {
    "months_first": "{n} tháng đầu năm {year}",
    "months_last": "{n} tháng cuối năm {year}",
    "months_plain": "{n} tháng năm {year}",
    "year": "năm {year}",
}


def _label(kind: str, m: regex.Match, written: str) -> str:
    """The label as written, unless OCR damaged its words ("6 tháng diu năm 2022"): then the
    canonical wording of the same period."""
    template = _CANONICAL.get(kind)
    if template is None:
        return written
    canon = template.format(**{k: v for k, v in m.groupdict().items() if v})
    return written if fold(written) == fold(canon) else canon


# "6 tháng đầu năm và phương hướng 6 tháng cuối năm 2023", "quý I và nhiệm vụ quý II/2023": a
# period written without its year takes the year of the next period, when one follows closely.
_YEARLESS: tuple[tuple[str, regex.Pattern], ...] = tuple(
    (kind, regex.compile(p))
    for kind, p in (
        ("months_first", rf"(?P<n>\d{{1,2}})\s+thang\s+{_DAU}\s+{_NAM}(?!\s+(?:19|20)\d\d)"),
        ("months_last", rf"(?P<n>\d{{1,2}})\s+thang\s+{_CUOI}\s+{_NAM}(?!\s+(?:19|20)\d\d)"),
        ("quarter", r"quy\s+(?P<q>iv|iii|ii|i|[1-4])\b(?!\s*[/-]?\s*(?:nam\s+)?(?:19|20)\d\d)"),
    )
)
_YEARLESS_REACH = 120


def _borrow_years(text: str, form: str, found: list[Period], taken: list[tuple[int, int]]) -> list[Period]:
    out = []
    for kind, pattern in _YEARLESS:
        for m in pattern.finditer(form):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            nxt = next((p for p in found if m.end() <= p.span[0] <= m.end() + _YEARLESS_REACH and p.kind != "range"), None)
            if nxt is None or regex.search(r"[.;]", form[m.end() : nxt.span[0]]):
                continue
            groups = {**m.groupdict(), "year": str(nxt.start.year)}
            dates = _dates(kind, _Groups(groups))  # type: ignore[arg-type]
            if dates is None:
                continue
            taken.append((m.start(), m.end()))
            written = " ".join(text[m.start() : m.end()].split())
            label = f"{written}/{nxt.start.year}" if kind == "quarter" else f"{written} {nxt.start.year}"
            out.append(Period(label, dates[0], dates[1], kind, (m.start(), m.end())))
    return out


class _Groups:
    """Just enough of a match object for ``_dates``."""

    def __init__(self, groups: dict[str, str | None]) -> None:
        self._groups = groups

    def groupdict(self) -> dict[str, str | None]:
        return self._groups


def find_periods(text: str, form: str | None = None) -> list[Period]:
    """Every period in ``text``, longest match first at each place, in text order."""
    form = match_form(text) if form is None else form
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _WORDED_DATE.finditer(form)]  # "ngày 1 tháng 3 năm 2023" is a date
    found: list[Period] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(form):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            dates = _dates(kind, m)
            if dates is None:
                continue
            taken.append((m.start(), m.end()))
            written = " ".join(text[m.start() : m.end()].split())
            found.append(Period(_label(kind, m, written), dates[0], dates[1], kind, (m.start(), m.end())))
    found.sort(key=lambda p: p.span)
    found += _borrow_years(text, form, found, taken)
    return sorted(found, key=lambda p: p.span)


def parse_period(label: str) -> Period | None:
    """Parse one period label ("6 tháng đầu năm 2022"); ``None`` if it names no period."""
    periods = find_periods(label)
    return max(periods, key=lambda p: p.span[1] - p.span[0]) if periods else None


def parse_date(text: str) -> date | None:
    """Parse one date: "24/12/2021", "01/3/2023", "ngày 01 tháng 3 năm 2023"."""
    form = match_form(text)
    m = _NUMERIC_DATE.search(form) or _WORDED_DATE.search(form)
    return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def find_dates(text: str, form: str | None = None) -> list[tuple[date, int, int]]:
    """Every date in ``text`` with its offsets."""
    form = match_form(text) if form is None else form
    out = []
    for pattern in (_NUMERIC_DATE, _WORDED_DATE):
        for m in pattern.finditer(form):
            d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
            if d:
                out.append((d, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])
