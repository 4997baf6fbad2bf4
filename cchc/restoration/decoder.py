"""Noisy-channel decoding: the syllable sequence that best explains the observed tokens.

score(sequence) = Σ LM log10 P(syllable | previous syllables) + CHANNEL_WEIGHT · Σ log10 P(obs | syllable)

Searched by a beam over LM states (the packed ids of the last order-1 units). Python cannot
afford a loop per (state, candidate) at the speed restoration needs, so all segments of a text
advance in lock-step and every step is a handful of numpy operations over all segments at once:
segments are sorted by length, so the ones still running at step t are always a prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cchc.restoration.lm import BITS, NgramLM

CHANNEL_WEIGHT = 0.8  # tuned on held-back synthetic training pages (every 20th), not on the benchmark
BEAM_WIDTH = 8
BEAM_MARGIN = 4.0  # log10 units below a segment's best state
NEG = -1e9


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
    Returns the chosen index per position and its confidence (the share of the best-path
    score mass, left context only, among the position's choices)."""
    n_pos = len(sets)
    if n_pos == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    width = BEAM_WIDTH
    cnt_l: list[int] = []
    ids_l: list[int] = []
    chans_l: list[float] = []
    for cs in sets:
        cnt_l.append(len(cs.ids))
        ids_l.extend(cs.ids)
        chans_l.extend(cs.chans)
    cnt = np.array(cnt_l, dtype=np.int64)
    start = np.cumsum(cnt) - cnt
    flat_ids = np.array(ids_l, dtype=np.uint64)
    flat_chan = np.array(chans_l) * CHANNEL_WEIGHT
    bounds = np.array(list(seg_starts) + [n_pos], dtype=np.int64)
    seg_len = np.diff(bounds)
    order = np.argsort(-seg_len, kind="stable")
    lengths = seg_len[order]
    seg_off = bounds[:-1][order]
    n_seg = len(order)
    state_mask = np.uint64((1 << (BITS * (lm.order - 1))) - 1)
    shift = np.uint64(BITS)
    states = np.zeros((n_seg, width), dtype=np.uint64)
    scores = np.full((n_seg, width), NEG)
    scores[:, 0] = 0.0
    steps = int(lengths[0])
    n_active = np.searchsorted(-lengths, -np.arange(steps), side="left")  # rows with length > t
    back_k: list[np.ndarray] = []
    back_c: list[np.ndarray] = []
    for t in range(steps):
        n = int(n_active[t])
        pos = seg_off[:n] + t
        counts = cnt[pos]
        cstart = start[pos]
        vr, vk = np.nonzero(scores[:n] > NEG / 2)
        rep = counts[vr]
        combo_r = np.repeat(vr, rep)
        combo_k = np.repeat(vk, rep)
        local = np.arange(len(combo_r)) - np.repeat(np.cumsum(rep) - rep, rep)
        c_flat = cstart[combo_r] + local
        beam_states = states[vr, vk]
        st = np.repeat(beam_states, rep)
        ids = flat_ids[c_flat]
        ctxs = [(np.repeat(b, rep), np.repeat(e, rep)) for b, e in lm.contexts(beam_states)]
        total = np.repeat(scores[vr, vk], rep) + lm.score_with_contexts(st, ids, ctxs) + flat_chan[c_flat]
        row_start = np.searchsorted(combo_r, np.arange(n))  # combos come grouped by row
        row_top = np.maximum.reduceat(total, row_start)
        new_state = ((st << shift) | ids) & state_mask
        o = np.lexsort((-total, *_row_state_keys(combo_r, new_state, lm.order)))
        first = np.ones(len(o), dtype=bool)
        ro, so = combo_r[o], new_state[o]
        first[1:] = (ro[1:] != ro[:-1]) | (so[1:] != so[:-1])
        keep = o[first]
        keep = keep[total[keep] >= row_top[combo_r[keep]] - BEAM_MARGIN]
        o2 = keep[np.lexsort((-total[keep], combo_r[keep]))]
        r2 = combo_r[o2]
        rank = np.arange(len(o2)) - np.searchsorted(r2, np.arange(n))[r2]
        sel = rank < width
        o2, r2, rank = o2[sel], r2[sel], rank[sel]
        scores[:n] = NEG
        scores[r2, rank] = total[o2]
        states[r2, rank] = new_state[o2]
        bk = np.zeros((n, width), dtype=np.int64)
        bc = np.zeros((n, width), dtype=np.int64)
        bk[r2, rank] = combo_k[o2]
        bc[r2, rank] = local[o2]
        back_k.append(bk)
        back_c.append(bc)
    # rows are sorted by length, so a finished segment's beam is never touched again: all
    # segments get their </s> score in one batch at the end
    valid = scores > NEG / 2
    end = np.full((n_seg, width), NEG)
    end[valid] = scores[valid] + lm.score_batch(states[valid], np.full(int(valid.sum()), eos, dtype=np.uint64))
    final_slot = end.argmax(axis=1)
    picks = np.zeros(n_pos, dtype=np.int64)
    k = final_slot.copy()
    for t in range(steps - 1, -1, -1):
        n = int(n_active[t])
        rows = np.arange(n)
        kk = k[:n]
        picks[seg_off[:n] + t] = back_c[t][rows, kk]
        k[:n] = back_k[t][rows, kk]
    return picks, _confidences(lm, flat_ids, flat_chan, cnt, start, picks, bounds)


def _row_state_keys(rows: np.ndarray, states: np.ndarray, order: int) -> tuple[np.ndarray, ...]:
    """``np.lexsort`` keys (last one primary) ordering by row, then state: packed into one
    64-bit key when both fit (a state takes BITS·(order-1) bits), since each key is a sort pass."""
    state_bits = BITS * (order - 1)
    if len(rows) and int(rows[-1]) < (1 << (64 - state_bits)):
        return ((rows.astype(np.uint64) << np.uint64(state_bits)) | states,)
    return (states, rows)


def _confidences(lm: NgramLM, flat_ids, flat_chan, cnt, start, picks, bounds) -> np.ndarray:
    """Softmax over each position's choices of channel + LM score given the chosen left context
    (one batched lookup after decoding, rather than bookkeeping in every beam step)."""
    n_pos = len(picks)
    chosen = flat_ids[start + picks]
    seg_id = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    state = np.zeros(n_pos, dtype=np.uint64)
    for back in range(1, lm.order):
        prev = np.zeros(n_pos, dtype=np.uint64)
        prev[back:] = chosen[:-back]
        same = np.zeros(n_pos, dtype=bool)
        same[back:] = seg_id[back:] == seg_id[:-back]
        state |= np.where(same, prev, 0) << np.uint64(BITS * (back - 1))
    multi = np.nonzero(cnt > 1)[0]
    conf = np.ones(n_pos)
    if len(multi) == 0:
        return conf
    reps = cnt[multi]
    flat = np.repeat(start[multi], reps) + (np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps))
    owner = np.repeat(np.arange(len(multi)), reps)
    left = state[multi][owner]
    cand = flat_ids[flat]
    ctxs = [(b[owner], e[owner]) for b, e in lm.contexts(state[multi])]  # once per position
    score = lm.score_with_contexts(left, cand, ctxs) + flat_chan[flat]
    # and how well each choice predicts the chosen next unit (end of segment: </s> is not scored)
    nxt_pos = multi + 1
    has_next = (nxt_pos < n_pos) & (seg_id[np.minimum(nxt_pos, n_pos - 1)] == seg_id[multi])
    nxt_id = chosen[np.minimum(nxt_pos, n_pos - 1)][owner]
    mask = np.uint64((1 << (BITS * (lm.order - 1))) - 1)
    right = lm.score_batch(((left << np.uint64(BITS)) | cand) & mask, nxt_id)
    score += np.where(has_next[owner], right, 0.0)
    first = np.cumsum(reps) - reps
    top = np.maximum.reduceat(score, first)
    p = np.power(10.0, np.maximum(score - top[owner], -30))
    z = np.add.reduceat(p, first)
    first = np.cumsum(reps) - reps
    conf[multi] = p[first + picks[multi]] / z
    return conf
