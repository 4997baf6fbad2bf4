"""Encoding detection and decoding for Vietnamese government text files."""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from cchc.pipeline.encodings import (
    ENCODINGS,
    DecodedText,
    EncodingError,
    decode_as,
    decode_bytes,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_syllable,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "002_49c88a0216ce8654.txt"
SYLLABLES = Path("/work/shared/corpus/syllable_freq.tsv")
TONES = "\u0300\u0301\u0303\u0309\u0323"

# Well-known renderings of the same words in the legacy fonts, as they show in Windows-1252.
TCVN3_SHOWN = {
    "Cộng hoà xã hội chủ nghĩa Việt Nam": "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
    "Độc lập - Tự do - Hạnh phúc": "§éc lËp - Tù do - H¹nh phóc",
    "Hưng Yên": "H\xadng Yªn",
    "cải cách hành chính": "c¶i c¸ch hµnh chÝnh",
    "Đảng": "§¶ng",
}
VNI_SHOWN = {
    "Cộng hòa xã hội chủ nghĩa Việt Nam": "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
    "Độc lập - Tự do - Hạnh phúc": "Ñoäc laäp - Töï do - Haïnh phuùc",
    "Hưng Yên": "Höng Yeân",
    "cải cách hành chính": "caûi caùch haønh chính",
    "Ủy ban nhân dân": "UÛy ban nhaân daân",
    "ĐƠN VỊ": "ÑÔN VÒ",
}


def encode_cp1258(text: str, precomposed: bool = False) -> bytes:
    """Windows-1258 with tones as combining marks (what Vietnamese Windows keyboards emit);
    with `precomposed`, letters cp1258 has whole (à, é, ô...) stay whole."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if precomposed:
            try:
                out += char.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + tone).encode("cp1258")
    return bytes(out)


@pytest.fixture(scope="module")
def sample_text() -> str:
    return unicodedata.normalize("NFC", SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_lines(sample_text: str) -> list[str]:
    """A spread of real sentences with diacritics (not the first lines only)."""
    lines = [l.strip() for l in sample_text.split("\n") if len(l.strip()) > 40]
    return lines[:: max(1, len(lines) // 40)][:40]


def _has_toned_capital(text: str) -> bool:
    return any(c.isupper() and any(t in unicodedata.normalize("NFD", c) for t in TONES) for c in text)


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("unicode_text,shown", TCVN3_SHOWN.items())
def test_tcvn3_table_matches_known_renderings(unicode_text: str, shown: str) -> None:
    assert encode_tcvn3(unicode_text) == shown.encode("cp1252")
    assert decode_as(shown.encode("cp1252"), "tcvn3") == unicode_text


@pytest.mark.parametrize("unicode_text,shown", VNI_SHOWN.items())
def test_vni_table_matches_known_renderings(unicode_text: str, shown: str) -> None:
    assert encode_vni(unicode_text) == shown.encode("cp1252")
    assert decode_as(shown.encode("cp1252"), "vni") == unicode_text


def test_tables_cover_every_vietnamese_letter() -> None:
    letters = "aăâeêioôơuưy"
    for base in letters:
        for tone in ("",) + tuple(TONES):
            char = unicodedata.normalize("NFC", base + tone)
            for variant in (char, char.upper()):
                assert decode_as(encode_vni(variant), "vni") == variant
                # ABC codes capitals only without a tone; toned capitals come back lower-case
                expected = variant.lower() if tone else variant
                assert decode_as(encode_tcvn3(variant), "tcvn3") == expected
    assert decode_as(encode_tcvn3("Đđ"), "tcvn3") == "Đđ"
    assert decode_as(encode_vni("Đđ"), "vni") == "Đđ"


def test_encoders_refuse_characters_the_fonts_lack() -> None:
    with pytest.raises(ValueError):
        encode_tcvn3("中")
    with pytest.raises(ValueError):
        encode_vni("ß")


# --------------------------------------------------------------------------- round trips


def test_tcvn3_round_trip_of_real_sentences(sample_lines: list[str]) -> None:
    exact = [l for l in sample_lines if not _has_toned_capital(l)]
    assert len(exact) >= 20
    for line in exact:
        assert decode_bytes(encode_tcvn3(line)) == DecodedText(line, "tcvn3")
    # ABC has no toned capitals; everything else must survive.
    for line in sample_lines:
        assert decode_bytes(encode_tcvn3(line)).text.lower() == line.lower()


def test_tcvn3_restores_capitals_of_all_caps_lines() -> None:
    text = "ĐƠN VỊ: VĂN PHÒNG UBND TỈNH HƯNG YÊN\nỦY BAN NHÂN DÂN\nSố: 12/BC-UBND\nKẾT QUẢ cải cách"
    expected = "ĐƠN VỊ: VĂN PHÒNG UBND TỈNH HƯNG YÊN\nỦY BAN NHÂN DÂN\nSố: 12/BC-UBND\nKẾT QUẢ cải cách"
    assert decode_bytes(encode_tcvn3(text)) == DecodedText(expected, "tcvn3")


def test_vni_round_trip_of_real_sentences(sample_lines: list[str]) -> None:
    for line in sample_lines:
        assert decode_bytes(encode_vni(line)) == DecodedText(line, "vni")


@pytest.mark.parametrize("precomposed", [False, True])
def test_cp1258_round_trip_with_decomposed_tones(sample_lines: list[str], precomposed: bool) -> None:
    for line in sample_lines:
        data = encode_cp1258(line, precomposed)
        if not precomposed:
            assert b"\xcc" in data or b"\xec" in data or b"\xf2" in data or b"\xd2" in data or b"\xde" in data
        assert decode_bytes(data) == DecodedText(line, "cp1258")


def test_whole_sample_file_in_every_encoding(sample_text: str) -> None:
    assert decode_bytes(sample_text.encode("utf-8")) == DecodedText(sample_text, "utf-8")
    assert decode_bytes(encode_vni(sample_text)) == DecodedText(sample_text, "vni")
    assert decode_bytes(encode_cp1258(sample_text)) == DecodedText(sample_text, "cp1258")
    tcvn3 = decode_bytes(encode_tcvn3(sample_text))
    assert tcvn3.encoding == "tcvn3" and tcvn3.text.lower() == sample_text.lower()


def test_large_file_detection_uses_a_fair_sample(sample_text: str) -> None:
    """Over 20,000 marked words only a sample is scored; the marked-word share must still hold."""
    big = sample_text * 3
    assert decode_bytes(encode_vni(big)).encoding == "vni"
    assert decode_bytes(encode_tcvn3(big)).encoding == "tcvn3"
    assert decode_bytes(encode_tcvn3(big).decode("cp1252").encode("utf-8")).encoding == "tcvn3"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(sample_lines: list[str], codec: str) -> None:
    text = "\n".join(sample_lines[:5])
    data = "\ufeff".encode(codec) + text.replace("\n", "\r\n").encode(codec)
    assert decode_bytes(data) == DecodedText(text, "utf-16")


def test_utf16_without_bom_is_recognised_not_called_binary() -> None:
    text = "UBND tinh Hung Yen - bao cao CCHC nam 2023"
    assert decode_bytes(text.encode("utf-16-le")) == DecodedText(text, "utf-16")


def test_utf8_with_bom_and_crlf(sample_lines: list[str]) -> None:
    text = "\n".join(sample_lines[:5])
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    assert decode_bytes(data) == DecodedText(text, "utf-8-sig")


def test_utf8_output_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hưng Yên")
    result = decode_bytes(decomposed.encode("utf-8"))
    assert result == DecodedText("Ủy ban nhân dân tỉnh Hưng Yên", "utf-8")


def test_ascii_ocr_text_is_utf8() -> None:
    ocr = "Ket qua thuc hien cong tac cai cach hanh chinh\r\nS6 luong TTHC: 1a 1.234 thu tuc\r"
    assert decode_bytes(ocr.encode("ascii")) == DecodedText(
        "Ket qua thuc hien cong tac cai cach hanh chinh\nS6 luong TTHC: 1a 1.234 thu tuc\n", "utf-8"
    )


def test_ocr_mangled_utf8_samples_are_left_alone() -> None:
    for path in sorted((ROOT / "data" / "raw").glob("00[013]_*.txt")):
        data = path.read_bytes()
        result = decode_bytes(data)
        assert result.encoding == "utf-8", path.name
        assert result.text == unicodedata.normalize("NFC", data.decode("utf-8").replace("\r\n", "\n"))


def test_ocr_text_saved_as_windows_1252_is_not_taken_for_a_font_encoding() -> None:
    path = ROOT / "data" / "raw" / "003_9cfe5bbcca39503b.txt"
    text = path.read_text(encoding="utf-8")
    data = text.encode("cp1252", errors="replace")
    assert decode_bytes(data).encoding == "cp1258"


def test_legacy_font_text_inside_utf8_is_repaired(sample_lines: list[str]) -> None:
    """pdftotext/docx extraction of .VnTime or VNI-Times text gives UTF-8 that spells the bytes."""
    text = "\n".join(sample_lines[:10])
    vni_mojibake = encode_vni(text).decode("cp1252").encode("utf-8")
    assert decode_bytes(vni_mojibake) == DecodedText(text, "vni")
    tcvn3_mojibake = encode_tcvn3(text).decode("cp1252").encode("utf-8")
    result = decode_bytes(tcvn3_mojibake)
    assert result.encoding == "tcvn3" and result.text.lower() == text.lower()


def test_latin_text_in_windows_1252_is_cp1258() -> None:
    text = "Le président de la République a été élu à Paris."
    assert decode_bytes(text.encode("cp1252")) == DecodedText(text, "cp1258")


# --------------------------------------------------------------------------- errors


def test_empty_input_is_an_error() -> None:
    with pytest.raises(EncodingError, match="empty"):
        decode_bytes(b"")


def test_png_is_binary() -> None:
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(png)


def test_nul_heavy_blob_is_binary() -> None:
    rng = random.Random(11)
    blob = bytes(rng.choice([0, 0, 0, rng.randrange(32, 127)]) for _ in range(3001))
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(blob)


def test_control_characters_without_nul_are_binary() -> None:
    rng = random.Random(3)
    blob = bytes(rng.randrange(1, 256) for _ in range(2000))
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(blob)


def test_foreign_8bit_text_is_undecidable() -> None:
    with pytest.raises(EncodingError, match="undecidable"):
        decode_bytes("Привет мир, это тестовый текст на русском языке".encode("cp1251"))


def test_encoding_error_is_a_value_error() -> None:
    assert issubclass(EncodingError, ValueError)
    assert set(ENCODINGS) == {"utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni"}


# --------------------------------------------------------------------------- phonotactics


@pytest.mark.parametrize("word", ["Việt", "Nam", "Hưng", "Yên", "quốc", "quyết", "giữa", "gì", "khuya",
                                  "nghiêng", "thuở", "hoà", "hòa", "Đắk", "Lắk", "Kạn", "ĐƠN", "VỊ"])
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Vieät", "ViÖt", "Céng", "cết", "hien", "tat", "ghá", "ngé", "việtt", "hóà"])
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


@pytest.mark.skipif(not SYLLABLES.exists(), reason="shared corpus not mounted")
def test_phonotactics_accept_the_corpus_syllables() -> None:
    """Of corpus tokens that carry a diacritic, the check must accept nearly all (abbreviations
    such as 'nđ' or 'qđ' are the expected rejects)."""
    total = accepted = 0
    for row in SYLLABLES.read_text(encoding="utf-8").splitlines()[1:]:
        word, count = row.split("\t")
        if any(ord(c) > 0x7F for c in word):
            total += int(count)
            accepted += int(count) * is_vietnamese_syllable(word)
    assert accepted / total > 0.99
