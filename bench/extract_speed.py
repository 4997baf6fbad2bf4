"""Benchmark: a 60 KB OCR'd report through restore() and extract() on one core.

Run: `python bench/extract_speed.py [--size 60000] [--repeat 3]`. The measurement itself lives in
`cchc.extractors.evaluate.measure_speed`, which `cchc eval extract` also prints, so the two never
disagree. The input is the OCR'd sample reports (data/raw/000, 001, 003) concatenated and cut to
--size bytes at a line end. Model loading is timed apart: it happens once per process.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


def main() -> int:
    from cchc.extractors.evaluate import SPEED_TARGET_S, format_speed, measure_speed

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    speed = measure_speed(args.size, args.repeat)
    print(format_speed(speed))
    print(f"facts {speed['facts']}")
    return 0 if speed["total_s"] < SPEED_TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
