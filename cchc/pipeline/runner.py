"""Feed many files through the pipeline into one warehouse, with progress and a summary.

Files are processed (read, restored, extracted) in worker processes when ``workers > 1``; the
warehouse is written only from this process, one document per transaction.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from tqdm import tqdm

from cchc import warehouse
from cchc.models import ProcessedDocument
from cchc.pipeline.extract import extract_document
from cchc.pipeline.ingest import IngestError, discover, read_document, sha256_of
from cchc.pipeline.load import doc_id_for, load_metric_catalog, loaded_path, record_error, write_document
from cchc.pipeline.restore import restore_document


@dataclass
class IngestSummary:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, message)
    facts: int = 0
    doc_refs: int = 0
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def line(self, db: Path) -> str:
        return (
            f"{len(self.loaded)} loaded, {len(self.unchanged)} unchanged, {len(self.failed)} failed; "
            f"{self.facts} facts, {self.doc_refs} citations in {self.seconds:.1f} s -> {db}"
        )


@dataclass(frozen=True)
class Failure:
    path: str
    stage: str
    message: str


def process_file(path: str | Path, source_path: str | None = None) -> ProcessedDocument:
    """Read, restore and extract one file; ``source_path`` is the name recorded for it."""
    source = read_document(path)
    if source_path is not None:
        source = replace(source, source_path=source_path)
    restored = run_stage("restore", source.source_path, restore_document, source)
    extraction = run_stage("extract", source.source_path, extract_document, restored)
    return ProcessedDocument(source, restored, extraction, doc_id_for(source.sha256))


def run_stage(stage: str, path: str, function, argument):
    """A crash inside a stage becomes an ``IngestError`` naming the file and the stage."""
    try:
        return function(argument)
    except Exception as exc:
        raise IngestError(path, f"{type(exc).__name__}: {exc}", stage=stage) from exc


def display_path(path: Path) -> str:
    """Paths under the working folder are recorded relative to it, so warehouses are portable."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def process_or_failure(path: str, source_path: str) -> ProcessedDocument | Failure:
    try:
        return process_file(path, source_path)
    except IngestError as exc:
        return Failure(source_path, exc.stage, exc.message)


def process_all(jobs: list[tuple[str, str]], workers: int) -> Iterator[ProcessedDocument | Failure]:
    if workers <= 1 or len(jobs) <= 1:
        for path, name in jobs:
            yield process_or_failure(path, name)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_or_failure, *zip(*jobs))


def run_ingest(
    paths: Iterable[str | Path],
    db: str | Path = warehouse.DEFAULT_DB,
    workers: int = 1,
    force: bool = False,
    progress: bool | None = None,
    say: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> IngestSummary:
    """Ingest every supported file under ``paths``; failures are recorded, never fatal."""
    started = time.perf_counter()
    summary = IngestSummary()
    con = warehouse.connect(db)
    try:
        load_metric_catalog(con)
        jobs = pending_jobs(con, paths, force, summary, say)
        bar = tqdm(total=len(jobs), unit="file", disable=not progress if progress is not None else None,
                   file=sys.stderr, desc="ingest")
        for result in process_all(jobs, max(1, workers)):
            bar.update(1)
            if isinstance(result, Failure):
                fail(con, summary, result, say)
                continue
            try:
                write_document(con, result)
            except Exception as exc:
                fail(con, summary, Failure(result.source.source_path, "load", f"{type(exc).__name__}: {exc}"), say)
                continue
            summary.loaded.append(result.source.source_path)
            summary.facts += len(result.extraction.facts)
            summary.doc_refs += len(result.extraction.doc_refs)
            for note in result.source.notes:
                say(f"note: {result.source.source_path}: {note}")
        bar.close()
    finally:
        con.close()
    summary.seconds = time.perf_counter() - started
    return summary


def pending_jobs(con, paths, force: bool, summary: IngestSummary, say) -> list[tuple[str, str]]:
    """Files whose content is not in the warehouse yet (all of them with ``force``)."""
    jobs = []
    for path in discover(paths):
        name = display_path(path)
        try:
            digest = sha256_of(path.read_bytes())
        except OSError as exc:
            fail(con, summary, Failure(name, "ingest", f"cannot read file: {exc.strerror or exc}"), say)
            continue
        if not force and loaded_path(con, doc_id_for(digest)) is not None:
            summary.unchanged.append(name)
            continue
        jobs.append((os.fspath(path), name))
    return jobs


def fail(con, summary: IngestSummary, failure: Failure, say) -> None:
    summary.failed.append((failure.path, failure.stage, failure.message))
    record_error(con, failure.path, failure.stage, failure.message)
    say(f"error: {failure.path}: {failure.message} [{failure.stage}]")
