"""The restorer: tokens → candidate syllables → decoded sentence → restored text with alignment."""

from __future__ import annotations

import gc
import math
import threading
from array import array
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Iterator

import regex

from cchc.gazetteers.doc_codes import repair_code
from cchc.models import RestoredText, RestoredToken
from cchc.restoration.channel import Channel
from cchc.restoration.decoder import Choice, ChoiceSet, decode_all
from cchc.restoration.lm import CLASS_OF_KIND, EOS, NgramLM
from cchc.restoration.paths import CHANNEL_PATH, LM_PATH
from cchc.restoration.syllables import is_valid_syllable
from cchc.restoration.units import Unit, units
from cchc.spans import Alignment, Span
from cchc.text import fold

# P(observed | syllable) mixes three ways a token reaches us: printed correctly (identity),
# typed or converted without diacritics (strip), or read by an English OCR engine (ocr).
MODES = {
    "clean": (0.97, 0.0, 0.03),
    "strip": (0.10, 0.80, 0.10),
    "ocr": (0.10, 0.05, 0.85),
    "foreign": (0.99, 0.0, 0.01),  # a line mostly of non-Vietnamese words (English) is left as is
}
FOREIGN_SHARE = 0.6
MAX_CHOICES = 12
CHOICE_MARGIN = 4.0  # log10 below the best prior (channel + unigram)
SPLIT_SOFT = 40  # segment length (positions) after which a punctuation mark ends it
SPLIT_HARD = 120
SUSPECT_IDENTITY = 0.1  # weight kept by an identity reading that is not a Vietnamese syllable
# English OCR reads "là" as 1-a, 1-3, 1-4, 1-8; "lệ", "lộ" as 1-6, 1-8; "ở" as 6
NUMBER_LOOKALIKES = {"6": ("ở",), "13": ("là",), "14": ("là",), "16": ("lệ", "lộ"), "18": ("là", "lệ")}
NUMBER_AS_WORD = 0.05
TRIE_VOCAB = 9000
ACRONYM_RANK = 3000  # frequent abbreviations with đ (HĐND, QĐ) are OCR targets too
FOLD_MARGIN = 3.0  # log10: drop restorations far rarer than the commonest with the same letters
_SEGMENT_END = regex.compile(r"[.;:!?]\s*$")
_LIST_START = regex.compile(r"^\s*(?:[-+•*–]|[a-zđ]\)|\d+(?:\.\d+)*[.)]\s)")
_CODE_RUN = regex.compile(r"(?<![\p{L}\d/-])\p{L}{1,8}(?:[-/]\p{L}[\p{L}\d]{0,9})+(?![\p{L}\d/-])")
_HAS_DIGIT = regex.compile(r"\d")
_VIET_ONLY = regex.compile(r"[^\x00-\xff\P{L}]")  # letters outside Latin-1: ạ ă đ ơ ư ế …


def trie_vocabulary(lm: NgramLM) -> list[str]:
    """What OCR damage may be restored to: the frequent real syllables, plus frequent
    abbreviations with đ (HĐND, QĐ), which English OCR also damages."""
    words = [(i, w) for i, w in enumerate(lm.vocab) if w.isalpha() and w == w.lower()]
    return [w for i, w in words[:TRIE_VOCAB] if is_valid_syllable(w) or ("đ" in w and i < ACRONYM_RANK)]


def line_mode(words: list[str], default: str) -> str:
    """Which damage a line shows; short lines inherit the document's mode."""
    alpha = [w for w in words if w.isalpha()]
    if len(alpha) < 4:
        return default
    viet = sum(1 for w in alpha if _VIET_ONLY.search(w))
    foreign = sum(1 for w in alpha if not w.isupper() and not is_valid_syllable(fold(w)))
    if foreign >= FOREIGN_SHARE * len(alpha):
        return "foreign"
    if viet >= 0.3 * len(alpha) or (viet and default == "clean"):  # a line of names in a clean document
        return "clean"
    joined = "".join(words)
    if joined.isascii() and not _HAS_DIGIT.search(joined):  # word units hold no other digits
        return "strip"
    return "ocr"


def is_acronym(word: str) -> bool:
    """All capitals and no Vietnamese syllable even without its marks: an abbreviation."""
    return len(word) >= 2 and word.isalpha() and word.isupper() and not is_valid_syllable(fold(word))


def apply_case(observed: str, restored: str, heading: bool) -> str:
    if restored == observed.lower():
        return observed
    if heading or (observed.isupper() and len(observed) > 2):
        return restored.upper()
    first = observed[0]
    if first.isupper():
        return restored[:1].upper() + restored[1:]
    return restored


class Restorer:
    def __init__(self) -> None:
        self.lm = NgramLM(LM_PATH)
        self.eos = self.lm.id(EOS)
        self.alnum = self.lm.id("<alnum>")
        words = [(i, w) for i, w in enumerate(self.lm.vocab) if w.isalpha() and w == w.lower()]
        unigram = self.lm.uni
        self.fold_index: dict[str, list[str]] = {}
        for i, w in words:
            self.fold_index.setdefault(fold(w), []).append(w)
        for key, group in self.fold_index.items():
            best = max(unigram[self.lm.ids[w]] for w in group)
            self.fold_index[key] = [w for w in group if unigram[self.lm.ids[w]] >= best - FOLD_MARGIN]
        self.unigram: list[float] = self.lm.uni.tolist()  # float per id without numpy scalars
        # (LM id, unigram log10) of every unit in one lookup: ranking candidates is a hot loop
        self.prior: dict[str, tuple[int, float]] = {w: (i, u) for i, (w, u) in enumerate(zip(self.lm.vocab, self.unigram))}
        self.channel = Channel.load(trie_vocabulary(self.lm), CHANNEL_PATH)
        self._choices: dict[tuple[str, str], ChoiceSet] = {}
        self._fixed: dict[tuple[str, str], ChoiceSet] = {}
        self._compile_kernels()

    def _compile_kernels(self) -> None:
        """Run every compiled kernel once, so their compilation (or loading from numba's disk
        cache) happens with the model load and not inside the first text."""
        self.channel._search("nguoi")
        self.restore("Ket qua 1a")
        self.reset_caches()

    def reset_caches(self) -> None:
        """Forget everything learned from earlier inputs (for timing a cold run): back to the
        state right after loading, syllable-shape memo included."""
        self._choices.clear()
        self.channel.reset_cache()
        is_valid_syllable.cache_clear()
        trie_vocabulary(self.lm)  # what the load itself leaves in that memo

    # -------------------------------------------------------------------------------- candidates
    def choices(self, observed: str, mode: str) -> ChoiceSet:
        key = (observed, mode)
        hit = self._choices.get(key)
        if hit is None:
            hit = self._build_choices(observed, mode)
            self._choices[key] = hit
        return hit

    def _build_choices(self, observed: str, mode: str) -> ChoiceSet:
        low = observed.lower()
        lam_id, lam_strip, lam_ocr = MODES[mode]
        if mode != "clean" and not observed.isupper() and not is_valid_syllable(low):
            lam_id *= SUSPECT_IDENTITY  # "sb", "ctua", "1a": not a syllable, so probably damage
        group = self.fold_index.get(low, ()) if low.isascii() and low.isalpha() and lam_strip else ()
        # in stripped text a bare known word is one reading among its diacritic variants
        probs: dict[str, float] = {low: 0.0 if (mode == "strip" and low in group) else lam_id}
        for c in group:
            probs[c] = probs.get(c, 0.0) + lam_strip
        # In stripped text a known letter sequence is explained by its own diacritic variants;
        # only other tokens need the (slower) search through OCR confusions.
        if lam_ocr and not (group and mode == "strip"):
            for c, lp in self.channel.candidates(low):
                probs[c] = probs.get(c, 0.0) + lam_ocr * 10**lp
        return self._ranked(low, probs)

    def _ranked(self, low: str, probs: dict[str, float]) -> ChoiceSet:
        """The likeliest readings a priori (channel + unigram), best first; the identity stays."""
        prior = self.prior
        log10 = math.log10
        rows = []  # (prior, text, lm id, log10 channel)
        for c, p in probs.items():
            if p <= 0.0:
                continue
            known = prior.get(c)
            if known is None:  # no LM unit holds a digit: those are all <alnum>
                lm_id = self.alnum if _HAS_DIGIT.search(c) else self.lm.unk
                known = (lm_id, self.unigram[lm_id])
            chan = log10(p)
            rows.append((chan + known[1], c, known[0], chan))
        if len(rows) > 1:
            rows.sort(key=itemgetter(0), reverse=True)  # stable: ties keep insertion order
            floor = rows[0][0] - CHOICE_MARGIN
            keep = [r for r in rows[:MAX_CHOICES] if r[0] >= floor]
            if not any(r[1] == low for r in keep):
                keep.append(next(r for r in rows if r[1] == low))
            rows = keep
        return ChoiceSet(tuple(r[1] for r in rows), tuple(r[2] for r in rows), tuple(r[3] for r in rows))

    def word_choices(self, observed: str, mode: str, heading: bool) -> ChoiceSet:
        if mode == "clean" and (observed[:1].isupper() or is_valid_syllable(observed.lower())):
            return self.kept(observed)
        if not heading and is_acronym(observed):
            return self.acronym_choices(observed)
        return self.choices(observed, mode)

    def kept(self, observed: str) -> ChoiceSet:
        """A word of a line already written with its marks stays as written when it is a name ("Ea
        Phê", "Hòa An") or a word ("chi đầu tư", "ba cấp", "trang thông tin"): the LM would turn it
        into a commoner one ("Cà Phê", "Hòa Ăn", "chủ đầu tư", "đã cấp", "trong thông tin")."""
        key = (observed, "kept")
        hit = self._choices.get(key)
        if hit is None:
            hit = self._choices[key] = self._ranked(observed.lower(), {observed.lower(): 1.0})
        return hit

    def acronym_choices(self, observed: str) -> ChoiceSet:
        """An acronym (DTI, DVC, CNTT) in running text stays as written; the only repair is a
        known acronym whose Đ the OCR read as D (HDND -> HĐND), which the LM then weighs."""
        key = (observed, "acronym")
        hit = self._choices.get(key)
        if hit is None:
            low = observed.lower()
            probs = {low: 1.0}
            for c in self.fold_index.get(low, ()):
                if "đ" in c and not is_valid_syllable(c):
                    probs[c] = 1.0
            hit = self._choices[key] = self._ranked(low, probs)
        return hit

    def number_choices(self, text: str) -> ChoiceSet:
        """A number OCR printed for a word (``14`` for ``là``, ``16`` for ``lệ``): the word is read only
        where the LM finds the number implausible there."""
        words = NUMBER_LOOKALIKES[text]
        as_word = math.log10(NUMBER_AS_WORD / len(words))
        return ChoiceSet.of([Choice(text, self.lm.id("<num>"), math.log10(1 - NUMBER_AS_WORD)),
                             *(Choice(w, self.lm.id(w), as_word) for w in words)])

    def fixed(self, unit: Unit) -> ChoiceSet:
        key = (unit.kind, unit.text if unit.kind == "punct" else "")
        hit = self._fixed.get(key)
        if hit is None:
            unit_id = self.lm.id(unit.text if unit.kind == "punct" else CLASS_OF_KIND.get(unit.kind, "<code>"))
            hit = self._fixed[key] = ChoiceSet((unit.text,), (unit_id,), (0.0,))
        return hit

    # -------------------------------------------------------------------------------- restore
    def restore(self, text: str) -> RestoredText:
        with _gc_paused():
            return self._restore(text)

    def _restore(self, text: str) -> RestoredText:
        toks = _merge_code_runs(text, units(text))
        doc_mode = line_mode([u.text for u in toks if u.kind == "word"], "ocr")
        sets: list[ChoiceSet] = []
        pos_unit: list[int] = []
        headings: list[bool] = []
        seg_starts: list[int] = []
        prev_line = ""
        new_segment = True
        for line_units_ in _split_lines(toks):
            line_text = "".join(u.text for u in line_units_).strip()
            if not line_text or not prev_line or _SEGMENT_END.search(prev_line) or _LIST_START.match(line_text):
                new_segment = True
            words = [u.text for u in line_units_ if u.kind == "word"]
            mode = line_mode(words, doc_mode)
            alpha = [w for w in words if w.isalpha()]
            heading = len(alpha) >= 2 and sum(w.isupper() for w in alpha) >= 0.6 * len(alpha)
            for u in line_units_:
                kind = u.kind
                if kind == "space":
                    continue
                if new_segment:
                    seg_starts.append(len(sets))
                    new_segment = False
                if kind == "word":
                    sets.append(self.word_choices(u.text, mode, heading))
                elif kind == "number" and mode == "ocr" and u.text in NUMBER_LOOKALIKES:
                    sets.append(self.number_choices(u.text))
                else:
                    sets.append(self.fixed(u))
                pos_unit.append(u.start)
                headings.append(heading)
                run = len(sets) - seg_starts[-1]
                if run >= SPLIT_HARD or (run >= SPLIT_SOFT and kind == "punct" and u.text in ",;:.!?"):
                    new_segment = True  # long segments are cut so the decoder runs them side by side
            if line_text:
                prev_line = line_text
            last = line_units_[-1] if line_units_ else None
            if last is not None and last.kind == "space" and last.text.count("\n") > 1:
                new_segment = True  # a blank line ends the paragraph
        picks, confs = decode_all(self.lm, sets, seg_starts, self.eos)
        restored: dict[int, tuple[str, float]] = {}
        by_start = {u.start: u for u in toks}
        for i, (cs, ci) in enumerate(zip(sets, picks.tolist())):
            if len(cs.texts) > 1 or by_start[pos_unit[i]].kind == "word":
                u = by_start[pos_unit[i]]
                restored[u.start] = (apply_case(u.text, cs.texts[ci], headings[i]), float(confs[i]))
        return _assemble(text, toks, restored)


def _split_lines(toks: list[Unit]) -> list[list[Unit]]:
    lines: list[list[Unit]] = [[]]
    for u in toks:
        lines[-1].append(u)
        if u.kind == "space" and "\n" in u.text:
            lines.append([])
    return lines


def _merge_code_runs(text: str, toks: list[Unit]) -> list[Unit]:
    """Letter-only codes (``ND-CP``) become one code unit when the gazetteer knows every part."""
    spans = []
    for m in _CODE_RUN.finditer(text):
        if repair_code(m.group()) is not None and any(ch.isupper() for ch in m.group()[:2]):
            spans.append((m.start(), m.end()))
    if not spans:
        return toks
    out: list[Unit] = []
    it = iter(spans)
    cur = next(it, None)
    for u in toks:
        while cur and u.start >= cur[1]:
            cur = next(it, None)
        if cur and cur[0] <= u.start < cur[1]:
            if u.start == cur[0]:
                out.append(Unit(text[cur[0] : cur[1]], cur[0], cur[1], "code"))
            continue
        out.append(u)
    return out


def _assemble(text: str, toks: list[Unit], restored: dict[int, tuple[str, float]]) -> RestoredText:
    """Output text, alignment (unchanged runs copied whole, changed tokens mapped to their
    source token) and a RestoredToken per word and code."""
    tokens: list[RestoredToken] = []
    parts: list[str] = []
    changed: list[tuple[int, int, int]] = []  # (source start, source end, output length)
    copy_from = 0  # start of the current unchanged run in the source
    for u in toks:
        kind = u.kind
        if kind == "word" or u.start in restored:
            out, conf = restored.get(u.start, (u.text, 1.0))
        elif kind == "code":
            fixed = repair_code(u.text)
            out, conf = fixed or u.text, 1.0 if fixed else 0.5
        else:
            continue
        tokens.append(RestoredToken(Span(u.start, u.end), u.text, out, conf))
        if out != u.text:
            parts.append(text[copy_from : u.start])
            parts.append(out)
            changed.append((u.start, u.end, len(out)))
            copy_from = u.end
    parts.append(text[copy_from:])
    return RestoredText("".join(parts), _alignment(changed, len(text)), tuple(tokens))


def _alignment(changed: list[tuple[int, int, int]], length: int) -> Alignment:
    """Copied characters map to themselves; a changed token's characters map one to one when
    its length is kept, otherwise each to the whole source token (``Span``-free: one array
    extension per run, as the output can be a whole report)."""
    starts, ends = array("l"), array("l")
    at = 0
    for a, b, n in changed:
        if n == b - a:
            continue  # same length: character by character, like a copied run
        starts.extend(range(at, a))
        ends.extend(range(at + 1, a + 1))
        starts.extend([a] * n)
        ends.extend([b] * n)
        at = b
    starts.extend(range(at, length))
    ends.extend(range(at + 1, length + 1))
    return Alignment(starts, ends, length)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Restoration allocates a few objects per token and frees them all, with no reference
    cycles; the cyclic collector would otherwise run every ~700 allocations to find none
    (about a sixth of the time on a long text)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> Restorer:
    return Restorer()


def get_restorer() -> Restorer:
    with _LOCK:
        return _load()
