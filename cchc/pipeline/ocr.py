"""Tesseract OCR for scanned pages and images, in Vietnamese when the model is installed."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed, so scanned pages cannot be read."""


@lru_cache(maxsize=1)
def ocr_language() -> tuple[str, str | None]:
    """The language to OCR with, and a note when we had to fall back from ``vie``."""
    import pytesseract

    try:
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrUnavailable(
            "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
        ) from exc
    if "vie" in languages:
        return "vie", None
    if "eng" in languages:
        return "eng", "Tesseract model 'vie' is missing (apt-get install tesseract-ocr-vie): OCR used 'eng'"
    raise OcrUnavailable(f"Tesseract has neither 'vie' nor 'eng' (it has: {sorted(languages)})")


def ocr_image(image: Image.Image, language: str | None = None) -> str:
    """OCR one page image; ``--psm 4`` reads report pages as a single column of lines."""
    import pytesseract

    lang = language or ocr_language()[0]
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return pytesseract.image_to_string(image, lang=lang, config="--psm 4")
