"""The function-word profile that spares lingua calls must not change any language."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.clean import function_words as fw
from storytrace.clean import prepare
from storytrace.clean.language import confidences, settings
from storytrace.types import Article

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"

EN_PARAS = [
    "The water board of Lindqvist said on Thursday that the old pumping station by the river "
    "would be closed for repairs, and that the work was expected to take about six weeks.",
    "Engineers from the board found cracks in two of the main pipes during an inspection in "
    "the spring, and they have warned that the pipes could fail if the river rises again.",
    "Residents of the lower town have been asked to save water while the station is closed, "
    "and the board has said that it will bring in tankers for the farms on the east side.",
    "A spokesman for the board told reporters that the cost of the repairs had not yet been "
    "agreed with the council, but that the money would come from the reserve for emergencies.",
]
FR_SHORT = "Un pêcheur parti amarrer son bateau reste toujours introuvable ce soir."


def _clear(text: str) -> str | None:
    cfg = settings()
    toks = fw.tokens(text)
    return fw.clear_language(
        fw.hits(toks),
        toks,
        cfg["languages"],
        cfg["prescreen_min_paragraph_words"],
        cfg["profile_min_hits"],
        cfg["profile_min_share"],
        cfg["profile_max_foreign"],
    )


def test_profile_reads_plain_paragraphs_and_refuses_mixed_ones() -> None:
    assert _clear(EN_PARAS[0]) == "en"
    fr = (
        "Le conseil des eaux a dit jeudi que la station de pompage serait fermée pour des "
        "travaux, et que les habitants du quartier devront faire attention avec leur eau."
    )
    assert _clear(fr) == "fr"
    quoted = EN_PARAS[1] + " « Nous ne pouvons pas attendre plus longtemps », a dit le maire."
    assert _clear(quoted) is None  # French function words inside: lingua decides
    assert _clear("The board met.") is None  # too short to tell


def test_monolingual_article_spares_calls_and_keeps_languages() -> None:
    art = prepare(Article(id="mono", raw="\n\n".join(EN_PARAS)))
    calls = art.meta["clean"]["language_calls"]
    assert art.language == "en"
    assert {s.language for s in art.sentences} == {"en"}
    assert calls["profiled_paragraphs"] == len(EN_PARAS)
    assert calls["paragraph_calls"] == 0


def test_declared_other_language_gets_no_shortcut() -> None:
    art = prepare(Article(id="declared", raw="\n\n".join(EN_PARAS), language="fr"))
    assert art.meta["clean"]["language_calls"]["profiled_paragraphs"] == 0
    assert art.language == "fr"
    assert {s.language for s in art.sentences} == {"en"}


def test_paragraph_with_a_short_foreign_sentence_goes_to_lingua() -> None:
    # The French sentence has no French function word of the list: the paragraph still
    # reads as English by its counts, but one of its sentences has no English function
    # word, so lingua screens the paragraph as it would without the profile.
    mixed = EN_PARAS[2] + " " + FR_SHORT
    raw = "\n\n".join([EN_PARAS[0], EN_PARAS[1], mixed, EN_PARAS[3]])
    art = prepare(Article(id="mixed", raw=raw))
    calls = art.meta["clean"]["language_calls"]
    assert (calls["profiled_paragraphs"], calls["paragraph_calls"]) == (3, 1)
    assert art.language == "en"


def test_french_paragraph_in_long_english_article_keeps_its_language() -> None:
    french = (
        "« Nous ne pouvons pas attendre la fin des travaux pour prévenir les habitants », a "
        "déclaré la maire lors de la réunion du conseil."
    )
    raw = "\n\n".join([*EN_PARAS, french, *(p.replace("board", "agency") for p in EN_PARAS)])
    art = prepare(Article(id="long-mixed", raw=raw))
    assert art.language == "en"
    assert {s.language for s in art.sentences if s.paragraph == 4} == {"fr"}
    assert {s.language for s in art.sentences if s.paragraph != 4} == {"en"}


def test_clear_seed_paragraphs_read_the_same_with_lingua() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    cfg = settings()
    checked = 0
    for path in sorted(SEEDS.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").splitlines():
            code = _clear(para)
            if code is None:
                continue
            best, conf = confidences(para[: cfg["sample_chars"]], cfg)[0]
            assert (best, conf >= cfg["paragraph_confidence"]) == (code, True), (path.name, code)
            checked += 1
    assert checked >= 20
