"""The one tokenizer and the one accent-insensitive form shared by restoration and extraction."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Literal

import regex

from cchc.spans import Span

TokenKind = Literal["url", "email", "code", "date", "number", "word", "space", "punct"]

_URL_PATTERN = r"""(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]']"""
URL = regex.compile(_URL_PATTERN)  # a web address, which no stage reads figures or codes in

# Order matters: the first alternative that matches at a position wins.
_TOKEN_RE = regex.compile(
    r"(?P<url>" + _URL_PATTERN + r""")
  | (?P<email>[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+)
  | (?P<code>\d+(?:[/.-]\d+)*[/-]\p{Lu}[\p{L}\d]*(?:[-/][\p{L}\d]+)*)
  | (?P<date>\d{1,2}/\d{1,2}/\d{4}(?!\d))
  | (?P<number>\d+(?:[.,]\d+)*(?![\p{L}\d]))
  | (?P<word>[\p{L}\p{M}\d]+)
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    regex.VERBOSE | regex.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    """A run of text of one kind. ``word`` tokens may mix letters and digits (OCR damage: ``S6``, ``1a``)."""

    text: str
    start: int
    end: int
    kind: TokenKind

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def iter_tokens(text: str) -> Iterator[Token]:
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        yield Token(m.group(), m.start(), m.end(), kind)  # type: ignore[arg-type]


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens that tile it exactly: concatenated, they give ``text`` back."""
    return list(iter_tokens(text))


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    folded = base.lower()
    return folded if len(folded) == 1 else ch


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x41, 0x2000):
        ch = chr(cp)
        if unicodedata.category(ch).startswith("L"):
            table[cp] = _fold_char(ch)
    for cp in range(0x1E00, 0x1F00):  # Latin Extended Additional: the precomposed Vietnamese letters
        table[cp] = _fold_char(chr(cp))
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (``Đề án`` → ``de an``), keeping the length.

    Equal length means an offset found in the folded text is the same offset in the input, so
    extractors can match accent-insensitively and still report exact spans.
    """
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE) if not text.isascii() else text.lower()


def strip_diacritics(text: str) -> str:
    """Text as a diacritic-stripping OCR or keyboard leaves it: base letters, case kept, đ → d.

    Unlike ``fold`` it keeps case and is meant for making degraded test input, not for matching."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def iter_token_tuples(text: str) -> Iterator[tuple[str, int, int, str]]:
    """The tokens of ``iter_tokens`` as plain ``(text, start, end, kind)`` tuples: the same
    tokenizer, without an object per token, for hot loops (restoration runs it on every line)."""
    for m in _TOKEN_RE.finditer(text):
        yield m.group(), m.start(), m.end(), m.lastgroup  # type: ignore[misc]
