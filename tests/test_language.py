"""Article and sentence languages (lingua, restricted set, script shortcut)."""

from __future__ import annotations

import pytest

from storytrace.clean import prepare
from storytrace.clean.language import article_languages, detect
from storytrace.clean.prescreen import script_language
from storytrace.types import Article

EN = (
    "The regional council of Varnholt approved a new budget on Tuesday after a long debate "
    "about school repairs and the cost of winter road maintenance."
)
FR = "Le conseil régional a finalement adopté le budget après un long débat sur les écoles."


def test_detect_common_languages() -> None:
    assert detect(EN) == "en"
    assert detect(FR) == "fr"
    assert detect("El consejo regional aprobó el presupuesto tras un largo debate.") == "es"
    assert detect("Der Regionalrat hat den Haushalt nach einer langen Debatte beschlossen.") == "de"


def test_script_shortcut_without_lingua() -> None:
    assert script_language("정부는 오늘 새 정책을 발표했다", 0.3) == "ko"
    assert script_language("政府は本日、新しい政策を発表した", 0.3) == "ja"
    assert script_language("政府今天宣布了新政策", 0.3) == "zh"
    assert script_language("Plain English text", 0.3) is None
    assert detect("정부는 오늘 새 정책을 발표했다") == "ko"


def test_nothing_readable_has_no_language() -> None:
    assert detect("12 345 — 0:00") is None


def test_monolingual_article_checks_no_sentence_alone() -> None:
    raw = "\n\n".join([EN, EN.replace("Tuesday", "Friday"), EN.replace("new", "revised")])
    art = prepare(Article(id="mono", raw=raw))
    assert art.language == "en"
    assert {s.language for s in art.sentences} == {"en"}
    assert art.meta["clean"]["language_calls"]["sentence_calls"] == 0


def test_foreign_sentence_in_english_article_gets_its_language() -> None:
    mixed = (
        "The minister answered in French at the press conference in Varnholt. "
        "« Nous ne céderons jamais à la pression des marchés financiers », a-t-il déclaré."
    )
    raw = "\n\n".join([EN, mixed, EN.replace("Tuesday", "Monday")])
    art = prepare(Article(id="mixed", raw=raw))
    assert art.language == "en"
    langs = {s.text[:10]: s.language for s in art.sentences}
    assert langs["« Nous ne "] == "fr"
    assert langs["The minist"] == "en"


def test_short_sentences_take_the_article_language() -> None:
    paragraphs = ["Oui.", "The council met again.", "It was late."]
    sentences = [(p, i) for i, p in enumerate(paragraphs)]
    article, langs, calls = article_languages(paragraphs, sentences, "en")
    assert article == "en"
    assert langs == ["en", "en", "en"]
    assert (calls["paragraph_calls"], calls["sentence_calls"]) == (0, 0)


def test_korean_article() -> None:
    raw = (
        "정부는 오늘 새 정책을 발표했다. 시장은 즉시 반응했다.\n\n전문가들은 신중한 입장을 보였다."
    )
    art = prepare(Article(id="ko", raw=raw))
    assert art.language == "ko"
    assert [s.text for s in art.sentences] == [
        "정부는 오늘 새 정책을 발표했다.",
        "시장은 즉시 반응했다.",
        "전문가들은 신중한 입장을 보였다.",
    ]


def test_language_given_by_markup_is_kept() -> None:
    art = prepare(Article(id="x", raw=EN, language="en"))
    assert art.language == "en"


def test_article_language_is_the_weighted_paragraph_vote() -> None:
    paragraphs = [EN, EN.replace("Tuesday", "Friday"), FR]
    sentences = [(p, i) for i, p in enumerate(paragraphs)]
    article, langs, calls = article_languages(paragraphs, sentences)
    assert article == "en"
    assert langs == ["en", "en", "fr"]
    assert calls["paragraph_calls"] == 3


def test_short_article_detected_on_whole_text() -> None:
    article, _, calls = article_languages(["Oui, merci.", "Très bien."], [])
    assert calls["paragraph_calls"] == 0
    assert article == "fr"


LONG_EN = [
    "The harbour board of Port Elvane voted on Monday to deepen the main channel, a project "
    "that the board says will let larger cargo ships reach the docks by the end of next year.",
    "The chair of the board, Ines Marlow, told the council that the work would cost about "
    "48 million and that most of the money would come from a regional infrastructure fund.",
    "Fishing cooperatives in the harbour have opposed the plan for months, and they say that "
    "the sediment from the dredging could harm the mussel beds that employ hundreds of people.",
    "An environmental review of the project found that the risk to the beds was limited if "
    "the dredgers stopped work during the spawning season, which the board has now accepted.",
    "The council of the region will vote on the money in the autumn, and the members of the "
    "opposition have said that they want a second review of the cost before they agree to it.",
    "Shipping companies welcomed the decision of the board and said that the deeper channel "
    "would bring more trade to the port and more work to the towns along the coast of the bay.",
    "The first dredgers are expected in the harbour in the spring, and the work on the channel "
    "should take about two years if the weather in the winter does not slow it down too much.",
    "The board said that it would publish the details of the contract and the results of the "
    "tests on the water of the harbour every month while the work on the channel goes on.",
    "Residents of the old town asked the board to keep the noise of the work down at night, "
    "and the board said that the dredgers would only run in the day for most of the year.",
]


def test_long_article_prescreen_skips_lingua_for_familiar_paragraphs() -> None:
    french = (
        "« Nous ne laisserons pas détruire nos parcs à moules par ces travaux », a déclaré le "
        "porte-parole des pêcheurs lors de la réunion publique."
    )
    raw = "\n\n".join([*LONG_EN[:4], french, *LONG_EN[4:]])
    art = prepare(Article(id="long", raw=raw))
    calls = art.meta["clean"]["language_calls"]
    assert art.language == "en"
    # Three familiar paragraphs are spot-checked, by their function words (no doubt in
    # them: no lingua call); the others need no check of their own. Only the French
    # paragraph goes to lingua.
    assert calls["familiar_paragraphs"] == len(LONG_EN)
    assert calls["paragraph_calls"] == 1
    langs = {s.language for s in art.sentences if s.paragraph == 4}
    assert langs == {"fr"}
    assert {s.language for s in art.sentences if s.paragraph != 4} == {"en"}


def test_spot_checks_go_to_lingua_when_the_markup_declares_another_language() -> None:
    # Function words say English, the page says French: the profile does not overrule the
    # markup, so the spot-checks ask lingua (and the declared language is kept).
    sentences = [(p, i) for i, p in enumerate(LONG_EN)]
    article, _, calls = article_languages(LONG_EN, sentences, "fr")
    assert article == "fr"
    assert calls["paragraph_calls"] >= 3


LONG_FR = [
    "Le conseil du port de Port Elvane a voté lundi pour creuser le chenal principal, un "
    "projet qui doit permettre à de plus grands navires de rejoindre les quais de la ville.",
    "La présidente du conseil, Ines Marlow, a dit que les travaux coûteraient environ 48 "
    "millions et que la plus grande partie de la somme viendrait d'un fonds de la région.",
    "Les coopératives de pêche du port s'opposent au projet depuis des mois et disent que les "
    "sédiments pourraient nuire aux parcs à moules qui font vivre des centaines de personnes.",
    "Une étude de l'environnement a conclu que le risque pour les parcs était limité si les "
    "dragues s'arrêtaient pendant la saison de la ponte, ce que le conseil a maintenant accepté.",
    "Le conseil de la région votera sur le budget à l'automne, et les membres de l'opposition "
    "ont dit qu'ils voulaient une deuxième étude du coût avant de donner leur accord au projet.",
]


def test_bilingual_article_screens_every_paragraph() -> None:
    paragraphs = [x for pair in zip(LONG_EN[:5], LONG_FR, strict=True) for x in pair]
    art = prepare(Article(id="bi", raw="\n\n".join(paragraphs)))
    by_para = {s.paragraph: s.language for s in art.sentences}
    assert [by_para[p] for p in range(10)] == ["en", "fr"] * 5


def test_monolingual_article_read_by_function_words_alone() -> None:
    sentences = [(p, i) for i, p in enumerate(LONG_EN)]
    article, langs, calls = article_languages(LONG_EN, sentences)
    assert article == "en"
    assert langs == ["en"] * len(LONG_EN)
    # Every paragraph is clearly English: no lingua call, no familiar-paragraph count.
    assert calls == {
        "paragraph_calls": 0,
        "sentence_calls": 0,
        "familiar_paragraphs": 0,
        "profiled_paragraphs": len(LONG_EN),
    }


def test_markup_language_other_than_the_function_words_takes_the_long_way() -> None:
    sentences = [(p, i) for i, p in enumerate(LONG_EN)]
    article, _, calls = article_languages(LONG_EN, sentences, "de")
    assert article == "de"  # the markup is kept...
    assert calls["paragraph_calls"] > 0  # ...and lingua is asked, as before


_OTHER_LANGUAGES = {
    "es": "El consejo de la ciudad aprobó el lunes un plan para reparar el puerto, que fue "
    "dañado por la tormenta de la semana pasada. Los pescadores dijeron que esperan una "
    "respuesta rápida de las autoridades.",
    "de": "Der Stadtrat hat am Montag einen Plan zur Reparatur des Hafens beschlossen, der bei "
    "dem Sturm beschädigt wurde. Die Fischer sagten, sie erwarteten eine schnelle Antwort der "
    "Behörden.",
    "it": "Il consiglio comunale ha approvato lunedì un piano per riparare il porto, che è stato "
    "danneggiato dalla tempesta. I pescatori hanno detto che aspettano una risposta rapida "
    "dalle autorità.",
    "pt": "O conselho da cidade aprovou na segunda-feira um plano para reparar o porto, que foi "
    "danificado pela tempestade. Os pescadores disseram que esperam uma resposta rápida das "
    "autoridades.",
    "nl": "De gemeenteraad heeft maandag een plan goedgekeurd om de haven te herstellen, die "
    "door de storm werd beschadigd. De vissers zeiden dat ze een snel antwoord van de "
    "autoriteiten verwachten.",
}


@pytest.mark.parametrize("code", sorted(_OTHER_LANGUAGES))
def test_other_news_languages_alone_and_inside_english(code: str) -> None:
    text = _OTHER_LANGUAGES[code]
    alone = prepare(Article(id=code, raw=text + "\n"))
    assert alone.language == code
    assert {s.language for s in alone.sentences} == {code}
    mixed = prepare(Article(id=f"en-{code}", raw="\n\n".join([*LONG_EN[:3], text, *LONG_EN[3:5]])))
    assert mixed.language == "en"
    assert {s.language for s in mixed.sentences if s.paragraph == 3} == {code}
    assert {s.language for s in mixed.sentences if s.paragraph != 3} == {"en"}
