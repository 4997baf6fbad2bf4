"""Restoration: repair English-OCR damage and restore Vietnamese diacritics.

``restore(text)`` is pure and line-preserving: only word and code tokens are rewritten, spaces
(and so newlines) are copied, and every output character maps back to the token it came from.
"""

from __future__ import annotations

from cchc.models import RestoredText


def restore(text: str) -> RestoredText:
    from cchc.restoration.restorer import get_restorer

    return get_restorer().restore(text)


__all__ = ["restore"]
