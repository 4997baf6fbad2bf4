"""Regenerate the training data and retrain the restoration model (`cchc train restore`).

Stages (each can be run alone; `all` runs them in order):
  bench    render the held-out benchmark text in the held-out fonts and OCR it (into
           build/restoration/, never committed: it is corpus text; pages already there are kept;
           `cchc eval restore` also makes them on its first run)
  synth    render training text and OCR it with tesseract eng: sharp pages, scan-damaged pages
           (low resolution/ink/binarised), photocopy-like pages, and pages in extra fonts;
           ~1-3 s per page on one core (~1 h in all); resumes where an earlier run stopped
           (build/restoration/*.jsonl)
  lm       count n-grams on the training text and estimate the Kneser–Ney LM (~4 min)
  channel  align the synthetic OCR to its clean text, learn the OCR confusion model and
           precompute candidates for every OCR form seen in training (~1 min)

Work files go to build/restoration/ (or $CCHC_RESTORE_WORK); the model to cchc/restoration/model/.
The defaults reproduce the shipped model.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from cchc.restoration import data
from cchc.restoration.paths import LM_PATH, MODEL_DIR

LM_ORDER = 4
LM_PRUNE = {3: 2, 4: 3}
LM_REPORT_WEIGHT = 3
HEAVY_PAGES = 600
FONT_PAGES = 400


def train_lm(order: int = LM_ORDER) -> None:
    from cchc.restoration import lm

    t0 = time.time()
    data.WORK_DIR.mkdir(parents=True, exist_ok=True)
    stream_path = data.WORK_DIR / f"lm_stream_w{LM_REPORT_WEIGHT}.npz"
    if stream_path.exists():
        z = np.load(stream_path)
        stream, vocab = z["stream"], str(z["vocab"]).split("\n")
    else:
        raw, types, counts = lm.build_stream(data.training_lines(report_weight=LM_REPORT_WEIGHT))
        stream, vocab = lm.remap_vocab(raw, types, counts)
        np.savez(stream_path, stream=stream, vocab=np.array("\n".join(vocab)))
    print(f"stream: {len(stream):,} units, vocab {len(vocab):,} ({time.time() - t0:.0f}s)", file=sys.stderr)
    tables = lm.estimate(stream, len(vocab), order, LM_PRUNE)
    for n, t in tables.items():
        print(f"  order {n}: {len(t['keys']):,} n-grams", file=sys.stderr)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    lm.save(LM_PATH, vocab, tables)
    print(f"lm written to {LM_PATH} ({time.time() - t0:.0f}s)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="cchc train restore", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", nargs="?", default="all", choices=("all", "synth", "bench", "lm", "channel"))
    ap.add_argument("--pages", type=int, default=330, help="sharp training pages to render and OCR")
    ap.add_argument("--scan-pages", type=int, default=572, help="scan-damaged training pages")
    ap.add_argument("--heavy-pages", type=int, default=HEAVY_PAGES, help="photocopy-like training pages")
    ap.add_argument("--font-pages", type=int, default=FONT_PAGES, help="pages in extra training fonts")
    args = ap.parse_args(argv)
    from cchc.restoration import synthetic

    if args.stage in ("all", "bench"):
        synthetic.main(["bench"])
        synthetic.main(["bench-scan"])
    if args.stage in ("all", "synth"):
        synthetic.main(["train-clean", "--pages", str(args.pages)])
        synthetic.main(["train", "--pages", str(args.scan_pages)])
        synthetic.main(["train-heavy", "--pages", str(args.heavy_pages)])
        synthetic.main(["train-fonts", "--pages", str(args.font_pages)])
    if args.stage in ("all", "lm"):
        train_lm()
    if args.stage in ("all", "channel"):
        from cchc.restoration import channel

        channel.train()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
