"""Noisy-channel decoding: the syllable sequence that best explains the observed tokens.

score(sequence) = Σ LM log10 P(syllable | previous syllables) + CHANNEL_WEIGHT · Σ log10 P(obs | syllable)

Searched by a beam over LM states (the packed ids of the last order-1 units), segment by
segment, in compiled code (``kernels.beam_decode``): the loop per (state, candidate) is too
hot for Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cchc.restoration import kernels
from cchc.restoration.lm import NgramLM

CHANNEL_WEIGHT = 0.8  # tuned on held-back synthetic training pages (every 20th), not on the benchmark
BEAM_WIDTH = 8
BEAM_MARGIN = 4.0  # log10 units below a segment's best state
CONFIDENCE_MARGIN = 6.0  # log10: choices this far below the best on the left context hold no share


@dataclass(frozen=True, slots=True)
class Choice:
    """One way to read a position: the lower-cased output text, its LM id, log10 P(obs | it)."""

    text: str
    lm_id: int
    channel: float


@dataclass(frozen=True, slots=True)
class ChoiceSet:
    """A position's choices as parallel tuples (built once per distinct token and cached)."""

    texts: tuple[str, ...]
    ids: tuple[int, ...]
    chans: tuple[float, ...]

    @classmethod
    def of(cls, choices: list[Choice]) -> ChoiceSet:
        return cls(tuple(c.text for c in choices), tuple(c.lm_id for c in choices),
                   tuple(c.channel for c in choices))


def decode_all(lm: NgramLM, sets: list[ChoiceSet], seg_starts: list[int], eos: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions are laid end to end; segment i runs from seg_starts[i] to the next start.
    Returns the chosen index per position and its confidence (the share of the score mass
    among the position's choices, given the chosen neighbours)."""
    n_pos = len(sets)
    if n_pos == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    cnt_l: list[int] = []
    ids_l: list[int] = []
    chans_l: list[float] = []
    for cs in sets:
        cnt_l.append(len(cs.ids))
        ids_l.extend(cs.ids)
        chans_l.extend(cs.chans)
    cnt = np.array(cnt_l, dtype=np.int64)
    start = np.cumsum(cnt) - cnt
    ids = np.array(ids_l, dtype=np.uint64)
    chans = np.array(chans_l) * CHANNEL_WEIGHT
    bounds = np.array(list(seg_starts) + [n_pos], dtype=np.int64)
    picks = kernels.beam_decode(lm.arrays, cnt, start, ids, chans, bounds, np.uint64(eos), BEAM_WIDTH, BEAM_MARGIN)
    return picks, kernels.confidences(lm.arrays, cnt, start, ids, chans, bounds, picks, CONFIDENCE_MARGIN)
