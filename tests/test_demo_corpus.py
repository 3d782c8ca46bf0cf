"""Guards the bundled demo corpus against accidental edits.

The golden tests read ``src/storytrace/demo/answers.json`` as the truth about the seven demo
articles. These tests check that the key still describes the files: every article it names
exists, every quoted text, anchor and junk string occurs verbatim where it says, and each
article still plays its role (the copy is a copy, the translation is French, the condensed
version is short, the content-farm body really appears twice).
"""

from __future__ import annotations

import difflib
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

import pytest

from storytrace.types import Fidelity, RelationKind

DEMO = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "demo"
ARTICLES = DEMO / "articles"
READABLE = {".txt", ".html", ".jsonl"}
ROLES = {
    "original",
    "copy_with_junk",
    "translation",
    "rewrite",
    "condensed",
    "independent",
    "wire_copy_of_independent",
}
# A sentence ends at . ! or ? (optionally followed by a closing quote) before whitespace.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»]?\s+(?=[\"“«A-Z0-9])")
DATE_LINE = re.compile(r"^date (\d{4}-\d{2}-\d{2})$")


@lru_cache(maxsize=1)
def key() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DEMO / "answers.json").read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def files() -> dict[str, str]:
    return {a["id"]: (DEMO / a["file"]).read_text("utf-8") for a in key()["articles"]}


def by_role(role: str) -> str:
    return str(next(a["id"] for a in key()["articles"] if a["role"] == role))


def body_paragraphs(article_id: str) -> list[str]:
    """Paragraphs of an article's story text: after the header block, or the <p> of HTML."""
    text = files()[article_id]
    if text.lstrip().startswith("<"):
        paras = re.findall(r"<p>(.*?)</p>", text, flags=re.S)
        return [html.unescape(p).strip() for p in paras]
    return [p.strip() for p in text.split("\n\n")[1:] if p.strip()]


def sentences(paragraphs: list[str]) -> list[str]:
    return [s.strip() for p in paragraphs for s in SENTENCE_END.split(p) if s.strip()]


def verbatim_share(source: str, target: str) -> float:
    """Share of ``source``'s body sentences that occur verbatim in ``target``'s file."""
    sents = sentences(body_paragraphs(source))
    return sum(s in files()[target] for s in sents) / len(sents)


def words(article_id: str) -> int:
    return sum(len(p.split()) for p in body_paragraphs(article_id))


def test_answers_articles_match_the_folder() -> None:
    listed = {(DEMO / a["file"]).resolve() for a in key()["articles"]}
    on_disk = {p.resolve() for p in ARTICLES.iterdir() if p.is_file()}
    assert listed == on_disk, "answers.json and demo/articles/ list different files"
    assert all(p.suffix in READABLE for p in on_disk), "only article files belong in articles/"
    for article in key()["articles"]:
        assert Path(article["file"]).stem == article["id"], "ids are the file stems"
    assert {a["role"] for a in key()["articles"]} == ROLES
    assert len({a["outlet"] for a in key()["articles"]}) == len(key()["articles"])


def test_every_referenced_article_exists() -> None:
    k = key()
    ids = set(files())
    refs = [r[f] for r in k["relations"] for f in ("source", "target")]
    refs += [a for o in k["origins"] for a in [o["root"], *o["articles"]]]
    refs += [v["article"] for v in k["main_quote"]["variants"]]
    refs += [q[f] for q in k["altered_quotes"] for f in ("article", "original_article")]
    refs += [k["extra_quote"]["article"]]
    refs += [q["article"] for q in k["quotes"]]
    refs += [v["article"] for c in k["conflicts"] for v in c["values"]]
    for fact in k["corroborated_facts"]:
        refs += fact["articles"] + list(fact["anchors"])
    refs += [m["article"] for section in ("junk", "metadata", "framing") for m in k[section]]
    assert set(refs) <= ids, f"unknown ids: {sorted(set(refs) - ids)}"


def quoted_strings() -> list[tuple[str, str, str]]:
    """(section, article, text) for every string the key says occurs in a file."""
    k = key()
    out = [("main_quote", v["article"], v["text"]) for v in k["main_quote"]["variants"]]
    for q in k["altered_quotes"]:
        out += [("altered", q["article"], q["text"])]
        out += [("altered", q["original_article"], q["original_text"])]
    out.append(("extra_quote", k["extra_quote"]["article"], k["extra_quote"]["text"]))
    out += [("quotes", q["article"], q["text"]) for q in k["quotes"]]
    out += [("conflicts", v["article"], v["anchor"]) for c in k["conflicts"] for v in c["values"]]
    for section in ("corroborated_facts", "single_source_facts"):
        out += [(section, a, t) for f in k[section] for a, t in f["anchors"].items()]
    out += [("junk", j["article"], j["text"]) for j in k["junk"]]
    out += [("framing", f["article"], f["term"]) for f in k["framing"]]
    fields = ("title", "author", "outlet")
    out += [("metadata", m["article"], m["value"]) for m in k["metadata"] if m["field"] in fields]
    return out


@pytest.mark.parametrize(("section", "article", "text"), quoted_strings())
def test_key_text_occurs_verbatim(section: str, article: str, text: str) -> None:
    assert text in files()[article], f"{section}: {text!r} is not in {article}"


def test_kinds_use_the_pipeline_vocabulary() -> None:
    k = key()
    assert {r["kind"] for r in k["relations"]} <= set(get_args(RelationKind))
    # every fidelity but "independent-translation": the demo's one speaker of another
    # language is translated by one origin only
    expected = set(get_args(Fidelity)) - {"independent-translation"}
    assert {v["fidelity"] for v in k["main_quote"]["variants"]} == expected


def test_origins_partition_the_articles() -> None:
    k = key()
    members = [a for o in k["origins"] for a in o["articles"]]
    assert sorted(members) == sorted(files()), "every article belongs to exactly one origin"
    assert k["independent_sources"] == len(k["origins"]) == 2
    origin_of = {a: o["root"] for o in k["origins"] for a in o["articles"]}
    for rel in k["relations"]:
        same_origin = origin_of[rel["source"]] == origin_of[rel["target"]]
        assert same_origin == (rel["kind"] != "independent"), rel


def test_copy_keeps_most_sentences_verbatim() -> None:
    original, copy = by_role("original"), by_role("copy_with_junk")
    assert verbatim_share(original, copy) >= 0.8
    independent, wire = by_role("independent"), by_role("wire_copy_of_independent")
    assert verbatim_share(independent, wire) >= 0.8


def test_rewrite_and_independent_report_are_not_copies() -> None:
    original = by_role("original")
    assert verbatim_share(original, by_role("rewrite")) < 0.2
    assert verbatim_share(original, by_role("independent")) == 0.0


def test_condensed_version_is_much_shorter_and_same_reporter() -> None:
    original, condensed = by_role("original"), by_role("condensed")
    assert words(condensed) <= 0.4 * words(original)
    assert 6 <= len(sentences(body_paragraphs(condensed))) <= 9
    byline = re.compile(r"^By ([A-Z][a-z]+ [A-Z][a-z]+)", flags=re.M)
    first = byline.search(files()[original])
    second = byline.search(files()[condensed])
    assert first and second and first.group(1) == second.group(1)


def test_extra_quote_speaker_is_new_to_the_story() -> None:
    extra = key()["extra_quote"]
    assert extra["speaker"] not in files()[by_role("original")]
    outlet = next(a["outlet"] for a in key()["articles"] if a["role"] == "original")
    assert f"told the {outlet}" in files()[extra["article"]]


def test_translation_is_french() -> None:
    lingua = pytest.importorskip("lingua")
    langs = [lingua.Language.ENGLISH, lingua.Language.FRENCH, lingua.Language.SPANISH]
    langs += [lingua.Language.GERMAN, lingua.Language.ITALIAN, lingua.Language.DUTCH]
    detector = lingua.LanguageDetectorBuilder.from_languages(*langs).build()
    translation = by_role("translation")
    paragraphs = body_paragraphs(translation)
    assert len(paragraphs) >= 15
    for paragraph in paragraphs:
        assert detector.detect_language_of(paragraph) == lingua.Language.FRENCH, paragraph[:60]
    others = [a for a in files() if a != translation]
    for other in others:
        text = " ".join(body_paragraphs(other))
        assert detector.detect_language_of(text) == lingua.Language.ENGLISH, other


def test_doubled_body_appears_twice_with_ads_in_the_second_copy() -> None:
    copy = by_role("copy_with_junk")
    text = files()[copy]
    junk = key()["junk"]
    ads = [j["text"] for j in junk if j["reason"] == "advertisement"]
    caption = next(j["text"] for j in junk if j["reason"] == "photo-caption")
    # Layout: caption, body, caption, body with ads, share line and footer.
    _, first, rest = text.split(caption)
    second = rest.split("Share this article")[0]
    assert len(ads) >= 2
    for ad in ads:
        assert ad in second and ad not in first
        second = second.replace(ad + "\n\n", "")
    assert first.strip() == second.strip()
    assert len(first.split()) >= 400
    for item in junk:
        assert text.count(item["text"]) == item["count"], item["text"]


def test_altered_and_close_quotes_differ_as_labelled() -> None:
    k = key()
    main = {v["article"]: v for v in k["main_quote"]["variants"]}
    original = main[by_role("original")]["text"]
    for variant in main.values():
        ratio = difflib.SequenceMatcher(None, original, variant["text"]).ratio()
        if variant["fidelity"] == "verbatim":
            assert variant["text"] == original
        elif variant["fidelity"] == "close":
            assert variant["text"] != original and ratio > 0.9
        elif variant["fidelity"] == "altered":
            assert ratio < 0.8
    for alt in k["altered_quotes"]:
        assert alt["original_text"] not in files()[alt["article"]]
        assert k["main_quote"]["speaker"] in files()[alt["article"]]


def test_conflict_values_split_by_origin() -> None:
    k = key()
    origin_of = {a: o["root"] for o in k["origins"] for a in o["articles"]}
    for conflict in k["conflicts"]:
        per_origin: dict[str, set[str]] = {}
        for value in conflict["values"]:
            assert value["value"] in value["anchor"]
            per_origin.setdefault(origin_of[value["article"]], set()).add(value["value"])
        assert all(len(v) == 1 for v in per_origin.values())
        assert len(set.union(*per_origin.values())) == len(per_origin) == 2


def test_corroborated_facts_span_both_origins() -> None:
    k = key()
    origin_of = {a: o["root"] for o in k["origins"] for a in o["articles"]}
    assert len(k["corroborated_facts"]) >= 3
    for fact in k["corroborated_facts"]:
        assert set(fact["anchors"]) == set(fact["articles"])
        assert len({origin_of[a] for a in fact["articles"]}) == 2, fact["description"]


def test_date_lines_match_published() -> None:
    for article in key()["articles"]:
        first = files()[article["id"]].splitlines()[0]
        match = DATE_LINE.match(first)
        if match:
            assert match.group(1) == article["published"], article["id"]
    dated = [m for m in key()["metadata"] if m["field"] == "published"]
    assert {m["article"] for m in dated} == set(files())
