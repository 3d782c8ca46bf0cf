"""Read + clean + segment throughput for text and HTML input, against plain trafilatura.

Generates N synthetic articles (sentences of the packaged demo corpus recombined, or invented
sentences when the demo corpus is absent), writes each as a .txt file and as a realistic
HTML page (navigation, header, share links, ads, related links, footer) into a temporary
folder, then measures in one run:

- text:     read_inputs + prepare (cleaning, segmentation, language) of the .txt files;
- html:     read_inputs (decode + trafilatura extraction + metadata) + prepare of the pages;
- baseline: trafilatura.bare_extraction of the same pages, same options, nothing else.

The html pass goes page by page: plain trafilatura on the page (the baseline), then
storytrace reads the same page and prepare() cleans it, each call timed on its own. So
baseline, reading and cleaning (cleaning, segmentation and language detection) are
measured on the same page at the same moment; the target compares cleaning with the
baseline: cleaning and segmentation add at most 50% to extraction time. On this shared
2-core VM a pass of trafilatura alone varies by up to 40%, which separate passes turned
into a ratio swinging by 15 points. (Subtracting a
separate read-only pass from the full pass, as this bench first did, adds the noise of two
passes to a small difference.) Passes run interleaved, every figure is the best of
``--repeat`` passes, and the ratios use CPU time (``process_time``), which stays put when
other processes share the machine; wall time is printed beside it.

    python bench/bench_read_clean.py            # N = 300
    python bench/bench_read_clean.py --n 1000 --repeat 3
    python bench/bench_read_clean.py --profile    # where prepare() spends its time
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storytrace.api import prepare, read_articles
from storytrace.clean import clear_caches
from storytrace.types import Article, ReadReport

DEMO = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "demo" / "articles"

SUBJECTS = [
    "The council",
    "A spokesperson for the port",
    "Local traders",
    "The regional court",
    "Rescue teams",
    "The ministry",
    "Residents of the old quarter",
    "Union leaders",
]
VERBS = [
    "said on Monday that",
    "warned that",
    "confirmed that",
    "denied reports that",
    "announced that",
    "told reporters that",
]
OBJECTS = [
    "the bridge would reopen within weeks",
    "repairs had cost more than expected",
    "a second inquiry would begin in spring",
    "the water level had fallen overnight",
    "about 40 families were still without power",
    "the vote had been postponed",
    "funding for the project was secured",
    "the harbour wall had been inspected twice",
]


def sentence_pool(rng: random.Random) -> dict[str, list[str]]:
    """Sentences by language to build articles from: the demo corpus if present, else
    invented ones."""
    pool: dict[str, list[str]] = {}
    if DEMO.is_dir():
        txts = sorted(str(p) for p in DEMO.glob("*.txt"))
        for article in read_articles(txts, ReadReport(), policy="skip"):
            art = prepare(article)
            lang = art.language or "und"
            pool.setdefault(lang, []).extend(s.text for s in art.sentences if len(s.text) > 40)
    if sum(map(len, pool.values())) < 20:
        pool = {
            "en": [
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
                for _ in range(400)
            ]
        }
    return pool


def make_article(
    rng: random.Random, pool: dict[str, list[str]], i: int, mixed: bool = False
) -> tuple[str, list[str], str]:
    """A title, 4-8 paragraphs of 2-4 sentences, and the page's language: one language per
    page like a real site (drawn in proportion to the pool), or all mixed when ``mixed``.

    No sentence is used twice in one article (fewer paragraphs when the pool is small): a
    real article does not repeat itself, and repeats would be cleaned away as repeated
    paragraphs, measuring duplicate removal instead of ordinary cleaning."""
    if mixed:
        sents = [x for v in pool.values() for x in v]
        lang = "en"
    else:
        langs = sorted(pool)
        lang = rng.choices(langs, weights=[len(pool[k]) for k in langs])[0]
        sents = pool[lang]
    sizes = [rng.randint(2, 4) for _ in range(rng.randint(4, 8))]
    while sum(sizes) > len(sents) and len(sizes) > 1:
        sizes.pop()
    chosen = rng.sample(sents, min(sum(sizes), len(sents)))
    starts = [sum(sizes[:k]) for k in range(len(sizes))]
    paragraphs = [" ".join(chosen[a : a + n]) for a, n in zip(starts, sizes, strict=True)]
    title = f"Story {i}: " + paragraphs[0].split(".")[0][:70]
    return title, paragraphs, lang


def page(title: str, paragraphs: list[str], i: int, lang: str = "en") -> str:
    """A news page with the furniture real sites wrap around an article."""
    esc = html.escape
    body = "\n".join(f"    <p>{esc(p)}</p>" for p in paragraphs)
    related = "\n".join(
        f'      <li><a href="/news/{i + k}">Related story number {i + k} from the archive</a></li>'
        for k in range(1, 6)
    )
    nav = " ".join(
        f'<a href="/{s.lower()}">{s}</a>'
        for s in ("Home", "World", "Business", "Sport", "Culture", "Weather")
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{esc(title)} | Bench Gazette</title>
  <meta property="og:site_name" content="Bench Gazette">
  <meta name="author" content="Staff Reporter {i % 17}">
  <meta property="article:published_time" content="2025-0{1 + i % 9}-1{i % 10}T07:00:00Z">
  <script>window.dataLayer = window.dataLayer || []; function gtag() {{}}</script>
</head>
<body>
  <header><div class="logo">Bench Gazette</div><nav>{nav}</nav>
  <form class="search"><input name="q" placeholder="Search"></form></header>
  <div class="ad leaderboard">Advertisement</div>
  <main>
  <article>
    <h1>{esc(title)}</h1>
    <div class="byline">By Staff Reporter {i % 17} | 14 March 2025</div>
    <div class="share"><a href="#fb">Share on Facebook</a> <a href="#x">Share on X</a>
      <a href="#mail">Email</a></div>
{body}
  </article>
  <aside class="related"><h2>Related</h2><ul>
{related}
  </ul></aside>
  <div class="ad sidebar">Sponsored content: win a holiday</div>
  </main>
  <footer><p>© 2025 Bench Gazette. All rights reserved.</p>
  <a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/contact">Contact</a></footer>
</body>
</html>
"""


@dataclass
class Timing:
    """Best (lowest) figures of one measure over its passes."""

    wall: float = float("inf")
    cpu: float = float("inf")
    prepare_cpu: float = float("inf")  # CPU seconds inside prepare() (text and html passes)
    read_cpu: float = float("inf")  # the rest of the pass: reading (and extraction)
    base_cpu: float = float("inf")  # plain trafilatura on the same pages (html pass)
    base_wall: float = float("inf")
    articles: int = 0


class _Clock:
    """CPU time spent inside the calls it wraps."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.base_cpu = 0.0
        self.base_wall = 0.0

    def prepare(self, article: Article) -> Article:
        c0 = time.process_time()
        out = prepare(article)
        self.cpu += time.process_time() - c0
        return out

    def baseline(self, page: Path) -> bool:
        """Plain trafilatura on one page, with the reader's options; True if it found text."""
        from trafilatura import bare_extraction

        w0, c0 = time.perf_counter(), time.process_time()
        doc = bare_extraction(
            page.read_bytes().decode("utf-8"),
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            with_metadata=True,
        )
        self.base_cpu += time.process_time() - c0
        self.base_wall += time.perf_counter() - w0
        return bool(getattr(doc, "text", None))


def measure(fns: dict[str, Callable[[_Clock], int]], repeat: int) -> dict[str, Timing]:
    """Run every measure ``repeat`` times, interleaved; keep the best of each figure.

    Interleaving spreads load from other processes over all measures alike; CPU time
    (``process_time``) is what the ratios use, as it barely moves when the machine is shared.
    """
    best = {name: Timing() for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            # Every pass is a first pass: cleaning memoises per-line answers, and a repeat
            # over the same pages would otherwise measure the caches.
            clear_caches()
            clock = _Clock()
            w0, c0 = time.perf_counter(), time.process_time()
            count = fn(clock)
            wall = time.perf_counter() - w0 - clock.base_wall
            cpu = time.process_time() - c0 - clock.base_cpu
            t = best[name]
            t.wall, t.cpu = min(t.wall, wall), min(t.cpu, cpu)
            t.prepare_cpu = min(t.prepare_cpu, clock.cpu)
            t.read_cpu = min(t.read_cpu, cpu - clock.cpu)
            t.base_cpu = min(t.base_cpu, clock.base_cpu)
            t.base_wall = min(t.base_wall, clock.base_wall)
            t.articles = count
    return best


def profile_prepare(folder: str) -> None:
    """Print the functions prepare() spends most time in, over the HTML articles."""
    import cProfile
    import pstats

    articles = list(read_articles([folder], ReadReport(), "skip"))
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        prepare(a)
    prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(12)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="articles to generate (300)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measure; best is kept (1)")
    ap.add_argument(
        "--mixed",
        action="store_true",
        help="mix languages inside every paragraph (worst case for language detection)",
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also print where prepare() spends its time (cProfile, top 12)",
    )
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    pool = sentence_pool(rng)

    with tempfile.TemporaryDirectory() as tmp:
        txt_dir, html_dir = Path(tmp, "txt"), Path(tmp, "html")
        txt_dir.mkdir()
        html_dir.mkdir()
        for i in range(args.n):
            title, paragraphs, lang = make_article(rng, pool, i, args.mixed)
            (txt_dir / f"a{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
            (html_dir / f"a{i:05d}.html").write_text(page(title, paragraphs, i, lang))
        pages = sorted(html_dir.iterdir())
        txt_mb = sum(p.stat().st_size for p in txt_dir.iterdir()) / 1e6
        html_mb = sum(p.stat().st_size for p in pages) / 1e6

        def run_text(clock: _Clock) -> int:
            return sum(
                len(clock.prepare(a).sentences) > 0
                for a in read_articles([str(txt_dir)], ReadReport(), "skip")
            )

        def run_html(clock: _Clock) -> int:
            # Page by page: the baseline, then storytrace, on the same page at the same
            # moment, so both see the machine in the same state.
            n = 0
            for p in pages:
                clock.baseline(p)
                for a in read_articles([str(p)], ReadReport(), "skip"):
                    n += len(clock.prepare(a).sentences) > 0
            return n

        # Warm-up: imports, language models, trafilatura's first-call setup.
        list(map(prepare, read_articles([str(pages[0]), str(txt_dir / "a00000.txt")])))
        if args.profile:
            profile_prepare(str(html_dir))
        results = measure({"html": run_html, "text": run_text}, args.repeat)

    text, page_ = results["text"], results["html"]
    rows = [
        ("text: read+clean+segment", text.wall, text.cpu, text.articles, txt_mb),
        ("  of which clean+segment", None, text.prepare_cpu, text.articles, None),
        ("html: read+extract+clean+segment", page_.wall, page_.cpu, page_.articles, html_mb),
        ("  of which read+extract", None, page_.read_cpu, page_.articles, html_mb),
        ("  of which clean+segment", None, page_.prepare_cpu, page_.articles, None),
        ("baseline: trafilatura only", page_.base_wall, page_.base_cpu, page_.articles, html_mb),
    ]
    print(
        f"{args.n} synthetic articles, sentences from "
        f"{'the demo corpus' if DEMO.is_dir() else 'the invented generator'} "
        f"({sum(map(len, pool.values()))} in the pool, {'mixed' if args.mixed else 'one'} "
        f"language per article: {', '.join(sorted(pool))}); "
        f"text {txt_mb:.2f} MB, html {html_mb:.2f} MB; "
        f"best of {args.repeat}"
    )
    print(f"{'measure':36} {'articles':>8} {'wall s':>7} {'cpu s':>7} {'art/s':>7} {'MB/s':>6}")
    for name, wall, cpu, count, mb in rows:
        shown = f"{wall:7.2f}" if wall is not None else f"{'':7}"
        rate = f"{mb / cpu:6.2f}" if mb is not None else f"{'':6}"  # input MB: not for cleaning
        print(f"{name:36} {count:8d} {shown} {cpu:7.2f} {count / cpu:7.1f} {rate}")
    base = page_.base_cpu
    read_share = (page_.read_cpu - base) / base
    clean_share = page_.prepare_cpu / base
    print(
        f"html pipeline / trafilatura baseline (cpu): {page_.cpu / base:.2f}x; reading adds "
        f"{read_share:.0%}, cleaning+segmentation add {clean_share:.0%} of extraction time "
        f"(target: at most 50%); cleaning per article {1000 * page_.prepare_cpu / args.n:.2f} ms, "
        f"extraction {1000 * base / args.n:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
