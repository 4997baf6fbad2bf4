"""Where training and evaluation text comes from, and the fixed rules that keep them apart.

Held-out text must never reach training: the benchmark is only honest if the model has not seen
the sentences it is scored on. The rules here are fixed in code so a retrain reproduces them.
"""

from __future__ import annotations

import gzip
import os
import random
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import regex

from cchc.text import fold

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = Path(os.environ.get("CCHC_CORPUS", REPO.parent / "shared" / "corpus"))
CORPUS_FILES = (  # README order: the global line index runs through them in this order
    "legal-phapdien-diepxuan.txt.gz",
    "legal-phapdien2026-tracuuphapdien.txt.gz",
    "legal-phapdien2023-vnlawadvisor.txt.gz",
    "legal-vanban-chinhphu-diepxuan.txt.gz",
    "legal-vbpl-tnt305.txt.gz",
)
CLEAN_REPORT = REPO / "data" / "raw" / "002_49c88a0216ce8654.txt"
# 1-based inclusive line ranges of the six 002 units that are also the extraction golden set.
HELDOUT_002 = ((1, 334), (692, 1028), (2234, 2545), (4657, 4871), (6807, 7083), (7773, 8010))
BLOCK_LINES = 2000
BLOCK_EVERY = 50
BLOCK_PHASE = 7  # blocks 7, 57, 107, ... of the corpus are held out
WORK_DIR = Path(os.environ.get("CCHC_RESTORE_WORK", REPO / "build" / "restoration"))

_SYL_RE = regex.compile(r"\w+")


def is_heldout_corpus_line(index: int) -> bool:
    """Whole contiguous blocks are held out because the corpus has no document boundaries."""
    return (index // BLOCK_LINES) % BLOCK_EVERY == BLOCK_PHASE


def is_heldout_002_line(lineno: int) -> bool:
    return any(a <= lineno <= b for a, b in HELDOUT_002)


class CorpusMissing(FileNotFoundError):
    """The shared corpus is not beside the repository (it is never copied into it)."""


def require_corpus() -> None:
    """Fail early and plainly: training and the held-out benchmark sets need the corpus."""
    missing = [name for name in CORPUS_FILES if not (CORPUS_DIR / name).exists()]
    if missing:
        raise CorpusMissing(
            f"the clean corpus is missing: expected {', '.join(missing)} in {CORPUS_DIR} "
            "(the repository's sibling ../shared/corpus; set CCHC_CORPUS to point elsewhere)")


def iter_corpus() -> Iterator[tuple[int, str, str]]:
    """(global line index, file name, line) over the whole corpus."""
    require_corpus()
    index = 0
    for name in CORPUS_FILES:
        with gzip.open(CORPUS_DIR / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield index, name, line.rstrip("\n")
                index += 1


def report_lines() -> list[str]:
    return CLEAN_REPORT.read_text(encoding="utf-8").splitlines()


def heldout_002_lines() -> list[str]:
    return [ln for i, ln in enumerate(report_lines(), 1) if is_heldout_002_line(i) and ln.strip()]


def _eight_grams(text: str) -> set[int]:
    syl = _SYL_RE.findall(fold(text))
    return {hash(tuple(syl[i : i + 8])) for i in range(len(syl) - 7)}


@lru_cache(maxsize=1)
def heldout_eight_grams() -> frozenset[int]:
    """Folded 8-syllable sequences of the held-out 002 units, spanning line breaks."""
    return frozenset(_eight_grams(" ".join(heldout_002_lines())))


def overlaps_heldout(line: str) -> bool:
    grams = heldout_eight_grams()
    return any(g in grams for g in _eight_grams(line))


def training_lines(include_report: bool = True, report_weight: int = 1) -> Iterator[str]:
    """Every line the models may learn from; report prose (the target domain, scarce in the
    statute corpus) can be repeated ``report_weight`` times."""
    for index, _name, line in iter_corpus():
        if not is_heldout_corpus_line(index) and not overlaps_heldout(line):
            yield line
    if include_report:
        kept = [line for i, line in enumerate(report_lines(), 1)
                if not is_heldout_002_line(i) and line.strip() and not overlaps_heldout(line)]
        for _ in range(report_weight):
            yield from kept


def heldout_corpus_lines() -> list[str]:
    return [line for index, _n, line in iter_corpus() if is_heldout_corpus_line(index)]


def heldout_002_sample(every: int = 3) -> list[str]:
    """Every ``every``-th held-out line of 002 with 3+ words: test data that holds no corpus
    text (the corpus must never be committed; the sample report may)."""
    return [ln.strip() for ln in heldout_002_lines() if len(ln.split()) >= 3][::every]


def heldout_sample(target_syllables: int = 20000, seed: int = 13) -> list[str]:
    """A fixed mixed sample: 60% held-out corpus lines, 40% held-out report lines (report prose
    is the target domain but the units are short, so they are taken in order)."""
    rng = random.Random(seed)
    corpus = heldout_corpus_lines()
    rng.shuffle(corpus)
    out: list[str] = []
    count = 0
    for line in heldout_002_lines():
        n = len(line.split())
        if n < 3:
            continue
        out.append(line.strip())
        count += n
        if count >= 0.4 * target_syllables:
            break
    for line in corpus:
        if count >= target_syllables:
            break
        out.append(line)
        count += len(line.split())
    return out
