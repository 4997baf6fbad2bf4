"""Stage 1 — ingest: files on disk into Unicode text with page boundaries.

The only stage that reads files. Text files are decoded from whatever encoding they use; PDFs are
read page by page, and each page without a usable text layer is OCR'd on its own; images are OCR'd.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

from cchc.models import Page, SourceDocument
from cchc.pipeline.encodings import EncodingError, decode_bytes
from cchc.pipeline.ocr import OcrUnavailable, ocr_image, ocr_language
from cchc.text import nfc

TEXT_SUFFIXES = frozenset({".txt"})
PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES

PAGE_BREAK = "\f"
# A PDF page with fewer letters than this in its text layer is treated as scanned.
MIN_LETTERS_FOR_TEXT_LAYER = 20
OCR_DPI = 300


class IngestError(Exception):
    """A file that cannot be read; ``stage`` says which step failed."""

    def __init__(self, path: str | Path, message: str, stage: str = "ingest") -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message
        self.stage = stage


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Supported files under ``paths``, folders walked recursively, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path) -> SourceDocument:
    """Read any supported file; raise ``IngestError`` naming the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type '{suffix or '(none)'}'")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise IngestError(path, "the file is empty")
    if suffix in TEXT_SUFFIXES:
        return read_text_bytes(path, data)
    if suffix in PDF_SUFFIXES:
        return read_pdf_bytes(path, data)
    return read_image_bytes(path, data)


def read_text_bytes(path: Path, data: bytes) -> SourceDocument:
    """Form feeds split pages, as in text dumped from PDFs."""
    try:
        decoded = decode_bytes(data)
    except EncodingError as exc:
        raise IngestError(path, str(exc)) from exc
    if not decoded.text.strip():
        raise IngestError(path, "the file has no text")
    return SourceDocument(
        source_path=str(path),
        sha256=sha256_of(data),
        text=decoded.text,
        pages=pages_from_parts(decoded.text.split(PAGE_BREAK)),
        reader=f"txt:{decoded.encoding}",
    )


def pages_from_parts(parts: list[str], ocr_flags: list[bool] | None = None) -> tuple[Page, ...]:
    pages, offset = [], 0
    for number, part in enumerate(parts, start=1):
        ocr = bool(ocr_flags and ocr_flags[number - 1])
        pages.append(Page(number=number, start=offset, end=offset + len(part), ocr=ocr))
        offset += len(part) + len(PAGE_BREAK)
    return tuple(pages)


def read_pdf_bytes(path: Path, data: bytes) -> SourceDocument:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts, flags, notes = [], [], []
            for page in pdf.pages:
                text, ocred, note = read_pdf_page(path, page)
                texts.append(text)
                flags.append(ocred)
                if note and note not in notes:
                    notes.append(note)
    except IngestError:
        raise
    except PDFPasswordIncorrect as exc:
        raise IngestError(path, "the PDF is encrypted (password protected)") from exc
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        reason = str(exc) or type(exc).__name__
        if "password" in reason.lower() or "encrypt" in reason.lower():
            raise IngestError(path, "the PDF is encrypted (password protected)") from exc
        raise IngestError(path, f"not a readable PDF ({type(exc).__name__}: {reason})") from exc
    if not texts:
        raise IngestError(path, "the PDF has no pages")
    text = PAGE_BREAK.join(texts)
    if not text.strip():
        raise IngestError(path, "no text found on any page, even with OCR")
    reader = "pdf+ocr" if any(flags) else "pdf"
    return SourceDocument(str(path), sha256_of(data), text, pages_from_parts(texts, flags), reader, tuple(notes))


def read_pdf_page(path: Path, page) -> tuple[str, bool, str | None]:
    """The text layer if the page has one worth keeping, else the page's OCR."""
    text = nfc(page.extract_text() or "")
    if has_text_layer(text, bool(page.images)):
        return text, False, None
    image = page.to_image(resolution=OCR_DPI).original
    ocr_text, note = ocr_or_fail(path, image)
    return ocr_text, True, note


def has_text_layer(text: str, has_images: bool) -> bool:
    """A scanned page is an image with no text, or with only a few stray letters (a stamp, a
    page number); a short page of real text and no image still counts as text."""
    letters = sum(ch.isalpha() for ch in text)
    return letters >= MIN_LETTERS_FOR_TEXT_LAYER or (letters > 0 and not has_images)


def ocr_or_fail(path: Path, image) -> tuple[str, str | None]:
    try:
        language, note = ocr_language()
        return nfc(ocr_image(image, language)), note
    except OcrUnavailable as exc:
        raise IngestError(path, str(exc), stage="ocr") from exc


def read_image_bytes(path: Path, data: bytes) -> SourceDocument:
    """Each frame of a multi-page TIFF is a page."""
    import io

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise IngestError(path, f"not a readable image ({exc})") from exc
    texts, notes = [], []
    for frame in frames:
        text, note = ocr_or_fail(path, frame)
        texts.append(text.rstrip("\n"))
        if note and note not in notes:
            notes.append(note)
    text = PAGE_BREAK.join(texts)
    if not text.strip():
        raise IngestError(path, "OCR found no text in the image")
    return SourceDocument(
        str(path), sha256_of(data), text, pages_from_parts(texts, [True] * len(texts)), "image+ocr", tuple(notes)
    )
