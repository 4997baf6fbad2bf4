"""Fixtures that build real input files: Vietnamese text as images and PDFs, with and without a
text layer, so every reader is exercised on a file like the ones researchers have."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

SAMPLE_LINES = [
    "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH",
    "Tỉnh Hưng Yên đã công bố 1.857 thủ tục hành chính.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.",
]

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def render_lines(lines: list[str], size: int = 40):
    """A clean page image of ``lines`` (black on white, 300 dpi-like letter size)."""
    from cchc.restoration.synthetic import render_page

    image, _ = render_page(lines, "dejavu/DejaVuSans.ttf", size, 0.0, 0.0, random.Random(0))
    return image.convert("RGB")


def write_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages carry a real text layer (embedded Unicode font)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_mixed_pdf(path: Path, text_lines: list[str], scanned_lines: list[str], tmp: Path) -> Path:
    """Page 1 has a text layer; page 2 is only an image of text, as a scanner makes."""
    from fpdf import FPDF

    image_path = tmp / "scan.png"
    render_lines(scanned_lines).save(image_path)
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for line in text_lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(str(image_path), x=0, y=0, w=pdf.w)
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF with no text layer at all: one page image."""
    render_lines(lines).save(path, "PDF", resolution=200.0)
    return path


@pytest.fixture
def sample_lines() -> list[str]:
    return list(SAMPLE_LINES)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"
