"""Stage 1: each reader on a real file, and each kind of bad input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cchc.pipeline.ingest import IngestError, discover, read_document
from cchc.text import fold
from tests.conftest import RAW, needs_tesseract, render_lines, write_mixed_pdf, write_scanned_pdf, write_text_pdf

VIETNAMESE = "Ủy ban nhân dân tỉnh Hưng Yên báo cáo kết quả cải cách hành chính năm 2022.\nĐề án số 06."


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: vowel letters precomposed, tone marks as combining characters."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_file_in_each_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"report-{encoding}.txt"
    data = encode_cp1258(VIETNAMESE) if encoding == "cp1258" else VIETNAMESE.encode(encoding)
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == VIETNAMESE
    assert doc.reader.startswith("txt:")
    assert [p.number for p in doc.pages] == [1]


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_text_file_in_legacy_font_encodings(tmp_path: Path, legacy: str) -> None:
    from cchc.pipeline import encodings

    path = tmp_path / f"report-{legacy}.txt"
    # TCVN3 has no code for toned capitals (they come from a separate capitals font), so none here.
    text = VIETNAMESE.replace("Ủy ban nhân dân", "UBND")
    path.write_bytes(getattr(encodings, f"encode_{legacy}")(text))
    doc = read_document(path)
    assert doc.text == text
    assert doc.reader == f"txt:{legacy}"


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    path = tmp_path / "paged.txt"
    path.write_text("trang một\ftrang hai\ftrang ba", encoding="utf-8")
    doc = read_document(path)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.page_at(doc.text.index("hai")) == 2
    assert doc.text[doc.pages[2].start : doc.pages[2].end] == "trang ba"


def test_text_pdf_keeps_pages_and_text_layer(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "text.pdf", [["Trang một: cải cách hành chính"], ["Trang hai: 1.857 thủ tục"]])
    doc = read_document(path)
    assert doc.reader == "pdf"
    assert len(doc.pages) == 2 and not any(p.ocr for p in doc.pages)
    assert "cải cách hành chính" in doc.text
    assert doc.page_at(doc.text.index("1.857")) == 2


@needs_tesseract
def test_scanned_pdf_is_ocred(tmp_path: Path, sample_lines: list[str]) -> None:
    doc = read_document(write_scanned_pdf(tmp_path / "scan.pdf", sample_lines))
    assert doc.reader == "pdf+ocr"
    assert doc.pages[0].ocr
    assert "1.857" in doc.text
    assert "hanh chinh" in fold(doc.text)


@needs_tesseract
def test_pdf_decides_per_page_whether_to_ocr(tmp_path: Path, sample_lines: list[str]) -> None:
    path = write_mixed_pdf(tmp_path / "mixed.pdf", ["Trang có lớp chữ: Sở Nội vụ tỉnh Hưng Yên"], sample_lines, tmp_path)
    doc = read_document(path)
    assert [p.ocr for p in doc.pages] == [False, True]
    assert "Sở Nội vụ" in doc.text[doc.pages[0].start : doc.pages[0].end]
    assert "1.857" in doc.text[doc.pages[1].start : doc.pages[1].end]


@needs_tesseract
@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_images_are_ocred(tmp_path: Path, sample_lines: list[str], suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    render_lines(sample_lines).save(path)
    doc = read_document(path)
    assert doc.reader == "image+ocr"
    assert "98,5%" in doc.text
    assert "thu tuc hanh chinh" in fold(doc.text)


@needs_tesseract
def test_multipage_tiff_gives_one_page_per_frame(tmp_path: Path, sample_lines: list[str]) -> None:
    first, second = render_lines(sample_lines[:1]), render_lines(sample_lines[1:2])
    path = tmp_path / "pages.tiff"
    first.save(path, save_all=True, append_images=[second])
    doc = read_document(path)
    assert len(doc.pages) == 2
    assert doc.page_at(doc.text.index("1.857")) == 2


def test_sample_reports_read_as_utf8() -> None:
    docs = [read_document(p) for p in discover([RAW])]
    assert len(docs) >= 4
    assert all(d.reader == "txt:utf-8" for d in docs)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, ""),
        ("corrupt.pdf", b"%PDF-1.4\n this is not really a pdf \x00\x01", "not a readable PDF"),
        ("notimage.png", b"this is text, not a PNG", "not a readable image"),
        ("report.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_inputs_raise_a_clear_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert reason in info.value.message


def test_encrypted_pdf_is_reported(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret report")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(IngestError, match="encrypted"):
        read_document(path)


def test_discover_walks_folders_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "y.PDF").write_bytes(b"%PDF")
    (tmp_path / "a" / "notes.md").write_text("n", encoding="utf-8")
    found = [p.name for p in discover([tmp_path])]
    assert found == ["y.PDF", "x.txt"] or sorted(found) == ["x.txt", "y.PDF"]
    with pytest.raises(FileNotFoundError):
        list(discover([tmp_path / "missing"]))
