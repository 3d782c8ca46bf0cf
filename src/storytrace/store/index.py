"""The near-duplicate lookup index, kept in memory and rebuilt from the store on open.

LSH band keys and paragraph hashes map to article ``seq`` numbers. Kept in SQLite, every
batch of 500 articles inserts 16,000 random keys into a B-tree of millions, dirtying
nearly every leaf page: ingest slowed with the size of the store (1 ms of writing per
article at 100,000). Here they live in sorted numpy arrays (12 bytes a key: about 0.5 KB
per article with 32 bands) plus a small sorted tail merged in geometrically, and are
rebuilt from the ``fingerprints`` table (which commits with each batch) when ingest starts,
so a crash can never leave them out of step with the stored articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]


class KeyIndex:
    """Key -> seqs of the articles filed under it, earliest first."""

    def __init__(self) -> None:
        self._keys: I64 = np.zeros(0, dtype=np.int64)
        self._seqs: I32 = np.zeros(0, dtype=np.int32)
        self._tail_keys: I64 = np.zeros(0, dtype=np.int64)
        self._tail_seqs: I32 = np.zeros(0, dtype=np.int32)

    def __len__(self) -> int:
        return int(self._keys.size + self._tail_keys.size)

    def add(self, keys: I64, seqs: npt.NDArray[np.integer[Any]]) -> None:
        """File ``seqs[i]`` under ``keys[i]``; seqs must be newer than any already filed."""
        k = np.concatenate((self._tail_keys, keys.astype(np.int64, copy=False)))
        s = np.concatenate((self._tail_seqs, seqs.astype(np.int32, copy=False)))
        order = np.lexsort((s, k))
        self._tail_keys, self._tail_seqs = k[order], s[order]
        if self._tail_keys.size > max(65_536, self._keys.size // 8):
            # Insert the (sorted) tail into the main run: one new array each, no full sort;
            # side="right" puts a key's newer seqs after its older ones.
            at = np.searchsorted(self._keys, self._tail_keys, side="right")
            self._keys = np.insert(self._keys, at, self._tail_keys)
            self._seqs = np.insert(self._seqs, at, self._tail_seqs)
            self._tail_keys = np.zeros(0, dtype=np.int64)
            self._tail_seqs = np.zeros(0, dtype=np.int32)

    def lookup(self, keys: Sequence[int], limit: int) -> dict[int, list[int]]:
        """The earliest ``limit`` seqs filed under each key that has any."""
        out: dict[int, list[int]] = {}
        if not len(keys):
            return out
        query = np.unique(np.asarray(keys, dtype=np.int64))
        # The main run holds older seqs than the tail: main first keeps "earliest first".
        for run_keys, run_seqs in ((self._keys, self._seqs), (self._tail_keys, self._tail_seqs)):
            if run_keys.size == 0:
                continue
            lo = np.searchsorted(run_keys, query, side="left")
            hi = np.searchsorted(run_keys, query, side="right")
            for i in np.flatnonzero(hi > lo).tolist():
                have = out.setdefault(int(query[i]), [])
                room = limit - len(have)
                if room > 0:
                    have.extend(run_seqs[lo[i] : min(hi[i], lo[i] + room)].tolist())
        return out


class DedupIndex:
    """The two lookups near-duplicate search needs: LSH band keys and paragraph hashes."""

    def __init__(self, bands_setting: int) -> None:
        self.bands_setting = bands_setting
        self.bands = KeyIndex()
        self.paragraphs = KeyIndex()
        self.last_seq = 0

    def add(self, seqs: Sequence[int], band_keys: Sequence[I64], paragraphs: Sequence[I64]) -> None:
        """File a committed batch (seqs ascending, newer than any filed)."""
        if not len(seqs):
            return
        for index, parts in ((self.bands, band_keys), (self.paragraphs, paragraphs)):
            sizes = [p.size for p in parts]
            if sum(sizes):
                owners = np.repeat(np.asarray(seqs, dtype=np.int32), sizes)
                index.add(np.concatenate(list(parts)), owners)
        self.last_seq = max(self.last_seq, int(max(seqs)))
