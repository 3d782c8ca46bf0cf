"""Framing cues: hedges, attribution verbs, loaded terms, their targets, origin comparison."""

from __future__ import annotations

from storytrace.claims.framing import find_framing
from storytrace.claims.lexicon import LEXICON, with_extras
from storytrace.quotes import extract_quotes
from storytrace.types import Article, FramingCue, Origin, Story


def framed(*texts: str, origins: tuple[Origin, ...] = ()) -> Story:
    arts = tuple(Article(id=f"a{i}", raw=t, language="en") for i, t in enumerate(texts))
    return find_framing(extract_quotes(Story(articles=arts, origins=origins)))


def cues(st: Story, kind: str) -> list[FramingCue]:
    return [c for c in st.framing if c.kind == kind]


def test_attribution_verb_targets_its_subject() -> None:
    st = framed("Harbour chief Ines Marlow claimed that the channel was safe.")
    [cue] = cues(st, "attribution")
    assert (cue.term, cue.target) == ("claimed", "Ines Marlow")
    assert st.article("a0").raw[cue.start : cue.end] == "claimed"


def test_hedge_in_a_reported_statement_targets_the_speaker() -> None:
    st = framed(
        "The port is ready to fine the fleet over its alleged dumping of nets, "
        "harbour chief Ines Marlow said on Monday."
    )
    [hedge] = cues(st, "hedge")
    assert (hedge.term, hedge.target) == ("alleged", "Ines Marlow")


def test_hedge_without_a_speaker_targets_the_noun_phrase() -> None:
    st = framed("The so-called green ferry was launched in May.")
    [hedge] = cues(st, "hedge")
    assert (hedge.term, hedge.target) == ("so-called", "green ferry")


def test_loaded_term_inside_a_quote_is_the_speakers_word() -> None:
    st = framed(
        "“This is pure propaganda from the council,” said Rafe Oduya.\n"
        "The regime in the council chamber fell silent."
    )
    loaded = cues(st, "loaded")
    assert (loaded[0].term, loaded[0].target) == ("propaganda", "Rafe Oduya")
    assert loaded[1].term == "regime"
    counts = st.stats["framing"]["articles"]["a0"]
    # only the outlet's own word counts as its framing; the quoted one is the speaker's
    assert counts["loaded"] == 1 and counts["quoted"] == 1 and counts["outlet_voice"] == 2


def test_capitalised_homograph_is_not_a_cue() -> None:
    st = framed("The United States sent a delegation.")
    assert cues(st, "attribution") == []


def test_verbs_inside_quotes_are_not_attributions() -> None:
    st = framed("“I told them we had warned everyone,” said Rafe Oduya.")
    assert [c.term for c in cues(st, "attribution")] == ["said"]


def test_origins_are_compared_by_terms() -> None:
    st = framed(
        "Ines Marlow said the fleet broke the rules.",
        "Ines Marlow claimed the fleet allegedly broke the rules.",
        origins=(Origin("o1", "a0", ("a0",)), Origin("o2", "a1", ("a1",))),
    )
    stats = st.stats["framing"]
    assert stats["only_in_origin"]["o2"] == ["attribution:claim", "hedge:allegedly"]
    assert stats["only_in_origin"]["o1"] == []  # neutral verbs are never listed
    assert stats["origins"]["o2"]["evaluative_attribution"] == 1
    assert stats["origins"]["o2"]["distanced"] == {"Ines Marlow": 2}  # "claimed", "allegedly"
    assert stats["origins"]["o1"]["distanced"] == {}


def test_lexicon_extends_with_user_words() -> None:
    lex = with_extras({"loaded": ["junket"], "hedge": []})
    assert any(e.lemma == "junket" for e in lex["loaded"])
    assert lex["hedge"] == LEXICON["hedge"]


def test_participle_attribution_belongs_to_the_sentence_speaker() -> None:
    st = framed(
        "Harbour chief Ines Marlow raised the alarm on Monday, warning that the wall "
        "could fail again."
    )
    [cue] = [c for c in cues(st, "attribution") if c.term == "warning"]
    assert cue.target == "Ines Marlow"


def test_a_loaded_word_inside_a_quote_is_not_the_outlets_framing() -> None:
    st = framed(
        "“This is propaganda,” said Rafe Oduya.",
        "Rafe Oduya criticised the report.",
        origins=(Origin("o1", "a0", ("a0",)), Origin("o2", "a1", ("a1",))),
    )
    stats = st.stats["framing"]
    assert stats["origins"]["o1"]["terms"]["loaded:propaganda"] == 1
    assert stats["only_in_origin"]["o1"] == []


def test_a_loaded_word_in_an_unattributed_quotation_is_not_the_outlets() -> None:
    # no speaker the quotes stage can name: the words are still someone else's
    st = framed("Critics called it “an outrageous and shameful waste of money” last week.")
    counts = st.stats["framing"]["articles"]["a0"]
    assert [c.term for c in cues(st, "loaded")] == ["outrageous", "shameful"]
    assert counts["loaded"] == 0 and counts["quoted"] == 2
    assert counts["outlet_terms"] == {}


def test_a_scare_quoted_term_stays_the_outlets_framing() -> None:
    st = framed("The council defended its “draconian” budget on Monday.")
    counts = st.stats["framing"]["articles"]["a0"]
    assert counts["loaded"] == 1 and counts["quoted"] == 0


def test_reports_list_a_quoted_loaded_word_apart_from_the_outlets_framing() -> None:
    from storytrace.report.html import to_html
    from storytrace.report.markdown import to_markdown

    st = framed(
        "“This is pure propaganda from the council,” said Rafe Oduya.\n"
        "The regime in the council chamber fell silent."
    )
    assert [(c.term, c.quoted) for c in cues(st, "loaded")] == [
        ("propaganda", True),
        ("regime", False),
    ]
    text = to_markdown(st)
    framing = text[text.index("## Framing") :]
    table, _, below = framing.partition("Inside quotes")
    # the table is the outlet's own words: the speaker's "propaganda" is listed below it
    assert "| `a0` | loaded | regime |" in table and "propaganda" not in table
    assert "`a0`: propaganda" in below
    page = to_html(st)
    row = page[page.index('<section id="framing">') :]
    assert "<td>regime</td><td>propaganda</td>" in row


def test_an_attribution_word_used_as_a_noun_is_no_attribution() -> None:
    st = framed(
        "Rejecting claims that the siren failed, Mayor Ilse Brandt insisted that the "
        "warning system of the town worked."
    )
    # "claims" after a verb's -ing form and "warning" after "the" are nouns
    assert [c.term for c in cues(st, "attribution")] == ["insisted"]


def test_a_pattern_is_skipped_only_where_it_cannot_match() -> None:
    """framing._may_match: a lexicon pattern left out of a sentence (none of its forms in
    the lower-cased ASCII text) finds nothing there; non-ASCII text runs every pattern
    (case-insensitive matching pairs "ſ" with "s")."""
    from storytrace.claims.framing import _may_match, _patterns
    from storytrace.claims.lexicon import with_extras

    pats = _patterns(with_extras({"hedge": [], "attribution": [], "loaded": []}))
    sentences = [
        "The mayor CLAIMED the wall was safe, officials said.",
        "Critics allegedly warned of a so-called storm-proof design.",
        "Reportedly, the council may have acted; sources suggest otherwise.",
        "Nothing here but plain words.",
    ]
    for text in sentences:
        for pat, _kind, entry in pats:
            if not _may_match(entry, text.lower()):
                assert pat.search(text) is None, (text, entry.lemma)
    assert sum(not _may_match(e, sentences[3].lower()) for _p, _k, e in pats) > 50
    assert all(_may_match(e, None) for _p, _k, e in pats)
