"""Stage 3 — extract: facts, citations and metadata from restored text, located in the original.

Extractors see only restored text; this stage maps each of their spans back through the
restoration alignment to the characters of the original file and the page they sit on.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.extractors import extract
from cchc.models import Extraction, RestoredText, SourceDocument
from cchc.spans import Span


@dataclass(frozen=True, slots=True)
class Location:
    """Where a restored-text span sits in the original document."""

    span: Span
    page: int | None
    source_text: str


def extract_document(restored: RestoredText) -> Extraction:
    return extract(restored.text)


def locate(span: Span, source: SourceDocument, restored: RestoredText) -> Location:
    original = restored.alignment.to_source(span)
    return Location(original, source.page_at(original.start), original.of(source.text))
