"""Invented articles about one fictional event, in every relation the analysis must tell
apart, and helpers that turn them into prepared articles. Shared by the alignment and
provenance tests (no tests here; everything is made up for these tests).
"""

from __future__ import annotations

import dataclasses
import hashlib

from storytrace.api import prepare
from storytrace.types import Article, Removed, Story

SOURCE = [
    "Engineers ordered the Velmora reservoir to be drained by a third on Thursday after "
    "inspectors found a crack in the eastern face of the dam.",
    "The crack, about four metres long, was spotted during a routine drone survey on "
    "Wednesday afternoon, the regional water board said.",
    '"There is no immediate danger to the villages downstream, but we are not taking any '
    'chances," said board director Anselm Korvik.',
    "About 2,400 people live in the three villages below the dam, which was completed in 1968.",
    "Korvik said the draining would take around ten days and that divers would inspect the "
    "crack once the water level had dropped.",
    "Farmers who rely on the reservoir for irrigation said the timing, weeks before the dry "
    "season, could hurt this year's harvest.",
    "The board has scheduled a public meeting in the village hall of Dunmere on Saturday evening.",
]

# Light edits: a few words swapped, a contraction, an honorific.
CLOSE = [
    "Engineers ordered the Velmora reservoir to be drained by one third on Thursday after "
    "inspectors discovered a crack in the eastern face of the dam.",
    "The crack, about four metres long, was spotted during a routine drone survey on "
    "Wednesday afternoon, the regional water board said.",
    "\"There's no immediate danger to the villages downstream, but we're not taking any "
    'chances," said board director Mr. Anselm Korvik.',
    "About 2,400 people live in the three villages below the dam, which was built in 1968.",
    "Korvik said draining would take about ten days and that divers would inspect the "
    "crack once the water level had dropped.",
    "Farmers who rely on the reservoir for irrigation said the timing, weeks before the dry "
    "season, could hurt this year's harvest.",
    "The board has scheduled a public meeting in the village hall of Dunmere on Saturday evening.",
]

# The same content reworded, in the same order.
REWRITE = [
    "A third of the water in the Velmora reservoir will be released after a fissure was "
    "discovered on the dam's eastern wall, engineers decided on Thursday.",
    "According to the regional water authority, a drone carrying out a scheduled check "
    "detected the roughly four-metre fracture on Wednesday.",
    "Authority head Anselm Korvik stressed that communities below the dam face no "
    "immediate threat, adding that officials would not gamble with safety.",
    "Some 2,400 residents occupy the three settlements downstream of the structure, which "
    "dates from 1968.",
    "Lowering the reservoir should last roughly ten days, after which divers will examine "
    "the fracture, Korvik explained.",
    "Growers who depend on the lake to water their fields warned that the operation, just "
    "ahead of the dry months, may damage the coming harvest.",
    "Residents can raise their concerns at a public session in Dunmere's village hall on "
    "Saturday night.",
]

FRENCH = [
    "Les ingénieurs ont ordonné jeudi de vider d'un tiers le réservoir de Velmora après que "
    "des inspecteurs ont découvert une fissure sur la face est du barrage.",
    "La fissure, longue d'environ quatre mètres, a été repérée mercredi après-midi lors "
    "d'un survol de routine par drone, a indiqué l'office régional de l'eau.",
    "« Il n'y a pas de danger immédiat pour les villages en aval, mais nous ne prenons "
    "aucun risque », a déclaré le directeur de l'office, Anselm Korvik.",
    "Environ 2 400 personnes vivent dans les trois villages situés sous le barrage, achevé "
    "en 1968.",
    "Selon M. Korvik, la vidange prendra une dizaine de jours et des plongeurs examineront "
    "la fissure une fois le niveau de l'eau descendu.",
    "Les agriculteurs qui dépendent du réservoir pour l'irrigation estiment que ce "
    "calendrier, à quelques semaines de la saison sèche, pourrait nuire à la récolte.",
    "L'office a prévu une réunion publique samedi soir dans la salle municipale de Dunmere.",
]

KOREAN = [
    "기술자들은 댐 동쪽 면에서 균열이 발견되자 목요일 벨모라 저수지의 물을 3분의 1가량 "
    "빼도록 지시했다.",
    "지역 수자원 위원회에 따르면 길이 약 4미터의 균열은 수요일 오후 정기 드론 점검 중에 발견됐다.",
    "위원회의 안셀름 코르빅 국장은 하류 마을에 당장의 위험은 없지만 만일에 대비하고 있다고 말했다.",
    "1968년에 완공된 이 댐 아래 세 마을에는 약 2천400명이 살고 있다.",
    "코르빅 국장은 물을 빼는 데 열흘 정도 걸리며 수위가 내려가면 잠수부들이 균열을 조사할 "
    "것이라고 말했다.",
]

# A condensed version with a local angle of its own.
EXCERPT = [
    "Engineers ordered the Velmora reservoir to be drained by a third on Thursday after "
    "inspectors found a crack in the dam.",
    "About 2,400 people live in the three villages below the dam, which was completed in 1968.",
    "The board has scheduled a public meeting in the village hall of Dunmere on Saturday.",
    "At the Dunmere bakery, owner Petra Lindqvist said customers had talked of little else "
    "since the news broke.",
    "The local primary school will stay open, the head teacher told parents in a letter.",
]

# Its own reporting of the same event: its own sources, order and wording.
INDEPENDENT = [
    "Residents of Dunmere woke to helicopters over the valley as the authorities began "
    "lowering the level of the lake behind the Velmora dam.",
    "Civil protection officials went door to door on Thursday night with leaflets "
    "explaining the evacuation routes, though no one has been asked to leave.",
    "Hydrologist Maren Tolk of the national geological institute said cracks of this kind "
    "were common in concrete structures of that age and rarely signalled collapse.",
    "Opposition councillors demanded to know why the last full structural review, due in "
    "2021, had been postponed twice.",
    '"There is no immediate danger to the villages downstream," the water board said in a '
    "statement.",
    "Anglers' associations called for the fish stock to be moved before the water drops further.",
]

UNRELATED = [
    "Harlow Rovers came from two goals down to beat Estmere City 3-2 on Sunday and move "
    "top of the second division.",
    "Striker Jonas Feld scored twice in the last ten minutes, his first goals since "
    "returning from a knee injury.",
    "City manager Ola Brandt blamed tired legs after a midweek cup tie that went to extra time.",
    "Rovers travel to Northfield next weekend, while City host the league leaders.",
]

# English that went through French and back: guillemets, a space before a comma, and a
# broken elision left behind.
ROUNDTRIP = [
    "Engineers ordered on Thursday to empty the Velmora reservoir by a third after "
    "inspectors discovered a crack on the east face of the dam.",
    "The crack, about four meters long, was spotted Wednesday afternoon during a routine "
    "drone flight, the regional water office said.",
    "« There is no immediate danger for the villages downstream, but we take no risk » , "
    "declared the director of the office, Anselm Korvik.",
    "About 2,400 people live in the three villages located below the dam, completed in 1968.",
    "According to Mr. Korvik, the emptying will take about ten days and divers will examine "
    "the crack once the level of the water has gone down.",
    "The farmers who depend on the reservoir for irrigation believe that this calendar, a "
    "few weeks from the dry season, could harm the harvest of 'Velmora.",
    "The office has planned a public meeting Saturday evening in the municipal hall of Dunmere.",
]


def article(
    article_id: str,
    sentences: list[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    language: str | None = None,
    removed: tuple[str, ...] = (),
) -> Article:
    """A prepared article: sentences in paragraphs of two, then metadata set explicitly."""
    paras = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    raw = "\n\n".join(paras) + "\n"
    art = prepare(
        Article(
            id=article_id,
            raw=raw,
            source=f"{article_id}.txt",
            content_hash=hashlib.sha1(raw.encode()).hexdigest(),
        )
    )
    extra = tuple(Removed(0, 0, reason, "") for reason in removed)
    return dataclasses.replace(
        art,
        published=published,
        outlet=outlet,
        author=author,
        language=language or art.language,
        removed=art.removed + extra,
    )


def story(*articles: Article) -> Story:
    return Story(articles=tuple(articles))
