"""Tables printed as text: a header row naming what each column measures, then one row per unit
(or per index). Reports put the per-district and per-department figures there, and OCR keeps the
column rules as "|". The prose rules cannot read them (a row is not a sentence), so this reads
them by column, and the prose rules leave table lines alone."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import regex

from typing import TYPE_CHECKING

from cchc.extractors.catalog import metric_index
from cchc.extractors.indices import index_named_last
from cchc.extractors.subjects import find_labels
from cchc.models import Fact
from cchc.numbers import parse_number
from cchc.spans import Span

if TYPE_CHECKING:
    from cchc.extractors.context import Context

DATA = Path(__file__).parent / "data" / "tables.toml"
_SEP = "|"
_MIN_CELLS = 3
_YEAR = regex.compile(r"\b(?:19|20)\d{2}\b")
_RANK_CELL = regex.compile(r"^(?P<n>\d{1,3})(?:\s*/\s*(?P<den>\d{1,3}))?$")
_VALUE_CELL = regex.compile(r"^(?P<num>\d[\d.,]*)\s*(?P<unit>%|diem)?$")
_BEFORE_TABLE = 400


@dataclass(frozen=True)
class Cell:
    text: str  # folded
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int


@lru_cache(maxsize=1)
def _columns() -> tuple[tuple[regex.Pattern, str], ...]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple((regex.compile(c["pattern"]), c["metric"]) for c in data["column"])


def find_tables(text: str, form: str) -> list[Table]:
    """Runs of lines with at least three "|"-separated cells, the first being the header. Cells
    are found in ``text`` and read in its match form ``form`` (which turns "|" into "l"). OCR puts
    blank lines between rows and misreads some rules ("Phổ 19.315 199,41%" for "Phổ | 9.315 | 99,41%"):
    blank lines do not end a table, and a row whose cells do not line up with the header is skipped."""
    tables: list[Table] = []
    run: list[tuple[Cell, ...]] = []
    pos = 0
    for line in text.split("\n") + ["."]:
        cells = _cells(line, pos, form) if line.count(_SEP) >= _MIN_CELLS - 1 else ()
        pos += len(line) + 1
        if not line.strip() or (cells and run and len(cells) != len(run[0])):
            continue
        if cells:
            run.append(cells)
            continue
        if len(run) > 1:
            tables.append(Table(run[0], tuple(run[1:]), run[0][0].start, run[-1][-1].end))
        run = []
    return tables


def _cells(line: str, offset: int, form: str) -> tuple[Cell, ...]:
    out, start = [], 0
    for part in line.split(_SEP):
        a = offset + start + len(part) - len(part.lstrip())
        b = a + len(part.strip())
        out.append(Cell(form[a:b], a, b))
        start += len(part) + 1
    return tuple(out)


def table_facts(ctx: Context) -> list[Fact]:
    """The catalog figures of every table of the document, one per readable cell."""
    facts: list[Fact] = []
    for table in find_tables(ctx.text, ctx.form):
        facts.extend(_read(ctx, table))
    return facts


def _read(ctx: Context, table: Table) -> list[Fact]:
    measures = _measures(table.header)
    if not measures:
        return []
    context_index = index_named_last(ctx.form[max(0, table.start - _BEFORE_TABLE) : table.start])
    evidence_head = " | ".join(ctx.text[c.start : c.end] for c in table.header)
    caption = next((s for s in ctx.sentences if s.start <= table.start < s.end), None)
    as_of = ctx.as_of(caption, table.start) if caption else None  # "(số liệu đến ngày 15/6/2020):"
    out: list[Fact] = []
    for row in table.rows:
        subject, index = _row_owner(ctx, row, measures)
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


def _measures(header: tuple[Cell, ...]) -> dict[int, str]:
    """Column index → metric template, without the columns that look back at an earlier year."""
    found: dict[int, tuple[str, int | None]] = {}
    for i, cell in enumerate(header):
        for pattern, metric in _columns():
            if pattern.search(cell.text):
                year = _YEAR.search(cell.text)
                found[i] = (metric, int(year.group()) if year else None)
                break
    latest: dict[str, int] = {}
    for metric, year in found.values():
        if year is not None:
            latest[metric] = max(latest.get(metric, year), year)
    return {i: m for i, (m, y) in found.items() if y is None or y == latest[m]}


def _row_owner(ctx: Context, row: tuple[Cell, ...], measures: dict[int, str]) -> tuple[str | None | bool, str | None]:
    """(subject, index) of a row: a row naming an index is the province's; a row naming a unit is
    that unit's; False when the row names neither (a component index, a former province …)."""
    label_cells = [c for i, c in enumerate(row) if i not in measures and not _VALUE_CELL.match(c.text) and c.text]
    for cell in label_cells:
        index = index_named_last(cell.text)
        if index:
            return None, index
        labels = find_labels(ctx.form, cell.start, cell.end, ctx.province_code)
        if labels and labels[0].start == cell.start and labels[0].end >= cell.end - 1:
            return labels[0].name, None
    return False, None


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
    line_start = ctx.text.rfind("\n", 0, cell.start) + 1
    line_end = ctx.text.find("\n", cell.end)
    row_text = ctx.text[line_start : line_end if line_end >= 0 else len(ctx.text)]
    return Fact(metric, value, spec.unit, Span(cell.start, cell.end), f"{evidence_head}\n{row_text}", 0.8,
                "table", subject=subject, as_of=as_of, rank_of=rank_of)
