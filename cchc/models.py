"""The records that flow between pipeline stages.

Stages are pure functions over these records: ``ingest`` turns a file into a ``SourceDocument``,
``restore`` adds a ``RestoredText``, ``extract`` turns restored text into an ``Extraction`` (spans in
restored text), and ``load`` writes them, mapped back to the original text, into the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc.spans import Alignment, Span


@dataclass(frozen=True, slots=True)
class Page:
    """A page's place in the document text; ``ocr`` tells whether its text came from OCR."""

    number: int
    start: int
    end: int
    ocr: bool = False


@dataclass(frozen=True)
class SourceDocument:
    """A file read into Unicode text, with where each page starts."""

    source_path: str
    sha256: str
    text: str
    pages: tuple[Page, ...]
    reader: str  # "txt:<encoding>", "pdf", "pdf+ocr", "image+ocr"
    notes: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return None


@dataclass(frozen=True)
class RestoredToken:
    """One token of the original text and what restoration made of it."""

    source: Span
    original: str
    restored: str
    confidence: float


@dataclass(frozen=True)
class RestoredText:
    """Restored text plus the map from each of its characters back to the original."""

    text: str
    alignment: Alignment
    tokens: tuple[RestoredToken, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A catalog figure found in restored text; ``span`` covers the number in the restored text."""

    metric: str
    value: float
    unit: str
    span: Span
    evidence: str
    confidence: float
    extractor: str
    subject: str | None = None
    as_of: date | None = None
    rank_of: int | None = None


@dataclass(frozen=True)
class DocRef:
    """A citation of another document (``62/2020/NĐ-CP``); ``span`` is in the restored text."""

    kind: str | None
    number: str
    span: Span
    date: date | None = None
    issuer: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class DocumentMeta:
    """What a report says about itself."""

    province: str | None = None
    province_code: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    doc_date: date | None = None
    report_kind: str | None = None
    period_label: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Extraction:
    metadata: DocumentMeta
    facts: tuple[Fact, ...] = ()
    doc_refs: tuple[DocRef, ...] = ()


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything the load stage writes for one file."""

    source: SourceDocument
    restored: RestoredText
    extraction: Extraction
    doc_id: str = field(default="")
