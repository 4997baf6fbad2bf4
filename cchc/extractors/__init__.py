"""The extraction stage: restored text in, catalog facts, cited documents and report metadata out.

``extract`` is pure: every span it returns points into the text it was given.
"""

from __future__ import annotations

from dataclasses import replace

from cchc.models import Extraction


def extract(text: str) -> Extraction:
    """Facts, citations and metadata of one restored report (it may still hold restoration mistakes)."""
    from cchc.extractors.context import Context
    from cchc.extractors.doc_refs import extract_doc_refs
    from cchc.extractors.metadata import extract_metadata
    from cchc.extractors.metrics import extract_facts
    from cchc.extractors.tables import table_facts

    meta = extract_metadata(text)
    first_year = meta.period_start.year if meta.period_start else None
    ctx = Context(text, meta.province_code, meta.report_kind, meta.issuer, first_year)
    found = sorted((*extract_facts(ctx), *table_facts(ctx)), key=lambda f: f.span.start)
    facts = tuple(replace(f, subject=ctx.reporting_unit_unnamed(f.subject, f.span.start)) for f in found)
    refs = tuple(r for r in extract_doc_refs(ctx) if r.number != meta.doc_number)  # "(Kèm theo Báo cáo số …)": itself
    return Extraction(metadata=meta, facts=facts, doc_refs=refs)


__all__ = ["extract"]
