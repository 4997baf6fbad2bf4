"""Researchers' corrections of extracted facts: record them, apply a CSV of them, list them.

Facts are rewritten whenever a file is re-ingested, so a correction is never written into ``facts``:
it is a row of ``corrections`` keyed by the fact's stable ``fact_id``, with who, when and why, and
the warehouse views (``fact_view`` and those built on it) apply the latest correction of each fact.
"""

from __future__ import annotations

import csv
import getpass
import math
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

ACTIONS = ("correct", "reject", "accept")
WHOLE_UNITS = ("count", "rank")
# Columns a researcher fills in the CSV written by ``write_template``; the others are context.
EDIT_COLUMNS = ("action", "new_value", "new_unit", "new_subject", "new_metric", "why", "who")
CONTEXT_COLUMNS = ("fact_id", "doc_id", "province", "period_label", "metric", "value", "unit", "subject",
                   "confidence", "status", "source_text", "evidence")


class CorrectionError(ValueError):
    pass


@dataclass(frozen=True)
class Correction:
    """One researcher decision about one fact. ``None`` fields keep the extracted value; a subject
    of ``""`` says the figure is about the whole reporting unit."""

    fact_id: str
    action: str
    value: float | None = None
    unit: str | None = None
    subject: str | None = None
    metric: str | None = None
    why: str | None = None
    who: str | None = None


@dataclass
class CsvResult:
    recorded: int = 0
    unchanged: int = 0  # rows identical to the fact's latest correction
    skipped: int = 0  # rows left blank
    errors: list[str] = field(default_factory=list)


def default_who() -> str:
    return os.environ.get("CCHC_USER") or getpass.getuser()


def parse_value(text: str) -> float:
    """A number as a researcher types it: ``1857``, ``98.5``, or Vietnamese ``98,5`` / ``1.857,5``."""
    from cchc.numbers import parse_number

    s = text.strip().replace(" ", "")
    try:
        value = float(s) if "," not in s else None
    except ValueError:
        value = None
    if value is None and "," in s:
        parsed = parse_number(s.lstrip("-"))
        if parsed is not None:
            value = -parsed.value if s.startswith("-") else parsed.value
    if value is None or not math.isfinite(value):
        raise CorrectionError(f"{text!r} is not a number (write 1857, 98.5 or 98,5)")
    return value


def _fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict:
    cursor = con.execute(
        "SELECT f.fact_id, f.doc_id, f.metric, f.value, f.unit, f.source_text, m.unit AS metric_unit "
        "FROM facts f LEFT JOIN metrics m USING (metric) WHERE f.fact_id = ?", [fact_id])
    row = cursor.fetchone()
    if row is None:
        raise CorrectionError(f"no fact {fact_id!r} in the warehouse (fact ids are in fact_view and on the review pages)")
    return dict(zip([d[0] for d in cursor.description], row))


def _metric_unit(con: duckdb.DuckDBPyConnection, metric: str) -> str | None:
    """The catalog unit of a metric; an error if the catalog is loaded and does not know it."""
    known = con.execute("SELECT count(*) FROM metrics").fetchone()[0]
    row = con.execute("SELECT unit FROM metrics WHERE metric = ?", [metric]).fetchone()
    if known and row is None:
        raise CorrectionError(f"{metric!r} is not a metric of the catalog (see the metrics table)")
    return row[0] if row else None


def validate(con: duckdb.DuckDBPyConnection, c: Correction) -> dict:
    """The fact the correction is about, once the correction is known to make sense for it."""
    if c.action not in ACTIONS:
        raise CorrectionError(f"action must be one of {', '.join(ACTIONS)}, not {c.action!r}")
    fact = _fact(con, c.fact_id)
    if c.action == "reject" and not (c.why or "").strip():
        raise CorrectionError("a rejection needs a reason (--why)")
    changes = (c.value, c.unit, c.subject, c.metric)
    if c.action == "correct" and all(v is None for v in changes):
        raise CorrectionError("nothing to correct: give a new value, unit, subject or metric")
    if c.action != "correct" and any(v is not None for v in changes):
        raise CorrectionError(f"{c.action} takes no new value, unit, subject or metric")
    if c.action == "correct":
        metric = c.metric or fact["metric"]
        unit = c.unit or (_metric_unit(con, metric) if c.metric else None) or fact["metric_unit"] or fact["unit"]
        if c.value is not None and unit in WHOLE_UNITS and not float(c.value).is_integer():
            raise CorrectionError(f"{metric} is a {unit}: {c.value:g} is not a whole number "
                                  "(write 1857, not 1.857)")
    return fact


def _latest(con: duckdb.DuckDBPyConnection, fact_id: str) -> tuple | None:
    return con.execute(
        "SELECT action, value, unit, subject, metric, why FROM corrections WHERE fact_id = ? "
        "ORDER BY corrected_at DESC, correction_id DESC LIMIT 1", [fact_id]).fetchone()


def record(con: duckdb.DuckDBPyConnection, c: Correction, at: datetime | None = None) -> int | None:
    """Record a correction; its id, or None when the fact's latest correction already says the same."""
    fact = validate(con, c)
    if _latest(con, c.fact_id) == (c.action, c.value, c.unit, c.subject, c.metric, c.why):
        return None
    at = at or datetime.now(timezone.utc).replace(tzinfo=None)
    return con.execute(
        "INSERT INTO corrections (fact_id, action, value, unit, subject, metric, who, corrected_at, why,"
        " doc_id, was_metric, was_value, was_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING correction_id",
        [c.fact_id, c.action, c.value, c.unit, c.subject, c.metric, c.who or default_who(), at, c.why,
         fact["doc_id"], fact["metric"], fact["value"], fact["source_text"]],
    ).fetchone()[0]


def row_to_correction(row: dict[str, str], who: str | None) -> Correction | None:
    """A CSV row as a correction; None when the researcher left it blank."""
    get = lambda name: (row.get(name) or "").strip()
    new = {k: get(f"new_{k}") for k in ("value", "unit", "subject", "metric")}
    action = get("action").lower()
    if not action and not any(new.values()):
        return None
    action = action or "correct"
    subject = new["subject"]
    return Correction(
        fact_id=get("fact_id"), action=action,
        value=parse_value(new["value"]) if new["value"] else None,
        unit=new["unit"] or None,
        subject=("" if subject in ("-", "(none)") else subject) or None,
        metric=new["metric"] or None,
        why=get("why") or None, who=get("who") or who,
    )


def apply_csv(con: duckdb.DuckDBPyConnection, path: Path, who: str | None = None) -> CsvResult:
    """Apply every filled row of a corrections CSV, all or nothing: one bad row applies none."""
    result = CsvResult()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "fact_id" not in reader.fieldnames:
            raise CorrectionError(f"{path}: needs a fact_id column (write one with 'cchc correct --template')")
        if not set(EDIT_COLUMNS) & set(reader.fieldnames):
            raise CorrectionError(f"{path}: needs at least one of the columns {', '.join(EDIT_COLUMNS)}")
        rows = list(reader)
    con.execute("BEGIN TRANSACTION")
    try:
        for line, row in enumerate(rows, start=2):
            try:
                correction = row_to_correction(row, who)
                if correction is None:
                    result.skipped += 1
                elif record(con, correction) is None:
                    result.unchanged += 1
                else:
                    result.recorded += 1
            except CorrectionError as exc:
                result.errors.append(f"{path}:{line}: {exc}")
        con.execute("ROLLBACK" if result.errors else "COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if result.errors:
        result.recorded = result.unchanged = 0
    return result


def write_template(con: duckdb.DuckDBPyConnection, path: Path, doc_ids: list[str] | None = None) -> int:
    """A CSV of facts (all, or of some documents) with empty columns for the researcher to fill."""
    where, params = "", []
    if doc_ids:
        where = f"WHERE doc_id IN ({', '.join('?' * len(doc_ids))})"
        params = list(doc_ids)
    cursor = con.execute(
        f"SELECT {', '.join(CONTEXT_COLUMNS)} FROM fact_review {where} "
        "ORDER BY province NULLS LAST, period_start NULLS LAST, doc_id, char_start", params)
    rows = cursor.fetchall()
    path.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig: spreadsheet programs then read the Vietnamese text right
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTEXT_COLUMNS + EDIT_COLUMNS)
        for row in rows:
            writer.writerow([_cell(v) for v in row] + [""] * len(EDIT_COLUMNS))
    return len(rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


LIST_SQL = """
SELECT c.correction_id AS id, c.fact_id, c.action, c.was_metric AS metric, c.was_value AS extracted,
       c.value AS new_value, c.unit AS new_unit, c.subject AS new_subject, c.metric AS new_metric,
       c.who, c.corrected_at AS at, c.why,
       CASE WHEN f.fact_id IS NULL THEN 'no (its file changed)' ELSE 'yes' END AS fact_present
FROM corrections c LEFT JOIN facts f USING (fact_id)
ORDER BY c.corrected_at, c.correction_id"""
