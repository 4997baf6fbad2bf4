"""Stage 2 — restore: repair OCR damage and diacritics, keeping a map back to the original."""

from __future__ import annotations

from cchc.models import RestoredText, SourceDocument
from cchc.restoration import restore


def restore_document(source: SourceDocument) -> RestoredText:
    return restore(source.text)
