"""Attribution in German, French and Spanish, and what is not a direct quote, on invented
text."""

from __future__ import annotations

import pytest

from storytrace.quotes import extract_quotes
from storytrace.types import Article, Story


def quotes(text: str, lang: str) -> list[tuple[str | None, str | None, str]]:
    st = extract_quotes(Story(articles=(Article(id="a", raw=text, language=lang),)))
    return [(q.speaker, q.variants[0].speaker_text, q.variants[0].text) for q in st.quotes]


def _said_by(found: list[tuple[str | None, str | None, str]], word: str) -> bool:
    return any(word in (sp or "") or word in (st or "") for sp, st, _t in found)


@pytest.mark.parametrize(
    ("text", "lang", "who"),
    [
        (
            "„Wir bauen die Brücke bis Mai wieder auf“, sagte Bürgermeisterin Ines Marlow.",
            "de",
            "Marlow",
        ),
        (
            "Am Mittwoch erklärte der Hafenmeister Tom Berger: „Kein Schiff läuft mehr aus.“",
            "de",
            "Berger",
        ),
        ("Die Brücke sei „bis zum Sommer völlig gesperrt“, so Ines Marlow.", "de", "Marlow"),
        (
            "Auch der Rat kritisierte das Gesetz scharf: So sagte Tom Berger, Sprecher des "
            "Hafens: „Man kann den Fischern nicht einfach die Brücke sperren.“",
            "de",
            "Berger",
        ),
        ("Laut Tom Berger ist der Hafen „für lange Zeit geschlossen worden“.", "de", "Berger"),
        (
            "Dem Hafenmeister Tom Berger zufolge ist alles „für lange Zeit geschlossen worden“.",
            "de",
            "Berger",
        ),
        ("« Nous reconstruirons le pont avant mai », a déclaré Ines Marlow.", "fr", "Marlow"),
        ("Selon Tom Berger, le port restera « fermé pendant tout l'hiver ».", "fr", "Berger"),
        ("«Reconstruiremos el puente antes de mayo», dijo Ines Marlow.", "es", "Marlow"),
        ("Según Tom Berger, el puerto seguirá «cerrado durante todo el invierno».", "es", "Berger"),
    ],
)
def test_speakers_in_other_languages(text: str, lang: str, who: str) -> None:
    found = quotes(text, lang)
    assert len(found) == 1, found
    assert _said_by(found, who), found


def test_a_pronoun_goes_to_the_last_named_person() -> None:
    text = (
        "Bürgermeisterin Ines Marlow besuchte den Hafen. "
        "„Wir werden alles wieder aufbauen“, sagte sie."
    )
    found = quotes(text, "de")
    assert found and found[0][0] == "Ines Marlow"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The council called the plan a “disaster” on Monday.", "en"),
        ("She reviewed “The Long Harbour Road” for the weekly paper.", "en"),
        ("Der Stadtrat nannte den Plan ein „Desaster“ und vertagte sich.", "de"),
        ("Das Schiff „Graf Berger“ lag im Hafen.", "de"),
    ],
)
def test_scare_quotes_and_titles_are_no_quotes(text: str, lang: str) -> None:
    assert quotes(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "who", "quoted"),
    [
        # French spacing: a thin or a no-break space inside the guillemets, before the colon
        (
            "«\u202fNous reconstruirons le pont avant mai\u202f», a affirmé Ines Marlow.",
            "fr",
            "Ines Marlow",
            "Nous reconstruirons le pont avant mai",
        ),
        (
            "Ines Marlow a déclaré\u00a0: «\u00a0Le port restera fermé tout l'hiver.\u00a0»",
            "fr",
            "Ines Marlow",
            "Le port restera fermé tout l'hiver.",
        ),
        (
            "« Le port restera fermé tout l'hiver », estime le maire Tom Berger.",
            "fr",
            "Tom Berger",
            "Le port restera fermé tout l'hiver",
        ),
        # a preposition that opens the sentence names the source, not a name of its own
        (
            "D'après Ines Marlow, le port restera « fermé pendant tout l'hiver ».",
            "fr",
            "Ines Marlow",
            "fermé pendant tout l'hiver",
        ),
        (
            "La maire Ines Marlow a visité le port. « Nous reconstruirons le pont avant mai », "
            "a-t-elle déclaré.",
            "fr",
            "Ines Marlow",
            "Nous reconstruirons le pont avant mai",
        ),
        # single guillemets: alone a quote, inside « » part of it
        (
            "‹ Nous reconstruirons le pont avant mai ›, a déclaré Ines Marlow.",
            "fr",
            "Ines Marlow",
            "Nous reconstruirons le pont avant mai",
        ),
        (
            "Le maire Tom Berger était au port. « Il m'a dit ‹ jamais plus › et il est parti », "
            "raconte-t-il.",
            "fr",
            "Tom Berger",
            "Il m'a dit ‹ jamais plus › et il est parti",
        ),
        (
            "Ines Marlow afirmó: «El puerto seguirá cerrado todo el invierno».",
            "es",
            "Ines Marlow",
            "El puerto seguirá cerrado todo el invierno",
        ),
        (
            "De acuerdo con Ines Marlow, el puerto seguirá «cerrado durante todo el invierno».",
            "es",
            "Ines Marlow",
            "cerrado durante todo el invierno",
        ),
        # Spanish leaves the subject out: 'dijo' alone is the person spoken of before
        (
            "La alcaldesa Ines Marlow visitó el puerto. «Reconstruiremos el puente antes de "
            "mayo», dijo.",
            "es",
            "Ines Marlow",
            "Reconstruiremos el puente antes de mayo",
        ),
        # dialogue dashes: the narrator's cue between dashes, the words after it go on
        (
            "—El puerto seguirá cerrado todo el invierno —dijo Tom Berger—. Nadie saldrá a pescar.",
            "es",
            "Tom Berger",
            "El puerto seguirá cerrado todo el invierno … Nadie saldrá a pescar.",
        ),
        (
            "—Reconstruiremos el puente antes de mayo —afirmó Ines Marlow.",
            "es",
            "Ines Marlow",
            "Reconstruiremos el puente antes de mayo",
        ),
    ],
)
def test_french_and_spanish_marks_spacing_and_cues(
    text: str, lang: str, who: str, quoted: str
) -> None:
    found = quotes(text, lang)
    assert [(sp, t) for sp, _st, t in found] == [(who, quoted)], found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a dash line with no narrator's cue names no speaker; in English a dash opens a list
        ("—El puerto seguirá cerrado todo el invierno.", "es"),
        ("— The council will meet on Monday —said to be the last time— in the old hall.", "en"),
    ],
)
def test_dashes_without_a_narrators_cue_are_no_quotes(text: str, lang: str) -> None:
    assert quotes(text, lang) == []
