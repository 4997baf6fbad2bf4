"""Query results as text tables, CSV or JSON, and whole-warehouse exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

DOCUMENT_TABLES = ("documents", "document_texts", "pages", "facts", "doc_refs")
# Everything else that exists (views, errors, the data dictionary) is exported whole.


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def format_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> str:
    def cell(v) -> str:
        text = "" if v is None else str(_plain(v))
        text = text.replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_csv(columns: list[str], rows: list[tuple]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_plain(v) for v in row] for row in rows])
    return buf.getvalue()


def format_json(columns: list[str], rows: list[tuple]) -> str:
    return json.dumps([{c: _plain(v) for c, v in zip(columns, row)} for row in rows], ensure_ascii=False, indent=2)


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json}


def run_query(con: duckdb.DuckDBPyConnection, sql: str, fmt: str = "table") -> str:
    cursor = con.execute(sql)
    if cursor.description is None:
        return ""
    columns = [d[0] for d in cursor.description]
    return FORMATTERS[fmt](columns, cursor.fetchall())


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the warehouse's main schema."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def _partitioned_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """Rows of a per-document relation with the partition keys: province and report year."""
    columns = {r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()}
    if "doc_id" not in columns:
        return ""
    keep = "" if name == "documents" else ""
    return (
        f"SELECT t.*{keep}, coalesce(d.province, 'unknown') AS province_part, "
        f"coalesce(year(coalesce(d.period_start, d.doc_date)), 0) AS year "
        f"FROM {name} t LEFT JOIN documents d USING (doc_id)"
    )


def export_warehouse(con: duckdb.DuckDBPyConnection, out: Path, fmt: str = "parquet") -> list[Path]:
    """Write every table and view; per-document ones as Parquet partitioned by province and year."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in relations(con):
        target = out / name
        select = _partitioned_select(con, name) if fmt == "parquet" else ""
        if select:
            con.execute(
                f"COPY ({select}) TO '{target.as_posix()}' "
                "(FORMAT PARQUET, PARTITION_BY (province_part, year), OVERWRITE_OR_IGNORE true)"
            )
        elif fmt == "parquet":
            target = target.with_suffix(".parquet")
            con.execute(f"COPY (SELECT * FROM {name}) TO '{target.as_posix()}' (FORMAT PARQUET)")
        else:
            target = target.with_suffix(".csv")
            con.execute(f"COPY (SELECT * FROM {name}) TO '{target.as_posix()}' (FORMAT CSV, HEADER true)")
        written.append(target)
    return written
