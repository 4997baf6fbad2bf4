"""Parallel (clean, OCR) text made by rendering clean Vietnamese to page images and OCR'ing them
with Tesseract's English model — the same damage the sample reports show, at any volume.

Fonts are split: training pages never use the benchmark fonts, so benchmark (2) measures how the
learned channel generalises to type it has not seen.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Iterable, Iterator

FONT_DIR = Path("/usr/share/fonts/truetype")
TRAIN_FONTS = (
    "liberation2/LiberationSerif-Regular.ttf",
    "liberation2/LiberationSerif-Bold.ttf",
    "dejavu/DejaVuSerif.ttf",
    "dejavu/DejaVuSans.ttf",
    "freefont/FreeSans.ttf",
)
# More faces for font variety (still none of the benchmark fonts).
EXTRA_FONTS = (
    "dejavu/DejaVuSerifCondensed.ttf",
    "dejavu/DejaVuSans-Bold.ttf",
    "liberation2/LiberationSerif-Italic.ttf",
    "freefont/FreeSansBold.ttf",
    "freefont/FreeMono.ttf",
    "liberation2/LiberationMono-Regular.ttf",
    "dejavu/DejaVuSansCondensed.ttf",
)
BENCH_FONTS = (
    "freefont/FreeSerif.ttf",
    "liberation2/LiberationSans-Regular.ttf",
)
PAGE_WIDTH = 1650  # ~A4 at 200 dpi
SCALES = (1.0, 0.6, 0.5, 0.45, 0.4)
HEAVY_SCALES = (0.5, 0.45, 0.42, 0.4, 0.38, 0.35)
HEAVY_THRESHOLDS = (0, 140, 150, 160, 170)
# Lines sampled per profile (fixed, so that --pages only says where to stop, and a rerun
# reproduces the same pages).
SAMPLE_LINES = {"train-clean": 450 * 12, "train": 900 * 12, "train-heavy": 600 * 12, "train-fonts": 400 * 12}


def _wrap(draw, font, text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and draw.textlength(trial, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def degrade(img, scale: float, ink: bool, threshold: bool | int):
    """Scan-like damage: ink spread, low resolution, binarisation — what makes English OCR read
    ``văn`` as ``vin`` and ``ngày`` as ``ngiy`` in real reports."""
    from PIL import Image, ImageFilter

    if ink:
        img = img.filter(ImageFilter.MinFilter(3))
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
    if threshold:
        cut = 150 if threshold is True else int(threshold)
        img = img.point(lambda p: 255 if p > cut else 0)
    return img


def render_page(paragraphs: list[str], font_path: str, size: int, blur: float, noise: float,
                rng: random.Random):
    """Render paragraphs as one page; returns (image, the clean text lines as laid out)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    import numpy as np

    font = ImageFont.truetype(str(FONT_DIR / font_path), size)
    margin = 120
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    laid: list[str] = []
    for para in paragraphs:
        laid.extend(_wrap(probe, font, para, PAGE_WIDTH - 2 * margin))
    step = int(size * 1.5)
    height = 2 * margin + step * len(laid)
    img = Image.new("L", (PAGE_WIDTH, height), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(laid):
        draw.text((margin, margin + i * step), line, font=font, fill=0)
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if noise > 0:
        arr = np.asarray(img, dtype=np.float32)
        arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, noise, arr.shape)
        img = Image.fromarray(arr.clip(0, 255).astype("uint8"))
    return img, laid


def ocr(img) -> str:
    import pytesseract

    return pytesseract.image_to_string(img, lang="eng", config="--psm 6")


def _pages(lines: list[str], rng: random.Random, max_syllables: int) -> Iterator[list[str]]:
    page: list[str] = []
    count = 0
    for line in lines:
        page.append(line)
        count += len(line.split())
        if count >= max_syllables:
            yield page
            page, count = [], 0
    if page:
        yield page


def generate(lines: list[str], fonts: Iterable[str], out: Path, seed: int, page_syllables: int,
             limit: int | None = None, scaled: bool = True, heavy: bool = False) -> int:
    """Append OCR'd pages to ``out`` (JSON lines), resuming after pages already written."""
    rng = random.Random(seed)
    fonts = list(fonts)
    done = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    written = 0
    with out.open("a", encoding="utf-8") as fh:
        for n, page in enumerate(_pages(lines, rng, page_syllables)):
            font = fonts[n % len(fonts)]
            size = rng.choice((30, 34, 38, 42, 46))
            blur = rng.choice((0.0, 0.4, 0.7, 1.0))
            noise = rng.choice((0.0, 8.0, 16.0))
            if heavy:  # photocopy-like: thicker ink, lower resolution, harder binarisation
                scale = rng.choice(HEAVY_SCALES)
                ink = rng.random() < 0.5
                threshold = rng.choice(HEAVY_THRESHOLDS)
            else:
                scale = rng.choice(SCALES) if scaled else 1.0
                ink = scaled and rng.random() < 0.3
                threshold = scaled and rng.random() < 0.5
            if n < done:
                continue
            if limit is not None and n >= limit:
                break
            img, laid = render_page(page, font, size, blur, noise, rng)
            img = degrade(img, scale, ink, threshold)
            record = {"font": font, "size": size, "blur": blur, "noise": noise, "scale": scale,
                      "ink": ink, "threshold": threshold, "clean": laid, "ocr": ocr(img)}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            written += 1
    return written


def training_sample(n_lines: int, seed: int = 5) -> list[str]:
    """A reservoir sample of training lines, report lines over-weighted (they are the domain)."""
    from cchc.restoration import data

    rng = random.Random(seed)
    sample: list[str] = []
    for i, line in enumerate(data.training_lines(include_report=False)):
        if len(sample) < n_lines:
            sample.append(line)
        else:
            j = rng.randrange(i + 1)
            if j < n_lines:
                sample[j] = line
    report = [ln.strip() for i, ln in enumerate(data.report_lines(), 1)
              if not data.is_heldout_002_line(i) and len(ln.split()) >= 3
              and not data.overlaps_heldout(ln)]
    merged = sample + report * 2
    rng.shuffle(merged)
    return merged


def bench_lines(target_syllables: int = 4000) -> list[str]:
    from cchc.restoration import data

    return data.heldout_sample(target_syllables, seed=29)


def bench_path(scan: bool) -> Path:
    """Benchmark (2)/(2b) pages hold corpus text, so they live in the gitignored work dir."""
    from cchc.restoration import data

    return data.WORK_DIR / ("synthetic_ocr_bench_scan.jsonl" if scan else "synthetic_ocr_bench.jsonl")


def make_bench(scan: bool, out: Path | None = None) -> Path:
    """Render and OCR the benchmark pages (sharp or scan-damaged, ~1 min). They are written to
    a ``.partial`` file (an interrupted run resumes there) that is renamed when complete, so
    the benchmark can take an existing file as finished."""
    out = out or bench_path(scan)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    if out.exists():
        out.replace(partial)  # regenerating: keep the pages already made
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    generate(bench_lines(), BENCH_FONTS, partial, seed=101, page_syllables=350, scaled=scan)
    partial.replace(out)
    return out


TEST_SAMPLE_PAGES = 4


def make_test_sample(out: Path) -> Path:
    """The small synthetic-OCR set the tests use: held-out 002 lines only (no corpus text),
    rendered in the benchmark fonts like benchmark (2)."""
    from cchc.restoration import data

    if out.exists():
        out.unlink()
    generate(data.heldout_002_sample(every=2), BENCH_FONTS, out, seed=103, page_syllables=350,
             limit=TEST_SAMPLE_PAGES, scaled=False)
    return out


def main(argv: list[str] | None = None) -> int:
    from cchc.restoration import data

    ap = argparse.ArgumentParser(description="render clean text and OCR it with tesseract eng")
    ap.add_argument("what", choices=("train", "train-clean", "train-heavy", "train-fonts", "bench", "bench-scan",
                                        "test-sample"))
    ap.add_argument("--pages", type=int, default=900)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.what in ("bench", "bench-scan"):  # sharp renders with blur and noise / with scan damage
        out = make_bench(args.what == "bench-scan", args.out)
        n = sum(1 for _ in out.open(encoding="utf-8"))
    elif args.what == "test-sample":
        out = make_test_sample(args.out or data.REPO / "tests" / "data" / "restore" / "synthetic_ocr_sample.jsonl")
        n = sum(1 for _ in out.open(encoding="utf-8"))
    elif args.what == "train-clean":  # the first batch: sharp renders, no scan damage
        out = args.out or data.WORK_DIR / "synthetic_train.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        n = generate(training_sample(SAMPLE_LINES["train-clean"]), TRAIN_FONTS, out, seed=7, page_syllables=400,
                     limit=args.pages, scaled=False)
    elif args.what == "train-fonts":  # extra faces, sharp and scan-damaged pages alternating
        out = args.out or data.WORK_DIR / "synthetic_train_fonts.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        n = generate(training_sample(SAMPLE_LINES["train-fonts"], seed=41), EXTRA_FONTS, out, seed=43,
                     page_syllables=400, limit=args.pages)
    elif args.what == "train-heavy":
        out = args.out or data.WORK_DIR / "synthetic_train_heavy.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        n = generate(training_sample(SAMPLE_LINES["train-heavy"], seed=23), TRAIN_FONTS, out, seed=31,
                     page_syllables=400, limit=args.pages, heavy=True)
    else:
        out = args.out or data.WORK_DIR / "synthetic_train_scan.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        n = generate(training_sample(SAMPLE_LINES["train"], seed=11), TRAIN_FONTS, out, seed=17,
                     page_syllables=400, limit=args.pages)
    print(f"wrote {n} pages to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
