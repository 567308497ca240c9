"""Evidence from the shape of plain text: repeats, menu runs, URLs, dates.

No phrase gives a menu away; its shape does: a run of short capitalised lines
without sentence punctuation. These rules carry weak weights, so the decision
step can still keep a short list inside an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from ..features import Features, Page
from ..model import Block, Finding
from .base import PhraseRule, Rule

#: a menu item is at most this many words
MENU_ITEM_WORDS = 4
#: and a run needs this many items in a row
MENU_RUN = 4
#: a line of this many words or more ending in a colon announces the list below it
LIST_INTRO_WORDS = 3


def is_menu_item(feats: Features) -> bool:
    """Short, capitalised, no sentence punctuation, no figures: a menu entry.

    Figures mark list items that are content: specs ("Weight: 1.2 kg"),
    prices, model names ("Quad Cortex 2"), ingredients ("2 cups flour").
    """
    return (
        0 < feats.words <= MENU_ITEM_WORDS
        and not feats.ends_sentence
        and feats.digits == 0
        and feats.capitalised >= max(1, feats.words - 1 - feats.stopwords)
        and feats.chars <= 40
    )


#: the page's title stands among its first lines, if anywhere
TITLE_LINES = 3
#: and names its site in at most this many words
TITLE_SITE_WORDS = 10
# What joins a title to its site's name: "Title | Site", "Site - Title", "Title — Site"
_TITLE_SEPARATOR = regex.compile(r"(?<!\s)\s+(?:[-|–—·:»]|::)\s+")

#: HTML blocks whose text repeats as content: code lines, table cells, headings
_REPEATING_CONTENT = frozenset("pre tr td th h1 h2 h3 h4 h5 h6".split())


class RepeatedLine(Rule):
    """A short line that occurs more than once on the page.

    Menus are printed twice (desktop and mobile), buttons repeat ("Login",
    "Order Now"); article sentences almost never do.
    """

    code = "TXT001"
    name = "repeated-line"
    # Inside the body a repeated short line is a heading the table of
    # contents repeats, or a label of the article's own list (text F1 +0.002,
    # recall 0.851 -> 0.866; HTML +0.003 on the WCXB share).
    short_by_context = True
    drop = ("Order Now\nOrder Now",)
    keep = (
        "A line that says something once.\nAnother line that says something else.",
        # code repeats its lines
        "<body><p>Close both blocks:</p><pre>if a:\n    pass\nif b:\n    pass</pre></body>",
    )

    def check(self, page: Page) -> Iterable[Finding]:
        # Only a line that occurs more than once can be flagged: the others
        # (most of a page) are not asked one by one.
        for block, feats in zip(page.blocks, page.features, strict=True):
            if feats.repeats > 1:
                finding = self.check_block(block, feats, page)
                if finding is not None:
                    yield finding

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if block.tag in _REPEATING_CONTENT and block.link_density < 0.5:
            # HTML says what repeats by nature: code lines ("}", "return x;"),
            # table cells ("Yes", "10"), and headings that a table of contents
            # (links) repeats. (HTML F1 +0.004 on the WCXB share.)
            return None
        # Buttons repeat; so do headings (once in a table of contents, once
        # above their section), which are longer: those need three sightings.
        if (feats.repeats > 1 and feats.chars <= 25) or (feats.repeats > 2 and feats.chars < 100):
            return self.finding(block, 0.75, f"the line occurs {feats.repeats} times on the page")
        return None


class MenuRun(Rule):
    """A run of short capitalised lines without punctuation: a menu or link list.

    Four or more such lines in a row. Weak on its own, so a short list inside
    the article body (ingredients, steps) is decided by its context. A run
    right below a line that ends in a colon ("Redis implements the following
    data types:") is the list that line announces, not a menu; a menu's own
    label is a word or two ("Follow us:"). On the WCXB dev pages: text F1
    0.8009 -> 0.8012 (documentation 0.800 -> 0.802), HTML 0.8296 -> 0.8297.
    """

    code = "TXT002"
    name = "menu-run"
    drop = ("Home\nNews\nSport\nBusiness\nCulture\nContact Us", "Follow us:\nFacebook\nInstagram\nYouTube\nLinkedIn")
    keep = (
        "2 cups of flour\n1 teaspoon of salt\nthree eggs, beaten\na pinch of sugar, to taste",
        "The library offers the following data types:\nString\nHash\nList\nSorted Set",
    )

    def check(self, page: Page) -> Iterable[Finding]:
        run: list[int] = []
        for i, item in enumerate(map(is_menu_item, page.features)):
            if item:
                run.append(i)
                continue
            if len(run) >= MENU_RUN:
                yield from self._run(page, run)
            if run:
                run = []
        if len(run) >= MENU_RUN:
            yield from self._run(page, run)

    def _run(self, page: Page, run: list[int]) -> Iterator[Finding]:
        if run[0] and _introduces_list(page.blocks[run[0] - 1].text, page.features[run[0] - 1]):
            return
        message = f"one of {len(run)} short menu-like lines in a row"
        for j in run:
            yield self.finding(page.blocks[j], 0.6, message)


def _introduces_list(text: str, feats: Features) -> bool:
    """Does this line announce a list below it ("Top tools include:")?"""
    return feats.words >= LIST_INTRO_WORDS and text.rstrip().endswith(":")


#: a table of contents has at least this many entries in a row
CONTENTS_RUN = 5
#: and this many of them numbered below the top level ("2.3 Title")
CONTENTS_SUBSECTIONS = 3
#: and this share of them with titles of their own
CONTENTS_DISTINCT = 0.8
#: an entry is a section's title: at most this many words
CONTENTS_ENTRY_WORDS = 12
# A numbered section title: "2.3 Quantum gates", "2.3. Pauli operators", "IV Results".
_SECTION_ENTRY = regex.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\.?\s+\p{L}")
_SUBSECTION = regex.compile(r"\d{1,3}\.\d")
_ENTRY_FIRST = frozenset("0123456789IVXLC")
_SECTION_NUMBER = regex.compile(r"[\dIVXLC.]+\s*")


class ContentsRun(Rule):
    """A run of numbered section titles: a table of contents ("2.1 Qubits", "2.2 Gates", ...).

    A book's or a manual's contents, printed beside or above the page's own
    section. In the body each numbered heading stands above its paragraphs,
    so five in a row, three of them subsections, are a table of contents.
    """

    code = "TXT006"
    name = "contents-run"
    within_article = True
    drop = ("1 Introduction\n1.1 Scope\n1.2 Terms\n2 Setup\n2.1 Install\n2.2 Configure",)
    keep = (
        # the body's own numbered headings stand apart, each above its text
        "2.1 Install\nRun the installer and accept the licence.\n2.2 Configure\nEdit the file to set the port.",
        # numbered steps are sentences
        "1. Preheat the oven.\n2. Mix the flour and salt.\n3. Add water.\n4. Knead well.\n5. Bake for an hour.",
    )

    def check(self, page: Page) -> Iterable[Finding]:
        # Only lines that start with a figure or a Roman numeral are asked (a
        # page has few); a run is broken by any line between two entries.
        starts = [i for i, b in enumerate(page.blocks) if b.text.lstrip()[:1] in _ENTRY_FIRST]
        if len(starts) < CONTENTS_RUN:
            return
        run: list[int] = []
        for i in starts:
            entry = _contents_entry(page.blocks[i].text, page.features[i])
            if run and (not entry or i != run[-1] + 1):
                yield from self._run(page, run)
                run = []
            if entry:
                run.append(i)
        yield from self._run(page, run)

    def _run(self, page: Page, run: list[int]) -> Iterator[Finding]:
        if len(run) < CONTENTS_RUN:
            return
        entries = [page.blocks[j].text.strip() for j in run]
        if sum(1 for e in entries if _SUBSECTION.match(e)) < CONTENTS_SUBSECTIONS:
            return
        # Contents name most sections once ("Exercises" may close each
        # chapter); sizes ("6.5 Wide", "7 Wide") and measures ("1.0 mm",
        # "1.5 mm") repeat their words.
        titles = {_SECTION_NUMBER.sub("", e, count=1).casefold() for e in entries}
        if len(titles) < CONTENTS_DISTINCT * len(entries):
            return
        message = f"one of {len(run)} numbered section titles in a row (a table of contents)"
        for j in run:
            yield self.finding(page.blocks[j], 0.75, message)


def _contents_entry(text: str, feats: Features) -> bool:
    """A numbered section title: no sentence, a few words, a number then a word."""
    return (
        0 < feats.words <= CONTENTS_ENTRY_WORDS
        and not feats.ends_sentence
        and _SECTION_ENTRY.match(text.lstrip()) is not None
    )


class UrlLine(PhraseRule):
    """A line that is only a URL, an e-mail address or a phone number."""

    code = "TXT003"
    name = "url-line"
    lines = (
        r"(?:https?://|www\.)\S+",
        r"[\w.+-]+@[\w-]+\.[\w.-]+",
        # an address hidden by Cloudflare's e-mail protection
        r"\[?email\s*protected\]?",
        # a contact number on its own: "(800) 222-4700", "1-855-253-6686", "+44 20 7946 0958"
        r"(?:(?:call|phone|tel|telephone|toll[- ]free)\.?:?\s*)?(?=(?:\D{0,3}\d){9})(?:\+?\d{1,3}[\s.-]?)?\(?\d{2,4}\)?(?:[\s.-]?\d{2,4}){2,3}",
    )
    line_weight = 0.75
    drop = ("https://example.com/news/2025/05/story", "www.example.org", "(800) 222-4700", "Call: +44 20 7946 0958")
    keep = ("The full report is on the ministry's website, officials said.",)


class MetadataLine(PhraseRule):
    """A dateline, timestamp, byline or reading-time line ("5 min read", "By Ann Lee").

    Gold article bodies leave these out; they sit between the title and the
    first paragraph, where the title must survive them.
    """

    code = "TXT004"
    name = "metadata-line"
    lines = (
        # dates: 4 September 2025, September 4, 2025, 2025-09-04, 04.09.2025
        r"(?:\w+,?\s+)?(?:\d{1,2}\.?\s+\p{L}+\.?|\p{L}+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+\d{4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?-i:\p{Lu}){2,5})?)?",
        r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{2}:?\d{2}|z|utc|gmt))?)?",  # "2016-09-19 14:47:46 +00:00"
        r"\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}[:.]\d{2})?(?:\s*[•|·]\s*[^•|·]{1,60}){0,3}",  # "12/19/2025 • Mises Wire • Jane Doe"
        # bare times: 5:50 am, 17:45 Uhr
        r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h|ч\.?)?",
        # a date followed by a time in any language: "12.03.2025, 17:45 Uhr"
        r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?,?\s*(?:\p{L}{1,3}\.?\s*)?\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|uhr|h|ч\.?)?",
        # bylines: "By Ann Lee", "Von Katharina Brennecke", "Par Jean Dupont"
        r"(?:by|von|par|por|di|door|przez|от|автор|yazar|texte|text|written by)\s*:?\s+(?-i:\p{Lu})[\p{L}.'’-]*(?:\s+(?:(?-i:\p{Lu})[\p{L}.'’-]*|de|van|von|der|da|di|del|la|le)){0,4}(?:\s*[,|·•–-]\s*.{0,60})?",
        # a comment's age in the compact form of Substack, Reddit and social embeds: "8d", "3h", "2w"
        r"\d{1,3}[hdwy]",
    )
    line_weight = 0.75
    drop = ("September 4, 2025", "5:50 am", "2025-09-04 10:30", "4. September 2025", "8d")
    keep = ("On September 4, 2025, the council voted to close the bridge.",)


# The date and the time of a comment header, in the shapes blog and forum engines print them.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?"
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH},?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}|(?:mon|tue|wed|thu|fri|sat|sun)\p{{L}}*,?\s+{_MONTH}\s+\d{{1,2}})"
)
_TIME = r"@?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
_COMMENT_HEADER = regex.compile(
    "|".join(
        (
            # "Ann says:", "by vlm (69642) writes: on Tuesday July 24, @09:32AM", "JC Says: May 31st, 2004 at 11:37 pm";
            # the verb in the languages whose engines print it (sagt, dit, dice, zegt, diz, пишет). Present tense
            # only: "Ann said:" and "Ann wrote:" attribute a quote inside a forum post, which is content.
            r"(?:by\s+)?\S[^:]{0,60}?\s(?:says|writes|commented|replied|sagt|schreibt|dit|écrit|dice|scrive|zegt|diz"
            rf"|пишет|говорит|pisze)\s*:?(?:\s+(?:on|at|am|le|el|il|op|em|в)?\s*(?:{_DATE}|{_TIME}).{{0,60}})?",
            # a name, a date and a time: "Rosa 09. Aug, 2012 at 4:27 pm #", "Posted by: z at September 11, 2012 5:59 PM";
            # not a Q&A post's own stamp ("answered Feb 12, 2011 at 1:01", "demandée le 3 mars 2019 à 10:22",
            # "beantwortet 3. März 2019 um 10:22"), nor an article's ("Updated ..."): answers are the page's content
            r"(?!(?:asked|answered|edited|modified|commented|updated|published|viewed|active|created|last"
            r"|demandée|répondue|modifiée|gefragt|beantwortet|bearbeitet|preguntada|respondida|editada|formulada"
            r"|perguntada|chiesta|risposta|modificata|gevraagd|beantwoord|bewerkt|zadane|задан|ответ|изменён)\b)"
            rf"\S.{{0,60}}?\b{_DATE}.{{0,25}}?{_TIME}.{{0,20}}",
            # a reply's subject: "Re: Not me! (Score: 4, Interesting)"
            r"re:\s*\S.{0,120}",
        )
    ),
    regex.IGNORECASE,
)


class CommentHeader(Rule):
    """The line that heads a reader's comment ("Ann says:", "Rosa 9 Aug 2012 at 4:27 pm", "Re: the budget").

    A comment thread under an article, flattened into text, is a run of
    such headers, each above a reader's paragraphs, which read as prose.
    The decision step reads its findings as markers, not as evidence on the
    line: where several of them follow an article, the thread starts at the
    first (``_close_thread``); elsewhere (a forum's posts) they change nothing.
    """

    code = "TXT007"
    name = "comment-header"
    starts_thread = True
    comments = True
    drop = (
        "Ann Lee says:",
        "by harbourfan (69642) writes: on Tuesday July 24, @09:32AM (#40748479)",
        "Rosa 09. Aug, 2012 at 4:27 pm #",
        "Re: The night ferry (Score: 4, Interesting)",
        "Jonas schreibt:",
    )
    keep = (
        "The harbour master says the ferry will run through the winter months, as it did last year.",
        "The bridge reopened on 4 September 2025 at 10:30, two hours after the inspectors left.",
        # a quote's attribution inside a forum post is content
        "Irene said: the council should have listened to the dock workers long before this winter.",
    )

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if feats.chars > THREAD_HEADER_CHARS or feats.words > THREAD_HEADER_WORDS:
            return None
        if _COMMENT_HEADER.fullmatch(block.text.strip()):
            return self.finding(block, 0.25, "the line heads a reader's comment")
        return None


#: a comment header is a short line: at most this many characters and words
THREAD_HEADER_CHARS = 160
THREAD_HEADER_WORDS = 20


class PageTitle(Rule):
    """The page's title with its site's name, above the headline it repeats.

    A scraped page's text often opens with the document title ("How to Bake
    Bread | Example Kitchen"), and the article's own headline ("How to Bake
    Bread") follows further down: the first copy adds only the site's name.
    """

    code = "TXT005"
    name = "page-title"
    page_examples = True
    drop = ("How to Bake Bread | Example Kitchen\nHome\nHow to Bake Bread\nStart with warm water and yeast.",)
    keep = (
        # no second copy of the headline: the title line is the only one
        "How to Bake Bread | Example Kitchen\nStart with warm water and yeast.",
        # a sentence that starts with the headline says more than a site's name
        "Baking bread at home\nBaking bread at home - the way our grandmothers did it - takes flour, water and salt.",
    )

    def check(self, page: Page) -> Iterable[Finding]:
        head = [b for b in page.blocks[:TITLE_LINES] if _TITLE_SEPARATOR.search(b.text)]
        if not head:
            return
        # The headline is shorter than the title line that holds it: the
        # page's paragraphs are not folded for the lookup.
        longest = max(len(b.text) for b in head)
        lines = {b.text.strip().casefold() for b in page.blocks if len(b.text) < longest}
        for block in head:
            title = _headline(block.text.strip(), lines)
            if title:
                yield self.finding(block, 0.75, f"the page's title: {title!r} stands on its own further down")


def _headline(text: str, lines: set[str]) -> str:
    """The headline of a title line ("Headline | Site", "Site - Headline") when it stands among ``lines``, else ""."""
    for m in _TITLE_SEPARATOR.finditer(text):
        for title, site in ((text[: m.start()], text[m.end() :]), (text[m.end() :], text[: m.start()])):
            if len(title) >= 10 and len(site.split()) <= TITLE_SITE_WORDS and title.casefold() in lines:
                return title
    return ""
