"""Spans and alignments: how every derived character points back at the original text.

Restoration rewrites text (``nudc`` → ``nước``, ``S6`` → ``Số``); extractors then find facts in the
rewritten text. Researchers need the place in the *original* text, so each derived text carries an
``Alignment`` that maps its characters back to source offsets.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


class Alignment:
    """Maps each character of a derived text to the source span it came from.

    Built from segments — pairs of (source span, derived string) laid end to end — which is how
    restoration produces its output: each token is either copied or replaced as a whole.
    """

    __slots__ = ("_starts", "_ends", "source_length")

    def __init__(self, starts: array, ends: array, source_length: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self._starts = starts
        self._ends = ends
        self.source_length = source_length

    @classmethod
    def identity(cls, length: int) -> Alignment:
        return cls(array("l", range(length)), array("l", range(1, length + 1)), length)

    @classmethod
    def from_segments(cls, segments: Iterable[tuple[Span, str]], source_length: int) -> Alignment:
        """Every character of a derived segment maps to the whole source span of its segment,
        except when lengths agree, where the mapping is character by character."""
        starts, ends = array("l"), array("l")
        for src, derived in segments:
            if len(derived) == len(src):
                starts.extend(range(src.start, src.end))
                ends.extend(range(src.start + 1, src.end + 1))
            else:
                starts.extend([src.start] * len(derived))
                ends.extend([src.end] * len(derived))
        return cls(starts, ends, source_length)

    def __len__(self) -> int:
        return len(self._starts)

    def to_source(self, span: Span) -> Span:
        """The smallest source span covering every source character behind ``span``."""
        if len(span) == 0:
            pos = self._starts[span.start] if span.start < len(self) else self.source_length
            return Span(pos, pos)
        return Span(min(self._starts[span.start : span.end]), max(self._ends[span.start : span.end]))

    def compose(self, inner: Alignment) -> Alignment:
        """Chain two alignments: ``self`` maps C→B and ``inner`` maps B→A; the result maps C→A."""
        starts, ends = array("l"), array("l")
        for s, e in zip(self._starts, self._ends):
            src = inner.to_source(Span(s, e))
            starts.append(src.start)
            ends.append(src.end)
        return Alignment(starts, ends, inner.source_length)
