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

from cchc.text import Token, iter_tokens

BOS, EOS, UNK = "<s>", "</s>", "<unk>"
CLASS_OF_KIND = {"number": "<num>", "date": "<date>", "code": "<code>", "url": "<url>", "email": "<url>"}
SPECIALS = (BOS, EOS, UNK, "<num>", "<date>", "<code>", "<url>", "<alnum>", "<p>")
BITS = 16
MASK = (1 << BITS) - 1
MAX_VOCAB = 1 << BITS
HASH_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key × φ·2^64
HASH_PROBES = 4  # linear-probe rounds before the few stragglers fall back to binary search
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
    """Position of packed n-gram keys in their sorted array, by an open-addressing hash table.

    Lookups are vectorised: every query probes in lock-step for ``HASH_PROBES`` rounds; the
    rare query still unresolved then (long probe chain) is found by binary search, so a call
    costs a fixed handful of numpy operations whatever the table's worst chain.
    """

    __slots__ = ("keys", "table", "shift", "mask")

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys
        bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 4))))  # load factor <= 1/4: most queries miss, and misses stop at a free slot
        self.shift = np.uint64(64 - bits)
        self.mask = (1 << bits) - 1
        self.table = np.zeros(1 << bits, dtype=np.int32)  # index + 1 into keys; 0 = empty
        self._insert_all()

    def _slot(self, q: np.ndarray) -> np.ndarray:
        return ((q * HASH_MULT) >> self.shift).astype(np.int64)

    def _insert_all(self) -> None:
        """Linear probing, all keys at once: in each round every key not yet placed tries its
        current slot; where several want one free slot, the last write wins and the others
        move on to the next slot."""
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
        flat = q.ravel()
        keys = self.keys
        slot = self._slot(flat)
        # first probe over all queries at once: most end here, on their key or on a free slot
        at = self.table[slot].astype(np.int64) - 1
        found = (at >= 0) & (keys[at] == flat)  # at = -1 reads the last key; masked out
        idx = np.where(found, at, 0)
        todo = np.nonzero((at >= 0) & ~found)[0]
        slot = (slot[todo] + 1) & self.mask
        for _ in range(HASH_PROBES - 1):
            if not todo.size:
                break
            at = self.table[slot].astype(np.int64) - 1
            occupied = at >= 0
            hit = occupied.copy()
            hit[occupied] = keys[at[occupied]] == flat[todo[occupied]]
            found[todo[hit]] = True
            idx[todo[hit]] = at[hit]
            more = occupied & ~hit
            todo, slot = todo[more], (slot[more] + 1) & self.mask
        if todo.size:  # long probe chains: binary search
            pos = np.minimum(np.searchsorted(keys, flat[todo]), len(keys) - 1)
            ok = keys[pos] == flat[todo]
            found[todo[ok]] = True
            idx[todo[ok]] = pos[ok]
        return found.reshape(q.shape), idx.reshape(q.shape)


class NgramLM:
    """Back-off lookups through hash tables over the packed keys, many queries per numpy call."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.vocab: list[str] = str(z["vocab"]).split("\n")
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.vocab)}
        self.order = max(int(k[1:]) for k in z.files if k.startswith("k"))
        self.unk = self.ids[UNK]
        self.keys: list[np.ndarray] = [np.zeros(0, dtype=np.uint64)]
        self.index: list[KeyIndex | None] = [None, None]
        self.logp: list[np.ndarray] = [np.zeros(0, dtype=np.float32)]
        self.bow: list[np.ndarray] = [np.zeros(0, dtype=np.float32)]
        for n in range(1, self.order + 1):
            self.keys.append(z[f"k{n}"])
            self.logp.append(z[f"p{n}"].astype(np.float32))
            self.bow.append(z[f"b{n}"].astype(np.float32))
            if n > 1:
                self.index.append(KeyIndex(self.keys[n]))
        size = len(self.vocab)
        self.uni = np.full(size, -7.0, dtype=np.float32)
        self.uni[self.keys[1].astype(np.int64)] = self.logp[1]
        self.uni_bow = np.zeros(size, dtype=np.float32)
        self.uni_bow[self.keys[1].astype(np.int64)] = self.bow[1]
        self.uni[self.unk] = UNK_LOGP
        self.unk_logp = UNK_LOGP
        self.extends = [np.zeros(0, dtype=bool)] + [self._extends(n) for n in range(1, self.order)]
        self.uni_extends = np.zeros(size, dtype=bool)
        self.uni_extends[self.keys[1].astype(np.int64)] = self.extends[1]

    def _extends(self, n: int) -> np.ndarray:
        """Which n-grams are the context of some stored (n+1)-gram: for any other context the
        (n+1)-gram lookup is sure to miss, and most beam states are such contexts."""
        ctx = self.keys[n + 1] >> np.uint64(BITS)  # sorted, as the keys are
        first = np.ones(len(ctx), dtype=bool)
        first[1:] = ctx[1:] != ctx[:-1]
        flags = np.zeros(len(self.keys[n]), dtype=bool)
        ctx = ctx[first]
        pos = np.minimum(np.searchsorted(self.keys[n], ctx), len(self.keys[n]) - 1)
        flags[pos[self.keys[n][pos] == ctx]] = True
        return flags

    def id(self, unit: str) -> int:
        return self.ids.get(unit, self.unk)

    def unigram(self, w: int) -> float:
        return float(self.uni[w])

    def _find(self, n: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.index[n].find(q)

    def _context(self, n: int, ctx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Back-off weight of each n-gram context and whether any (n+1)-gram extends it."""
        if n == 1:
            ids = ctx.astype(np.int64)
            return self.uni_bow[ids], self.uni_extends[ids]
        hit, idx = self._find(n, ctx)
        return np.where(hit, self.bow[n][idx], 0.0), hit & self.extends[n][idx]

    def contexts(self, states: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """(back-off weights, extended?) of each state's contexts, longest first. They depend on
        the state only, so the decoder computes them once per beam state, not per candidate."""
        return [self._context(n, states & np.uint64((1 << (BITS * n)) - 1)) for n in range(self.order - 1, 0, -1)]

    def score_batch(self, states: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """log10 P(id | state) for broadcast arrays; a state packs the last order-1 ids
        (oldest in the high bits, leading zeros = <s>, which has id 0)."""
        shape = np.broadcast_shapes(states.shape, ids.shape)
        ctxs = [(np.broadcast_to(b, shape).ravel(), np.broadcast_to(e, shape).ravel())
                for b, e in self.contexts(states)]
        st = np.broadcast_to(states, shape).ravel()
        w = np.broadcast_to(ids, shape).ravel()
        return self.score_with_contexts(st, w, ctxs).reshape(shape)

    def score_with_contexts(self, st: np.ndarray, w: np.ndarray,
                            ctxs: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """log10 P(w | st) for flat arrays, given ``contexts`` already expanded to them."""
        out = np.empty(st.shape, dtype=np.float64)
        todo = np.arange(st.size)
        back = np.zeros(st.size, dtype=np.float64)
        pending = np.ones(st.size, dtype=bool)
        shift = np.uint64(BITS)
        for (bow, extended), n in zip(ctxs, range(self.order, 1, -1)):
            ask = todo[extended[todo]]
            ctx = st[ask] & np.uint64((1 << (BITS * (n - 1))) - 1)
            hit, idx = self._find(n, (ctx << shift) | w[ask])
            done = ask[hit]
            out[done] = back[done] + self.logp[n][idx[hit]]
            pending[done] = False
            todo = todo[pending[todo]]
            back[todo] += bow[todo]
        out[todo] = back[todo] + self.uni[w[todo].astype(np.int64)]
        out[w == self.unk] = UNK_LOGP
        return out
