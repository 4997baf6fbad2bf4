"""A syllable n-gram language model with interpolated Kneser–Ney smoothing.

Stored as sorted integer keys (16 bits per syllable id) with log-probabilities and back-off
weights in numpy arrays: compact on disk, and turned into plain dicts at load because per-lookup
dict access is what the decoder's inner loop can afford.
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
SORT_QUERIES_ABOVE = 2000
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

class NgramLM:
    """Back-off lookups by binary search over sorted packed keys, many queries per numpy call."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.vocab: list[str] = str(z["vocab"]).split("\n")
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.vocab)}
        self.order = max(int(k[1:]) for k in z.files if k.startswith("k"))
        self.unk = self.ids[UNK]
        self.keys: list[np.ndarray] = [np.zeros(0, dtype=np.uint64)]
        self.logp: list[np.ndarray] = [np.zeros(0, dtype=np.float32)]
        self.bow: list[np.ndarray] = [np.zeros(0, dtype=np.float32)]
        for n in range(1, self.order + 1):
            self.keys.append(z[f"k{n}"])
            self.logp.append(z[f"p{n}"].astype(np.float32))
            self.bow.append(z[f"b{n}"].astype(np.float32))
        size = len(self.vocab)
        self.uni = np.full(size, -7.0, dtype=np.float32)
        self.uni[self.keys[1].astype(np.int64)] = self.logp[1]
        self.uni_bow = np.zeros(size, dtype=np.float32)
        self.uni_bow[self.keys[1].astype(np.int64)] = self.bow[1]
        self.uni[self.unk] = UNK_LOGP
        self.unk_logp = UNK_LOGP

    def id(self, unit: str) -> int:
        return self.ids.get(unit, self.unk)

    def unigram(self, w: int) -> float:
        return float(self.uni[w])

    def _find(self, n: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys = self.keys[n]
        if q.size > SORT_QUERIES_ABOVE:
            # many queries: searching them in sorted order (duplicates once) is cache-friendly
            uq, inv = np.unique(q, return_inverse=True)
            idx = np.searchsorted(keys, uq)
            np.minimum(idx, len(keys) - 1, out=idx)
            hit = keys[idx] == uq
            return hit[inv].reshape(q.shape), idx[inv].reshape(q.shape)
        idx = np.searchsorted(keys, q)
        np.minimum(idx, len(keys) - 1, out=idx)
        return keys[idx] == q, idx

    def _bow(self, n: int, ctx: np.ndarray) -> np.ndarray:
        if n == 1:
            return self.uni_bow[ctx.astype(np.int64)]
        hit, idx = self._find(n, ctx)
        return np.where(hit, self.bow[n][idx], 0.0)

    def score_batch(self, states: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """log10 P(id | state) for broadcast arrays; a state packs the last order-1 ids
        (oldest in the high bits, leading zeros = <s>, which has id 0)."""
        shape = np.broadcast_shapes(states.shape, ids.shape)
        # back-off weights depend on the state only: compute them before broadcasting
        bows = []
        for n in range(self.order - 1, 0, -1):
            ctx = states & np.uint64((1 << (BITS * n)) - 1)
            bows.append(np.broadcast_to(self._bow(n, ctx), shape).ravel())
        st = np.broadcast_to(states, shape).ravel()
        w = np.broadcast_to(ids, shape).ravel()
        out = np.empty(st.shape, dtype=np.float64)
        todo = np.arange(st.size)
        back = np.zeros(st.size, dtype=np.float64)
        shift = np.uint64(BITS)
        for level, n in enumerate(range(self.order, 1, -1)):
            ctx = st[todo] & np.uint64((1 << (BITS * (n - 1))) - 1)
            q = (ctx << shift) | w[todo]
            hit, idx = self._find(n, q)
            done = todo[hit]
            out[done] = back[done] + self.logp[n][idx[hit]]
            todo = todo[~hit]
            back[todo] += bows[level][todo]
        out[todo] = back[todo] + self.uni[w[todo].astype(np.int64)]
        out[w == self.unk] = UNK_LOGP
        return out.reshape(shape)
