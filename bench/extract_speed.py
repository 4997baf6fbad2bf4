"""Benchmark: a 60 KB OCR'd report through restore() and extract() on one core.

Run: `python bench/extract_speed.py [--size 60000] [--repeat 3]`. The input is the OCR'd sample
reports (data/raw/000, 001, 003) concatenated and cut to --size bytes at a line end. Model loading
is timed apart: it happens once per process, not once per report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("000_8cf367d925c35957.txt", "001_60471280b163b4aa.txt", "003_9cfe5bbcca39503b.txt")


def sample(size: int) -> str:
    text = "\n".join((ROOT / "data" / "raw" / name).read_text(encoding="utf-8") for name in SOURCES)
    while len(text.encode("utf-8")) < size:
        text += "\n" + text
    data = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return data[: data.rfind("\n")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    text = sample(args.size)
    t0 = time.perf_counter()
    from cchc.extractors import extract
    from cchc.restoration import restore

    restore("khởi động")
    extract("khởi động")
    load = time.perf_counter() - t0
    restore_times, extract_times = [], []
    for _ in range(args.repeat):
        t1 = time.perf_counter()
        restored = restore(text).text
        t2 = time.perf_counter()
        result = extract(restored)
        t3 = time.perf_counter()
        restore_times.append(t2 - t1)
        extract_times.append(t3 - t2)
    r, e = statistics.median(restore_times), statistics.median(extract_times)
    print(f"input {len(text.encode('utf-8')):,} bytes, {len(text.splitlines()):,} lines; one core; median of {args.repeat}")
    print(f"model load (once per process): {load:.2f} s")
    print(f"restore: {r:.2f} s   extract: {e:.2f} s   total: {r + e:.2f} s   (target < 2 s)")
    print(f"facts {len(result.facts)}, citations {len(result.doc_refs)}")
    return 0 if r + e < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
