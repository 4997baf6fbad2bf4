"""Stage 4 — load: write one processed document into the warehouse, all or nothing.

``document_rows`` is pure (records in, table rows out); ``write_document`` is the I/O, inside one
transaction that first removes every row of the same file or the same content, so a changed file
replaces its rows and a crash leaves no half-written document.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import duckdb

from cchc import __version__
from cchc.models import ProcessedDocument
from cchc.pipeline.extract import locate

PIPELINE_VERSION = __version__
DOC_TABLES = ("facts", "doc_refs", "pages", "document_texts", "documents")
# Rows are inserted by column name, so later migrations may add columns without breaking loads.
COLUMNS = {
    "documents": (
        "doc_id", "source_path", "sha256", "province", "province_code", "issuer", "doc_number", "doc_date",
        "report_kind", "period_label", "period_start", "period_end", "title", "ingested_at", "reader",
        "n_pages", "pipeline_version",
    ),
    "document_texts": ("doc_id", "original_text", "restored_text"),
    "pages": ("doc_id", "page", "char_start", "char_end", "ocr"),
    "facts": (
        "fact_id", "doc_id", "metric", "value", "unit", "subject", "as_of", "rank_of", "page", "char_start",
        "char_end", "source_text", "evidence", "confidence", "extractor", "restored_start", "restored_end",
    ),
    "doc_refs": (
        "doc_id", "kind", "number", "date", "issuer", "char_start", "char_end", "page", "source_text", "confidence",
    ),
}


def doc_id_for(sha256: str) -> str:
    return sha256[:16]


def fact_id_for(doc_id: str, metric: str, start: int, end: int, subject: str | None) -> str:
    """Stable for the same fact of the same file, so corrections keyed on it survive re-ingest."""
    key = f"{doc_id}|{metric}|{start}|{end}|{subject or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def document_rows(doc: ProcessedDocument, ingested_at: datetime) -> dict[str, list[tuple]]:
    source, restored, extraction = doc.source, doc.restored, doc.extraction
    doc_id = doc.doc_id or doc_id_for(source.sha256)
    meta = extraction.metadata
    rows: dict[str, list[tuple]] = {
        "documents": [(
            doc_id, source.source_path, source.sha256, meta.province, meta.province_code, meta.issuer,
            meta.doc_number, meta.doc_date, meta.report_kind, meta.period_label, meta.period_start,
            meta.period_end, meta.title, ingested_at, source.reader, len(source.pages), PIPELINE_VERSION,
        )],
        "document_texts": [(doc_id, source.text, restored.text)],
        "pages": [(doc_id, p.number, p.start, p.end, p.ocr) for p in source.pages],
        "facts": [],
        "doc_refs": [],
    }
    seen: set[str] = set()
    for fact in extraction.facts:
        where = locate(fact.span, source, restored)
        fact_id = fact_id_for(doc_id, fact.metric, where.span.start, where.span.end, fact.subject)
        if fact_id in seen:
            continue
        seen.add(fact_id)
        rows["facts"].append((
            fact_id, doc_id, fact.metric, float(fact.value), fact.unit, fact.subject, fact.as_of,
            fact.rank_of, where.page, where.span.start, where.span.end, where.source_text,
            fact.evidence, float(fact.confidence), fact.extractor, fact.span.start, fact.span.end,
        ))
    for ref in extraction.doc_refs:
        where = locate(ref.span, source, restored)
        rows["doc_refs"].append((
            doc_id, ref.kind, ref.number, ref.date, ref.issuer, where.span.start, where.span.end,
            where.page, where.source_text, float(ref.confidence),
        ))
    return rows


def loaded_path(con: duckdb.DuckDBPyConnection, doc_id: str) -> str | None:
    """The path this content was loaded from by this pipeline version, if it was."""
    row = con.execute(
        "SELECT source_path FROM documents WHERE doc_id = ? AND pipeline_version = ?",
        [doc_id, PIPELINE_VERSION],
    ).fetchone()
    return row[0] if row else None


def write_document(con: duckdb.DuckDBPyConnection, doc: ProcessedDocument) -> str:
    """Replace every row of this file (by path or by content) with the new ones, atomically."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = document_rows(doc, now)
    doc_id = rows["documents"][0][0]
    con.execute("BEGIN TRANSACTION")
    try:
        old_ids = [r[0] for r in con.execute(
            "SELECT doc_id FROM documents WHERE doc_id = ? OR source_path = ?", [doc_id, doc.source.source_path]
        ).fetchall()]
        for table in DOC_TABLES:
            for old in old_ids:
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [old])
        for table in reversed(DOC_TABLES):
            if rows[table]:
                columns = COLUMNS[table]
                con.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    rows[table],
                )
        con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [doc.source.source_path])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return doc_id


def record_error(con: duckdb.DuckDBPyConnection, source_path: str, stage: str, message: str) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [source_path])
    con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [source_path, stage, message, now])


def load_metric_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """The data dictionary: the catalog shipped with this release replaces the table's rows."""
    from cchc.extractors.catalog import load_catalog

    rows = [(m.id, m.family, m.unit, m.description) for m in load_catalog()]
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM metrics")
    if rows:
        con.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", rows)
    con.execute("COMMIT")
