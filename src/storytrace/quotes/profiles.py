"""Per-language word tables for quote attribution in verb-second languages.

Each :class:`Profile` holds the closed-class words that the rules of :mod:`.verb_second`
read (articles, prepositions, conjunctions, cue words, view nouns, verbs of reported speech,
role-noun endings). A language gets those rules by getting a profile here; the rules hold
no word of any language themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "Profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """The closed-class words of one verb-second language that the rules read."""

    #: articles of a subject (nominative) and those of an object or a possessor
    subject_articles: frozenset[str]
    oblique_articles: frozenset[str]
    #: words that govern the noun phrase after them (it is then no subject)
    prepositions: frozenset[str]
    #: words that open a clause or join phrases: never the finite verb after a quote
    conjunctions: frozenset[str]
    #: words that may stand between the finite verb and its subject ("sagte dazu X")
    between: frozenset[str]
    #: cue words that take the speaker right after them ("so X")
    cue_words: frozenset[str]
    #: impersonal verbs whose source follows a preposition ("heißt es in dem Schreiben")
    impersonal: frozenset[str]
    #: verbs that say where words stand written: the place named with a preposition in
    #: their clause is the quote's source ("In der Zeitung fand sich die Feststellung „…“",
    #: "Derzeit steht in dem Entwurf der Passus: „…“")
    written: frozenset[str]
    #: pronoun speakers (resolved later to the last person named)
    pronouns: frozenset[str]
    #: nouns of a view or a statement that name their holder after them ("nach Angaben des
    #: Leiters", "nach Ansicht von X"), and the prepositions that open them
    view_nouns: frozenset[str]
    view_prepositions: frozenset[str]
    #: finite verbs of reported speech (German Konjunktiv I: "sei", "habe", "könne"; and
    #: Konjunktiv II "wäre", "hätte"): a sentence in them goes on with the statement of the
    #: person named before it
    reported: frozenset[str]
    #: endings of nouns that name a person by role ("Polizeisprecher", "Bundeskanzlerin")
    role_endings: tuple[str, ...]
    #: endings of abstract common nouns, never a name ("Mitverantwortung", "Sicherheit")
    noun_endings: tuple[str, ...] = ()
    #: demonstratives that open a sentence pointing back at the quote before it ("Das
    #: musste X einräumen", "Dies ist die Aussage einer Studie")
    demonstratives: frozenset[str] = frozenset()
    #: endings of nouns that name a body that speaks as one: a court, a party, a ministry,
    #: a newspaper ("Bundesgerichtshof", "Landtagsfraktion", "Nachrichtenagentur")
    body_endings: tuple[str, ...] = ()
    #: the masculine ones of those: after the article that is also a feminine genitive or
    #: dative ("der Verband sagte" but "die Pflichten der Union", "überließ es der NATO")
    body_masculine: tuple[str, ...] = ()
    #: the article that is a masculine subject and also a feminine genitive or dative
    ambiguous_article: str = ""
    #: possessive determiners: a phrase they open names a person's thing ("Seine Zuversicht
    #: gründet sich auf …: „…“"), never by itself a person
    possessives: frozenset[str] = frozenset()
    #: verbs of quoting: their object is the speaker, their subject the medium that quotes
    #: ("Der Sender zitierte Y mit den Worten: „…“", "„…“, zitiert die Zeitung Y")
    quoting: frozenset[str] = frozenset()
    #: auxiliaries of the passive: with one, a verb of quoting names its medium with a
    #: preposition ("Y wird von der Zeitung zitiert", "wird Y im Fachblatt X zitiert")
    passive: frozenset[str] = frozenset()
    #: the prepositions that name that medium (the agent, or where the words stand)
    agent_prepositions: frozenset[str] = frozenset()


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PROFILES: dict[str, Profile] = {
    "de": Profile(
        subject_articles=_set("der die das ein eine"),
        oblique_articles=_set("den dem des einen einem eines einer"),
        prepositions=_set(
            "am an auf aus bei beim durch für gegen gegenüber hinter im in mit nach neben "
            "ohne seit über um unter von vom vor während wegen zu zum zur zwischen laut "
            "trotz angesichts innerhalb außerhalb bis ab"
        ),
        conjunctions=_set(
            "und oder aber doch denn sondern als wie wenn weil dass ob da damit sowie "
            "obwohl während bevor nachdem sodass die der das was wo"
        ),
        between=_set(
            "es man sich auch dazu dabei darauf weiter weiterhin nun jetzt jedoch zudem "
            "außerdem damals gestern heute ebenfalls noch schon bereits einmal kurz dann "
            "später zuletzt wörtlich daraufhin anschließend abschließend allerdings hingegen "
            "indes freilich deshalb daher trotzdem dennoch"
        ),
        cue_words=_set("so"),
        impersonal=_set("heißt hieß steht stand geheißen"),
        written=_set("steht stand stehen standen fand fanden findet finden"),
        pronouns=_set("er sie letztere letzterer ersterer erstere"),
        view_nouns=_set(
            "Angaben Ansicht Auffassung Meinung Einschätzung Einschätzungen Darstellung "
            "Darstellungen Bewertung Worten Informationen Aussage Aussagen Überzeugung Idee "
            "Vorstellung Erkenntnissen Berichten"
        ),
        view_prepositions=_set("nach laut gemäß zufolge"),
        reported=_set(
            "sei seien habe werde könne müsse solle dürfe wolle gebe bestehe stehe liege "
            "gehe komme fehle zeige brauche wisse hätte hätten wäre wären"
        ),
        role_endings=(
            "sprecher",
            "sprecherin",
            "minister",
            "ministerin",
            "präsident",
            "präsidentin",
            "kanzler",
            "kanzlerin",
            "chef",
            "chefin",
            "leiter",
            "leiterin",
            "vorsitzende",
            "vorsitzender",
            "sekretär",
            "sekretärin",
            "trainer",
            "trainerin",
            "meister",
            "meisterin",
            "direktor",
            "direktorin",
            "führer",
            "führerin",
            "experte",
            "expertin",
            "anwalt",
            "anwältin",
            "beauftragte",
            "beauftragter",
            "politiker",
            "politikerin",
            "abgeordnete",
            "abgeordneter",
            "sänger",
            "sängerin",
            "autor",
            "autorin",
            "senator",
            "senatorin",
            "gouverneur",
            "richter",
            "richterin",
            "ermittler",
            "professor",
            "professorin",
            "wissenschaftler",
            "forscher",
            "forscherin",
            "vertreter",
            "vertreterin",
            "mitglied",
            "manager",
            "managerin",
            "papst",
            "könig",
            "königin",
            "premier",
            "premierminister",
            "schriftsteller",
            "schriftstellerin",
            "kandidat",
            "kandidatin",
        ),
        noun_endings=(
            "ung",
            "ungen",
            "heit",
            "heiten",
            "keit",
            "keiten",
            "schaft",
            "schaften",
            "tion",
            "tionen",
            "ität",
            "ismus",
            "nisse",
        ),
        demonstratives=_set("das dies diese dieser dieses"),
        body_endings=tuple(
            _set(
                """ministerium regierung partei gericht gerichtshof zeitung zeitschrift agentur
            verband gewerkschaft fraktion kommission behörde polizei staatsanwaltschaft
            organisation institut stiftung konzern unternehmen club verein sender magazin
            rundschau union komitee ausschuss senat parlament bundestag landtag armee junta
            bündnis allianz kirche vatikan"""
            )
        ),
        body_masculine=tuple(
            _set("verband konzern club verein sender senat bundestag landtag ausschuss vatikan")
            | {"gerichtshof"}
        ),
        ambiguous_article="der",
        quoting=_set("zitiert zitierte zitierten zitieren"),
        passive=_set("wird wurde werden wurden worden"),
        agent_prepositions=_set("von vom in im auf"),
        possessives=_set(
            "sein seine seiner seines seinem seinen ihr ihre ihrer ihres ihrem ihren unser "
            "unsere unserer unseres unserem unseren mein meine meiner meines meinem meinen "
            "dein deine euer eure deren dessen"
        ),
    ),
}
