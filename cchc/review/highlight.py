"""Where each fact sits in the restored text, and restored lines rendered with nested highlights.

Facts are stored with their span in the ORIGINAL text; the review page shows the RESTORED text.
When the warehouse has the restored span (``facts.restored_start/end``) it is used as is; otherwise
the figure is looked for on the same line of the restored text (restoration keeps every newline, so
line N of one text is line N of the other), then in the restored evidence sentence.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import regex

_NUMERAL = regex.compile(r"\d[\d.,]*\d|\d")


@dataclass(frozen=True, slots=True)
class Located:
    """A fact's span in the restored text and how it was found (``method``)."""

    start: int
    end: int
    method: str  # "restored-span", "same-line", "evidence"


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlight on one line: columns within the line, and the attributes of its element."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]
    first: bool = True  # the first piece of a fact that spans lines carries its anchor


class LineIndex:
    """Start offsets of the lines of a text, to move between offsets and (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


def needles(source_text: str) -> list[str]:
    """What to look for in the restored text: the span as written, then its numeral alone."""
    found = [source_text.strip()] if source_text.strip() else []
    found += [m.group() for m in _NUMERAL.finditer(source_text) if m.group() not in found]
    return found


def occurrences(haystack: str, needle: str) -> list[int]:
    """Starts of ``needle`` in ``haystack`` that are not in the middle of a longer number."""
    hits, start = [], haystack.find(needle)
    while start >= 0 and needle:
        end = start + len(needle)
        inside_number = (start > 0 and haystack[start - 1].isdigit()) or (
            end < len(haystack) and haystack[end].isdigit()
        )
        if not inside_number or not needle[0].isdigit():
            hits.append(start)
        start = haystack.find(needle, start + 1)
    return hits


def locate_in_restored(
    original: LineIndex,
    restored: LineIndex,
    char_start: int,
    char_end: int,
    source_text: str,
    evidence: str | None,
    restored_span: tuple[int | None, int | None] = (None, None),
) -> Located | None:
    """The fact's span in the restored text, or None when it cannot be found there."""
    rs, re_ = restored_span
    if rs is not None and re_ is not None and 0 <= rs < re_ <= len(restored.text):
        return Located(rs, re_, "restored-span")
    if not 0 <= char_start <= len(original.text):
        return None
    line = original.line_of(char_start)
    if line < len(restored.lines):
        found = _on_line(original, restored, line, char_start, source_text)
        if found is not None:
            return found
    return _in_evidence(restored.text, evidence, source_text)


def _on_line(original: LineIndex, restored: LineIndex, line: int, char_start: int, source_text: str) -> Located | None:
    """The occurrence on the same line whose relative position best matches the original's."""
    o_line, r_line = original.lines[line], restored.lines[line]
    column = char_start - original.starts[line]
    expected = column * len(r_line) / max(1, len(o_line))
    for needle in needles(source_text):
        hits = occurrences(r_line, needle)
        if hits:
            best = min(hits, key=lambda h: abs(h - expected))
            start = restored.starts[line] + best
            return Located(start, start + len(needle), "same-line")
    return None


def _in_evidence(restored_text: str, evidence: str | None, source_text: str) -> Located | None:
    if not evidence:
        return None
    at = restored_text.find(evidence.strip())
    if at < 0:
        return None
    for needle in needles(source_text):
        hits = occurrences(evidence.strip(), needle)
        if hits:
            return Located(at + hits[0], at + hits[0] + len(needle), "evidence")
    return None


def split_by_line(restored: LineIndex, start: int, end: int) -> list[tuple[int, int, int]]:
    """(line, column start, column end) pieces of a span, one per line it touches."""
    pieces = []
    line = restored.line_of(start)
    while line < len(restored.lines) and restored.starts[line] < end:
        line_start = restored.starts[line]
        lo = max(start, line_start) - line_start
        hi = min(end, line_start + len(restored.lines[line])) - line_start
        if hi > lo:
            pieces.append((line, lo, hi))
        line += 1
    return pieces


def nest(marks: list[Mark]) -> list[Mark]:
    """Marks that nest properly: a mark that crosses the end of an enclosing one is cut there."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    kept: list[Mark] = []
    stack: list[Mark] = []
    for mark in ordered:
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        end = min(mark.end, stack[-1].end) if stack else mark.end
        if end <= mark.start:
            continue
        fitted = Mark(mark.start, end, mark.attrs, mark.first)
        kept.append(fitted)
        stack.append(fitted)
    return kept


def render_line(text: str, marks: list[Mark]) -> str:
    """The line as HTML, each mark an element wrapping its characters (escaped)."""
    events: list[tuple[int, int, str]] = []  # (position, order, html): closes before opens
    for i, mark in enumerate(nest(marks)):
        attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in mark.attrs)
        events.append((mark.start, 1, f"<mark{attrs}>"))
        events.append((mark.end, 0, "</mark>"))
    events.sort(key=lambda e: (e[0], e[1]))
    out, cursor = [], 0
    for position, _, tag in events:
        out.append(html.escape(text[cursor:position], quote=False))
        out.append(tag)
        cursor = position
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)
