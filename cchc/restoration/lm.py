"""A syllable n-gram language model with interpolated Kneser–Ney smoothing.

Stored as sorted integer keys (16 bits per syllable id) with log-probabilities and back-off
weights in numpy arrays: compact on disk. At load each order gets an open-addressing hash table
over its keys (built with numpy in ~0.2 s), because the decoder asks for thousands of random
n-grams per step and a binary search over millions of keys costs ~20 cache misses per query.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from cchc.restoration import kernels
from cchc.text import Token, iter_tokens

BOS, EOS, UNK = "<s>", "</s>", "<unk>"
CLASS_OF_KIND = {"number": "<num>", "date": "<date>", "code": "<code>", "url": "<url>", "email": "<url>"}
SPECIALS = (BOS, EOS, UNK, "<num>", "<date>", "<code>", "<url>", "<alnum>", "<p>")
BITS = 16
MASK = (1 << BITS) - 1
MAX_VOCAB = 1 << BITS
HASH_MULT = kernels.HASH_MULT
UNK_LOGP = -7.0  # an unknown word is a last resort, whatever its share of rare words in training


def token_unit(tok: Token) -> str | None:
    """The LM's view of a token: lower-cased syllable, a class for numbers and codes, the
    punctuation mark itself, or None for spaces."""
    kind = tok.kind
    if kind == "word":
        text = tok.text
        return "<alnum>" if any(ch.isdigit() for ch in text) else text.lower()
    if kind == "space":
        return None
    if kind == "punct":
        return tok.text
    return CLASS_OF_KIND[kind]


def line_units(line: str) -> Iterator[str]:
    for tok in iter_tokens(line):
        unit = token_unit(tok)
        if unit is not None:
            yield unit


# ---------------------------------------------------------------------------------------- training

def build_stream(lines: Iterable[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Encode lines as one id stream ``<s> ... </s> <s> ...``; ids are raw (any number of types)."""
    ids: dict[str, int] = {s: i for i, s in enumerate(SPECIALS)}
    from array import array

    stream = array("I")
    bos, eos = ids[BOS], ids[EOS]
    setdefault = ids.setdefault
    for line in lines:
        stream.append(bos)
        stream.extend(setdefault(u, len(ids)) for u in line_units(line))
        stream.append(eos)
    arr = np.frombuffer(stream, dtype=np.uint32).copy()
    types = list(ids)
    counts = np.bincount(arr, minlength=len(types))
    return arr, types, counts


def remap_vocab(stream: np.ndarray, types: list[str], counts: np.ndarray,
                min_count: int = 2) -> tuple[np.ndarray, list[str]]:
    """Keep specials plus the most frequent types (at most 2^16); the rest become <unk>."""
    order = np.argsort(-counts, kind="stable")
    keep = [i for i in range(len(SPECIALS))]
    for i in order:
        if i >= len(SPECIALS) and counts[i] >= min_count and len(keep) < MAX_VOCAB:
            keep.append(int(i))
    table = np.full(len(types), SPECIALS.index(UNK), dtype=np.uint64)
    table[np.array(keep)] = np.arange(len(keep), dtype=np.uint64)
    return table[stream], [types[i] for i in keep]


def _ngram_keys(stream: np.ndarray, n: int, eos: int) -> np.ndarray:
    """Keys of every n-gram not crossing a line end (``</s>`` may only be last)."""
    m = len(stream) - n + 1
    ok = np.ones(m, dtype=bool)
    is_eos = stream == eos
    for j in range(n - 1):
        ok &= ~is_eos[j : j + m]
    key = np.zeros(m, dtype=np.uint64)
    for j in range(n):
        key = (key << np.uint64(BITS)) | stream[j : j + m]
    return key[ok]


def estimate(stream: np.ndarray, vocab_size: int, order: int, prune: dict[int, int]) -> dict:
    """Interpolated Kneser–Ney; returns per order sorted keys, log10 p and log10 back-off."""
    eos = SPECIALS.index(EOS)
    bos = SPECIALS.index(BOS)
    raw: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for n in range(1, order + 1):
        keys, cnt = np.unique(_ngram_keys(stream, n, eos), return_counts=True)
        raw[n] = (keys, cnt.astype(np.int64))
    used: dict[int, np.ndarray] = {order: raw[order][1]}
    for n in range(order - 1, 0, -1):
        keys = raw[n][0]
        ext = raw[n + 1][0] & np.uint64((1 << (BITS * n)) - 1)
        sk, sc = np.unique(ext, return_counts=True)
        cont = np.zeros(len(keys), dtype=np.int64)
        pos = np.searchsorted(keys, sk)
        cont[pos] = sc
        first = keys >> np.uint64(BITS * (n - 1))
        cont = np.where(first == bos, raw[n][1], cont)
        used[n] = np.maximum(cont, 0)
    out: dict = {}
    lower_p: np.ndarray | None = None
    for n in range(1, order + 1):
        keys, c = raw[n][0], used[n]
        d = _discounts(c)  # modified KN: one discount for counts 1, 2 and 3+
        dc = d[np.minimum(c, 3)]
        ctx = keys >> np.uint64(BITS)
        uctx, inv = np.unique(ctx, return_inverse=True)
        csum = np.bincount(inv, weights=c).astype(np.float64)
        gamma = np.bincount(inv, weights=np.where(c > 0, dc, 0.0)) / np.maximum(csum, 1e-12)
        if n == 1:
            lower = np.full(len(keys), 1.0 / vocab_size)
        else:
            lk = keys & np.uint64((1 << (BITS * (n - 1))) - 1)
            lower = lower_p[np.searchsorted(out[n - 1]["keys"], lk)]
        p = np.maximum(c - dc, 0) / csum[inv] + gamma[inv] * lower
        out[n] = {"keys": keys, "p": p, "raw": raw[n][1], "ctx": uctx, "gamma": gamma}
        lower_p = p
    return _finish(out, order, prune)


def _discounts(c: np.ndarray) -> np.ndarray:
    """Chen & Goodman's estimates D1, D2, D3+ from the counts of counts (index 0 unused)."""
    n1, n2, n3, n4 = (float(np.sum(c == k)) for k in (1, 2, 3, 4))
    if min(n1, n2, n3) == 0:
        return np.array([0.0, 0.5, 0.5, 0.5])
    y = n1 / (n1 + 2 * n2)
    return np.array([0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])


def _finish(out: dict, order: int, prune: dict[int, int]) -> dict:
    """Attach back-off weights to the (n-1)-grams that are contexts, then prune rare n-grams."""
    result: dict = {}
    for n in range(1, order + 1):
        keys, p = out[n]["keys"], out[n]["p"]
        bow = np.zeros(len(keys), dtype=np.float64)
        if n < order:
            nxt = out[n + 1]
            pos = np.searchsorted(keys, nxt["ctx"])
            bow[pos] = np.log10(nxt["gamma"])
        keep = out[n]["raw"] >= prune.get(n, 1)
        if n < order:
            keep |= bow != 0
        result[n] = {"keys": keys[keep], "logp": np.log10(p[keep]).astype(np.float32),
                     "bow": bow[keep].astype(np.float32)}
    return result


def save(path: Path, vocab: list[str], tables: dict) -> None:
    """Sorted keys (they compress well) with float16 log-probabilities and back-offs."""
    arrays = {"vocab": np.array("\n".join(vocab))}
    for n, t in tables.items():
        arrays[f"k{n}"] = t["keys"]
        arrays[f"p{n}"] = t["logp"].astype(np.float16)
        arrays[f"b{n}"] = t["bow"].astype(np.float16)
    np.savez_compressed(path, **arrays)


# ----------------------------------------------------------------------------------------- runtime

class KeyIndex:
    """Position of packed n-gram keys in their sorted array, by an open-addressing hash table
    (linear probing, load factor <= 1/4: most queries miss, and misses stop at a free slot).
    The lookups themselves run compiled (``kernels.find``)."""

    __slots__ = ("keys", "table", "shift", "mask")

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys
        bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 4))))
        self.shift = np.uint64(64 - bits)
        self.mask = (1 << bits) - 1
        self.table = np.zeros(1 << bits, dtype=np.int32)  # index + 1 into keys; 0 = empty
        self._insert_all()

    def _slot(self, q: np.ndarray) -> np.ndarray:
        return ((q * HASH_MULT) >> self.shift).astype(np.int64)

    def _insert_all(self) -> None:
        """All keys at once: in each round every key not yet placed tries its current slot;
        where several want one free slot, the last write wins and the others move on."""
        table = self.table
        todo = np.arange(len(self.keys), dtype=np.int64)
        slot = self._slot(self.keys)
        while todo.size:
            free = table[slot] == 0
            cand, cslot = todo[free], slot[free]
            table[cslot] = cand + 1
            placed = np.zeros(todo.size, dtype=bool)
            placed[free] = table[cslot] == cand + 1
            todo = todo[~placed]
            slot = (slot[~placed] + 1) & self.mask

    def find(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found, index into keys) for each query; the index is 0 where not found."""
        flat = np.ascontiguousarray(q.ravel(), dtype=np.uint64)
        out = np.empty(flat.size, dtype=np.int64)
        zero = np.zeros(1, dtype=np.int64)
        kernels.find_many(self.keys, self.table, zero, zero, np.array([self.shift], dtype=np.uint64),
                          np.array([self.mask], dtype=np.int64), 0, flat, out)
        found = out >= 0
        return found.reshape(q.shape), np.where(found, out, 0).reshape(q.shape)


class NgramLM:
    """Back-off lookups through hash tables over the packed keys, run by the compiled kernels."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.vocab: list[str] = str(z["vocab"]).split("\n")
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.vocab)}
        self.order = max(int(k[1:]) for k in z.files if k.startswith("k"))
        self.unk = self.ids[UNK]
        keys = {n: z[f"k{n}"] for n in range(1, self.order + 1)}
        logp = {n: z[f"p{n}"].astype(np.float32) for n in keys}
        bow = {n: z[f"b{n}"].astype(np.float32) for n in keys}
        extends = {n: _extends(keys[n], keys[n + 1]) for n in range(1, self.order)}
        extends[self.order] = np.zeros(len(keys[self.order]), dtype=bool)
        size = len(self.vocab)
        uni_ids = keys[1].astype(np.int64)
        self.uni = np.full(size, -7.0, dtype=np.float32)
        self.uni[uni_ids] = logp[1]
        self.uni[self.unk] = UNK_LOGP
        uni_bow = np.zeros(size, dtype=np.float32)
        uni_bow[uni_ids] = bow[1]
        uni_ext = np.zeros(size, dtype=bool)
        uni_ext[uni_ids] = extends[1]
        self.arrays = _pack(self.order, keys, logp, bow, extends, self.uni, uni_bow, uni_ext, self.unk)

    def id(self, unit: str) -> int:
        return self.ids.get(unit, self.unk)

    def unigram(self, w: int) -> float:
        return float(self.uni[w])

    def score_batch(self, states: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """log10 P(id | state) for broadcast arrays; a state packs the last order-1 ids
        (oldest in the high bits, leading zeros = <s>, which has id 0)."""
        shape = np.broadcast_shapes(states.shape, ids.shape)
        st = np.ascontiguousarray(np.broadcast_to(states, shape).ravel(), dtype=np.uint64)
        w = np.ascontiguousarray(np.broadcast_to(ids, shape).ravel(), dtype=np.uint64)
        out = np.empty(st.size, dtype=np.float64)
        kernels.score_many(self.arrays, st, w, out)
        return out.reshape(shape)


def _extends(keys: np.ndarray, longer: np.ndarray) -> np.ndarray:
    """Which n-grams are the context of some stored (n+1)-gram: for any other context the
    (n+1)-gram lookup is sure to miss, and most beam states are such contexts."""
    ctx = longer >> np.uint64(BITS)  # sorted, as the keys are
    first = np.ones(len(ctx), dtype=bool)
    first[1:] = ctx[1:] != ctx[:-1]
    flags = np.zeros(len(keys), dtype=bool)
    ctx = ctx[first]
    pos = np.minimum(np.searchsorted(keys, ctx), len(keys) - 1)
    flags[pos[keys[pos] == ctx]] = True
    return flags


def _pack(order: int, keys: dict, logp: dict, bow: dict, extends: dict, uni: np.ndarray,
          uni_bow: np.ndarray, uni_ext: np.ndarray, unk: int) -> kernels.LMArrays:
    """Orders 2..N laid end to end (index 0 and 1 of the offsets unused), with their hash tables."""
    orders = range(2, order + 1)
    index = {n: KeyIndex(keys[n]) for n in orders}
    off = np.zeros(order + 2, dtype=np.int64)
    toff = np.zeros(order + 2, dtype=np.int64)
    shift = np.zeros(order + 1, dtype=np.uint64)
    mask = np.zeros(order + 1, dtype=np.int64)
    for n in orders:
        off[n + 1] = off[n] + len(keys[n])
        toff[n + 1] = toff[n] + len(index[n].table)
        shift[n], mask[n] = index[n].shift, index[n].mask
    return kernels.LMArrays(
        keys=np.concatenate([keys[n] for n in orders]),
        logp=np.concatenate([logp[n] for n in orders]),
        bow=np.concatenate([bow[n] for n in orders]),
        ext=np.concatenate([extends[n] for n in orders]),
        table=np.concatenate([index[n].table for n in orders]),
        present=kernels.present_filter({n: keys[n] for n in orders}),
        off=off, toff=toff, shift=shift, mask=mask,
        uni=uni, uni_bow=uni_bow, uni_ext=uni_ext,
        order=order, bits=BITS, unk=unk, unk_logp=UNK_LOGP)
