"""Near-duplicates: exact paragraph hashes plus MinHash LSH over word shingles.

Pure batch functions, no hidden state: :func:`fingerprints` turns a batch of texts into
fingerprints; :func:`link_batch` takes a batch of fingerprints and the stored candidates
that share an LSH bucket, a paragraph or the whole normalised text with them, and returns
the links. The caller (``storytrace.store``) owns the index.

MinHash here is one-permutation hashing (Li, Owen & Zhang 2012) with densification by
rotation (Shrivastava & Li 2014): each shingle is hashed once to 64 bits, the top bits pick
one of ``num_perm`` bins and the next 32 bits are the value; a bin keeps its minimum. The
fraction of equal bins estimates Jaccard similarity, like ``num_perm`` classic permutations,
for one hash per shingle instead of ``num_perm``. The numbers are checked against
``datasketch`` in the tests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..settings import Settings, StoreSettings

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

_WORD = re.compile(r"\w+", re.UNICODE)
_PARA_SPLIT = re.compile(r"\n\s*\n")
_EMPTY = np.uint32(0xFFFFFFFF)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class DedupParams:
    """Near-duplicate settings (``[store]`` in defaults.toml says how each was measured)."""

    num_perm: int = 128
    bands: int = 32
    shingle: int = 3
    threshold: float = 0.5
    containment: float = 0.8
    min_paragraph_chars: int = 80
    max_links: int = 5
    seed: int = 1

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    @classmethod
    def from_settings(cls, table: StoreSettings | None = None) -> DedupParams:
        """From the ``dedup_*`` keys of ``[store]`` (the packaged defaults when omitted)."""
        cfg = (table if table is not None else Settings.default().store).as_dict()
        keys = cls.__dataclass_fields__
        return cls(
            **{f"{k[6:]}": v for k, v in cfg.items() if k.startswith("dedup_") and k[6:] in keys}
        )


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What near-duplicate search keeps of one text."""

    norm_hash: str
    minhash: U32
    band_keys: I64
    paragraphs: I64
    shingles: int


@dataclass(frozen=True, slots=True)
class Link:
    """``article`` repeats ``duplicate_of`` with this estimated similarity."""

    article: str
    duplicate_of: str
    similarity: float
    method: str


def normalise(text: str) -> str:
    """Lower-cased words separated by single spaces (punctuation and layout dropped)."""
    return " ".join(_WORD.findall(text.lower()))


def _mix(x: U64) -> U64:
    """splitmix64 finaliser: spreads any 64-bit input over all bits."""
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


_BASE = 1099511628211  # the 64-bit FNV prime: odd, so invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)


def _powers(base: int, n: int) -> U64:
    """``base**i mod 2**64`` for ``i < n`` (a constant table; uint64 products wrap)."""
    out = np.full(n, np.uint64(base), dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, dtype=np.uint64)


def word_hashes(norm: str, seed: int = 1) -> U64:
    """A stable 64-bit hash per word of a normalised text (words split by single spaces).

    Vectorised polynomial hashing: with ``p = B**i`` the weight of byte ``i`` of the whole
    text, a word's hash is its weighted byte sum times ``B**-start`` (``B`` is odd, so it
    has an inverse modulo 2**64), which is the same wherever the word occurs.
    """
    data = np.frombuffer(norm.encode("utf-8"), dtype=np.uint8)
    n = data.size
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    space = data == 32
    starts = np.flatnonzero(np.concatenate(([True], space[:-1])))
    vals = (data.astype(np.uint64) + np.uint64(1)) * _powers(_BASE, n)
    vals[space] = 0
    sums = np.add.reduceat(vals, starts)
    raw = sums * _powers(_BASE_INV, n)[starts]
    return _mix(raw + np.uint64(seed) * _GOLD)


def shingle_hashes(words: U64, k: int) -> U64:
    """Hashes of every run of ``k`` consecutive words (the whole text when shorter)."""
    n = len(words)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    k = min(k, n)
    acc = words[: n - k + 1].copy()
    for j in range(1, k):
        acc = _mix(acc * _GOLD + words[j : n - k + 1 + j])
    return acc


def minhash_matrix(hashes: U64, owner: npt.NDArray[np.intp], n: int, num_perm: int) -> U32:
    """Densified one-permutation MinHash signatures of ``n`` sets at once.

    ``hashes[i]`` belongs to set ``owner[i]``. Sets are told apart by putting the owner in
    the top 16 bits of a sort key above the top 48 bits of the hash, so one sort serves a
    whole batch (at most 65,536 sets). Of the 48 bits, the top ``log2(num_perm)`` pick the
    bin and the next 32 are the value; a bin keeps its minimum.
    """
    bits = int(num_perm).bit_length() - 1
    if 1 << bits != num_perm or bits > 16:
        raise ValueError(f"num_perm must be a power of two up to 65536, not {num_perm}")
    if n > 1 << 16:
        raise ValueError(f"at most 65,536 sets per call, not {n}")
    sig = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    if hashes.size:
        keys = np.sort((owner.astype(np.uint64) << np.uint64(48)) | (hashes >> np.uint64(16)))
        h48 = keys & np.uint64((1 << 48) - 1)
        rows = (keys >> np.uint64(48)).astype(np.intp)
        bins = (h48 >> np.uint64(48 - bits)).astype(np.intp)
        vals = ((h48 >> np.uint64(16 - bits)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        group = rows * num_perm + bins  # sorted keys: each group's first is its minimum
        first = np.empty(keys.size, dtype=bool)
        first[0] = True
        np.not_equal(group[1:], group[:-1], out=first[1:])
        sig[rows[first], bins[first]] = vals[first]
    for r in np.flatnonzero((sig == _EMPTY).any(axis=1)).tolist():
        _densify(sig[r])
    return sig


def _densify(sig: U32) -> None:
    """Rotation: an empty bin borrows the next filled bin's value, offset by the distance."""
    filled = np.flatnonzero(sig != _EMPTY)
    if filled.size == 0:
        return  # an empty set stays all-empty
    k = sig.size
    idx = np.arange(k)
    donor = filled[np.searchsorted(filled, idx) % filled.size]
    dist = (donor - idx) % k
    empty = sig == _EMPTY
    borrowed = sig[donor].astype(np.uint64) + dist.astype(np.uint64) * np.uint64(0x9E3779B1)
    sig[empty] = (borrowed[empty] & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def one_permutation_minhash(hashes: U64, num_perm: int) -> U32:
    """The signature of one set of 64-bit hashes (see :func:`minhash_matrix`)."""
    owner = np.zeros(hashes.size, dtype=np.intp)
    sig: U32 = minhash_matrix(hashes, owner, 1, num_perm)[0]
    return sig


def band_keys(sig: U32, bands: int) -> I64:
    """One signed 64-bit key per LSH band (the band number is mixed in)."""
    keys: I64 = band_key_matrix(sig.reshape(1, -1), bands)[0]
    return keys


def band_key_matrix(sigs: U32, bands: int) -> I64:
    """Band keys of a matrix of signatures, one row per set."""
    n, k = sigs.shape
    rows = k // bands
    parts = sigs[:, : rows * bands].reshape(n, bands, rows).astype(np.uint64)
    acc = np.broadcast_to(np.arange(bands, dtype=np.uint64) * _GOLD, (n, bands)).copy()
    for r in range(rows):
        acc = _mix(acc ^ parts[:, :, r])
    return acc.view(np.int64)


def _blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated blocks, else lines."""
    return _PARA_SPLIT.split(text) if _PARA_SPLIT.search(text) else text.split("\n")


def _hash64(norm: str) -> int:
    digest = hashlib.blake2b(norm.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def paragraph_hashes(text: str, min_chars: int) -> I64:
    """Sorted unique hashes of normalised paragraphs of at least ``min_chars`` characters."""
    norms = (normalise(b) for b in _blocks(text))
    return np.array(sorted({_hash64(n) for n in norms if len(n) >= min_chars}), dtype=np.int64)


def fingerprint(text: str, params: DedupParams) -> Fingerprint:
    """The fingerprint of one text (the same as in any batch: see :func:`fingerprints`)."""
    return fingerprints([text], params)[0]


def fingerprints(texts: Sequence[str], params: DedupParams) -> list[Fingerprint]:
    """A batch of texts in, a batch of fingerprints out (hashing vectorised over the batch).

    Each fingerprint: hash of the normalised text, MinHash of its word ``shingle``-grams
    (a text shorter than that is one shingle), LSH band keys, and the hashes of its
    normalised paragraphs of at least ``min_paragraph_chars`` characters.
    """
    k = params.shingle
    paras = [[p for p in (normalise(b) for b in _blocks(t)) if p] for t in texts]
    norms = [" ".join(ps) for ps in paras]
    counts = np.array([n.count(" ") + 1 if n else 0 for n in norms], dtype=np.intp)
    words = word_hashes(" ".join(n for n in norms if n), params.seed)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
    owner_of_word = np.repeat(np.arange(len(texts), dtype=np.intp), counts)
    chunks: list[U64] = []
    owners: list[npt.NDArray[np.intp]] = []
    if words.size >= k:
        grams = shingle_hashes(words, k)  # every window, some crossing two texts
        pos = np.arange(grams.size, dtype=np.intp)
        own = owner_of_word[: grams.size]
        inside = pos + k <= starts[own] + counts[own]
        chunks.append(grams[inside])
        owners.append(own[inside])
    for i in np.flatnonzero((counts > 0) & (counts < k)).tolist():
        chunks.append(shingle_hashes(words[starts[i] : starts[i] + counts[i]], k))
        owners.append(np.full(1, i, dtype=np.intp))
    hashes = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.uint64)
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.intp)
    sigs = minhash_matrix(hashes, owner, len(texts), params.num_perm)
    keys = band_key_matrix(sigs, params.bands)
    shingles = np.bincount(owner, minlength=len(texts)) if owner.size else counts * 0
    out = []
    for i, (norm, ps) in enumerate(zip(norms, paras, strict=True)):
        long_paras = {_hash64(p) for p in ps if len(p) >= params.min_paragraph_chars}
        out.append(
            Fingerprint(
                norm_hash=hashlib.blake2b(norm.encode(), digest_size=16).hexdigest(),
                minhash=sigs[i],
                band_keys=keys[i],
                paragraphs=np.array(sorted(long_paras), dtype=np.int64),
                shingles=int(shingles[i]),
            )
        )
    return out


def jaccard(a: U32, b: U32) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / a.size


@dataclass(frozen=True, slots=True)
class Candidates:
    """Stored articles that may repeat a batch article, with the index entries that matched.

    ``by_key`` maps an LSH band key, ``by_para`` a paragraph hash and ``by_norm`` a
    normalised-text hash to the stored article ids under it; ``prints`` holds their
    fingerprints (``band_keys`` may be empty: stored articles are never looked up by them).
    """

    prints: Mapping[str, Fingerprint] = field(default_factory=dict)
    by_key: Mapping[int, Sequence[str]] = field(default_factory=dict)
    by_para: Mapping[int, Sequence[str]] = field(default_factory=dict)
    by_norm: Mapping[str, Sequence[str]] = field(default_factory=dict)


def link_batch(
    batch: Sequence[tuple[str, Fingerprint]],
    stored: Candidates,
    params: DedupParams,
) -> list[Link]:
    """Links from each batch article to earlier articles (stored, or earlier in the batch).

    Args:
        batch: ``(article id, fingerprint)`` in ingest order.
        stored: earlier articles that share a band key, a paragraph or the normalised text
            with some batch article (the caller looks them up in its index).
        params: thresholds.

    Returns:
        At most ``params.max_links`` links per article, most similar first; methods are
        ``exact`` (same normalised text), ``minhash`` (estimated Jaccard at least
        ``threshold``) or ``paragraphs`` (at least ``containment`` of the shorter
        article's paragraphs are shared verbatim; the similarity is that share).
    """
    by_key: dict[int, list[str]] = {}
    by_para: dict[int, list[str]] = {}
    by_norm: dict[str, list[str]] = {}
    prints: dict[str, Fingerprint] = dict(stored.prints)
    links: list[Link] = []
    # Most band keys and paragraphs match nothing: find, for the whole batch at once, those
    # that occur in the stored candidates or more than once in the batch, and look up only
    # those per article.
    key_hits = _shared(
        [fp.band_keys for _, fp in batch], np.fromiter(stored.by_key, np.int64, len(stored.by_key))
    )
    para_hits = _shared(
        [fp.paragraphs for _, fp in batch],
        np.fromiter(stored.by_para, np.int64, len(stored.by_para)),
    )
    for (aid, fp), keys, paras in zip(batch, key_hits, para_hits, strict=True):
        candidates: set[str] = set(by_norm.get(fp.norm_hash, ()))
        candidates.update(stored.by_norm.get(fp.norm_hash, ()))
        for key in keys:
            candidates.update(by_key.get(key, ()))
            candidates.update(stored.by_key.get(key, ()))
        shared: dict[str, int] = {}  # candidate -> paragraphs shared (hashes are unique)
        for para in paras:
            for other in (*by_para.get(para, ()), *stored.by_para.get(para, ())):
                shared[other] = shared.get(other, 0) + 1
        candidates.update(shared)
        candidates.discard(aid)
        found: list[Link] = []
        for other in candidates:
            ofp = prints[other]
            if ofp.norm_hash == fp.norm_hash and fp.shingles > 0:
                found.append(Link(aid, other, 1.0, "exact"))
                continue
            sim = jaccard(fp.minhash, ofp.minhash)
            if sim >= params.threshold and fp.shingles > 0 and ofp.shingles > 0:
                found.append(Link(aid, other, round(sim, 4), "minhash"))
                continue
            common = shared.get(other, 0)
            smaller = min(fp.paragraphs.size, ofp.paragraphs.size)
            share = common / smaller if common and smaller else 0.0
            if share >= params.containment:
                found.append(Link(aid, other, round(share, 4), "paragraphs"))
        found.sort(key=lambda link: (-link.similarity, link.duplicate_of))
        links.extend(found[: params.max_links])
        prints[aid] = fp
        for key in keys:
            by_key.setdefault(key, []).append(aid)
        for para in paras:
            by_para.setdefault(para, []).append(aid)
        by_norm.setdefault(fp.norm_hash, []).append(aid)
    return links


def _shared(per_item: Sequence[I64], stored: I64) -> list[list[int]]:
    """For each item, its values found in ``stored`` or in more than one item."""
    sizes = [a.size for a in per_item]
    if not sum(sizes):
        return [[] for _ in per_item]
    values = np.concatenate(list(per_item))
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    hit = (counts[inverse] > 1) | np.isin(values, stored)
    out: list[list[int]] = []
    start = 0
    for size in sizes:
        part = values[start : start + size]
        out.append(part[hit[start : start + size]].tolist())
        start += size
    return out
