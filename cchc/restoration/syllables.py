"""Vietnamese syllable shape: onset + vowel nucleus + coda, with at most one tone mark.

Used to keep OCR-candidate search inside real Vietnamese syllables (the corpus also holds
abbreviations and foreign strings such as ``csb`` or ``kcal`` that no OCR error should become).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_SHAPE = regex.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ch|ng|nh|[cmnptiouy])?$"
)
_STOP_CODA = regex.compile(r"(?:ch|c|p|t)$")


@lru_cache(maxsize=65536)
def is_valid_syllable(word: str) -> bool:
    """Shape check on a lower-case word; stop codas (-c, -ch, -p, -t) only with sắc or nặng."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [ch for ch in nfd if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _TONE_MARKS))
    if not _SHAPE.match(bare):
        return False
    if _STOP_CODA.search(bare) and tones and tones[0] not in "\u0301\u0323":
        return False
    return True
