"""Self-contained HTML review pages: one per document, plus an index of documents and figures.

Every page carries its CSS, script and data inline, so a researcher can open it from disk, mail it,
or archive it with no server and no network.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb
import jinja2

from cchc import __version__
from cchc.review.highlight import LineIndex, Located, Mark, locate_in_restored, render_line, split_by_line
from cchc.review.style import Style, css_name, load_style
from cchc.warehouse.output import _plain


class ReportError(ValueError):
    pass


@dataclass
class ReportResult:
    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    facts: int = 0
    unlocated: int = 0


def format_value(value: float | None) -> str:
    """Machine-readable and exact: ``1857`` rather than ``1857.0``, no exponent for large amounts."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _has_restored_spans(con: duckdb.DuckDBPyConnection) -> bool:
    columns = {r[0] for r in con.execute("DESCRIBE facts").fetchall()}
    return {"restored_start", "restored_end"} <= columns


def documents(con: duckdb.DuckDBPyConnection, low: float) -> list[dict]:
    return _rows(con, """
        SELECT d.*,
               (SELECT count(*) FROM fact_review r WHERE r.doc_id = d.doc_id) AS n_facts,
               (SELECT count(*) FROM fact_review r WHERE r.doc_id = d.doc_id AND r.confidence < ?) AS n_low,
               (SELECT count(*) FROM fact_review r WHERE r.doc_id = d.doc_id AND r.status <> 'extracted') AS n_checked,
               (SELECT count(*) FROM fact_review r WHERE r.doc_id = d.doc_id AND r.status = 'rejected') AS n_rejected,
               (SELECT count(*) FROM doc_refs c WHERE c.doc_id = d.doc_id) AS n_refs
        FROM documents d
        ORDER BY d.province NULLS LAST, d.period_start NULLS LAST, d.source_path""", [low])


def document_facts(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict]:
    spans = "f.restored_start, f.restored_end" if _has_restored_spans(con) else \
        "NULL AS restored_start, NULL AS restored_end"
    return _rows(con, f"""
        SELECT r.*, {spans}
        FROM fact_review r JOIN facts f USING (fact_id)
        WHERE r.doc_id = ?
        ORDER BY r.char_start, r.metric""", [doc_id])


def resolve_doc_ids(con: duckdb.DuckDBPyConnection, wanted: list[str]) -> list[str]:
    """Full doc ids for what the user typed: a doc id, a unique prefix of one, or a source path."""
    known = con.execute("SELECT doc_id, source_path FROM documents").fetchall()
    resolved = []
    for key in wanted:
        hits = [d for d, path in known if d == key or path == key or Path(path).name == key]
        hits = hits or [d for d, _ in known if d.startswith(key)]
        if len(hits) != 1:
            raise ReportError(f"{key!r} matches {'no' if not hits else len(hits)} documents")
        resolved.append(hits[0])
    return resolved


def fact_payload(fact: dict, style: Style, line: int | None, located: Located | None) -> dict:
    """What the page shows about a fact when it is clicked."""
    family = style.family(fact["metric"])
    keep = ("fact_id", "metric", "unit", "subject", "confidence", "extractor", "status", "source_text",
            "evidence", "page", "as_of", "rank_of", "original_metric", "original_unit", "original_subject",
            "corrected_by", "corrected_at", "correction_why")
    payload = {k: _plain(fact[k]) for k in keep}
    payload.update(
        value=format_value(fact["value"]), original_value=format_value(fact["original_value"]),
        family=family.name, family_css=css_name(family.name), family_label=family.label, line=None if line is None else line + 1,
        located=located.method if located else None, low=fact["confidence"] < style.low_confidence,
    )
    return payload


def mark_attrs(fact: dict, style: Style, first: bool) -> tuple[tuple[str, str], ...]:
    family = style.family(fact["metric"])
    classes = ["fact", f"fam-{css_name(family.name)}"]
    if fact["confidence"] < style.low_confidence:
        classes.append("low")
    if fact["status"] != "extracted":
        classes.append(fact["status"])
    value = format_value(fact["value"])
    title = f"{fact['metric']} = {value} {fact['unit'] or ''}".rstrip()
    if fact["subject"]:
        title += f" ({fact['subject']})"
    title += f" · confidence {fact['confidence']:.2f} · {fact['extractor']}"
    attrs = [("class", " ".join(classes))]
    if first:
        attrs.append(("id", f"f-{fact['fact_id']}"))
    attrs += [
        ("data-fact-id", fact["fact_id"]), ("data-metric", fact["metric"]), ("data-value", value),
        ("data-unit", fact["unit"] or ""), ("data-subject", fact["subject"] or ""),
        ("data-confidence", f"{fact['confidence']:.2f}"), ("data-extractor", fact["extractor"]),
        ("data-status", fact["status"]), ("title", title), ("tabindex", "0"),
    ]
    return tuple(attrs)


def document_view(con: duckdb.DuckDBPyConnection, doc: dict, style: Style) -> dict:
    """Lines of the document with their highlights, and the facts as page data."""
    original_text, restored_text = con.execute(
        "SELECT original_text, restored_text FROM document_texts WHERE doc_id = ?", [doc["doc_id"]]
    ).fetchone() or ("", "")
    original, restored = LineIndex(original_text), LineIndex(restored_text)
    marks: dict[int, list[Mark]] = {}
    payloads, unlocated = [], []
    for fact in document_facts(con, doc["doc_id"]):
        located = locate_in_restored(
            original, restored, fact["char_start"], fact["char_end"], fact["source_text"], fact["evidence"],
            (fact["restored_start"], fact["restored_end"]),
        )
        line = restored.line_of(located.start) if located else None
        payloads.append(fact_payload(fact, style, line, located))
        if located is None:
            unlocated.append(payloads[-1])
            continue
        for i, (ln, lo, hi) in enumerate(split_by_line(restored, located.start, located.end)):
            marks.setdefault(ln, []).append(Mark(lo, hi, mark_attrs(fact, style, i == 0), i == 0))
    lines = []
    shown = restored.lines[:-1] if len(restored.lines) > 1 and restored.lines[-1] == "" else restored.lines
    for n, text in enumerate(shown):
        source = original.lines[n] if n < len(original.lines) else ""
        shown_source = unicodedata.normalize("NFC", source)  # combining accents misdraw in monospace
        lines.append({"n": n + 1, "original": shown_source, "restored": render_line(text, marks.get(n, [])),
                      "same": shown_source == unicodedata.normalize("NFC", text), "has_facts": n in marks})
    return {"lines": lines, "facts": payloads, "unlocated": unlocated,
            "line_mismatch": len(original.lines) != len(restored.lines)}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cchc.review", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["value"] = format_value
    env.filters["plain"] = lambda v: "" if v is None else _plain(v)
    return env


def _asset(name: str) -> str:
    return (resources.files("cchc.review") / "templates" / name).read_text(encoding="utf-8")


def page_json(data) -> str:
    """JSON safe to place inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def family_legend(style: Style, facts: list[dict]) -> list[dict]:
    counts: dict[str, int] = {}
    for fact in facts:
        counts[fact["family"]] = counts.get(fact["family"], 0) + 1
    return [{"name": name, "css": css_name(name), "label": style.family(name + ".x").label, "count": n}
            for name, n in sorted(counts.items())]


def write_report(con: duckdb.DuckDBPyConnection, out: Path, doc_ids: list[str] | None = None) -> ReportResult:
    """Write a page for each wanted document (all if none) and an index of every document."""
    style = load_style()
    env = _environment()
    out.mkdir(parents=True, exist_ok=True)
    docs = documents(con, style.low_confidence)
    wanted = set(resolve_doc_ids(con, doc_ids)) if doc_ids else {d["doc_id"] for d in docs}
    common = {"css": style.css() + "\n" + _asset("report.css"), "version": __version__,
              "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "low_confidence": style.low_confidence}
    result = ReportResult()
    for doc in docs:
        if doc["doc_id"] not in wanted:
            continue
        view = document_view(con, doc, style)
        page = out / f"{doc['doc_id']}.html"
        page.write_text(env.get_template("document.html").render(
            doc=doc, view=view, legend=family_legend(style, view["facts"]), facts_json=page_json(view["facts"]),
            script=_asset("document.js"), **common), encoding="utf-8")
        result.pages.append(page)
        result.facts += len(view["facts"])
        result.unlocated += len(view["unlocated"])
    for doc in docs:
        doc["page"] = f"{doc['doc_id']}.html" if (out / f"{doc['doc_id']}.html").exists() else None
    pages = {d["doc_id"]: d["page"] for d in docs}
    figures = index_figures(con, style)
    for row in figures:
        row["page"] = pages.get(row["doc_id"])
    result.index = out / "index.html"
    result.index.write_text(env.get_template("index.html").render(
        docs=docs, figures=figures, script=_asset("index.js"), **common), encoding="utf-8")
    return result


def index_figures(con: duckdb.DuckDBPyConnection, style: Style) -> list[dict]:
    rows = _rows(con, """
        SELECT fact_id, doc_id, province, period_label, metric, value, unit, subject, confidence, status,
               source_text
        FROM fact_review ORDER BY province NULLS LAST, period_start NULLS LAST, metric, doc_id, char_start""")
    for row in rows:
        row["css"] = css_name(style.family(row["metric"]).name)
        row["low"] = row["confidence"] < style.low_confidence
    return rows
