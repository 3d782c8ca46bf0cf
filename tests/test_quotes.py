"""Quotes: spans, attribution, speaker resolution, grouping and fidelity on invented text."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from storytrace.quotes import extract_quotes
from storytrace.quotes.fidelity import fidelity
from storytrace.quotes.spans import find_quotes
from storytrace.types import Article, Origin, Relation, Story


def story(
    *texts: str,
    origins: tuple[Origin, ...] = (),
    relations: tuple[Relation, ...] = (),
    languages: tuple[str | None, ...] = (),
) -> Story:
    arts = tuple(
        Article(id=f"a{i}", raw=t, language=(languages[i] if languages else "en"))
        for i, t in enumerate(texts)
    )
    return Story(articles=arts, origins=origins, relations=relations)


def one(text: str) -> Story:
    return extract_quotes(story(text))


def only_quote(st: Story) -> tuple[str | None, str]:
    assert len(st.quotes) == 1, [q.variants[0].text for q in st.quotes]
    q = st.quotes[0]
    return q.speaker, q.variants[0].text


@pytest.mark.parametrize(
    "text",
    [
        "“We will rebuild the bridge within a year,” Mayor Ines Marlow said.",
        '"We will rebuild the bridge within a year," said Ines Marlow.',
        "Ines Marlow said: « We will rebuild the bridge within a year ».",
        "Ines Marlow told reporters that ‘we will rebuild the bridge within a year’.",
    ],
)
def test_quote_marks_and_patterns_find_text_and_speaker(text: str) -> None:
    speaker, quoted = only_quote(one(text))
    assert speaker == "Ines Marlow"
    assert quoted.startswith("We will rebuild") or quoted.startswith("we will rebuild")
    assert "bridge within a year" in quoted


def test_offsets_point_into_raw() -> None:
    text = "The council met late.\n“Nobody will lose their home,” said Ines Marlow."
    st = one(text)
    v = st.quotes[0].variants[0]
    assert text[v.start : v.end] == v.text == "Nobody will lose their home"


def test_surname_and_honorific_map_to_the_full_name() -> None:
    text = (
        "Harbour board chair Ines Marlow opened the session.\n"
        "“The channel will be deepened,” Ms. Marlow said.\n"
        "“We have the money,” Marlow added."
    )
    st = one(text)
    assert [q.speaker for q in st.quotes] == ["Ines Marlow", "Ines Marlow"]


def test_role_description_resolves_to_the_named_person_with_that_role() -> None:
    text = (
        "Norland Prime Minister Tomas Vell met the Irish Foreign Minister Aoife Brannagh.\n"
        "“Our doors stay open to every fishing fleet,” the Irish minister said."
    )
    assert only_quote(one(text))[0] == "Aoife Brannagh"


def test_the_mayor_resolves_to_the_mayor_not_the_other_official() -> None:
    text = (
        "Mayor Teodor Halvik toured the quay with fire chief Marit Osswald.\n"
        "“We will rebuild every house,” the mayor said."
    )
    assert only_quote(one(text))[0] == "Teodor Halvik"


def test_pronoun_resolves_to_the_last_compatible_speaker() -> None:
    text = (
        "Fishing cooperatives have opposed the work, said Rafe Oduya, who leads one of them.\n"
        "Mrs. Dana Kell, a marine biologist, said the risk was limited.\n"
        "“The mussel beds will recover within two seasons,” she added."
    )
    assert only_quote(one(text))[0] == "Dana Kell"


def test_quote_over_two_sentences_and_continuation_keep_the_speaker() -> None:
    text = "“We asked for a pause. Nobody listened,” said Rafe Oduya. “Now the catch is gone.”"
    st = one(text)
    assert [q.variants[0].text for q in st.quotes] == [
        "We asked for a pause. Nobody listened",
        "Now the catch is gone.",
    ]
    assert {q.speaker for q in st.quotes} == {"Rafe Oduya"}


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        "The company called its new ferry an “innovative” design.\n"
        "She reviewed the film “The Silent Harbour” last week.\n"
        "Critics mocked the 'green' label."
    )
    st = one(text)
    assert st.quotes == ()
    # the single-quoted word is never a candidate; the other two are counted with a reason
    assert st.stats["quotes"]["dropped"] == {"scare-quote": 1, "title": 1}


def test_short_attributed_fragment_is_kept_as_partial_quote() -> None:
    text = "Board chair Ines Marlow said the port was, as she put it, “fully ready” for winter."
    speaker, quoted = only_quote(one(text))
    assert quoted == "fully ready"
    assert speaker == "Ines Marlow"


def test_apostrophes_are_not_single_quotes() -> None:
    text = "The fishermen's boats stayed in port while the mayor's office and the Jones' shop shut."
    assert one(text).quotes == ()


@pytest.mark.parametrize(
    ("variant", "reference", "translated", "expected"),
    [
        ("We will not move.", "We will not move.", False, "verbatim"),
        ("we won't move", "We will not move.", False, "close"),
        ("I told Mr. Vell we will not move", "I told Vell we won't move", False, "close"),
        ("not move", "We will not move.", False, "verbatim"),
        ("Will not move", "We will not move.", False, "close"),
        ("We can't move the long-term plan", "We cannot move the long term plan", False, "close"),
        ("The Elysee said no", "The Élysée said no.", False, "close"),
        ("We shall never move.", "We will not move.", False, "altered"),
        ("We shall never move.", "We will not move.", True, "translated"),
    ],
)
def test_fidelity_rules(variant: str, reference: str, translated: bool, expected: str) -> None:
    assert fidelity(variant, reference, translated) == expected


def test_same_statement_groups_across_outlets_with_fidelity() -> None:
    a = "“We do not accept this ruling, and we will appeal it,” said Ines Marlow."
    b = "“We don't accept this ruling, and we will appeal it,” Ms. Marlow said on Monday."
    c = "Ines Marlow said: “We reject this decision and we shall appeal.”"
    d = "The weather stayed calm, and “the ferries ran on time all week,” said Rafe Oduya."
    st = extract_quotes(
        story(
            a,
            b,
            c,
            d,
            origins=(Origin("o1", "a0", ("a0", "a1", "a2")), Origin("o2", "a3", ("a3",))),
        )
    )
    first = st.quotes[0]
    assert first.speaker == "Ines Marlow"
    assert {v.article: v.fidelity for v in first.variants} == {
        "a0": "verbatim",
        "a1": "close",
        "a2": "altered",
    }
    assert first.single_origin
    assert [q.id for q in st.quotes] == ["q1", "q2"]
    assert st.quotes[1].speaker == "Rafe Oduya" and len(st.quotes[1].variants) == 1


def test_translation_relation_and_other_language_mark_translated() -> None:
    en = "“We will appeal the ruling before the supreme court,” said Ines Marlow."
    fr = "« Nous ferons appel de la décision devant la cour suprême », a déclaré Ines Marlow."
    st = extract_quotes(
        story(
            en,
            fr,
            languages=("en", "fr"),
            origins=(Origin("o1", "a0", ("a0", "a1")),),
            relations=(Relation("a0", "a1", "translation", 0.9, 0.9),),
        )
    )
    assert len(st.quotes) == 1
    assert {v.article: v.fidelity for v in st.quotes[0].variants} == {
        "a0": "verbatim",
        "a1": "translated",
    }


def test_different_statements_of_one_speaker_stay_apart() -> None:
    a = "“The harbour will be dredged next spring,” said Ines Marlow."
    b = "“Fishermen will be compensated for every lost week,” said Ines Marlow."
    st = extract_quotes(
        story(a, b, origins=(Origin("o1", "a0", ("a0",)), Origin("o2", "a1", ("a1",))))
    )
    assert len(st.quotes) == 2
    assert all(q.single_origin for q in st.quotes)


def test_quote_spans_survive_unbalanced_marks() -> None:
    raw = "He left. It was over,” she said. Then “a new start” began"
    spans = find_quotes(raw, [(0, len(raw))])
    assert [s.text for s in spans] == ["a new start"]


def test_next_line_quote_continues_the_previous_speaker() -> None:
    text = (
        "“We lost the whole catch,” said fisherman Rafe Oduya.\n"
        "“Nobody warned us about the second wave.”\n"
        "The council did not comment."
    )
    st = one(text)
    assert [q.speaker for q in st.quotes] == ["Rafe Oduya", "Rafe Oduya"]


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Harbour pilot Dana Kell was on duty that night, her manager Mark Olsen said.\n"
        "“I could not see the buoys at all,” she said."
    )
    assert only_quote(one(text))[0] == "Dana Kell"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The wall held," said Dist. Atty. Nora Vance.', "Nora Vance"),
        ('"The wall held," said Secretary of Commerce Ivo Brandt.', "Ivo Brandt"),
        ('"The wall held," said Harbour TV Managing Editor Lise Moen.', "Lise Moen"),
        ('"The wall held," President-elect Ivo Brandt said.', "Ivo Brandt"),
        ('"The wall held," the port\'s general manager, A. J. Moen, said.', "A. J. Moen"),
        ("\"The wall held,\" said Coastal Pictures' Sean O'Rourke.", "Sean O'Rourke"),
    ],
)
def test_titles_and_name_shapes_before_a_speaker(text: str, speaker: str) -> None:
    assert only_quote(one(text))[0] == speaker


def test_reference_variant_is_reported() -> None:
    a = "“We do not accept this ruling,” said Ines Marlow."
    b = "“We don't accept this ruling,” said Ines Marlow."
    st = extract_quotes(story(a, b, origins=(Origin("o1", "a1", ("a0", "a1")),)))
    assert st.stats["quotes"]["reference"]["q1"]["article"] == "a1"
    q = st.quotes[0]
    assert q.reference is not None and q.variants[q.reference].article == "a1"
    assert {v.article: v.fidelity for v in st.quotes[0].variants} == {
        "a0": "close",
        "a1": "verbatim",
    }


def test_quote_running_over_two_paragraphs() -> None:
    text = (
        "Harbour chief Ines Marlow spoke at length.\n"
        "“The wall was built for another century. Nobody planned for this.\n"
        "“We will rebuild it higher,” she said.\n"
        "The council met later."
    )
    speaker, quoted = only_quote(one(text))
    assert speaker == "Ines Marlow"
    assert quoted.startswith("The wall was built") and quoted.endswith("rebuild it higher")


@pytest.mark.parametrize(
    ("rest", "end"),
    [
        # a curly pair inside a straight-quoted statement does not close it
        ('"The mayor called it “a disaster” before we rebuild," she said.', "before we rebuild"),
        # ... nor does it when the statement goes on into a third paragraph
        ('"The mayor called it “a disaster” and left.\n"We will rebuild," she said.', "rebuild"),
    ],
)
def test_a_curly_pair_inside_a_straight_quote_over_paragraphs_stays_inside(
    rest: str, end: str
) -> None:
    raw = 'Harbour chief Ines Marlow wrote:\n"The wall was built for another century.\n' + rest
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", raw)]
    spans = find_quotes(raw, paras)
    assert len(spans) == 1, [q.text for q in spans]
    assert spans[0].text.startswith("The wall") and spans[0].text.endswith(end)


WORDS = ("the", "port", "will", "open", "Marlow", "said", "we", "never", "Friday", "crews")
MARKS = ("“", "”", '"', "«", "»", "‘", "’", "'")


@given(
    hs.lists(
        hs.one_of(
            hs.sampled_from(WORDS), hs.sampled_from(MARKS), hs.sampled_from((".", ",", "\n"))
        ),
        max_size=40,
    )
)
@settings(max_examples=150, deadline=None)
def test_any_text_gives_spans_that_round_trip(tokens: list[str]) -> None:
    raw = " ".join(tokens)
    spans = find_quotes(raw, [(0, len(raw))])
    for s in spans:
        assert raw[s.start : s.end] == s.text
        assert s.open_at < s.start <= s.end <= s.close_at
    assert all(a.close_at <= b.open_at for a, b in pairwise(spans))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We stay," said 32-year-old fisherman Rafe Oduya.', "Rafe Oduya"),
        ('"We stay," said her brother, Rafe Oduya, 32, of Port Elvane.', "Rafe Oduya"),
        (
            '"We stay," Rafe Oduya, who has fished these waters since the storm of 1990, said.',
            "Rafe Oduya",
        ),
        (
            'Mayor Ines Marlow closed the pier on Monday, saying that "nobody goes out tonight."',
            "Ines Marlow",
        ),
        ('Ines Marlow dismissed the report as "a collection of rumours."', "Ines Marlow"),
        (
            "Officers reached Rafe Oduya's boat, but Oduya refused to leave, saying officers "
            '"would need to drag" him ashore.',
            "Rafe Oduya",
        ),
    ],
)
def test_more_attribution_shapes(text: str, speaker: str) -> None:
    assert only_quote(one(text))[0] == speaker


def test_titles_of_works_with_small_words_are_not_quotes() -> None:
    st = one("The film “All the Boats of the Harbour” opens on Friday.")
    assert st.quotes == () and st.stats["quotes"]["dropped"] == {"title": 1}


def test_french_inverted_attribution_and_guillemets() -> None:
    text = (
        "Le maire Teo Varn a visité le port.\n"
        "« Nous reconstruirons la digue avant l'hiver », a-t-il déclaré.\n"
        "« Personne ne sera oublié », dit-il encore."
    )
    st = extract_quotes(story(text, languages=("fr",)))
    assert [(q.speaker, q.variants[0].speaker_text) for q in st.quotes] == [
        ("Teo Varn", "il"),
        ("Teo Varn", "il"),
    ]


def test_a_nested_source_reaches_the_variant_and_the_json_report() -> None:
    from storytrace.report.json_report import to_dict

    st = one(
        '"The pier stays open all winter," Ines Marlow said, according to the Harbour Gazette.'
    )
    (q,) = st.quotes
    assert q.speaker == "Ines Marlow"
    assert q.variants[0].via == "the Harbour Gazette"
    (jq,) = to_dict(st)["quotes"]
    assert jq["variants"][0]["via"] == "the Harbour Gazette"
    # a quote with no outer source has no "via" key (the report's schema only grows)
    plain = to_dict(one('"The pier stays open all winter," Ines Marlow said.'))
    assert "via" not in plain["quotes"][0]["variants"][0]


def test_the_report_names_the_reference_of_a_quote_in_two_parts() -> None:
    from storytrace.report.common import reference_variant

    a = "“The wall held,” Ines Marlow said, “and the quay is dry again.”"
    b = "“The wall held, and the quay is dry again,” said Ines Marlow."
    st = extract_quotes(story(a, b, origins=(Origin("o1", "a0", ("a0", "a1")),)))
    (q,) = [q for q in st.quotes if len(q.variants) == 2]
    ref = reference_variant(st, q)
    assert ref is not None and ref.article == "a0" and ref.fidelity == "verbatim"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a person "of" where they work or the state they represent: the person speaks
        ('"The levy is a fair price," said Danny Velde of Harbourline.', "Danny Velde"),
        ('"The levy is a fair price," said Sen. Ana Ruiz of Ohio.', "Ana Ruiz"),
        # a place the body is based in modifies its name
        (
            '"The levy is unfair," said Marrowick-based Harbour Rights Watch.',
            "Harbour Rights Watch",
        ),
        ('"The levy is unfair," the Velmar-based Coastal Fund said.', "Coastal Fund"),
    ],
)
def test_the_speaker_is_the_named_person_or_body_not_its_place(text: str, who: str) -> None:
    story = Story(articles=(Article(id="a", raw="The levy passed on Monday. " + text),))
    assert [q.speaker for q in extract_quotes(story).quotes] == [who]


def test_a_party_word_before_of_is_no_part_of_the_name() -> None:
    text = (
        "Ana Ruiz and Tom Velde spoke on Monday. Republicans Velde of Indian Shores and Ruiz "
        'of Ponte Vedra oppose the levy. "It is a tax on work," Velde said.'
    )
    (q,) = extract_quotes(Story(articles=(Article(id="a", raw=text),))).quotes
    assert q.speaker == "Tom Velde"
