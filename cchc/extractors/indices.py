"""The indices reports rank provinces and units by (PAR INDEX, PCI, PAPI, SIPAS, DTI), as their
names appear in the match form of the text. Shared by the prose rules and the table reader."""

from __future__ import annotations

import regex

INDEX_PATTERNS = {
    "par": regex.compile(r"chi\s+so\s+(?:cai\s+cach\s+hanh\s+chinh|cchc)|par\s*index"),
    "pci": regex.compile(r"\bpci\b|nang\s+luc\s+canh\s+tranh"),
    "papi": regex.compile(r"\bpapi\b|hieu\s+qua\s+quan\s+tri"),
    "sipas": regex.compile(
        r"\bsipas\b|chi\s+so\s+(?:[a-z]+\s+){0,4}hai\s+long|(?:muc\s+do|su)\s+hai\s+long\s+(?:cua\s+[a-z ,]{0,30})?(?:ve|doi\s+voi)\s+(?:su\s+)?phuc\s+vu"
    ),
    "dti": regex.compile(r"\bdti\b|chi\s+so\s+chuyen\s+doi\s+so"),
}


def index_named_last(form: str) -> str | None:
    """The index (par, pci, papi, sipas, dti) whose name ends last in ``form``."""
    ends = {name: max((m.end() for m in p.finditer(form)), default=-1) for name, p in INDEX_PATTERNS.items()}
    best = max(ends, key=ends.get)
    return best if ends[best] >= 0 else None
