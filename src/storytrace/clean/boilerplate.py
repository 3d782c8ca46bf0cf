"""Line-level boilerplate: navigation, page residue, video players, share bars, photo
captions, inserted promotions and trailing forum residue.

Each rule looks at one line (a unit) and at most a few neighbours, and returns a reason.
Rules are deliberately conservative: a line that reads as a sentence of reporting (six or
more words and a sentence ending) is never taken for navigation (only fixed notices such
as copyright and cookie lines are removed as full sentences), captions must be doubled or
carry a photo credit, and inserted advertising needs both a call to action and little
topical overlap with the rest of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .dates import DATE
from .text import content_words, normalize, words

# Whole-line phrases of site chrome (compared after normalisation, any case).
_NAVIGATION = {
    "accessibility links",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "breaking news",
    "main menu",
    "menu",
    "home",
    "search",
    "sign in",
    "log in",
    "login",
    "register",
    "sections",
    "top stories",
    "latest news",
    "most read",
    "most popular",
    "trending",
    "more",
    "back to top",
    "toggle navigation",
    "open menu",
    "close menu",
    "close",
    "next",
    "previous",
    "live",
    "watch live",
    "listen",
    "print",
    "email",
    "comments",
    "show comments",
    "view comments",
    "load more",
    "see all",
    "subscribe",
    "newsletter",
    "donate",
    "contact us",
    "about us",
    "terms of use",
    "privacy policy",
    "cookie policy",
    "terms and conditions",
    "all rights reserved",
    "skip",
}
_PAGE_RESIDUE = re.compile(
    r"^(?:advertisements?|sponsored(?: content)?|promoted|story continues below"
    r"(?: advertisement)?|continue reading(?: below)?|read more|read more:.*|"
    r"related(?: articles| stories| news| coverage| content| topics)?\s*(?::.*)?|"
    r"see also\s*:.*|also read\s*:.*|recommended(?: for you| stories)?\s*:?|"
    r"more from .{1,40}|you may also like.*|follow us.*|follow (?:him|her|them) on .*|"
    # Teasers for other stories above or beside the article ("Trending: 10 gadgets ...").
    r"(?:trending(?: now)?|most (?:read|popular|viewed|shared)|popular now|don'?t miss)\s*:.*|"
    r"(?:©|\(c\)|copyright\b).*|all rights reserved.*|"
    r"(?:this|our) (?:site|website) uses cookies.*|we use cookies.*|accept (?:all )?cookies.*|"
    r"sign up (?:for|to) (?:our|the) .{0,40}newsletter.*|get the latest .{0,60} in your inbox.*|"
    r"updated\s*:?|published\s*:?|loading(?:\.\.\.|…)?|"
    r"image source,.*|getty images|link copied!?|ad feedback|most viewed|most shared|"
    r"explore more on (?:these|this) topics?|editor'?s picks?|"
    r"click here (?:to|for) .{0,60}|\d+\s*min(?:ute)?s?\s+read|"
    r"listen to (?:this )?(?:article|story).{0,40}|(?:leave|post|add|write) a (?:comment|reply).*|"
    r"comments?\s*\(\d+\)|\d+\s+comments?|(?:tags|topics|filed under|categories|keywords)\s*:.*|"
    r"follow @\w+.*|save (?:this )?(?:article|story)|bookmark|"
    r"(?:print|email) (?:this )?(?:article|story|page)|"
    # The same chrome in French, Spanish, German, Italian, Portuguese.
    r"publicité|publicidad|anzeige|werbung|pubblicità|publicidade|"
    r"(?:à )?lire aussi\s*:?.*|lire la suite|lee también\s*:?.*|leer más|"
    r"mehr zum thema\s*:?.*|weiterlesen|leggi anche\s*:?.*|leia também\s*:?.*)$",
    re.IGNORECASE,
)
# Notices that are full sentences but never reporting: copyright, cookies, newsletters.
_NOTICE = re.compile(
    r"^(?:(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*|"
    r".*\b(?:we|this (?:site|website)|our (?:site|website|partners)) uses? cookies\b.*|"
    r".*\bby (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)\b.*|"
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletters?\b.*|"
    r"our standards\s*:.*|.*\btrust principles\.?)$",
    re.IGNORECASE,
)
# Every _NOTICE match contains one of these (it is matched on normalised, lower-case text).
_NOTICE_KEYS = (
    "©", "(c)", "copyright", "all rights reserved", "cookie", "by continuing", "by using",
    "newsletter", "our standards", "trust principles",
)  # fmt: skip
# The site promoting itself inside the article (newsletter, app, subscription): a
# promotion like any other ad, whatever its topic overlap.
_HOUSE_PROMO = re.compile(
    r"^(?:(?:sign up|subscribe) (?:now |today )?(?:for|to) (?:our|the) .{0,40}newsletters?\b.*|"
    r"get the latest .{0,60} (?:in|to|delivered to) your inbox.*|"
    r"download (?:our|the) .{0,30}\bapp\b.{0,80}|"
    r"(?:subscribe|become a (?:member|subscriber)) (?:now |today )?(?:for|to get) .{0,80})$",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:share(?: this)?(?: article| story| page| video)?|share on \w+|share via \w+|"
    r"partager(?: sur \w+)?|compartir(?: en \w+)?|teilen|condividi|compartilhar|"
    r"(?:share (?:on|via) \w+\s*){2,}|"
    r"tweet|pin it|copy link|link copied|facebook|twitter|x|whatsapp|linkedin|telegram|"
    r"reddit|email this|print this|"
    r"(?:facebook|twitter|whatsapp|linkedin|email|telegram)(?:\s*[|/·•,]\s*\w+)+)$",
    re.IGNORECASE,
)
_VIDEO_HEAD = re.compile(r"^(?:watch|video|listen|audio|watch now|watch video)\s*[:|–-]\s*\S", re.I)
_VIDEO_LINE = re.compile(
    r"^(?:please wait|the code has been copied to your clipboard\.?|"
    r"no media (?:source )?(?:\w+ )?available|(?:video|media) (?:is )?"
    r"(?:loading|unavailable|not available).*|your browser does not support .*|"
    r"(?:embed|download|direct link|replay|play|pause|mute|unmute|full screen|"
    r"download file|watch more|autoplay|up next)(?: video)?|"
    r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s+(?:\d{1,2}:)?\d{1,2}:\d{2})*|\d+p|"
    r"(?:duration|runtime)\s*:?\s*\d.*)$",
    re.IGNORECASE,
)
_TIMECODES = re.compile(r"^(?:(?:\d{1,2}:)?\d{1,2}:\d{2}\s*){2,}$")
_FORUM_TAIL = re.compile(
    r"^(?:uploaded files?|attachments?|attached files?|attached images?|reply|replies|"
    r"quote|like|likes|unlike|report|permalink|edit|delete|share|top|back|"
    r"log in to reply|you need to log in.*|\d+ (?:replies|likes|views|comments)|"
    r"reply with quote|reply #?\d+|posted in .{1,60}|tags?\s*:.{0,120}|"
    r"[\w.\- ]{1,80}\.(?:jpe?g|png|gif|webp|pdf|docx?|xlsx?|zip|mp4)(?:\s*\([\d.,]+\s*[kmg]?b\))?)"
    r"\s*:?$",
    re.IGNORECASE,
)
_MENU_SEP = re.compile(r"\s*(?:\||•|·|›|»|>|/|\s{3,})\s*")
_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true
# A menu separator (the characters of _MENU_SEP) or a wide gap: one regex scan.
_MENU_GATE = re.compile(r"[|•·›»>/]|\s{3}")
# Captions describe the picture in the present tense: a singular subject's s-form verb
# ("meets", "speaks") or a plural crowd verb ("gather", "queue").
_CAPTION_VERB = re.compile(
    r"\b(?:meets|speaks|attends|arrives|gestures|walks|waves|looks on|stands|sits|holds|"
    r"shakes hands|poses|listens|delivers|addresses|talks|leaves|greets|visits|is seen|"
    r"are seen|reacts|gathers|participates|takes part|works|plays|celebrates|waits|"
    r"cheers|mourns|prays|votes|casts (?:his|her|a) ballot|clears|inspects|prepares|smiles|"
    r"wades|rides|carries|displays|gather|queue|line up|wait|mourn|pray|cheer|pose|"
    r"are pictured|is pictured|pictured)\b",
    re.IGNORECASE,
)
# Reporting, not a caption: past tense and future of a narrated event.
_NARRATION = re.compile(
    r"\b(?:was|were|had|has been|have been|will|would|did|said|says|told)\b", re.IGNORECASE
)
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:photo|image|picture|file photo|pictured)\s*(?:credit)?\s*[:/–-]|"
    r"\((?:ap|afp|reuters|getty images|epa|anadolu|xinhua|file)[^)]{0,60}\)\s*$|"
    r"/\s*(?:ap|afp|reuters|getty images|epa)\s*$)",
    re.IGNORECASE,
)
# Calls to action of promotions. Each must be a phrase a news sentence rarely uses; words
# that reporting uses freely ("today", "now", "discounted", "subscribers") are not cues.
_CTA = re.compile(
    r"\b(?:register (?:now|today|here|online)|opens? registrations?|registrations? (?:are |is )?"
    r"(?:now )?open|subscribe (?:now|today|here)|sign up (?:now|today|here|for (?:our|the|free))|"
    r"(?:our|free|weekly|daily) newsletter|early[- ]bird|promo code|coupon code|use code|"
    r"click here|tap here|download (?:the|our) app|sponsored by|sponsored content|"
    r"join (?:us|now|today)|join [\w' ’-]{1,40} and invest|invest (?:now|today)|"
    r"limited (?:time offer|seats)|book (?:now|your (?:seat|place|ticket))|"
    r"enrol(?:l)? (?:now|today)|apply now|buy now|shop now|order now|free trial|"
    r"masterclass|webinar|bootcamp|mini-mba)\b",
    re.IGNORECASE,
)
# Every _CTA alternative contains one of these (lower case), so text without any of them
# needs no regex scan (_CTA tries ~30 alternatives at every position of every line). Keys
# sharing a stem rare in news are one key ("enrol", "subscribe "): each key is a scan of the
# article ("regist" is not rare: "registered", "enregistré").
_CTA_KEYS = (
    "register now", "register today", "register here", "register online", "registration",
    "subscribe ", "sign up", "newsletter", "early-bird", "early bird",
    "promo code", "coupon code", "use code", "click here", "tap here", "download ",
    "sponsored", "join us", "join now", "join today", "and invest", "invest now",
    "invest today", "limited time offer", "limited seats", "book now", "book your", "enrol",
    "apply now", "buy now", "shop now", "order now", "free trial", "masterclass", "webinar",
    "bootcamp", "mini-mba",
)  # fmt: skip
# Letters that IGNORECASE matches to an ASCII letter although str.lower() does not map
# them to it (İ ı ſ K): text with one of them skips the keyword shortcut.
_CASE_ODD_CHARS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _case_odd(text: str) -> bool:
    """Whether ``text`` has one of the letters lower() and IGNORECASE disagree on."""
    return not text.isascii() and any(map(text.__contains__, _CASE_ODD_CHARS))


def _may_match(text: str, keys: Sequence[str], lowered: bool = False) -> bool:
    """False only when an IGNORECASE pattern whose matches all contain one of ``keys``
    cannot match ``text`` (already lower case when ``lowered``)."""
    if _case_odd(text):
        return True
    low = text if lowered else text.lower()
    # A plain loop: ~1/3 faster than any() over a generator (one call per line).
    for k in keys:  # noqa: SIM110
        if k in low:
            return True
    return False


# A trailing "here." / "today." only adds to a line that already has a cue above.
_CTA_TAIL = re.compile(r"\b(?:here|now|today)\s*[.!]?$", re.IGNORECASE)


def is_sentence_like(text: str) -> bool:
    """A line that reads as running prose: several words and a sentence ending."""
    # The ending first: it is cheaper than tokenising, and most short lines fail on it.
    return text.rstrip()[-1:] in '.!?"”’»)。！？؟۔।' and len(words(text)) >= 6


def is_title_like(text: str, max_words: int) -> bool:
    """A short line that reads as a headline or subheading (no sentence ending)."""
    ws = words(text)
    stripped = text.strip()
    if not ws or len(ws) > max_words or stripped[-1:] in ".,;:!)":
        return False
    return stripped[0].isupper() or stripped[0].isdigit() or not stripped[0].isalpha()


@lru_cache(maxsize=4096)
def navigation_reason(text: str) -> str | None:
    """``navigation``/``page-residue``/``share``/``video-player`` for a chrome line."""
    norm = normalize(text)
    if not _ALNUM.search(norm):
        return "page-residue"  # rules and separators: "___", "* * *"
    if norm in _NAVIGATION:
        return "navigation"
    if len(norm) <= 200 and _SHARE.match(norm):
        return "share"
    if len(norm) <= 200 and (_VIDEO_LINE.match(norm) or _TIMECODES.match(norm)):
        return "video-player"
    # Each anchored pattern is tried before the word count it needs: most lines fail the
    # pattern at its first characters, and are then never tokenised here.
    if _HOUSE_PROMO.match(norm) and len(words(norm)) <= 40:
        return "advertisement"
    if len(norm) <= 300 and _PAGE_RESIDUE.match(norm) and not is_sentence_like(text):
        return "page-residue"
    if _may_match(norm, _NOTICE_KEYS, True) and _NOTICE.match(norm) and len(words(norm)) <= 40:
        return "page-residue"
    stripped = text.strip()
    if stripped[-1:] in ".!?":
        return None  # the last item would end a sentence: no menu (and no scan for one)
    if not _MENU_GATE.search(stripped):
        return None  # no separator: one item, neither a menu nor a breadcrumb
    items = [i for i in _MENU_SEP.split(stripped) if i]
    menu_like = all(len(i.split()) <= 3 and i[-1:] not in ".!?" for i in items)
    if menu_like and (len(items) >= 4 or (len(items) >= 2 and norm.startswith("home"))):
        return "navigation"  # a menu, or a breadcrumb trail "Home › World › Asia"
    return None


def video_block(texts: Sequence[str], i: int, window: int) -> list[int]:
    """Units of a video-player block opening at ``i`` ("WATCH: …" + its residue lines)."""
    head = texts[i].strip()
    if not _VIDEO_HEAD.match(head) or (is_sentence_like(head) and len(words(head)) > 25):
        return []
    title = normalize(re.sub(r"^\w+(?: \w+)?\s*[:|–-]\s*", "", head))
    block = [i]
    for j in range(i + 1, min(len(texts), i + 1 + window)):
        norm = normalize(texts[j])
        if norm == title or _VIDEO_LINE.match(norm) or _TIMECODES.match(norm) or _SHARE.match(norm):
            block.append(j)
        elif not is_sentence_like(texts[j]) and len(words(texts[j])) <= 4:
            continue  # a stray control label: look past it, but keep it unless matched
        else:
            break
    return block


_DATE_IN_TEXT = re.compile(DATE, re.IGNORECASE)
_SPEECH = re.compile(r"[\"“”«»]|\b(?:said|says|told|tells|according to)\b", re.IGNORECASE)


def is_caption(text: str) -> bool:
    """A descriptive photo-caption line (who is pictured doing what, or a photo credit).

    Captions describe a picture in the present tense and quote nobody; a line with quote
    marks or an attribution verb is reporting, even when printed twice.
    """
    if len(words(text)) > 60:
        return False
    if _PHOTO_CREDIT.search(text):
        return True
    if _SPEECH.search(text) or _NARRATION.search(text):
        return False
    return bool(_CAPTION_VERB.search(text) or _DATE_IN_TEXT.search(text))


_CREDIT_LINE = re.compile(
    r"^(?:(?:photo|image|picture|file photo|pictured|caption)\s*(?:credit)?\s*[:|–-]\s*\S.{0,200}|"
    r".{0,300}\((?:ap|afp|reuters|getty images|epa|anadolu|xinhua)(?:\s*photo)?[^)]{0,40}\)|"
    # "... (Photo: Outlet)", "... [Image by Jane Doe]" at the end of a caption.
    r".{0,300}[(\[](?:photo|image|picture|photograph|file photo)s?(?:\s+(?:by|credit))?"
    r"\s*[:/]?\s*[^)\]]{1,60}[)\]]\.?|"
    r".{0,300}(?:/|\|)\s*(?:ap|afp|reuters|getty images|epa)(?: photo)?)$",
    re.IGNORECASE,
)


# Agency credit lines ("(Reporting by Jane Doe in Kyiv; Editing by John Roe)"): metadata.
_STAFF_CREDIT = re.compile(
    r"^(?:[(\[]?\s*(?:--\s*)?(?:(?:additional )?reporting|writing|written|editing|edited|"
    r"compiled|produced|research|graphics|translated|translation)\s+by\s+[^.!?]{2,200}"
    r"[)\]]?\.?|.{0,120}\bcontributed (?:reporting|to this (?:report|story|article))\.?)$",
    re.IGNORECASE,
)


def is_staff_credit(text: str) -> bool:
    """A "Reporting by …; Editing by …" credit line."""
    if len(words(text)) > 40 or not _may_match(text, ("by", "contributed")):
        return False  # every _STAFF_CREDIT match has "by" or "contributed"
    return bool(_STAFF_CREDIT.match(text.strip()))


_CAPTION_LABEL = re.compile(r"^(?:image|media|photo|video) caption\s*[,:]\s*\S", re.IGNORECASE)


def is_labelled_caption(text: str) -> bool:
    """A caption that says it is one ("Image caption, …", "Media caption: …")."""
    return len(words(text)) <= 60 and bool(_CAPTION_LABEL.match(text.strip()))


# _CREDIT_LINE matches start with a label or contain a bracket, slash or bar: a line with
# neither skips its backtracking ".{0,300}" scans.
_CREDIT_HEAD = re.compile(r"(?:photo|image|picture|file photo|pictured|caption)", re.IGNORECASE)
_CREDIT_MARK = re.compile(r"[(\[/|]")
_CREDIT_ENDS = (")", "]", ").", "].", "ap", "afp", "reuters", "getty images", "epa", " photo")


def _may_end(text: str, ends: tuple[str, ...]) -> bool:
    """False only when an IGNORECASE pattern whose matches all end the text with one of
    ``ends`` (lower case) cannot match ``text``."""
    if _case_odd(text):
        return True
    # Only the tail can end with a key (none is longer than 16 characters).
    return text[-16:].lower().endswith(ends)


def is_credit_line(text: str) -> bool:
    """A single caption line that carries a photo credit ("Photo: …", "… (AP Photo/…)")."""
    if len(words(text)) > 60:
        return False
    stripped = text.strip()
    if _CREDIT_HEAD.match(stripped):
        return bool(_CREDIT_LINE.match(stripped))
    # Without the label, every match ends with a bracket or an agency name (and has a
    # bracket, slash or bar): most lines end with a period and need no backtracking scan.
    if not _may_end(stripped, _CREDIT_ENDS) or not _CREDIT_MARK.search(stripped):
        return False
    return bool(_CREDIT_LINE.match(stripped))


def forum_tail(texts: Sequence[str], max_lines: int) -> list[int]:
    """Trailing units that are forum controls or attachment lists."""
    out: list[int] = []
    for j in range(len(texts) - 1, max(-1, len(texts) - 1 - max_lines), -1):
        if _FORUM_TAIL.match(normalize(texts[j])):
            out.append(j)
        else:
            break
    return sorted(out)


def advertisement_score(text: str) -> int:
    """How many distinct call-to-action cues a line carries (0 without a strong one)."""
    cues = {m.group(0).lower() for m in _CTA.finditer(text)}
    if not cues:
        return 0
    return len(cues) + (1 if _CTA_TAIL.search(text) else 0)


def find_advertisements(
    texts: Sequence[str], candidates: Sequence[int], cfg: dict[str, Any]
) -> list[int]:
    """Lines with a call to action and little topical overlap with the rest of the article.

    Overlap is the share of the line's content words that occur in the article's other
    (non-candidate) lines; promotions for another brand share almost none.
    """
    if not _may_match("\n".join(texts[i] for i in candidates), _CTA_KEYS) or not any(
        _CTA.search(texts[i]) for i in candidates
    ):
        return []  # the common case: no call to action at all
    cued = [i for i in candidates if advertisement_score(texts[i]) >= 1]
    max_words = int(cfg["ad_max_words"])
    cued = [i for i in cued if len(words(texts[i])) <= max_words]
    cued_set = set(cued)
    vocab: dict[str, int] = {}
    for i in candidates:
        if i not in cued_set:
            for w in set(content_words(texts[i])):
                vocab[w] = vocab.get(w, 0) + 1
    out: list[int] = []
    for i in cued:
        cw = set(content_words(texts[i]))
        if not cw:
            continue
        overlap = sum(1 for w in cw if w in vocab) / len(cw)
        limit = float(cfg["ad_max_overlap"])
        if advertisement_score(texts[i]) >= 2:
            limit = float(cfg["ad_max_overlap_strong"])
        if overlap <= limit:
            out.append(i)
    return out
