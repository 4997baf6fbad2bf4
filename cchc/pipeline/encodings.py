"""Decode Vietnamese government text files, whatever their encoding, to Unicode NFC.

Older provincial files are often not UTF-8: Windows-1258 (decomposed tones), or the legacy
8-bit *font* encodings TCVN3 (ABC, fonts .VnTime/.VnTimeH) and VNI (VNI-Times), whose bytes
only look Vietnamese through the font. Those three 8-bit encodings overlap completely, so the
choice between them is made by decoding with each and measuring how many words become valid
Vietnamese syllables (a phonotactic check, no word list needed).

Text extracted from legacy-font PDFs/DOCs often arrives as UTF-8 that still spells the font
bytes ("Céng hoµ x· héi"); that case is recognised too and reported under the font encoding.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DecodedText",
    "EncodingError",
    "ENCODINGS",
    "decode_bytes",
    "decode_as",
    "encode_tcvn3",
    "encode_vni",
    "is_vietnamese_syllable",
]

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni")
LEGACY_8BIT = ("cp1258", "tcvn3", "vni")  # order = preference on ties

_DATA = Path(__file__).with_name("encodings_data")

# A decoding is "Vietnamese" when at least this share of its non-ASCII words are syllables
# (real files score ~0.99; OCR-mangled cp1252 text read as TCVN3 scores ~0.35-0.45).
MIN_SYLLABLE_SHARE = 0.7
# The font encodings also need this share of all words to hold a high byte: real Vietnamese
# marks most syllables (>= 0.6 in 99% of lines), OCR output that lost its diacritics does not
# (median 0.19), yet its stray "é" reads as a valid TCVN3 "ộ".
FONT_MIN_MARKED_SHARE = 0.3
# UTF-8 text is re-read as legacy-font bytes only on this much evidence.
MOJIBAKE_MIN_SHARE = 0.9
MOJIBAKE_MIN_GAIN = 0.3
MOJIBAKE_MIN_WORDS = 5
# Without a Vietnamese reading, 8-bit text is still plain cp1258 (Latin, OCR output) when most
# words are ASCII or this share of its non-ASCII words are letters only; otherwise undecidable.
LATIN_MIN_SHARE = 0.9
MAX_FOREIGN_WORD_SHARE = 0.5
# Detection reads an even sample of at most this many non-ASCII words.
MAX_SCORED_WORDS = 20000
# More control characters than this share means the bytes are not text.
MAX_CONTROL_SHARE = 0.02
# BOM-less UTF-16: share of NULs on one byte parity of the pairs.
UTF16_MIN_NUL_SHARE = 0.3

_ALLOWED_CONTROLS = frozenset(b"\t\n\v\f\r\x1a")
_WORD_BYTES = re.compile(rb"[A-Za-z\xa1-\xff]+")
_WORD_CHARS = re.compile(r"[^\W\d_]+")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


class EncodingError(ValueError):
    """The bytes are not text in any encoding we know (binary, empty, undecidable)."""


@dataclass(frozen=True)
class DecodedText:
    text: str  # Unicode NFC, newlines normalised to "\n"
    encoding: str  # one of ENCODINGS


# --------------------------------------------------------------------------- tables


@lru_cache(maxsize=None)
def _cp1252_fallback() -> dict[int, str]:
    """Bytes the font encodings leave alone keep their Windows meaning (Word's quotes, dashes)."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


@lru_cache(maxsize=None)
def _tcvn3_table() -> dict[int, str]:
    table = dict(_cp1252_fallback())
    for line in (_DATA / "tcvn3.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            byte, char = line.split("\t")[:2]
            table[int(byte, 16)] = char
    return table


@lru_cache(maxsize=None)
def _tcvn3_encoder() -> dict[str, int]:
    """Only the ABC (VN3) subset: capitals with a tone fall back to the lower-case code,
    which is what a .VnTimeH typist produced."""
    encoder = {}
    for line in (_DATA / "tcvn3.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            byte, char, _name, abc = line.split("\t")
            if abc == "1":
                encoder[char] = int(byte, 16)
    return encoder


@lru_cache(maxsize=None)
def _vni_rows() -> tuple[tuple[str, bytes], ...]:
    rows = []
    for line in (_DATA / "vni.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, hexbytes = line.split("\t")[:2]
            rows.append((char, bytes.fromhex(hexbytes)))
    return tuple(rows)


@lru_cache(maxsize=None)
def _vni_decoder() -> tuple[dict[bytes, str], dict[int, str]]:
    """Pairs (base letter + mark byte) and single bytes. Pairs whose mark byte has the other
    case than the base are accepted too: fonts render both, and typists mixed them."""
    pairs: dict[bytes, str] = {}
    singles = dict(_cp1252_fallback())
    for char, code in _vni_rows():
        if len(code) == 1:
            singles[code[0]] = char
            continue
        pairs[code] = char
        mark = bytes([code[1]]).decode("cp1252")
        for other in (mark.lower(), mark.upper()):
            pairs.setdefault(code[:1] + other.encode("cp1252"), char)
    return pairs, singles


@lru_cache(maxsize=None)
def _phonotactics() -> dict:
    data = json.loads((_DATA / "phonotactics.json").read_text(encoding="utf-8"))
    data["rhymes"] = frozenset(data["rhymes"])
    data["tone_marks"] = frozenset(data["tone_marks"])
    data["stop_tones"] = frozenset(data["stop_tones"])
    data["onsets"] = sorted(data["onsets"], key=len, reverse=True)
    return data


# --------------------------------------------------------------------------- codecs


def _decode_tcvn3(data: bytes) -> str:
    table = _tcvn3_table()
    return "".join(table.get(b, chr(b)) for b in data)


def _decode_vni(data: bytes) -> str:
    pairs, singles = _vni_decoder()
    out, i = [], 0
    while i < len(data):
        pair = data[i : i + 2]
        if len(pair) == 2 and pair in pairs:
            out.append(pairs[pair])
            i += 2
        else:
            out.append(singles.get(data[i], chr(data[i])))
            i += 1
    return "".join(out)


def _decode_cp1258(data: bytes) -> str:
    """Python's cp1258 leaves a few C1 slots undefined; read those as Windows-1252 would."""
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        fallback = _cp1252_fallback()
        return "".join(bytes([b]).decode("cp1258", errors="ignore") or fallback[b] for b in data)


def _decode_raw(data: bytes, encoding: str) -> str:
    if encoding == "tcvn3":
        return _decode_tcvn3(data)
    if encoding == "vni":
        return _decode_vni(data)
    if encoding == "cp1258":
        return _decode_cp1258(data)
    return data.decode(encoding)


def decode_as(data: bytes, encoding: str) -> str:
    """Decode with a known encoding (no detection), returning NFC text with "\\n" newlines.

    Raises UnicodeDecodeError for bytes invalid in a strict codec."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}; expected one of {ENCODINGS}")
    text = _decode_raw(data, encoding)
    if encoding == "tcvn3":
        text = _restore_tcvn3_capitals(text)
    return _normalise(text)


def encode_tcvn3(text: str) -> bytes:
    """Inverse of TCVN3 decoding, as .VnTime users typed it (toned capitals become the
    lower-case code, the font decides how they look). Raises ValueError on other non-ASCII."""
    encoder = _tcvn3_encoder()
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in encoder:
            out.append(encoder[char])
        elif char.lower() in encoder:
            out.append(encoder[char.lower()])
        else:
            out += _windows_punctuation(char, "TCVN3 (ABC)")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Inverse of VNI-Windows decoding. Raises ValueError on other non-ASCII characters."""
    encoder = dict(_vni_rows())
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in encoder:
            out += encoder[char]
        else:
            out += _windows_punctuation(char, "VNI")
    return bytes(out)


def _windows_punctuation(char: str, encoding: str) -> bytes:
    """Quotes, dashes, ellipsis and NBSP keep their Windows-1252 byte in font-encoded files."""
    try:
        code = char.encode("cp1252")
    except UnicodeEncodeError:
        code = b""
    if not code or not (0x80 <= code[0] <= 0xA0):
        raise ValueError(f"{char!r} has no {encoding} code")
    return code


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))


# --------------------------------------------------------------------------- TCVN3 capitals


@lru_cache(maxsize=4096)
def _has_tone(char: str) -> bool:
    return any(m in _phonotactics()["tone_marks"] for m in unicodedata.normalize("NFD", char))


def _case_signal(word: str) -> tuple[int, int, bool]:
    """(upper, lower, has_vietnamese_letter) counting only letters whose case TCVN3 encodes:
    a decoded toned lower-case letter may have been a capital under .VnTimeH."""
    upper = lower = 0
    vietnamese = False
    for char in word:
        if char.islower() and _has_tone(char):
            vietnamese = True
            continue
        upper += char.isupper()
        lower += char.islower()
        vietnamese = vietnamese or ord(char) >= 0x80
    return upper, lower, vietnamese


def _restore_tcvn3_capitals(text: str) -> str:
    """ABC has no codes for toned capitals, so "VIỆT" comes out as "VIệT". Upper-case a word
    when its case-carrying letters are all capitals (two or more), or when its whole line is
    shouted (no lower-case letter and some all-caps Vietnamese word). "Số: 12/BC-UBND" stays."""
    return "\n".join(_restore_line(line) for line in text.split("\n"))


def _restore_line(line: str) -> str:
    words = [(m, _case_signal(m.group())) for m in _WORD_CHARS.finditer(line)]
    if not words:
        return line
    shouted = all(lower == 0 for _, (_, lower, _) in words) and any(
        upper >= 2 and viet for _, (upper, _, viet) in words
    )
    out, pos = [], 0
    for match, (upper, lower, _) in words:
        if lower == 0 and upper >= 1 and (shouted or upper >= 2):
            out.append(line[pos : match.start()])
            out.append(match.group().upper())
            pos = match.end()
    out.append(line[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- phonotactics


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` (one syllable, any case, NFC or not) is spelled like a Vietnamese syllable."""
    rules = _phonotactics()
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in rules["tone_marks"]]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in rules["tone_marks"]))
    for onset in rules["onsets"]:
        if base.startswith(onset) and _rhyme_ok(onset, base[len(onset) :], tones, rules):
            return True
    return False


def _rhyme_ok(onset: str, rhyme: str, tones: list[str], rules: dict) -> bool:
    if not rhyme:
        return False
    spelled = rhyme in rules["rhymes"] or (onset == "qu" and "u" + rhyme in rules["rhymes"])
    if not spelled:
        return False
    only = rules["onset_rules"]["only_before"].get(onset)
    banned = rules["onset_rules"]["not_before"].get(onset, "")
    if (only and rhyme[0] not in only) or rhyme[0] in banned:
        return False
    if any(rhyme.endswith(coda) for coda in rules["stop_codas"]):
        return bool(tones) and tones[0] in rules["stop_tones"]
    return True


# --------------------------------------------------------------------------- detection


def _syllable_share(words: list[str]) -> float:
    return sum(is_vietnamese_syllable(w) for w in words) / len(words) if words else 0.0


def _non_ascii_words(data: bytes) -> tuple[list[bytes], float]:
    """An even sample of the byte-level words (ASCII letters + bytes >= 0xA1) that hold a high
    byte, and the share of all words that do. Splitting bytes, not decoded text, gives every
    candidate encoding the same words."""
    words = _WORD_BYTES.findall(data)
    non_ascii = [w for w in words if max(w) >= 0x80]
    step = max(1, len(non_ascii) // MAX_SCORED_WORDS)
    return non_ascii[::step], len(non_ascii) / len(words) if words else 0.0


def _score(words: list[bytes], encoding: str) -> float:
    decoded = []
    for word in words:
        try:
            decoded.append(unicodedata.normalize("NFC", _decode_raw(word, encoding)))
        except UnicodeDecodeError:
            return -1.0
    return _syllable_share(decoded)


def _latin_share(words: list[bytes]) -> float:
    """Share of non-ASCII words that cp1258 turns into letters only (plausible Latin text);
    a tone mark that does not compose onto its letter counts against it."""
    letters = 0
    for word in words:
        try:
            text = unicodedata.normalize("NFC", word.decode("cp1258"))
        except UnicodeDecodeError:
            return 0.0
        letters += all(unicodedata.category(c)[0] == "L" for c in text)  # marks must compose
    return letters / len(words) if words else 1.0


def _choose_8bit(data: bytes) -> str:
    words, marked = _non_ascii_words(data)
    if not words:
        return "cp1258"
    scores = {enc: _score(words, enc) for enc in LEGACY_8BIT}
    if marked < FONT_MIN_MARKED_SHARE:
        scores["tcvn3"] = scores["vni"] = 0.0
    best = max(LEGACY_8BIT, key=lambda enc: scores[enc])  # max keeps the first on ties
    if scores[best] >= MIN_SYLLABLE_SHARE:
        return best
    mostly_ascii = marked <= MAX_FOREIGN_WORD_SHARE
    if scores["cp1258"] >= 0 and (mostly_ascii or _latin_share(words) >= LATIN_MIN_SHARE):
        return "cp1258"
    summary = ", ".join(f"{enc} {scores[enc]:.0%}" for enc in LEGACY_8BIT)
    raise EncodingError(
        f"undecidable 8-bit text: {marked:.0%} of words are non-ASCII and no encoding "
        f"makes them Vietnamese syllables (share valid: {summary})"
    )


def _font_bytes(text: str) -> bytes | None:
    """The bytes a legacy-font text had before it was mis-read as Windows-1252/Latin-1,
    or None when the text holds characters outside those code pages (so it is real Unicode)."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            out.append(ord(char))
    return bytes(out)


def _utf8_font_encoding(text: str) -> str | None:
    """Legacy encoding hidden in UTF-8 text ("ViÖt Nam"), if the evidence is strong."""
    raw = None if text.isascii() else _font_bytes(text)
    if raw is None:
        return None
    words, marked = _non_ascii_words(raw)
    if len(words) < MOJIBAKE_MIN_WORDS or marked < FONT_MIN_MARKED_SHARE:
        return None
    as_is = _score(words, "cp1252")
    scores = {enc: _score(words, enc) for enc in ("tcvn3", "vni")}
    best = max(scores, key=lambda enc: scores[enc])
    if scores[best] >= MOJIBAKE_MIN_SHARE and scores[best] >= as_is + MOJIBAKE_MIN_GAIN:
        return best
    return None


def _control_share(data: bytes) -> float:
    controls = sum(1 for b in data if (b < 0x20 and b not in _ALLOWED_CONTROLS) or b == 0x7F)
    return controls / len(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one byte parity only (ASCII-range UTF-16)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= UTF16_MIN_NUL_SHARE and even_nul == 0:
        return "utf-16-le"
    if even_nul >= UTF16_MIN_NUL_SHARE and odd_nul == 0:
        return "utf-16-be"
    return None


def _check_text(text: str, encoding: str) -> str:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\v\f\r\x1a")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise EncodingError(f"binary data: {controls} control characters after decoding as {encoding}")
    return text


def _decode_unicode(data: bytes, codec: str, name: str) -> DecodedText:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"looks like {name} (byte-order mark or NUL pattern) but is not valid {name}: {exc}") from exc
    return DecodedText(_check_text(_normalise(text), name), name)


def decode_bytes(data: bytes) -> DecodedText:
    """Detect the encoding of a Vietnamese text file and decode it to NFC with "\\n" newlines.

    Order: byte-order marks; NUL bytes (BOM-less UTF-16, else binary); control characters;
    strict UTF-8 (with legacy-font text inside it re-read); else the best of cp1258, TCVN3
    and VNI by share of valid Vietnamese syllables."""
    if not data:
        raise EncodingError("empty input")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_unicode(data, "utf-8-sig", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_unicode(data, "utf-16", "utf-16")
    if 0 in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise EncodingError(f"binary data: {data.count(0)} NUL bytes in {len(data)} and not UTF-16")
        return _decode_unicode(data, codec, "utf-16")
    if _control_share(data) > MAX_CONTROL_SHARE:
        raise EncodingError(f"binary data: {_control_share(data):.1%} of bytes are control characters")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = _choose_8bit(data)
        return DecodedText(decode_as(data, encoding), encoding)
    hidden = _utf8_font_encoding(text)
    if hidden is not None:
        return DecodedText(decode_as(_font_bytes(text) or b"", hidden), hidden)
    return DecodedText(_normalise(text), "utf-8")
