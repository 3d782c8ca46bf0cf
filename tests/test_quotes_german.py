"""German attribution rules (verb second, view holders, quotes standing on their own, quoted
names) on invented sentences; the score on real German news is pinned in
tests/test_quotes_evaluate.py."""

from __future__ import annotations

import pytest

from storytrace.quotes import extract_quotes
from storytrace.quotes.holders import view_holder
from storytrace.quotes.named_titles import calls_it, names_a_work
from storytrace.quotes.nearby import previous_sentence_speaker
from storytrace.quotes.verb_second import (
    clause_speaker,
    is_body_like,
    is_person_like,
    trailing_cue,
)
from storytrace.types import Article, Story


def quotes(text: str) -> list[tuple[str | None, str | None, str]]:
    st = extract_quotes(Story(articles=(Article(id="a", raw=text, language="de"),)))
    return [(q.speaker, q.variants[0].speaker_text, q.variants[0].text) for q in st.quotes]


def said_by(text: str, word: str) -> bool:
    found = quotes(text)
    return len(found) >= 1 and all(word in (sp or "") + " " + (st or "") for sp, st, _ in found)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a quote opening the sentence: any finite verb, then the subject (verb second)
        (
            "„Wir bleiben bis zum Ende der Saison hier“, strich Trainerin Ida Kessler heraus.",
            "Kessler",
        ),
        (
            "„Der Deich hält dem Wasser stand“, ließ ein Sprecher der Stadtwerke verlauten.",
            "Sprecher",
        ),
        (
            "„Die Zahlen sind nicht gut“, wird Kämmerer Olaf Brink in der Lokalzeitung zitiert.",
            "Brink",
        ),
        ("„Das Schiff ist sicher.“, so letztere.", "letztere"),
        # 'heißt es in X': the document is the source
        (
            "„Die Schleuse bleibt bis Juni gesperrt“, heißt es in dem Schreiben der Hafenbehörde.",
            "Schreiben",
        ),
        # a cue closing a sentence whose middle is quoted
        (
            "Der Fährbetrieb müsse „sofort und ohne Ausnahme“ ruhen, so Kapitän Jens Ahlers.",
            "Ahlers",
        ),
    ],
)
def test_trailing_cues_in_verb_second_order(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


def test_a_conjunction_after_a_quote_is_no_verb() -> None:
    raw = "„Die Brücke ist alt“ und der Stadtrat will sie abreißen."
    assert trailing_cue(raw, "de", 0, 0, raw.index("“"), len(raw)) is None


def test_a_colon_clause_names_the_person_no_preposition_governs() -> None:
    text = (
        "Den Ärger der Anwohner über Brinks Pläne brachte die Sprecherin der Bürgerinitiative, "
        "Marta Wendel, zum Ausdruck: „So kann man mit einem Stadtteil nicht umgehen.“"
    )
    assert said_by(text, "Wendel"), quotes(text)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Nach Angaben des technischen Leiters sei die Anlage „vollständig und mit neuen Filtern erneuert“ worden.",
            "Leiters",
        ),
        ("Nach Ansicht von Stadträtin Pia Lorenz ist der Plan „nicht zu bezahlen“.", "Lorenz"),
        ("Für den Historiker Karl Wiese sei der Fund „eine kleine Sensation“.", "Wiese"),
    ],
)
def test_view_holders_are_the_speakers(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


def test_view_holder_reads_the_profile() -> None:
    raw = "Nach Ansicht von Stadträtin Pia Lorenz ist der Plan „nicht zu bezahlen“."
    open_at = raw.index("„")
    att = view_holder(raw, "de", 0, open_at, raw.index("“"), len(raw))
    assert att is not None and "Lorenz" in att.text
    assert view_holder(raw, "xx", 0, open_at, raw.index("“"), len(raw)) is None


def test_a_quote_on_its_own_takes_the_person_of_the_sentence_before() -> None:
    text = (
        "Die Stadt plant eine neue Brücke. Um Geld zu sparen, will Bürgermeister Udo Rahn "
        "die alte Fähre stilllegen. „Die Fähre kostet uns jedes Jahr eine halbe Million Euro.“"
    )
    assert said_by(text, "Rahn"), quotes(text)


def test_a_sentence_with_a_quote_before_is_left_to_continuation() -> None:
    raw = "Rahn sagte: „Wir sparen.“ Er ging. „Die Fähre ist zu teuer.“"
    open_at = raw.rindex("„")
    assert previous_sentence_speaker(raw, "de", open_at, len(raw), open_at, len(raw) - 1) is None


@pytest.mark.parametrize(
    ("phrase", "person"),
    [
        ("die Sprecherin", True),  # a role noun
        ("Bundesfinanzminister", True),  # a compound role noun
        ("Udo Rahn", True),  # two name words
        ("die Hacker Zugriff", False),  # nouns the text writes after an article
        ("Rahn", True),  # a surname written elsewhere after a first name
        ("Seine Zuversicht", False),  # a possessive opens a person's thing, not a person
    ],
)
def test_person_like_phrases(phrase: str, person: bool) -> None:
    raw = f"{phrase} kam. Udo Rahn blieb. Die Hacker hatten Zugriff auf den Zugriff."
    assert is_person_like(raw, 0, len(phrase), "de") is person


def test_a_possessor_is_no_speaker() -> None:
    raw = "Über Rahns Pläne sprach die Ministerin"
    span = clause_speaker(raw, "de", 0, len(raw))
    assert span is not None and raw[span[0] : span[1]].endswith("Ministerin")


@pytest.mark.parametrize(
    "text",
    [
        "Die Schüler demonstrierten unter dem Motto „Bildung statt Beton für unsere Stadt“.",
        "Der Regisseur zeigte seinen Film „Die lange Nacht am Hafen von Kiel“ in Berlin.",
        "Die Fernsehserie „Ärzte am Rande der großen Stadt“ läuft seit zehn Jahren.",
    ],
)
def test_quoted_names_after_a_naming_noun_are_no_quotes(text: str) -> None:
    assert quotes(text) == []


def test_a_speech_verb_after_a_named_quote_keeps_it() -> None:
    text = "Der Slogan „Wir bauen die Stadt für alle“, sagte Stadträtin Pia Lorenz, sei ihrer."
    assert said_by(text, "Lorenz"), quotes(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a name in apposition to a noun: no one said it
        ("Die Yacht „Stella maris nova“ lief am Morgen aus, sagte der Hafenmeister.", False),
        ("Das Boot lag im Hafen. Die Yacht „Stella maris nova“ lief am Morgen aus.", False),
        # a noun of saying announces speech
        ("Der Wirt empfing die Gäste mit den Worten „Heute gibt es Fisch“.", True),
        # a sentence end inside makes it speech
        ("Auf dem Plakat stand die Parole „Wir bleiben. Hier ist unser Haus!“", True),
    ],
)
def test_a_capitalised_quote_right_after_a_noun_is_its_name(text: str, kept: bool) -> None:
    assert (len(quotes(text)) == 1) is kept, quotes(text)


def test_naming_nouns_are_per_language() -> None:
    raw = "unter dem Motto „Frei“"
    assert names_a_work(raw, "de", raw.index("„"))
    assert not names_a_work(raw, "en", raw.index("„"))


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "In dem Antrag der Fraktion heißt es: „Die Schleuse muss bis Juni saniert werden.“",
            "Antrag",
        ),
        (
            "So heißt es in der Meldung des Vereins wörtlich: „Wir treten nicht mehr an.“",
            "Meldung",
        ),
        # where the words stand written
        (
            "Derzeit steht deshalb in dem Entwurf der Satzung noch der Passus: „Der Vorstand "
            "wird jährlich gewählt.“",
            "Entwurf",
        ),
        ("In der Chronik fand sich dazu die Notiz „Der Turm wurde 1820 erneuert.“", "Chronik"),
        # the source a statement came from: 'Aus X hieß es'
        ("Aus Lübeck hieß es, die Brücke sei „auf Jahre nicht befahrbar“.", "Lübeck"),
        # after a quote in mid-sentence
        (
            "Die Kosten sollen „durch weniger Papier und kürzere Wege“ sinken, so heißt es "
            "in einer Mitteilung der Stadtwerke.",
            "Mitteilung",
        ),
    ],
)
def test_impersonal_cues_name_the_document(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a speech verb closing a sentence whose middle is quoted
        ("Er sei „völlig überrascht“ von dem Ergebnis, sagte der Kapitän Jon Eik.", "Eik"),
        (
            "Die Arbeit sei „an vielen Stellen unvollständig“, hatte Rita Moll damals gesagt.",
            "Moll",
        ),
        # the phrase right before the colon's verb, not the clause's first person
        (
            "Landrat Olaf Brink wies die Kritik zurück, die Sprecherin der Initiative, Mia "
            "Sander, erklärte: „Wir bleiben bei unserer Zahl.“",
            "Sander",
        ),
        # a preposition governs the phrase past its adjectives; the subject follows the verb
        (
            "Angesichts solcher Zahlen nannte Kämmerer Ulf Rapp den Haushalt „kaum noch "
            "zu retten“.",
            "Rapp",
        ),
        # a verb closing a relative clause does not govern the quote
        (
            "Trainerin Eva Sommer bezeichnete die Niederlage, an der es nichts zu deuteln "
            "gab, als „verdient und bitter“.",
            "Sommer",
        ),
        # a speech verb closing a clause a conjunction opens: its subject follows the
        # conjunction
        (
            "Wie Bauamtsleiter Tom Krause am Dienstag erklärte, sieht die Stadt in dem Plan "
            "„keinen Grund zur Eile“.",
            "Krause",
        ),
        # the same with the speech verb after the quote (verb last)
        (
            "Der Plan ist umstritten, weil die Stadtverwaltung ihn als „teuer und "
            "überflüssig“ bezeichnet hat.",
            "Stadtverwaltung",
        ),
        # the view named nearest the quote
        (
            "Nach Angaben des Senats sei die Lage ruhig, nach Einschätzung von Kommissar Ben "
            "Aust aber „keineswegs entspannt“.",
            "Aust",
        ),
    ],
)
def test_the_cue_nearest_the_quote_names_the_speaker(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


def test_a_new_speaker_named_between_two_quotes_ends_the_first_ones_statement() -> None:
    text = (
        "„Wir haben viel erreicht“, sagte der Sprecher Paul Reiter in Bonn. Später sagte "
        "Ministerin Vera Lind vor der Presse, König Karl XII. „ist und bleibt ein großer "
        "Herrscher des Landes“."
    )  # the sentence splitter cuts at "XII.": the quote's own sentence has no cue
    found = quotes(text)
    assert len(found) == 2, found
    assert "Lind" in (found[1][0] or ""), found


def test_an_article_inside_a_word_opens_no_phrase() -> None:
    # "Außerdem" ends in "dem": the subject is "die Fraktion", not "dem halte die Fraktion"
    text = "Außerdem halte die Fraktion den Plan für „völlig überzogen und viel zu teuer“."
    assert said_by(text, "Fraktion"), quotes(text)
    assert not said_by(text, "halte"), quotes(text)


def test_a_sentence_pointing_back_at_a_quote_names_its_speaker() -> None:
    text = (
        "„Ja, die Gebühren steigen.“ Das musste Stadtkämmerin Lea Wolters am Montag im Rat "
        "einräumen."
    )
    assert said_by(text, "Wolters"), quotes(text)


def test_an_abstract_noun_opening_the_sentence_is_no_speaker() -> None:
    text = (
        "Jegliche Mitverantwortung für die Panne weist Ronja Kessel von sich: „Ich war an "
        "dem Tag nicht im Werk.“"
    )
    assert said_by(text, "Kessel"), quotes(text)


def test_reported_speech_goes_to_the_person_named_before() -> None:
    text = (
        "Am Rande der Sitzung nahm auch Bürgermeisterin Ines Marlow zu der Frage Stellung. "
        "Jeder Anwohner könne „seine Einwände bis Ende März schriftlich einreichen“."
    )
    assert said_by(text, "Marlow"), quotes(text)


def test_a_sentence_without_reported_speech_keeps_its_own_subject() -> None:
    text = (
        "Bürgermeisterin Ines Marlow war am Montag im Rathaus. "
        "Die Zeitung druckte „seine Einwände bis Ende März schriftlich einreichen“ ab."
    )
    assert not said_by(text, "Marlow"), quotes(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Der Sprecher nannte den Bericht „völlig falsch“.", True),
        ("Die Opposition hat den Plan als „klaren Wortbruch“ bezeichnet.", True),
        ("Der Hafen liegt im „alten Sperrgebiet“ der Stadt.", False),
    ],
)
def test_a_phrase_someone_called_a_thing_is_their_quote(text: str, kept: bool) -> None:
    assert (len(quotes(text)) == 1) is kept, quotes(text)
    assert calls_it(text, "de", 0, text.index("„")) is kept
    assert not calls_it(text, "en", 0, text.index("„"))


def test_a_single_term_someone_called_a_thing_stays_a_term() -> None:
    # German capitalises nouns: a quoted noun is a term, whoever used it
    assert quotes("Der Sprecher nannte den Bericht eine „Zeitungsente“.") == []


def test_a_lower_case_word_a_speech_cue_attributes_is_the_speakers_word() -> None:
    # no noun and no name (those are capitalised): the speaker's own judgement
    text = "Der Sprecher nannte den Bericht „falsch“."
    assert [q[2] for q in quotes(text)] == ["falsch"]
    assert said_by(text, "Sprecher"), quotes(text)
    # with no speech cue it stays a scare quote
    assert quotes("Das alte Boot galt lange als „seetüchtig“ und fuhr oft hinaus.") == []
    # a code is no word of anyone's
    assert quotes("Der Betreiber hat die Wagen „c4“ ausgemustert, teilte er mit.") == []
    # in brackets after a name it is a translation
    assert quotes("Die Operation „Cast Lead“ („gegossenes Blei“) begann im Winter.") == []


def test_the_german_single_quotation_mark_pair_is_a_quote() -> None:
    text = "‚Wir öffnen die Brücke am Montag wieder‘, sagte Bauleiterin Greta Holm."
    found = quotes(text)
    assert [q[2] for q in found] == ["Wir öffnen die Brücke am Montag wieder"]
    assert said_by(text, "Holm")
    # a single quoted noun in ‚…‘ stays a term, as in „…“
    assert quotes("Der Rat nannte den Plan ein ‚Wagnis‘ und vertagte sich.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Die Spenden gingen an die „Freunde des alten Hafens“ in Kiel.",
        "Der Bericht erschien zuerst im „Blatt für den ganzen Norden“ am Freitag.",
    ],
)
def test_a_noun_phrase_after_a_definite_article_is_a_name(text: str) -> None:
    assert quotes(text) == []


def test_a_phrase_after_an_article_with_a_speech_cue_stays_a_quote() -> None:
    text = "Bürgermeisterin Ines Marlow sprach von der „schlimmsten Flut seit vielen Jahren“."
    assert said_by(text, "Marlow")


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Trotz heftiger Regenfälle hielt Hafenmeister Jonas Pflug die Mauern für "
            "„sicher bis zum nächsten Frühjahr“.",
            "Pflug",
        ),
        (
            "Wegen solcher Sorgen wies Bürgermeisterin Vera Lindqvist die Pläne als "
            "„voreilig und unbezahlbar“ zurück.",
            "Lindqvist",
        ),
    ],
)
def test_with_no_cue_the_person_the_clause_names_is_the_speaker(text: str, who: str) -> None:
    assert said_by(text, who)
    assert all(not (st or "").startswith(("hielt", "wies")) for _sp, st, _t in quotes(text))


_BRENNER = "„Die Brücke bleibt bis Juni offen“, sagte Stadtsprecher Lars Brenner. "


def test_a_new_sentence_naming_its_own_person_does_not_continue_the_quote_before() -> None:
    text = (
        _BRENNER + "Trotz heftiger Kritik hielt Bürgermeisterin Vera Lindqvist die Sanierung "
        "für „dringend nötig und längst überfällig“."
    )
    assert [sp for sp, _st, _t in quotes(text)] == ["Stadtsprecher Lars Brenner", "Vera Lindqvist"]


def test_reported_speech_in_the_subjunctive_still_continues_the_quote_before() -> None:
    text = (
        _BRENNER + "Trotz heftiger Kritik wäre Bürgermeisterin Vera Lindqvist damit "
        "„dringend nötig und längst überfällig“."
    )
    assert all(sp == "Stadtsprecher Lars Brenner" for sp, _st, _t in quotes(text))


@pytest.mark.parametrize(
    ("phrase", "body"),
    [
        ("die Kommission", True),  # a body's ending
        ("der Hafenverband", True),  # a masculine body after 'der'
        ("der Kommission", False),  # 'der' before a feminine one: genitive or dative
        ("die NKP", True),  # an acronym
        ("der NKP", False),
        ("Der NKP", True),  # opening a sentence: its subject
        ("die Pflichten der Kommission", False),  # the head is 'Pflichten'
        ("meiner Partei", False),  # a possessive: no subject
        ("Papst Pius XII", False),  # a Roman numeral is no acronym
        ("die Sprecherin", False),  # a person, not a body
    ],
)
def test_body_like_phrases(phrase: str, body: bool) -> None:
    assert is_body_like(phrase, 0, len(phrase), "de") is body


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Der Hafen soll wachsen. Der Hafenverband lehnte den Plan am Montag ab. "
            "„Die Mauer ist für größere Schiffe zu niedrig.“",
            "Hafenverband",
        ),
        (
            "Die NKP will den Hafen ausbauen. „Wir wollen einen Hafen für alle Bürger.“",
            "NKP",
        ),
    ],
)
def test_a_body_named_before_a_quote_on_its_own_is_its_speaker(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


@pytest.mark.parametrize(
    ("text", "who", "medium"),
    [
        (
            "Das Hafenblatt zitierte Kapitän Jens Ahlers mit den Worten: „Die Mauer hält jedem "
            "Sturm stand.“",
            "Ahlers",
            "Hafenblatt",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert das Hafenblatt den Kapitän.",
            "Kapitän",
            "Hafenblatt",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert hafenblatt.de Kapitän Jens Ahlers.",
            "Ahlers",
            "hafenblatt",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert das „Hafenblatt“ Kapitän Ahlers heute.",
            "Ahlers",
            "Hafenblatt",
        ),
    ],
)
def test_the_person_a_medium_quotes_is_the_speaker(text: str, who: str, medium: str) -> None:
    found = quotes(text)
    assert said_by(text, who), found
    assert all(medium not in (sp or "") for sp, _st, _t in found)


def test_a_medium_read_as_the_speaker_gives_the_floor_to_the_person_it_quotes() -> None:
    text = "Das Hafenblatt zitiert den Kapitän mit den Worten „Die Mauer hält jedem Sturm stand“."
    st = extract_quotes(Story(articles=(Article(id="a", raw=text, language="de"),)))
    assert len(st.quotes) == 1
    v = st.quotes[0].variants[0]
    assert v.speaker_text == "den Kapitän" and v.via == "Das Hafenblatt"


@pytest.mark.parametrize(
    ("text", "medium"),
    [
        (
            "Das Hafenblatt zitierte Kapitän Jens Ahlers mit den Worten: „Die Mauer hält jedem "
            "Sturm stand.“",
            "Das Hafenblatt",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert das Hafenblatt den Kapitän.",
            "das Hafenblatt",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert hafenblatt.de Kapitän Jens Ahlers.",
            "hafenblatt.de",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, zitiert das „Hafenblatt“ Kapitän Ahlers heute.",
            "das „Hafenblatt“",
        ),
        (
            "Kapitän Jens Ahlers wird vom „Hafenblatt“ mit den Worten zitiert: „Die Mauer hält "
            "jedem Sturm stand.“",
            "„Hafenblatt“",
        ),
        (
            "„Die Mauer hält jedem Sturm stand“, wie Ahlers von Radio Nordkai zitiert wird.",
            "Radio Nordkai",
        ),
        ("„Die Mauer hält jedem Sturm stand“, wird Ahlers im Hafenblatt zitiert.", "Hafenblatt"),
        # one source only: no medium beside the person
        ("„Die Mauer hält jedem Sturm stand“, zitiert Radio Nordkai.", None),
        ("„Die Mauer hält jedem Sturm stand“, wird Kapitän Ahlers zitiert.", None),
        ("„Die Mauer hält jedem Sturm stand“, zitierte man Kapitän Ahlers.", None),
        ("„Die Mauer hält jedem Sturm stand“, sagte Kapitän Ahlers dem Hafenblatt.", None),
    ],
)
def test_a_medium_that_quotes_a_person_is_kept_as_the_quotes_second_source(
    text: str, medium: str | None
) -> None:
    st = extract_quotes(Story(articles=(Article(id="a", raw=text, language="de"),)))
    assert len(st.quotes) == 1
    assert st.quotes[0].variants[0].via == medium


def test_a_medium_quoted_with_no_person_after_it_is_the_source() -> None:
    raw = "„Die Mauer hält jedem Sturm stand“, zitiert Radio Nordkai."
    att = trailing_cue(raw, "de", 0, 0, raw.index("“"), len(raw))
    assert att is not None and att.text == "Radio Nordkai"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a web address is a site's name
        ("Laut „hafenblatt.example.org“ sagte Kapitän Jens Ahlers, die Mauer halte.", False),
        # a name with its acronym in brackets after it
        (
            "Kapitän Jens Ahlers gehört dem „Bund der Küstenschiffer Nord“ (BKN) seit Jahren an.",
            False,
        ),
        # words the text after them calls a name
        ("„Hafenlicht Nord“, so heißt das neue Projekt von Stadträtin Pia Lorenz.", False),
        ("„Hafenlicht Nord“, so lautet der Titel der Ausstellung von Pia Lorenz.", False),
        ("„Kapitän Sturm“, wie er im Hafen genannt wird, sagte Jens Ahlers nichts.", False),
        # a label and a colon
        ("Die Werft (Motto: „Wir bauen für die Zukunft“) sagte Jens Ahlers zu.", False),
        # 'heißt es' names a document: the quote stays
        ("„Die Schleuse bleibt gesperrt“, heißt es in dem Schreiben der Hafenbehörde.", True),
        # a speaker's clause ending in a noun and a colon: speech
        (
            "Am Abend sagte Jens Ahlers, Kapitän der Hafenband: „Wir spielen heute für alle.“",
            True,
        ),
    ],
)
def test_quoted_names_whatever_the_cue(text: str, kept: bool) -> None:
    assert (len(quotes(text)) == 1) is kept, quotes(text)


def test_an_adverb_after_a_quote_is_no_verb() -> None:
    raw = (
        "„Hier wird zwar laut gestritten“, allerdings sei offene Hetze nicht mit einem "
        "Aufruf zu verwechseln."
    )
    assert trailing_cue(raw, "de", 0, 0, raw.index("“"), len(raw)) is None


def test_a_new_main_clause_after_a_quotes_comma_is_no_cue() -> None:
    text = (
        "Kapitän Jens Ahlers nannte die Sperrung „völlig überzogen“, Hafenmeisterin Ida "
        "Kessler bezeichnete sie dagegen als nötig."
    )
    assert said_by(text, "Ahlers"), quotes(text)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "In einer Mitteilung lobte Hafenmeisterin Ida Kessler die Arbeiter und nannte den "
            "neuen Deich „stark, hoch und sicher“.",
            "Kessler",
        ),
        (
            "Kapitän Jens Ahlers sprach am Morgen. Er halte die Sperrung für richtig und "
            "bezeichnete die neue Schleuse als „viel zu klein für die Frachter“.",
            "Ahlers",
        ),
    ],
)
def test_a_verb_after_und_shares_the_subject_before_it(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)


def test_heisst_es_after_a_quote_with_no_comma_names_the_document() -> None:
    raw = "„Die Schleuse bleibt bis Juni gesperrt“ heißt es dazu in einer Mitteilung des Hafens."
    att = trailing_cue(raw, "de", 0, 0, raw.index("“"), len(raw))
    assert att is not None and "Mitteilung" in att.text
    other = "„Die Schleuse bleibt gesperrt“ meinte die Hafenmeisterin dazu."
    assert trailing_cue(other, "de", 0, 0, other.index("“"), len(other)) is None


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # the last person named before the pronoun, by name, not the nouns around it
        (
            "Die Hafenmeisterin Greta Lindqvist besuchte am Montag die Schleuse. Bei der "
            "Besichtigung der Anlage sagte sie: „Die Mauer hält jedem Sturm stand.“",
            "Greta Lindqvist",
        ),
        # the gender of the role noun before a name: 'er' passes over the Ministerin
        (
            "Trainer Jonas Pflug sprach mit Ministerin Ida Kessler über den Hafen. Danach "
            "erklärte er: „Wir bleiben bis zum Ende der Saison hier.“",
            "Jonas Pflug",
        ),
        # a surname alone is the person the article named in full before
        (
            "Kapitän Jens Ahlers kennt die Strecke seit Jahren.\n\nAhlers warnte vor dem "
            "Sturm. Er sagte: „Die Mauer hält nicht mehr lange.“",
            "Jens Ahlers",
        ),
    ],
)
def test_a_pronoun_speaker_is_the_last_person_named_before_it(text: str, who: str) -> None:
    found = quotes(text)
    assert [sp for sp, _st, _t in found] == [who], found


@pytest.mark.parametrize(
    "text",
    [
        # no person named: a description is no name, the pronoun stays unresolved
        "Ein Landwirt aus dem Ort erntete gerade Mais. Er sagte: „Plötzlich zersprang die "
        "Scheibe meines Mähdreschers.“",
        # a plural verb: 'sie' is the group, not the woman named before
        "Ministerin Ida Kessler traf die Fischer am Hafen. Danach erklärten sie: „Wir "
        "bleiben bis zum Ende der Saison hier.“",
        # a place after a preposition is no person ('in New Mexico')
        "Die Anlage steht in New Mexico. „Das ist ein großer Tag“, sagte er gegenüber dem Sender.",
    ],
)
def test_a_pronoun_with_no_fitting_person_named_stays_unresolved(text: str) -> None:
    found = quotes(text)
    assert len(found) == 1 and found[0][0] is None, found


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # perfect tense: the phrase before the participle is its object, the subject opens
        # the clause (the object, "die Rolle der Landräte", was taken as the speaker)
        (
            "Der Kreistag tagte am Montag. Vogt hatte besonders die Rolle der Landräte "
            "betont: „Die Entscheidungen fallen im Kreis der Landräte.“",
            "Vogt",
        ),
        # (read right before the rule too) an adverbial opens the clause: the subject
        # follows the auxiliary
        (
            "Der Kreistag tagte am Montag. Zuvor hatte Bürgermeister Karl Senn die Pläne "
            "kritisiert: „Das ist ein teurer Irrweg.“",
            "Senn",
        ),
        # a pronoun opens it: resolved to the person named before, not the object
        (
            "Karl Senn sprach am Montag im Kreistag. Er hatte die Pläne scharf kritisiert: "
            "„Das ist ein teurer Irrweg.“",
            "Senn",
        ),
    ],
)
def test_perfect_tense_speaker_is_the_subject_not_the_object(text: str, who: str) -> None:
    assert said_by(text, who), quotes(text)
