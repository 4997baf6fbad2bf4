"""Tables printed as text: a header row naming what each column measures, then one row per unit
(or per index). Reports put the per-district and per-department figures there. OCR keeps the column
rules as "|" when the table has them; a table without rules comes out as columns aligned by spaces,
or, from OCR and a PDF's text layer, as rows "1 Huyện Việt Yên 90,12 1 3" under a run-on header.
The prose rules cannot read them (a row is not a sentence), so this reads them by column, and the
prose rules leave table lines alone."""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import product
from pathlib import Path

import regex

from typing import TYPE_CHECKING

from cchc.extractors.catalog import metric_index
from cchc.extractors.indices import index_named_last
from cchc.extractors.subjects import (find_labels, level_group, level_named, trusted_place, unit_level,
                                      unit_named_in)
from cchc.models import Fact
from cchc.numbers import parse_number
from cchc.periods import QUARTERS
from cchc.spans import Span
from cchc.text import fold

if TYPE_CHECKING:
    from cchc.extractors.context import Context

DATA = Path(__file__).parent / "data" / "tables.toml"
_SEP = "|"
_MIN_CELLS = 3
_YEAR = regex.compile(r"\b(?:19|20)\d{2}\b")
_RANK_CELL = regex.compile(r"^(?P<n>\d{1,3})(?:\s*/\s*(?P<den>\d{1,3}))?$")
_VALUE_CELL = regex.compile(r"^(?P<num>\d[\d.,]*)\s*(?P<unit>%|diem)?$")
_BEFORE_TABLE = 400
_ROW_SHAPE = regex.compile(r"^[ \t]*\d{1,3}[.)]?[ \t]+\p{L}[^|\n]*\d[ \t]*%?[ \t]*$")
_FIGURE_IN_LABEL = regex.compile(r"\d[.,]\d|%|\d{3}")  # a row label holds no figure
_WHOLE_UNIT = regex.compile(r"toan\s+(?:tinh|thanh\s+pho|huyen|thi\s+xa|quan|xa|phuong)")  # the reporting unit's own row
_YEAR_HEADER = regex.compile(r"[ \t]*nam[ \t]{2,}[^\d\n]*$")
_TOTAL_ROW = regex.compile(r"tong(?:\s+(?:cong|so))?|cong")
_BARE_NAME = regex.compile(r"\p{Lu}\p{Ll}*(?:\s+(?:\p{Lu}\p{Ll}*|\d{1,2})){0,3}")
_ROW_NUMBER_HEADER = regex.compile(r"^(?:s[oố]\s+)?t\.?t\.?\s+|^stt\.?\s+", regex.I)  # "STT  Lĩnh vực": one header cell in an aligned table
_FIELD_NAME = regex.compile(r"\p{L}[\p{L} ,\-]{2,80}")
_HAS_DIGIT = regex.compile(r"\d")
_WORD_RUN = regex.compile(r"\S+(?: \S+)*")  # a header cell of an aligned table: words one space apart
_COLUMN_PERIOD = regex.compile(r"(?:thang\s+(?P<month>\d{1,2})|quy\s+(?P<quarter>[ivx]{1,3}|[1-4]))\s*(?:/|nam)\s*(?:19|20)\d{2}")
_LEVELS = frozenset(level_group(level) for level in ("tinh", "huyen", "xa"))
_DAMAGED_ROW = regex.compile(  # "21S6 Tư pháp | 92,15 12": number, label, then only figures and rules
    r"^[ \t]*(?P<number>\d{1,3}[.)]?[ \t]*[|1Il!]?[ \t]*)?(?P<label>\p{L}(?:[^|\d\n]|\d+(?=[ \t]*\p{L}))*?)[ \t|]*"
    r"(?P<tail>\d[\d \t|.,%Il!]*?)[ \t]*$")
_TAIL_TOKEN = regex.compile(r"[^\s|]+")
_LOST_RULE = regex.compile(r"[1Il!]")  # a rule OCR read as a character of its own
_SHARE = regex.compile(r"%|diem|ty le")  # a share or a score: a column's title, a figure's unit (up to 100)
_LEADING_ZERO = regex.compile(r"0\d")
_WHOLE_FIGURE = regex.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_WHOLE_DECIMAL = regex.compile(r"^[ \t|]*(?P<num>\d{1,3},(?P<dec>\d+))(?:[ \t|%]|$)")
_FIRST_DECIMAL = regex.compile(r"^[ \t|]*(?:[1Il!][ \t]+)?(?P<int>\d{1,4}),(?P<dec>\d+)")
_YEAR_ONLY = regex.compile(r"nam\s+(?:19|20)\d{2}\s*(?:\(\s*%\s*\))?")
_LISTED_KIND = regex.compile(r"(?:stt\s+)?(?:loai|nhom|danh\s+muc)\s+")  # "Loại DVCTT" lists DVCTT
_RANK_CHANGE_CELL = regex.compile(r"(?:tang|giam)\s+\d{1,2}\s+bac")
_SIGNED_CHANGE = regex.compile(r"(?P<sign>[+-])\s*\d{1,2}")
_DATED = regex.compile(r"\s*(?:nam\s+)?(?:19|20)\d{2}\s*$")  # "Điểm năm 2023": a role's title with its year
_PERIOD_TITLE = regex.compile(r"(?:nam|thang|quy)\s+[\divx]{1,4}(?:\s*/\s*\d{4})?")  # a wrapped title's second line
_NOTES_TITLE = regex.compile(r"\bghi\s+chu\s*$")
_HEADER_GAP = 2  # rows follow the header and each other at most this many lines apart (one blank line)


@dataclass(frozen=True)
class Cell:
    text: str  # folded
    start: int
    end: int
    repaired: bool = False  # read from a row whose rules OCR garbled: less sure


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int


@dataclass(frozen=True)
class UnitColumn:
    pattern: regex.Pattern
    subject: str
    total: str
    whole: bool = False  # its total row is the reporting unit's own figure


@dataclass(frozen=True)
class Column:
    pattern: regex.Pattern
    metric: str
    follows: str | None = None


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _columns() -> tuple[Column, ...]:
    return tuple(Column(regex.compile(c["pattern"]), c["metric"], c.get("follows")) for c in _data()["column"])


@lru_cache(maxsize=1)
def _unit_columns() -> tuple[UnitColumn, ...]:
    return tuple(UnitColumn(regex.compile(c["pattern"]), c["subject"], c["total"], c.get("whole", False))
                 for c in _data()["unit_column"])


def find_tables(text: str, form: str) -> list[Table]:
    """The ruled tables ("|") and the aligned ones of ``text``."""
    found = _ruled_tables(text, form)
    for table in (*_aligned_tables(text, form), *_aligned_row_measure_tables(text, form)):
        if not any(t.start <= table.start < t.end or table.start <= t.start < table.end for t in found):
            found.append(table)
    return sorted(found, key=lambda t: t.start)


def _ruled_tables(text: str, form: str) -> list[Table]:
    """Runs of lines with at least three "|"-separated cells, the first being the header. Cells
    are found in ``text`` and read in its match form ``form`` (which turns "|" into "l"). OCR puts
    blank lines between rows and misreads some rules as "1" ("21S6 Tư pháp | 92,15 12" for "2 | Sở
    Tư pháp | 92,15 | 2"): blank lines do not end a table, and a numbered row whose cells do not
    line up with the header is mended where that is unambiguous (`_mended_rows`), else skipped."""
    tables: list[Table] = []
    run: list[tuple[Cell, ...]] = []
    damaged: list[tuple[int, str]] = []
    for pos, _, line in _lines(text) + [(len(text), len(text), ".")]:
        cells = _cells(line, pos, form) if line.count(_SEP) >= _MIN_CELLS - 1 else ()
        if run and len(cells) != len(run[0]) and _is_damaged_row(line):
            damaged.append((pos, line))
            continue
        if not line.strip() or (cells and run and len(cells) != len(run[0])):
            continue
        if cells and not (run and _names_columns(cells)):
            run.append(cells)
            continue
        rows = sorted(run[1:] + _mended_rows(run, damaged, text, form), key=lambda r: r[0].start)
        if rows:
            tables.append(Table(run[0], tuple(rows), run[0][0].start, max(r[-1].end for r in rows)))
        run, damaged = ([cells] if cells else []), []
    return tables


def _is_damaged_row(line: str) -> bool:
    """A row whose rules OCR lost in part: numbered, or keeping at least one "|" ("Cấp xã | 152.730
    1 99,76 1 99,31"), so that a sentence ending in a figure below a table is no row."""
    m = _DAMAGED_ROW.match(line)
    return m is not None and (m.group("number") is not None or _SEP in line)


def _mended_rows(run: list[tuple[Cell, ...]], damaged: list[tuple[int, str]], text: str,
                 form: str) -> list[tuple[Cell, ...]]:
    """Rows whose rules OCR lost or read as "1", rebuilt to the header's width. The row's label is
    what follows its number; its figures are kept whole when exactly one reading of them fits every
    column (`_split_figures`), else only the first figure is kept, and only when the column's
    other figures fix how it ends: damage adds digits ("91,0213" for "91,02 | 3") and never removes
    them, so a score column printed with two decimals is cut after two, and a leading "1" that
    lifts a percentage over 100 was a rule. Empty cells stand for what could not be read."""
    if not run or not damaged:
        return []
    header = run[0]
    first = 1 if header[0].text.strip(" .") in ("stt", "tt") else 0  # a row-number column
    width = len(header) - first - 1
    parsed = [(pos, _DAMAGED_ROW.match(line)) for pos, line in damaged]
    titles = header[first + 1 :]
    leading = [tokens[0][0].text for tokens in (_tail_tokens(m, pos, text) for pos, m in parsed) if tokens and tokens[0][1]]
    ceilings = _ceilings(run[1:], titles, first, leading)
    decimals, printed = _column_format([r[first + 1].text for r in run[1:]] + [m.group("tail") for _, m in parsed])
    limit = min(ceilings[0], 100.0 if printed <= 100 else math.inf)
    rows = []
    for pos, m in parsed:
        label = Cell(form[pos + m.start("label") : pos + m.end("label")], pos + m.start("label"), pos + m.end("label"))
        values = _split_figures(m, pos, text, titles, ceilings) or _first_figure(m, pos, decimals, limit)
        if values:
            empty = Cell("", label.start, label.start)
            cells = [empty] * first + [label] + values + [Cell("", values[-1].end, values[-1].end)] * (width - len(values))
            rows.append(tuple(cells))
    return rows


def _split_figures(m: regex.Match, pos: int, text: str, titles: tuple[Cell, ...],
                   ceilings: list[float]) -> list[Cell]:
    """The row's figures, one per column, when OCR kept them apart. Rules it read as "1" standing
    alone are dropped where exactly they are too many ("152.730 1 99,76 1 99,31" under three
    columns). Where only a space parts two figures, the rule between them may have become a "1" at
    the end of one or the start of the other ("6.271 199,79", "| 1361 98" for "| 136 | 98"): the
    figures are kept only when one reading alone fits every column (a share or score up to its
    column's ceiling, a count without a stray decimal, no leading zero). Read in the text: the
    match form turns digits beside letters into letters."""
    tokens = _without_lone_rules(_tail_tokens(m, pos, text), len(titles))
    if len(tokens) != len(titles):
        return []
    ruled_after = [t[1] for t in tokens[1:]] + [True]
    if any(_LOST_RULE.fullmatch(t.text) and not ruled and not after for (t, ruled), after in zip(tokens, ruled_after)):
        return []  # a lone "1" between spaces: a rank of 1, or a rule with a figure run into its neighbour
    readings = {tuple(cells) for cells in _readings(tokens)
                if all(_fits(c.text, t, top) for c, t, top in zip(cells, titles, ceilings))}
    return list(readings.pop()) if len(readings) == 1 else []


def _without_lone_rules(tokens: list[tuple[Cell, bool]], width: int) -> list[tuple[Cell, bool]]:
    """The tokens without the lone "1"s, where they are exactly as many as the tokens too many; the
    figure after a dropped one counts as parted by a rule."""
    lone = [bool(_LOST_RULE.fullmatch(t.text)) for t, _ in tokens]
    if len(tokens) - width <= 0 or sum(lone) != len(tokens) - width:
        return tokens
    kept, ruled = [], False
    for (t, after_rule), is_rule in zip(tokens, lone):
        if not is_rule:
            kept.append((t, after_rule or ruled))
        ruled = is_rule
    return kept


def _tail_tokens(m: regex.Match, pos: int, text: str) -> list[tuple[Cell, bool]]:
    """The figures of a damaged row's tail, each with whether a "|" parts it from what precedes."""
    out, last = [], pos + m.end("label")
    for t in _TAIL_TOKEN.finditer(text, pos + m.start("tail"), pos + m.end("tail")):
        out.append((Cell(t.group(), t.start(), t.end()), _SEP in text[last : t.start()]))
        last = t.end()
    return out


def _readings(tokens: list[tuple[Cell, bool]]) -> list[list[Cell]]:
    """Every way the rules lost in the unruled gaps may have been absorbed: nowhere, as a "1"
    ending the figure before, or as a "1" starting the figure after (one rule per gap)."""
    options = []
    for k, (cell, ruled) in enumerate(tokens):
        gap: list[tuple[str | None, int]] = [(None, k)]
        if not ruled and k and tokens[k - 1][0].text.endswith("1") and len(tokens[k - 1][0].text) > 1:
            gap.append(("end", k - 1))
        if not ruled and cell.text.startswith("1") and len(cell.text) > 1:
            gap.append(("start", k))
        options.append(gap)
    out = []
    for choice in product(*options):
        cells = [c for c, _ in tokens]
        for side, k in choice:
            if side == "end":
                cells[k] = Cell(cells[k].text[:-1], cells[k].start, cells[k].end - 1, repaired=True)
            elif side == "start":
                cells[k] = Cell(cells[k].text[1:], cells[k].start + 1, cells[k].end, repaired=True)
        out.append(cells)
    return out


def _fits(figure: str, title: Cell, ceiling: float) -> bool:
    """A figure its column can hold: shares and scores up to the ceiling, other columns whole."""
    if _LEADING_ZERO.match(figure) or not _VALUE_CELL.match(figure):
        return False
    if not _holds_shares(title):
        return _WHOLE_FIGURE.fullmatch(figure) is not None
    num = parse_number(figure.rstrip("%"))
    return num is not None and num.value <= ceiling


def _holds_shares(title: Cell) -> bool:
    """A column of percentages or scores: its title says so, or names a measure counted so."""
    if _SHARE.search(title.text):
        return True
    metric = next((c.metric for c in _columns() if c.pattern.search(title.text)), "")
    return metric.endswith(".score") or (metric in metric_index() and metric_index()[metric].unit == "percent")


def _ceilings(rows: list[tuple[Cell, ...]], titles: tuple[Cell, ...], first: int,
              leading: list[str]) -> list[float]:
    """The largest figure each column may hold: 100 for a share or score, 1 where every figure the
    intact rows give it is a fraction (a DTI score "0,7236"); the first column also counts the
    ``leading`` figures of damaged rows, those a "|" still parts from their label."""
    out = []
    for j in range(len(titles)):
        texts = [r[first + 1 + j].text for r in rows if len(r) > first + 1 + j] + (leading if j == 0 else [])
        values = [f.value for f in (parse_number(t.rstrip("%")) for t in texts) if f is not None]
        out.append(1.0 if len(values) >= 2 and max(values) < 1 else 100.0 if _holds_shares(titles[j]) else math.inf)
    return out


def _column_format(figures: list[str]) -> tuple[int | None, float]:
    """How many decimals the first figure column prints (the fewest that two of its figures show
    whole, followed by a space, a rule or nothing) and the largest figure printed so."""
    whole = [(len(m.group("dec")), float(m.group("num").replace(",", ".")))
             for m in map(_WHOLE_DECIMAL.match, figures) if m]
    counts = Counter(d for d, _ in whole)
    seen = sorted(d for d, n in counts.items() if n >= 2)
    if not seen:
        return None, 0.0
    return seen[0], max(v for d, v in whole if d == seen[0])


def _first_figure(m: regex.Match, pos: int, decimals: int | None, limit: float) -> list[Cell]:
    """The first figure of a damaged row, cut to the column's decimals; in a column of figures up
    to a limit (100 for scores and percentages, 1 for fractions), a leading "1" that lifts one over
    it is a misread rule."""
    f = _FIRST_DECIMAL.match(m.group("tail"))
    if f is None or decimals is None or len(f.group("dec")) < decimals:
        return []
    a = pos + m.start("tail") + f.start("int")
    whole, dec = f.group("int"), f.group("dec")[:decimals]
    if float(f"{whole}.{dec}") > limit:
        if not whole.startswith("1") or float(f"{whole[1:]}.{dec}") > limit:
            return []
        whole, a = whole[1:], a + 1
    b = a + len(whole) + 1 + len(dec)
    return [Cell(f"{whole},{dec}", a, b, repaired=True)]


def _names_columns(cells: tuple[Cell, ...]) -> bool:
    """A header line: it names measured columns and holds no figure (a new table under the last)."""
    return not any(_VALUE_CELL.match(c.text) for c in cells) and any(
        col.pattern.search(c.text) for c in cells for col in _columns())


def _cells(line: str, offset: int, form: str) -> tuple[Cell, ...]:
    out, start = [], 0
    for part in line.split(_SEP):
        a = offset + start + len(part) - len(part.lstrip())
        b = a + len(part.strip())
        out.append(Cell(form[a:b], a, b))
        start += len(part) + 1
    return tuple(out)


def _aligned_tables(text: str, form: str) -> list[Table]:
    """A line naming k measured columns, then rows "label n₁ … n_k" (blank lines between them
    allowed). Both together keep prose out: a sentence rarely ends in a run of bare numbers, and
    never two in a row under such a header."""
    lines = _lines(text)
    tables: list[Table] = []
    for k, line in enumerate(lines):
        header = _aligned_header(line, form)
        if header is None:
            continue
        last = k  # the header or the last line shaped like a row
        if k + 1 < len(lines) and _continues_header(line, lines[k + 1], header, form):
            header, last = _two_line_header(line, lines[k + 1], header, form), k + 1
        noted = bool(_NOTES_TITLE.search(form, line[0], line[1]))
        rows, j = [], last + 1
        while j < len(lines) and j - last <= _HEADER_GAP:
            if lines[j][2].strip():
                row = _aligned_row(lines[j], form, len(header) - 1, noted)
                if row is not None:
                    rows.append(row)
                elif j == last + 1 and rows and not _HAS_DIGIT.search(lines[j][2]):
                    j += 1
                    continue  # the rest of a long label wrapped onto its own line
                elif not _ROW_SHAPE.match(lines[j][2]):
                    break  # a numbered row whose cells OCR ran together ("90,12 13") is skipped
                last = j
            j += 1
        if len(rows) > 1:
            tables.append(Table(header, tuple(rows), header[1].start, rows[-1][-1].end))
    return tables


def _aligned_row_measure_tables(text: str, form: str) -> list[Table]:
    """A header of titles two spaces apart naming a label and a result ("Chỉ số   Kết quả   Xếp
    hạng"), then rows with as many cells ("PAR INDEX 2021   84,53%   37/63   tăng 8 bậc")."""
    lines = _lines(text)
    tables: list[Table] = []
    for k, line in enumerate(lines):
        header = _spaced_cells(line, form)
        if len(header) < 2 or _SEP in line[2] or "value" not in _row_measure_roles(header):
            continue
        rows, last = [], k
        for j in range(k + 1, len(lines)):
            if j - last > _HEADER_GAP:
                break
            if not lines[j][2].strip():
                continue
            row = _spaced_cells(lines[j], form)
            if len(row) != len(header) or not _HAS_DIGIT.search(lines[j][2]):
                break
            rows.append(row)
            last = j
        if len(rows) > 1:
            tables.append(Table(header, tuple(rows), header[0].start, rows[-1][-1].end))
    return tables


def _spaced_cells(line: tuple[int, int, str], form: str) -> tuple[Cell, ...]:
    """The runs of a line's words set two spaces apart, a leading row number dropped."""
    start, _, raw = line
    cells = tuple(Cell(form[start + m.start() : start + m.end()], start + m.start(), start + m.end())
                  for m in _WORD_RUN.finditer(raw))
    return cells[1:] if cells and regex.fullmatch(r"\d{1,3}[.)]?|s?tt", cells[0].text) else cells


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _aligned_header(line: tuple[int, int, str], form: str) -> tuple[Cell, ...] | None:
    """A label placeholder, then one cell per measured column, found by the column patterns in
    reading order (a run-on OCR header has no spacing to split it by)."""
    start, end, raw = line
    if _SEP in raw or not raw.strip():
        return None
    hits = _one_per_title(form, list(_column_finder().finditer(form, start, end)))
    by_year = _YEAR_HEADER.match(form, start, end) is not None  # "Năm   Xếp hạng   Ghi chú": one measure is enough
    if len(hits) < (1 if by_year else _MIN_CELLS - 1):
        return None
    spaced = _spaced_columns(line, form)
    if len(spaced) >= len(hits):
        hits = spaced  # "Hồ sơ tiếp nhận  Trong đó trực tuyến  Tỷ lệ (%)": titles two spaces apart
    bounds = hits + [end]
    cells = [Cell(form[a:b].strip(), a, a + len(form[a:b].rstrip())) for a, b in zip(bounds, bounds[1:])]
    label = form[start : hits[0]]
    a = start + len(label) - len(label.lstrip())
    return (Cell(label.strip(), a, a + len(label.strip())), *cells)


def _one_per_title(form: str, found: list[regex.Match]) -> list[int]:
    """Where the measured columns start: "Điểm DTI" names one measure twice, in one title (but
    "Xếp hạng 2021 Xếp hạng 2020" and "Năm 2022 (%) Năm 2023 (%)" are two columns each)."""
    starts: list[int] = []
    last: tuple[regex.Match, str | None] | None = None
    for m in found:
        metric = next((c.metric for c in _columns() if c.pattern.match(form, m.start())), None)
        if not (last and last[1] == metric and form[last[0].end() : m.start()] == " "
                and last[0].group() != m.group() and not _HAS_DIGIT.search(last[0].group() + m.group())):
            starts.append(m.start())
        last = (m, metric)
    return starts


def _spaced_columns(line: tuple[int, int, str], form: str) -> list[int]:
    """Where the columns of a header set out with two spaces between titles start: from the first
    title that names a measure to the last one that does ("Ghi chú" after them holds no figure)."""
    start, _, raw = line
    runs = [(start + m.start(), start + m.end()) for m in _WORD_RUN.finditer(raw)]
    named = [i for i, (a, b) in enumerate(runs) if any(c.pattern.search(form[a:b]) for c in _columns())]
    if not named or named[0] == 0:
        return []
    return [a for a, _ in runs[named[0] : named[-1] + 1]]


def _continues_header(line: tuple[int, int, str], below: tuple[int, int, str], header: tuple[Cell, ...], form: str) -> bool:
    """The header's column titles wrapped onto the next line, under the measured columns only
    ("Tiếp nhận / tháng 10/2024", "Hồ sơ / quá hạn", "Tiếp nhận / năm 2022")."""
    text = below[2]
    titles = [form[below[0] + m.start() : below[0] + m.end()] for m in _WORD_RUN.finditer(text)]
    names = _column_finder().search(form, below[0], below[1]) is not None or (titles and all(map(_PERIOD_TITLE.fullmatch, titles)))
    if not text.strip() or _SEP in text or _ROW_SHAPE.match(text) or not names:
        return False
    indent = len(text) - len(text.lstrip())
    run_starts = {line[0] + m.start() for m in _WORD_RUN.finditer(line[2])}
    return indent >= header[1].start - line[0] - 2 and all(c.start in run_starts for c in header[1:])


def _two_line_header(line: tuple[int, int, str], below: tuple[int, int, str], header: tuple[Cell, ...],
                     form: str) -> tuple[Cell, ...]:
    """The header with its wrapped titles: columns are the runs of words of both lines (split at
    two spaces), each run below joined to the run above it that it overlaps most."""
    top = [m for m in _WORD_RUN.finditer(line[2]) if m.start() >= header[1].start - line[0]]
    titles = {m.start(): [form[line[0] + m.start() : line[0] + m.end()]] for m in top}
    for m in _WORD_RUN.finditer(below[2]):
        above = max(top, key=lambda t: min(t.end(), m.end()) - max(t.start(), m.start()))
        titles[above.start()].append(form[below[0] + m.start() : below[0] + m.end()])
    cells = [Cell(" ".join(titles[t.start()]), line[0] + t.start(), line[0] + t.end()) for t in top]
    return (header[0], *cells)


def _aligned_row(line: tuple[int, int, str], form: str, n_values: int, noted: bool = False) -> tuple[Cell, ...] | None:
    """The label and the last ``n_values`` numbers of a line (a label may hold a number of its
    own: "UBND phường Hà Giang 1  15.207  99,71"). Under a "Ghi chú" title a note may follow
    the figures one space after them, as OCR sets every word."""
    start, _, raw = line
    m = _aligned_row_pattern(n_values, noted).match(raw)
    if not m or (_FIGURE_IN_LABEL.search(m.group("label")) and not _YEAR.fullmatch(m.group("label"))):
        return None
    a, b = start + m.start("label"), start + m.end("label")
    cells = [Cell(form[a:b], a, b)]
    for i in range(1, n_values + 1):
        x, y = start + m.start(f"v{i}"), start + m.end(f"v{i}")
        cells.append(Cell(form[x:y].replace(" ", ""), x, y))
    return tuple(cells)


@lru_cache(maxsize=16)
def _aligned_row_pattern(n_values: int, noted: bool = False) -> regex.Pattern:
    values = "".join(rf"[ \t]+(?P<v{i}>\d[\d.,]*(?:[ \t]*%)?|-)" for i in range(1, n_values + 1))  # "-": none
    label = r"(?:\d{1,3}[.)]?[ \t]+)?(?P<label>\p{L}[^|\n]*?)"
    year_row = r"(?P<label>(?:19|20)\d{2})"  # a yearly series
    # "Đất đai, hộ tịch" under "Ghi chú", after the figures: one space apart only if it holds no figure
    note = r"(?:[ \t]{2,}\p{L}[^|\n]*" + (r"|[ \t]+\p{L}[^|\n\d]*" if noted else "") + ")?"
    return regex.compile(rf"^[ \t]*(?:{label}{values}|{year_row}{values}){note}[ \t]*$")


@lru_cache(maxsize=1)
def _column_finder() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{c.pattern.pattern})" for c in _columns()))


def table_facts(ctx: Context) -> list[Fact]:
    """The catalog figures of every table of the document, one per readable cell."""
    facts: list[Fact] = []
    for table in find_tables(ctx.text, ctx.form):
        facts.extend(_read(ctx, table))
    return facts


def _read(ctx: Context, table: Table) -> list[Fact]:
    roles = _row_measure_roles(table.header)
    if "value" in roles:
        return _rows_as_sentences(ctx, table, roles)
    measures = _measures(table.header)
    if not measures:
        return []
    header_index = index_named_last(" ".join(c.text for c in table.header))
    context_index = header_index or index_named_last(ctx.form[max(0, table.start - _BEFORE_TABLE) : table.start])
    if not context_index:
        measures = _years_of_the_caption(ctx, table, measures)
    evidence_head = " | ".join(ctx.text[c.start : c.end] for c in table.header)
    caption = next((s for s in ctx.sentences if s.start <= table.start < s.end), None)
    as_of = ctx.as_of(caption, table.start) if caption else None  # "(số liệu đến ngày 15/6/2020):"
    out: list[Fact] = []
    kinds = _unit_kinds(ctx, table.header)
    owners = [_row_owner(ctx, row, measures, kinds) for row in table.rows]
    named = {s for s, _ in owners if s is not False}
    levels_only = bool(named) and named <= _LEVELS
    for row, (subject, index) in zip(table.rows, owners):
        if subject is False and _is_total_row(row, measures):
            subject = None if levels_only else _level_of(named)  # under "Cấp tỉnh", "Cấp huyện", "Cấp xã": the whole locality
        if subject is False:
            continue
        index = index or context_index
        for col, template in measures.items():
            metric = template.format(index=index) if "{index}" in template else template
            if metric not in metric_index():
                continue
            fact = _cell_fact(ctx, row[col], metric, subject, evidence_head, as_of)
            if fact:
                out.append(fact)
    return out


def _rows_as_sentences(ctx: Context, table: Table, roles: dict[str, int]) -> list[Fact]:
    """"DVCTT toàn trình | 47 | 42,34" under "Loại DVCTT | Số lượng | Tỷ lệ (%)", "Tỷ lệ hồ sơ đúng
    hạn | % | 95 | 98,7" under "Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện": where the rows name
    what they measure, each row abbreviates a sentence ("DVCTT toàn trình là 47, chiếm 42,34%"),
    read by the prose rules on its own: the row names its measure, and the text around a table
    (its caption's "chỉ tiêu", a plan beside it) is no topic of its figures."""
    from cchc.extractors.context import Context
    from cchc.extractors.metrics import extract_facts

    evidence_head = " | ".join(ctx.text[c.start : c.end] for c in table.header)
    out: list[Fact] = []
    for row in table.rows:
        sentence, cells = _row_sentence(ctx, table, row, roles)
        if not sentence:
            continue
        for fact in extract_facts(Context(sentence, ctx.province_code, None, ctx.issuer, ctx.first_year)):
            placed = next(((a, c) for a, c in cells if a <= fact.span.start < a + c.end - c.start), None)
            if placed is not None and fact.subject is None:
                out.append(_row_fact(ctx, fact, *placed, evidence_head))
    return out


def _row_measure_roles(header: tuple[Cell, ...]) -> dict[str, int]:
    """Which header cell holds the row's label ("Chỉ số", "Loại DVCTT"), its figure ("Số lượng",
    "Thực hiện"), share, rank, change and unit; a plan's column ("Kế hoạch") is no result. Empty
    unless the header has a label column."""
    found: dict[str, list[tuple[tuple[int, int], int]]] = {}
    for i, cell in enumerate(header):
        title = _DATED.sub("", _ROW_NUMBER_HEADER.sub("", cell.text)).strip()
        role = next((r for r, pattern in _row_roles().items() if pattern.fullmatch(title)), None)
        if role:
            found.setdefault(role, []).append((_column_period(cell.text) or (9999, 0), i))
    # "Xếp hạng năm 2023 | Xếp hạng năm 2022": the latest column is the result, an undated one before all
    roles = {role: max(cells)[1] for role, cells in found.items()}
    return roles if "label" in roles else {}


@lru_cache(maxsize=1)
def _row_roles() -> dict[str, regex.Pattern]:
    return {role: regex.compile(p) for role, p in _data()["row_measures"].items()}


def _row_sentence(ctx: Context, table: Table, row: tuple[Cell, ...],
                  roles: dict[str, int]) -> tuple[str, list[tuple[int, Cell]]]:
    """The sentence a row abbreviates, and where each figure cell sits in it. A total row
    ("Tổng cộng") totals what the label column lists ("Loại DVCTT": "Tổng số DVCTT")."""
    if len(row) != len(table.header):
        return "", []
    label = " ".join(ctx.text[row[roles["label"]].start : row[roles["label"]].end].split())
    if not label:
        return "", []
    unit = ctx.text[row[roles["unit"]].start : row[roles["unit"]].end].strip() if "unit" in roles else ""
    if _TOTAL_ROW.fullmatch(fold(label)):
        listed = _listed_kind(ctx, table.header[roles["label"]])
        label, unit = (f"Tổng số {listed}", unit or listed) if listed else ("", "")
    value = row[roles["value"]]
    if not label or not _VALUE_CELL.match(value.text):
        return "", []
    written = ctx.text[value.start : value.end] + (" " + unit if unit and unit != "%" else unit)
    sentence = f"{label} {'đạt' if _SHARE.search(fold(written)) else 'là'} "  # "tỷ lệ … đạt 98%", "… là 47"
    cells = [(len(sentence), value)]
    sentence += written
    for role, lead, fits, suffix in _ROW_CLAUSES:
        cell = row[roles[role]] if role in roles else None
        signed = _SIGNED_CHANGE.fullmatch(cell.text) if cell is not None and role == "change" else None
        if signed:  # "+6", "-9" under "Tăng (+)/giảm (-)"
            lead, suffix = (", tăng " if signed.group("sign") == "+" else ", giảm "), " bậc"
        elif cell is None or not fits.fullmatch(cell.text):
            continue
        sentence += lead
        cells.append((len(sentence), cell))
        sentence += ctx.text[cell.start : cell.end] + suffix
    return sentence + ".", cells


# the clauses a row's other cells add to its sentence: (role, words before the cell, what the cell holds, after it)
_ROW_CLAUSES = (("share", ", chiếm ", _VALUE_CELL, "%"), ("rank", ", xếp thứ ", _RANK_CELL, ""),
                ("change", ", ", _RANK_CHANGE_CELL, ""))


def _listed_kind(ctx: Context, title: Cell) -> str | None:
    """What a label column lists ("DVCTT" of "Loại DVCTT"); None when its title does not say."""
    m = _LISTED_KIND.match(ctx.form, title.start, title.end)
    return (" ".join(ctx.text[m.end() : title.end].split()) or None) if m else None


def _row_fact(ctx: Context, fact: Fact, at: int, cell: Cell, evidence_head: str) -> Fact:
    """The fact found in a row's sentence, placed in the table's cell (copied into the sentence as
    written, at ``at``)."""
    start = cell.start + fact.span.start - at
    span = Span(start, min(cell.end, start + fact.span.end - fact.span.start))
    return replace(fact, span=span, evidence=_evidence(ctx, cell, evidence_head),
                   confidence=min(fact.confidence, 0.75), extractor="table")


def _evidence(ctx: Context, cell: Cell, evidence_head: str) -> str:
    """The header over the cell's whole row: a row is the table's sentence."""
    line_start = ctx.text.rfind("\n", 0, cell.start) + 1
    line_end = ctx.text.find("\n", cell.end)
    return f"{evidence_head}\n{ctx.text[line_start : line_end if line_end >= 0 else len(ctx.text)]}"


def _measures(header: tuple[Cell, ...]) -> dict[int, str]:
    """Column index → metric template, without the columns that look back at an earlier year."""
    found: dict[int, tuple[str, int | None]] = {}
    for i, cell in enumerate(header):
        before = found.get(i - 1, (None,))[0]
        if before and _YEAR_ONLY.fullmatch(cell.text):  # "Tỷ lệ đúng hạn (%) | Năm 2023 (%)": the same, a year back
            found[i] = (before, _column_period(cell.text))
            continue
        for col in _columns():
            if col.pattern.search(cell.text) and col.follows in (None, before):
                found[i] = (col.metric, _column_period(cell.text))
                break
    undated = {metric for metric, period in found.values() if period is None}
    latest: dict[str, tuple[int, int]] = {}
    for metric, period in found.values():
        if period is not None:
            latest[metric] = max(latest.get(metric, period), period)
    # "Điểm (%) | Xếp hạng | Năm 2021 (%)": beside an undated column, a dated one looks back
    return {i: m for i, (m, p) in found.items() if p is None or (m not in undated and p == latest[m])}


def _years_of_the_caption(ctx: Context, table: Table, measures: dict[int, str]) -> dict[int, str]:
    """"Bảng 2. Tỷ lệ hồ sơ tiếp nhận trực tuyến …" over "Đơn vị | Năm 2023 (%) | Năm 2022 (%)":
    columns titled only by a year measure what the caption names, where it names no index."""
    above = ctx.text[: max(0, ctx.text.rfind("\n", 0, table.header[0].start))].rstrip()  # OCR leaves blank lines between
    caption = ctx.form[above.rfind("\n") + 1 : len(above)]
    found = next((c.metric for c in _columns() if c.metric and c.follows is None and c.pattern.search(caption)), None)
    if found is None or "{index}" in found:
        return measures
    return {i: found if _YEAR_ONLY.fullmatch(table.header[i].text) else m for i, m in measures.items()}


def _column_period(title: str) -> tuple[int, int] | None:
    """(year, month) a column's title dates its figures to ("Tiếp nhận tháng 10/2024", "Xếp hạng
    2023"): of two columns of one measure, the earlier is a comparison."""
    year = _YEAR.search(title)
    if year is None:
        return None
    m = _COLUMN_PERIOD.search(title)
    if m is None:
        return int(year.group()), 0
    quarter = m.group("quarter")
    month = int(m.group("month")) if m.group("month") else 3 * QUARTERS[quarter]
    return int(year.group()), month


def _unit_kinds(ctx: Context, header: tuple[Cell, ...]) -> dict[int, tuple[UnitColumn, str]]:
    """Label columns whose header names a kind of unit ("Ấp"), with the kind as written."""
    out = {}
    for i, cell in enumerate(header):
        folded = _ROW_NUMBER_HEADER.sub("", cell.text)
        col = next((c for c in _unit_columns() if c.pattern.fullmatch(folded)), None)
        if col:
            written = _ROW_NUMBER_HEADER.sub("", " ".join(ctx.text[cell.start : cell.end].split()).lower())
            out[i] = (col, written.removeprefix("tên "))
    return out


def _row_owner(ctx: Context, row: tuple[Cell, ...], measures: dict[int, str],
               kinds: dict[int, tuple[UnitColumn, str]]) -> tuple[str | None | bool, str | None]:
    """(subject, index) of a row: a row naming an index is the province's; a row naming a unit is
    that unit's; False when the row names neither (a component index, a former province …)."""
    label_cells = [(i, c) for i, c in enumerate(row)
                   if i not in measures and c.text and (not _VALUE_CELL.match(c.text) or _YEAR.fullmatch(c.text))]
    for i, cell in label_cells:
        index = index_named_last(cell.text)
        if index:
            return None, index
        if _WHOLE_UNIT.fullmatch(cell.text) or _YEAR.fullmatch(cell.text):
            return None, None  # the reporting unit's own row, or a year of its series
        level = level_named(cell.text)
        if level:
            return level, None
        labels = find_labels(cell.text, 0, len(cell.text), ctx.province_code, ctx.text[cell.start : cell.end])
        if labels and labels[0].start == 0 and labels[0].end >= len(cell.text) - 1:
            return labels[0].name, None
        unit = unit_named_in(ctx.text[cell.start : cell.end], ctx.province_code)
        if unit:
            return unit, None
        if i in kinds:
            return _unit_of_kind(ctx.text[cell.start : cell.end], *kinds[i], ctx.province_code), None
    return False, None


def _level_of(units: set[str]) -> str | bool:
    """The level a table's rows make up when all of them (three or more) are communes, or all
    districts: its total row is that level's ("Tổng cộng" under fifteen "Xã …" rows)."""
    levels = {unit_level(u) for u in units}
    if len(units) < 3 or len(levels) != 1 or None in levels:
        return False
    return level_group(levels.pop())


def _is_total_row(row: tuple[Cell, ...], measures: dict[int, str]) -> bool:
    return any(_TOTAL_ROW.fullmatch(c.text) for i, c in enumerate(row) if i not in measures and c.text)


def _unit_of_kind(label: str, column: UnitColumn, kind: str, province_code: str | None) -> str | bool:
    """A bare name under a header naming its kind, or the column's total row (None: the reporting
    unit's own, as the total over its fields is)."""
    if _TOTAL_ROW.fullmatch(fold(label)):
        return None if column.whole else (column.total.format(kind=kind) or False)
    if "{field}" in column.subject:
        field = label.split("(")[0].strip(" ,;:")
        return column.subject.format(field=field.lower()) if _FIELD_NAME.fullmatch(field) else False
    name = trusted_place(label, kind, province_code) if _BARE_NAME.fullmatch(label) else None
    return column.subject.format(kind=kind, name=name) if name else False


def _cell_fact(ctx: Context, cell: Cell, metric: str, subject: str | None, evidence_head: str,
               as_of: date | None) -> Fact | None:
    spec = metric_index()[metric]
    text = cell.text
    rank_of = None
    if spec.unit == "rank":
        m = _RANK_CELL.match(text)
        if not m:
            return None
        value = float(m.group("n"))
        rank_of = int(m.group("den")) if m.group("den") else None
    else:
        m = _VALUE_CELL.match(text)
        num = parse_number(m.group("num")) if m else None
        if num is None or (spec.unit == "count" and not num.value.is_integer()):
            return None
        value = num.value
    return Fact(metric, value, spec.unit, Span(cell.start, cell.end), _evidence(ctx, cell, evidence_head),
                0.7 if cell.repaired else 0.8, "table", subject=subject, as_of=as_of, rank_of=rank_of)
