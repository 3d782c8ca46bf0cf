"""Closed-class words the attribution rules of :mod:`.cues` read in German, French,
Spanish, Italian and Portuguese: the prepositions that name a source, articles, pronouns,
the capitalised function words that open a sentence, and the languages that drop a
subject pronoun."""

from __future__ import annotations

#: prepositions that introduce the source ("laut X", "selon X"), and postpositions ("X zufolge")
PREPOSITIONS = {
    "de": r"[Ll]aut|so|nach\s+(?:den\s+)?(?:Angaben|Ansicht|Auffassung|Meinung|Einschätzung|"
    r"Darstellung|Informationen|Aussagen?|Worten)\s+(?:von|des|der)|wie|hieß\s+es\s+(?:vom|von|aus|beim|bei)|"
    r"heißt\s+es\s+(?:vom|von|aus|beim|bei)",
    # capitalised too: they open the sentence ('Selon X, …', 'De acuerdo con X, …')
    "fr": r"[Ss]elon|[Dd]['’]après|[Pp]our",
    "es": r"[Ss]egún|[Dd]e\s+acuerdo\s+con|[Pp]ara",
    "it": r"[Ss]econdo|[Pp]er",
    "pt": r"[Ss]egundo|[Dd]e\s+acordo\s+com|[Pp]ara",
}
POSTPOSITIONS = {"de": r"zufolge"}
ARTICLES = {
    "de": "der die das des dem den ein eine einer eines einem",
    "fr": "le la les l' l’ un une du des",
    "es": "el la los las un una del",
    "it": "il lo la i gli le un una del della",
    "pt": "o a os as um uma do da",
}
PRONOUNS = {
    "de": "er sie",
    "fr": "il elle",
    "es": "él ella",
    "it": "lui lei",
    "pt": "ele ela",
}

CAP = r"[A-ZÀ-ÖØ-Þ„»«\"](?:[\w\-’'“«»/]|\.(?![A-ZÀ-ÖØ-Þ]))*"


FUNCTION_CAPS = {
    "de": "Es Er Sie Wir Ich Das Dies Diese Dieser Wie Warum Was Wer Wo So Doch Dabei Dazu "
    "Darauf Danach Daher Deshalb Auch Aber Und Oder Nach Vor Am Im In An Auf Bei Beim Mit Von "
    "Vom Zu Zum Zur Für Über Unter Seit Während Wegen Durch Um Aus Als Wenn Weil Dass Ob "
    "Passend Bereits Insbesondere Derzeit Nun Jetzt Dann Heute Gestern Noch Nur Zudem Laut "
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Samstagabend "
    # closed-class words that open a German sentence (adverbs, conjunctions, articles of an
    # object): never the speaker, though capitalised there
    "Zwar Tatsächlich Später Denn Da Hier Dort Dennoch Trotzdem Allerdings Außerdem Jedoch "
    "Schließlich Zunächst Inzwischen Mittlerweile Bislang Bisher Zuvor Damals Sogar Erst "
    "Schon Immer Offenbar Angeblich Stattdessen Vielmehr Ebenfalls Gleichzeitig Anschließend "
    "Daraufhin Darum Somit Also Sonst Den Dem Einen Einem",
    "fr": "Il Elle Ils Elles Nous Je On Ce Cette Ces Mais Et Ou Dans Sur Pour Par Avec Selon "
    "Comme Quand Si Alors Puis Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche",
    "es": "Él Ella Ellos Nosotros Yo Este Esta Estos Pero Y O En Con Por Para Según Como "
    "Cuando Si Entonces Lunes Martes Miércoles Jueves Viernes Sábado Domingo",
    "it": "Lui Lei Loro Noi Io Questo Questa Ma E O In Con Per Secondo Come Quando Se",
    "pt": "Ele Ela Eles Nós Eu Este Esta Mas E Ou Em Com Por Para Segundo Como Quando Se",
}


#: languages that leave a subject pronoun out ('«…», dijo.': he or she said): a speech verb
#: with no subject after a quote names the person spoken of before
NULL_SUBJECT = frozenset({"es", "it", "pt"})
