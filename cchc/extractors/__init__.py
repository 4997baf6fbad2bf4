"""The extraction stage: restored text in, catalog facts, cited documents and report metadata out.

``extract`` is pure: every span it returns points into the text it was given.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cchc.models import DocumentMeta, Extraction


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
    found = [f for f in found if not _forecast(f.as_of, meta)]
    facts = tuple(replace(f, subject=ctx.reporting_unit_unnamed(f, found)) for f in found)
    refs = tuple(r for r in extract_doc_refs(ctx) if r.number != meta.doc_number)  # "(Kèm theo Báo cáo số …)": itself
    return Extraction(metadata=meta, facts=facts, doc_refs=refs)


def _forecast(as_of: date | None, meta: DocumentMeta) -> bool:
    """A figure "ước đến 31/01/2024" in a report on 2023 signed in December is an estimate past
    the period and past the signing, no result ("ước thực hiện đến 31/12/2023" is the year's)."""
    end, signed = meta.period_end, meta.doc_date
    return as_of is not None and end is not None and as_of > end and (signed is None or as_of > signed)


__all__ = ["extract"]
