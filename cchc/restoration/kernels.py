"""The inner loops of restoration, compiled with numba.

Restoration spends its time in three loops that touch every (beam state, candidate) pair or
every trie state: n-gram lookups, the beam decoder and the OCR-form search. In Python they ran
at a few microseconds an operation, and batching them into numpy calls (the earlier design)
left a fixed cost of dozens of calls per decoder step. Compiled, each runs at memory speed.
``cache=True`` keeps the machine code beside the module, so only the first process on a
machine pays the compilation (a few seconds).
"""

from __future__ import annotations

from typing import NamedTuple

import numba as nb
import numpy as np

HASH_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key × φ·2^64
PRESENT_MULT = np.uint64(0xC2B2AE3D27D4EB4F)  # another odd multiplier, independent of the table's
PRESENT_BITS = 26  # 2^26 bits = 8 MB: about 5% false "maybe" for the 3.3 M n-grams
NEG = -1e9


class LMArrays(NamedTuple):
    """An n-gram LM as flat arrays: orders 2..N concatenated, ``off[n]`` the start of order n
    in ``keys``/``logp``/``bow``/``ext`` and ``toff[n]`` in ``table`` (open addressing, index
    + 1 into the order's keys, 0 = empty)."""

    keys: np.ndarray
    logp: np.ndarray
    bow: np.ndarray
    ext: np.ndarray
    table: np.ndarray
    present: np.ndarray
    off: np.ndarray
    toff: np.ndarray
    shift: np.ndarray
    mask: np.ndarray
    uni: np.ndarray
    uni_bow: np.ndarray
    uni_ext: np.ndarray
    order: int
    bits: int
    unk: int
    unk_logp: float


@nb.njit(cache=True, inline="always")
def hash_slot(q: np.uint64, shift: np.uint64) -> np.int64:
    return np.int64((q * HASH_MULT) >> shift)


@nb.njit(cache=True)
def find(keys, table, off, toff, shift, mask, n, q) -> int:
    """Index of key ``q`` in order ``n`` (relative to the order's start), or -1."""
    slot = hash_slot(q, shift[n])
    base, tbase, m = off[n], toff[n], mask[n]
    while True:
        at = np.int64(table[tbase + slot]) - 1
        if at < 0:
            return -1
        if keys[base + at] == q:
            return at
        slot = (slot + 1) & m


def present_bits(keys: np.ndarray, n: int) -> np.ndarray:
    """Bit positions of the n-gram keys of order n in the ``present`` filter."""
    salted = keys ^ (np.uint64(n) * np.uint64(0x9E37))
    return (salted * PRESENT_MULT) >> np.uint64(64 - PRESENT_BITS)


def present_filter(orders: dict[int, np.ndarray]) -> np.ndarray:
    """One bit per hashed n-gram: a clear bit proves an n-gram absent without touching the
    100 MB of keys and hash table. Most back-off lookups ask for absent n-grams, and this
    8 MB filter answers them from the processor's cache instead of main memory."""
    flags = np.zeros(1 << PRESENT_BITS, dtype=bool)
    for n, keys in orders.items():
        flags[present_bits(keys, n).astype(np.int64)] = True
    return np.packbits(flags, bitorder="little")


@nb.njit(cache=True, inline="always")
def maybe_present(present, n, q) -> bool:
    salt = np.uint64(n) * np.uint64(0x9E37)
    pos = ((q ^ salt) * PRESENT_MULT) >> np.uint64(64 - PRESENT_BITS)
    byte = present[np.int64(pos >> np.uint64(3))]
    return (np.uint64(byte) >> (pos & np.uint64(7))) & np.uint64(1) == np.uint64(1)


@nb.njit(cache=True, inline="always")
def lm_find(lm, n, q) -> int:
    """``find`` in the LM, asking the presence filter first."""
    if not maybe_present(lm.present, n, q):
        return -1
    return find(lm.keys, lm.table, lm.off, lm.toff, lm.shift, lm.mask, n, q)


@nb.njit(cache=True)
def find_many(keys, table, off, toff, shift, mask, n, queries, out) -> None:
    for i in range(queries.size):
        out[i] = find(keys, table, off, toff, shift, mask, n, queries[i])


@nb.njit(cache=True)
def context_weights(lm, state, bows, exts) -> None:
    """Back-off weight of each context of ``state`` and whether any longer n-gram extends it
    (``bows[n]``/``exts[n]`` for the context of length n); they depend on the state only."""
    for n in range(1, lm.order):
        ctx = state & ((np.uint64(1) << np.uint64(lm.bits * n)) - np.uint64(1))
        if n == 1:
            bows[1] = lm.uni_bow[np.int64(ctx)]
            exts[1] = lm.uni_ext[np.int64(ctx)]
        else:
            i = lm_find(lm, n, ctx)
            if i < 0:
                bows[n] = 0.0
                exts[n] = False
            else:
                bows[n] = lm.bow[lm.off[n] + i]
                exts[n] = lm.ext[lm.off[n] + i]


@nb.njit(cache=True)
def score_given(lm, state, w, bows, exts) -> float:
    """log10 P(w | state) by back-off, the state's context weights already known."""
    if w == lm.unk:
        return lm.unk_logp
    back = 0.0
    bits = np.uint64(lm.bits)
    for n in range(lm.order, 1, -1):
        if exts[n - 1]:
            ctx = state & ((np.uint64(1) << np.uint64(lm.bits * (n - 1))) - np.uint64(1))
            i = lm_find(lm, n, (ctx << bits) | w)
            if i >= 0:
                return back + lm.logp[lm.off[n] + i]
        back += bows[n - 1]
    return back + lm.uni[np.int64(w)]


@nb.njit(cache=True)
def score_many(lm, states, words, out) -> None:
    bows = np.zeros(lm.order, dtype=np.float64)
    exts = np.zeros(lm.order, dtype=np.bool_)
    for i in range(states.size):
        context_weights(lm, states[i], bows, exts)
        out[i] = score_given(lm, states[i], words[i], bows, exts)


@nb.njit(cache=True)
def beam_decode(lm, cnt, start, ids, chans, bounds, eos, width, margin):
    """Best reading per position, segment by segment (see decoder.py); returns the chosen
    choice index per position."""
    n_pos = cnt.size
    picks = np.zeros(n_pos, dtype=np.int64)
    max_len = 0
    for s in range(bounds.size - 1):
        max_len = max(max_len, bounds[s + 1] - bounds[s])
    max_cnt = 1
    for p in range(n_pos):
        max_cnt = max(max_cnt, cnt[p])
    bits = np.uint64(lm.bits)
    state_mask = (np.uint64(1) << np.uint64(lm.bits * (lm.order - 1))) - np.uint64(1)
    back_k = np.zeros((max_len, width), dtype=np.int64)
    back_c = np.zeros((max_len, width), dtype=np.int64)
    beam_state = np.zeros(width, dtype=np.uint64)
    beam_score = np.zeros(width, dtype=np.float64)
    new_state = np.zeros(width, dtype=np.uint64)
    new_score = np.zeros(width, dtype=np.float64)
    m_max = width * max_cnt
    c_total = np.zeros(m_max, dtype=np.float64)
    c_state = np.zeros(m_max, dtype=np.uint64)
    c_k = np.zeros(m_max, dtype=np.int64)
    c_c = np.zeros(m_max, dtype=np.int64)
    bows = np.zeros(lm.order, dtype=np.float64)
    exts = np.zeros(lm.order, dtype=np.bool_)
    for s in range(bounds.size - 1):
        p0, p1 = bounds[s], bounds[s + 1]
        beam_n = 1
        beam_state[0] = 0
        beam_score[0] = 0.0
        for t in range(p1 - p0):
            p = p0 + t
            c0, nc = start[p], cnt[p]
            m = 0
            top = NEG
            for k in range(beam_n):
                st = beam_state[k]
                context_weights(lm, st, bows, exts)
                for c in range(nc):
                    w = ids[c0 + c]
                    total = beam_score[k] + score_given(lm, st, w, bows, exts) + chans[c0 + c]
                    c_total[m] = total
                    c_state[m] = ((st << bits) | w) & state_mask
                    c_k[m] = k
                    c_c[m] = c
                    m += 1
                    if total > top:
                        top = total
            order = np.argsort(-c_total[:m], kind="mergesort")
            taken = 0
            for oi in range(m):
                j = order[oi]
                if c_total[j] < top - margin:
                    break
                dup = False
                for r in range(taken):
                    if new_state[r] == c_state[j]:
                        dup = True
                        break
                if dup:
                    continue
                new_state[taken] = c_state[j]
                new_score[taken] = c_total[j]
                back_k[t, taken] = c_k[j]
                back_c[t, taken] = c_c[j]
                taken += 1
                if taken == width:
                    break
            beam_n = taken
            beam_state[:taken] = new_state[:taken]
            beam_score[:taken] = new_score[:taken]
        best, slot = NEG * 2, 0
        for k in range(beam_n):
            context_weights(lm, beam_state[k], bows, exts)
            end = beam_score[k] + score_given(lm, beam_state[k], eos, bows, exts)
            if end > best:
                best, slot = end, k
        for t in range(p1 - p0 - 1, -1, -1):
            picks[p0 + t] = back_c[t, slot]
            slot = back_k[t, slot]
    return picks


@nb.njit(cache=True)
def confidences(lm, cnt, start, ids, chans, bounds, picks, margin):
    """Softmax over each position's choices of channel + LM score given the chosen left
    context, plus how well each choice predicts the chosen next unit of its segment. Choices
    ``margin`` (log10) below the best on the left context alone are left out of the sum: their
    share is negligible, and scoring their right context costs most of the lookups."""
    n_pos = cnt.size
    conf = np.ones(n_pos, dtype=np.float64)
    bits = np.uint64(lm.bits)
    state_mask = (np.uint64(1) << np.uint64(lm.bits * (lm.order - 1))) - np.uint64(1)
    bows = np.zeros(lm.order, dtype=np.float64)
    exts = np.zeros(lm.order, dtype=np.bool_)
    bows2 = np.zeros(lm.order, dtype=np.float64)
    exts2 = np.zeros(lm.order, dtype=np.bool_)
    score = np.zeros(max(1, np.max(cnt)) if n_pos else 1, dtype=np.float64)
    for s in range(bounds.size - 1):
        state = np.uint64(0)
        for p in range(bounds[s], bounds[s + 1]):
            c0, nc = start[p], cnt[p]
            chosen = ids[c0 + picks[p]]
            if nc > 1:
                context_weights(lm, state, bows, exts)
                left_top = NEG
                for c in range(nc):
                    score[c] = score_given(lm, state, ids[c0 + c], bows, exts) + chans[c0 + c]
                    left_top = max(left_top, score[c])
                has_next = p + 1 < bounds[s + 1]
                nxt = ids[start[p + 1] + picks[p + 1]] if has_next else np.uint64(0)
                top = NEG
                for c in range(nc):
                    if score[c] < left_top - margin and c != picks[p]:
                        score[c] = NEG
                        continue
                    if has_next:
                        right = ((state << bits) | ids[c0 + c]) & state_mask
                        context_weights(lm, right, bows2, exts2)
                        score[c] += score_given(lm, right, nxt, bows2, exts2)
                    top = max(top, score[c])
                z = 0.0
                for c in range(nc):
                    z += 10.0 ** max(score[c] - top, -30.0)
                conf[p] = 10.0 ** max(score[picks[p]] - top, -30.0) / z
            state = ((state << bits) | chosen) & state_mask
    return conf


class TrieArrays(NamedTuple):
    """The syllable trie with the OCR channel folded in: children of node i are
    ``child_node[child_ptr[i]:child_ptr[i + 1]]`` with their letter ids, ``fwd[letter, piece]``
    is log10 P(piece | letter) (``NO_PIECE`` where impossible), ``reach`` the most OCR
    characters a node's subtree can still print, ``word`` the vocabulary index ending there."""

    child_ptr: np.ndarray
    child_node: np.ndarray
    child_char: np.ndarray
    reach: np.ndarray
    word: np.ndarray
    fwd: np.ndarray


NO_PIECE = -1e30


@nb.njit(cache=True)
def _sort_entries(e_j, e_node, e_sc, m, by_score):
    """Entries ordered by layer (stable), after ordering by score first when ``by_score``."""
    idx = np.arange(m)
    if by_score:
        idx = np.argsort(-e_sc[:m], kind="mergesort")
    js = e_j[:m][idx]
    idx = idx[np.argsort(js, kind="mergesort")]
    return e_j[:m][idx].copy(), e_node[:m][idx].copy(), e_sc[:m][idx].copy()


@nb.njit(cache=True)
def trie_search(trie, pid, n, beam, frontier, max_out, best, stamp, gen):
    """Beam search over the trie for the syllables that could print as the observed token
    (``pid[j, k]``: id of its k characters from j, -1 if no letter prints so): each step
    consumes one letter and 0..max_out OCR characters. States compete only with those that
    have read as many characters (one layer per count). Returns (word indices, log10 scores),
    best first. ``best``/``stamp``/``gen`` are work buffers reused across calls."""
    n_nodes = trie.reach.size
    cap = 1024
    c_j = np.zeros(cap, dtype=np.int64)
    c_node = np.zeros(cap, dtype=np.int64)
    c_sc = np.zeros(cap, dtype=np.float64)
    m_cur = 1
    c_j[0], c_node[0], c_sc[0] = 0, 0, 0.0
    f_node = np.zeros(64, dtype=np.int64)
    f_sc = np.zeros(64, dtype=np.float64)
    n_found = 0
    low = -99.0
    for _depth in range(n + 4):
        gen[0] += 1
        g = gen[0]
        nx_j = np.zeros(max(cap, 16), dtype=np.int64)
        nx_node = np.zeros(nx_j.size, dtype=np.int64)
        m_nx = 0
        for e in range(m_cur):
            j, node, sc = c_j[e], c_node[e], c_sc[e]
            for ci in range(trie.child_ptr[node], trie.child_ptr[node + 1]):
                child = trie.child_node[ci]
                letter = trie.child_char[ci]
                r = trie.reach[child]
                for k in range(0, min(max_out, n - j) + 1):
                    p = pid[j, k]
                    if p < 0:
                        continue
                    lp = trie.fwd[letter, p]
                    if lp <= NO_PIECE:
                        continue
                    jk = j + k
                    if r < n - jk:
                        continue
                    s2 = sc + lp
                    slot = jk * n_nodes + child
                    if stamp[slot] != g:
                        if s2 > low:
                            stamp[slot] = g
                            best[slot] = s2
                            if m_nx == nx_j.size:
                                nx_j = np.concatenate((nx_j, np.zeros(m_nx, dtype=np.int64)))
                                nx_node = np.concatenate((nx_node, np.zeros(m_nx, dtype=np.int64)))
                            nx_j[m_nx] = jk
                            nx_node[m_nx] = child
                            m_nx += 1
                    elif s2 > best[slot]:
                        best[slot] = s2
        # prune each layer to its beam
        top = np.full(n + 1, -np.inf)
        for e in range(m_nx):
            s = best[nx_j[e] * n_nodes + nx_node[e]]
            if s > top[nx_j[e]]:
                top[nx_j[e]] = s
        if m_nx > cap:
            cap = m_nx
            c_j = np.zeros(cap, dtype=np.int64)
            c_node = np.zeros(cap, dtype=np.int64)
            c_sc = np.zeros(cap, dtype=np.float64)
        m_cur = 0
        for e in range(m_nx):
            s = best[nx_j[e] * n_nodes + nx_node[e]]
            if s >= top[nx_j[e]] - beam:
                c_j[m_cur], c_node[m_cur], c_sc[m_cur] = nx_j[e], nx_node[e], s
                m_cur += 1
        if m_cur == 0:
            break
        capped = m_cur > frontier
        c_j2, c_node2, c_sc2 = _sort_entries(c_j, c_node, c_sc, m_cur, capped)
        if capped:  # the best ``frontier`` states over all layers; ties keep the layer order
            keep = np.zeros(m_cur, dtype=np.bool_)
            for i in np.argsort(-c_sc2, kind="mergesort")[:frontier]:
                keep[i] = True
            m_cur = 0
            for i in range(keep.size):
                if keep[i]:
                    c_j[m_cur], c_node[m_cur], c_sc[m_cur] = c_j2[i], c_node2[i], c_sc2[i]
                    m_cur += 1
        else:
            c_j[:m_cur], c_node[:m_cur], c_sc[:m_cur] = c_j2, c_node2, c_sc2
        for e in range(m_cur):
            if c_j[e] == n and trie.word[c_node[e]] >= 0:
                node = c_node[e]
                at = -1
                for f in range(n_found):
                    if f_node[f] == node:
                        at = f
                        break
                if at < 0:
                    if n_found == f_node.size:
                        f_node = np.concatenate((f_node, np.zeros(n_found, dtype=np.int64)))
                        f_sc = np.concatenate((f_sc, np.zeros(n_found, dtype=np.float64)))
                    f_node[n_found], f_sc[n_found] = node, c_sc[e]
                    n_found += 1
                elif c_sc[e] > f_sc[at]:
                    f_sc[at] = c_sc[e]
        if n_found:
            cut = np.max(f_sc[:n_found]) - beam
            m2 = 0
            for e in range(m_cur):
                if c_sc[e] >= cut:
                    c_j[m2], c_node[m2], c_sc[m2] = c_j[e], c_node[e], c_sc[e]
                    m2 += 1
            m_cur = m2
            low = cut - 1e-9
    order = np.argsort(-f_sc[:n_found], kind="mergesort")
    words = np.zeros(n_found, dtype=np.int64)
    scores = np.zeros(n_found, dtype=np.float64)
    for i in range(n_found):
        words[i] = trie.word[f_node[order[i]]]
        scores[i] = f_sc[order[i]]
    return words, scores
