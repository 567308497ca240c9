"""Evidence from HTML structure: containers, class names, link density.

These rules see what the HTML front end attaches to blocks and say nothing
about plain text (its blocks carry no tags). Their examples are HTML pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import ClassVar

import regex

from ..features import Features, Page, normalise
from ..model import Block, Finding
from .base import STRONG, Rule

# A form holding this share of a page's paragraph-sized text wraps the page
# (HTML F1 0.8247 -> 0.8258 on the WCXB dev pages, products 0.590 -> 0.600;
# 0.2 gave 0.8255, 0.4 and 0.5 gave 0.8250).
FORM_WRAPPER_SHARE = 0.3
# Containers that hold site furniture, never the article.
# A figure's caption is weak: gold bodies leave most captions out (on the WCXB
# share, kept caption text was 86% not gold, over 47 pages; HTML F1 +0.0007).
_FURNITURE = {"nav": 1.0, "aside": 1.0, "footer": 1.0, "form": 0.75, "header": 0.5, "menu": 1.0, "figcaption": 0.5}
# Class/id/role words that name furniture, with how sure each one is
# ("widget", "banner", "promo" and "ad" also wrap article parts on many
# themes, so they are weak: measured on the WCXB share, HTML input).
_CLASS_WORDS = {
    "nav": 1.0, "navbar": 1.0, "navigation": 1.0, "menu": 0.75, "breadcrumb": 1.0, "breadcrumbs": 1.0,
    "footer": 1.0, "sidebar": 1.0, "share": 1.0, "sharing": 1.0, "social": 1.0, "related": 1.0,
    "recommended": 1.0, "newsletter": 1.0, "subscribe": 0.75, "subscription": 0.75, "cookie": 1.0,
    "cookies": 1.0, "consent": 1.0, "gdpr": 1.0, "promo": 0.5, "donate": 1.0, "donation": 1.0,
    "paywall": 1.0, "comment": 0.75, "comments": 1.0, "advert": 1.0, "advertisement": 1.0, "ad": 0.4,
    "ads": 1.0, "sponsored": 1.0, "popup": 1.0, "modal": 0.75, "banner": 0.5, "widget": 0.4,
    "masthead": 0.75, "toolbar": 0.75, "tags": 0.5, "byline": 0.5, "author": 0.5, "pagination": 1.0,
    "dialog": 1.0,  # the front end's mark for a modal's content (HTML F1 +0.004 on the WCXB share)
    # rating widgets, author boxes, term lists and footnotes: rarely in gold bodies, yet some are
    # (a review's stars, a bio inside the article): weak (HTML F1 +0.0005 on the WCXB share)
    "stars": 0.5, "bio": 0.5, "taxonomy": 0.75, "footnotes": 0.5, "attribution": 0.5,
    "popover": 0.5,  # a tooltip's or picker's content (HTML F1 +0.0007, products 0.580 -> 0.586)
    "contentinfo": 1.0, "complementary": 1.0, "search": 0.75, "login": 0.75, "signup": 1.0,
    # a call-to-action or promotion box between an article's parts (HTML leak 0.0342 -> 0.0333, F1 unchanged)
    "cta": 0.5, "promotion": 0.5, "promotions": 0.5,
    "signature": 1.0,  # a forum post's signature (HTML F1 +0.0002, leak 0.0333 -> 0.0327)
}  # fmt: skip
# The furniture words that name a comment thread (``comment-words = false`` leaves them out).
_COMMENT_CLASS_WORDS = frozenset(("comment", "comments"))
# Words that name the article itself; they soften furniture words further out.
_BODY_WORDS = frozenset("article articlebody content entry post story main body text prose".split())


class StructureRule(Rule):
    """Base of the rules that read HTML structure: plain-text pages are skipped whole."""

    def check(self, page: Page) -> Iterable[Finding]:
        if not page.markup or not self.judges(page):
            return ()  # text blocks carry no tags: nothing to see, and no loop over them
        return self.check_markup(page)

    def judges(self, page: Page) -> bool:
        """Does the rule judge this HTML page at all? (Every page, unless a rule says otherwise.)"""
        return True

    def check_markup(self, page: Page) -> Iterable[Finding]:
        """Findings on an HTML page; the default asks ``check_block`` per block."""
        return super().check(page)


def _paragraph_chars(page: Page, holds: Callable[[Block], bool]) -> tuple[int, int]:
    """Characters of the page's paragraph-sized blocks (``MIN_CHARS`` or more): those that ``holds`` says yes to, and all."""
    held = prose = 0
    for block, feats in zip(page.blocks, page.features, strict=True):
        if feats.chars >= MIN_CHARS:
            prose += feats.chars
            if holds(block):
                held += feats.chars
    return held, prose


class FurnitureContainer(StructureRule):
    """A block inside a nav, aside, footer, form or page header element, or a figure's caption (weak).

    A caption is weak evidence: one that reads as a sentence stays where the
    body surrounds it; a credit line or a label goes. A form that holds a
    good share of the page's prose wraps the page (ASP.NET wraps every page
    in one) and names nothing.
    """

    code = "HTM001"
    name = "furniture-container"
    drop = (
        "<body><nav><p>Home</p><p>World</p></nav><article><p>Text.</p></article></body>",
        "<body><article><p>Text.</p><figure><figcaption>Photo: Ann Lee</figcaption></figure></article></body>",
    )
    keep = (
        "<body><article><header><h1>Title</h1></header><p>Text.</p></article></body>",
        # the page's form wraps the article
        "<body><form id='aspnetForm'><p>The harbour board met on Tuesday to decide how the port would be run"
        " through the winter months.</p></form></body>",
    )

    def check_markup(self, page: Page) -> Iterable[Finding]:
        # A form that holds a good share of the page's prose wraps the page (an
        # ASP.NET page, a shop's product form with its description), not a
        # sign-up box: it names nothing there.
        in_form, prose = _paragraph_chars(page, lambda block: "form" in block.path.split("/"))
        ignored = ("form",) if prose and in_form >= FORM_WRAPPER_SHARE * prose else ()
        for block in page.blocks:
            if block.path and (found := self._furniture(block, ignored)):
                yield found

    def _furniture(self, block: Block, ignored: tuple[str, ...]) -> Finding | None:
        parts = block.path.split("/")
        if "article" in parts or "main" in parts:
            # Inside the article, a header holds the title and a footer the byline.
            parts = parts[max(i for i, p in enumerate(parts) if p in ("article", "main")) :]
            parts = [p for p in parts if p not in ("header", "footer")]
        named = [p for p in parts if p in _FURNITURE and p not in ignored]
        if not named:
            return None
        return self.finding(block, max(_FURNITURE[p] for p in named), f"inside <{'>, <'.join(named)}>")


class FurnitureClass(StructureRule):
    """A block inside an element whose class, id or role names site furniture.

    "share-buttons", "related-posts", "cookie-banner", "newsletter-signup",
    role="navigation", and "dialog" for everything inside a modal (role
    "dialog", aria-modal), however deep. Words naming the article (article,
    content, post) on the same elements halve the weight.

    A weak word ("widget", "promo", "banner", "author") on the elements that
    hold half the page's prose names a wrapper, not furniture, and is not
    read on that page: page builders wrap the article in "elementor-widget"
    and themes in "ad-container" or "author-content". A word whose elements
    begin only after most of the page's other prose names a section that
    trails the article (comments, an author box, related posts): there it is
    strong, even where its elements also say "body" ("comment-body").
    """

    code = "HTM002"
    name = "furniture-class"
    options: ClassVar[Mapping[str, object]] = {"comment-words": True}
    #: with comment threads kept, the words that name them name no furniture
    comments_kept_options: ClassVar[Mapping[str, object]] = {"comment-words": False}
    drop = (
        '<body><div class="share-buttons"><p>Facebook</p></div><p>The article text goes here.</p></body>',
        '<body><div class="post"><p>The reply goes here.</p><div class="signature">Sent from my phone</div></div></body>',
    )
    keep = (
        '<body><div class="article-content"><p>The article text goes here.</p></div></body>',
        # the theme wraps the article in a "widget": it holds all the prose
        '<body><div class="widget-post"><p>The harbour board met on Tuesday to decide how the port would be run'
        " through the winter months.</p><p>Dock workers said the plan left them short of staff on the busiest"
        " nights of the season.</p></div></body>",
    )

    def check_markup(self, page: Page) -> Iterable[Finding]:
        wrappers, trailing = _wrapper_and_trailing_words(page)
        if not self.option("comment-words"):
            wrappers = wrappers | _COMMENT_CLASS_WORDS
        for block in page.blocks:
            words = [w for w in block.tokens if w in _CLASS_WORDS and w not in wrappers]
            if not words:
                continue
            weight = max(_CLASS_WORDS[w] for w in words)
            if _BODY_WORDS & block.tokens:
                weight /= 2
            if trailing.intersection(words):
                weight = STRONG
            yield self.finding(block, weight, f"inside an element named {', '.join(sorted(set(words))[:3])}")


#: a weak furniture word on the elements holding this share of the page's prose names a wrapper
WRAPPER_SHARE = 0.5
#: a furniture word whose elements begin after this share of the page's other prose trails the article
TRAIL_SHARE = 0.75


def _wrapper_and_trailing_words(page: Page) -> tuple[set[str], set[str]]:
    """The furniture words the page's prose mostly sits under, and those whose elements begin after it.

    Wrappers: weak words on the elements holding ``WRAPPER_SHARE`` of the
    prose (F1 0.7773 -> 0.7820, articles 0.914 -> 0.923 on the WCXB share,
    HTML input). Strong words ("comments", "sidebar") count only where the
    same elements also name the content ("content-sidebar-wrap"): a long
    comment thread can hold more prose than the article it follows.

    Trailing: words whose first element comes after ``TRAIL_SHARE`` of the
    prose outside their elements. WordPress comments sit in "comment-body"
    and "comment-content" elements, which the body words halve, and their
    paragraphs are long prose: without this they stay (F1 0.7882 -> 0.7902,
    articles 0.930 -> 0.934; shares from 0.5 to 0.8 all give 0.790).
    """
    prose = 0
    before: dict[str, int] = {}  # prose above a word's first element
    carrying: dict[str, int] = {}  # prose inside a word's elements
    under: dict[str, int] = {}  # the same, counted where the word may name a wrapper
    for block, feats in zip(page.blocks, page.features, strict=True):
        words = [w for w in block.tokens if w in _CLASS_WORDS]
        for w in words:
            before.setdefault(w, prose)
        if feats.chars >= MIN_CHARS and feats.sentences:
            prose += feats.chars
            halved = bool(_BODY_WORDS & block.tokens)
            for w in words:
                carrying[w] = carrying.get(w, 0) + feats.chars
                if halved or _CLASS_WORDS[w] < 1.0:
                    under[w] = under.get(w, 0) + feats.chars
    wrappers = {w for w, n in under.items() if n >= WRAPPER_SHARE * prose}
    trailing = set()
    for w, above in before.items():
        outside = prose - carrying.get(w, 0)
        if w not in wrappers and outside and above >= TRAIL_SHARE * outside:
            trailing.add(w)
    return wrappers, trailing


#: shorter blocks are not judged on their links, nor counted as the page's prose
#: (50: HTML F1 0.8098 -> 0.8101, leak 0.055 -> 0.051 against 70 on the WCXB share)
MIN_CHARS = 50
#: a block this share links is a link block
LINKED = 0.8
#: a page whose paragraph-sized text is this share link blocks is a listing
LISTING_SHARE = 0.2


class LinkDense(StructureRule):
    """A block whose text is mostly links: a menu, a tag list, a teaser list."""

    code = "HTM003"
    name = "link-dense"
    drop = (
        "<body><p>The harbour board met on Tuesday to decide how the port would be run through the winter months,"
        " and agreed to keep the night ferry after a long debate with the unions and the town council.</p>"
        "<p>Dock workers said the plan left them short of staff on the busiest nights, and asked the board to"
        " hire twenty more people before the first storms of the season reach the coast in November.</p>"
        '<p><a href="/a">One story about the port</a> <a href="/b">Another story about the harbour</a>'
        ' <a href="/c">A third story</a></p></body>',
    )
    keep = (
        '<body><p>The minister, <a href="/p">quoted here</a>, said the budget would pass this week.</p></body>',
        # a listing: its teaser cards are links from end to end
        '<body><p><a href="/a">How the port plans to keep the night ferry running through the winter</a></p>'
        '<p><a href="/b">Dock workers ask the harbour board to hire twenty more people before November</a></p></body>',
    )

    def judges(self, page: Page) -> bool:
        # On a listing, the content itself is teaser cards that are links from
        # end to end: when a fifth of the page's paragraph-sized text is
        # links, link density does not tell content from furniture there.
        # (F1 0.7724 -> 0.7773 on the WCXB share, HTML input; listings 0.571 -> 0.619.)
        linked, prose = _paragraph_chars(page, lambda block: block.link_density >= LINKED)
        return linked < LISTING_SHARE * prose

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        # Short link lines (menu entries, but also an article's lists of
        # products or chapters) are left to context; a paragraph-sized block
        # that is mostly links is a teaser list or a tag cloud. Half-linked
        # paragraphs are listings' and guides' own text as often as teasers:
        # weak evidence on them cost 0.002 F1 on the WCXB share (HTML input).
        if feats.chars < MIN_CHARS:
            return None
        if block.link_density >= LINKED:
            return self.finding(block, 1.0, f"{block.link_density:.0%} of its text is links")
        return None


#: a block this share of whose text links to the page's own sections is a contents entry
IN_PAGE = 0.5
#: this many such blocks in a row are the page's table of contents
CONTENTS_LINKS = 3


class ContentsLinks(StructureRule):
    """A run of links to the page's own sections: its table of contents ("On this page").

    Three blocks in a row that link within the page (``href="#usage"``) list
    the article's sections, between its lead and the sections themselves. A
    heading's permalink stands alone above its paragraphs and is not a run.
    The lines are dropped (weak: a wiki's gold may keep its contents), and
    they do not part the lead from the sections (``within_article``): the
    lead of a documentation page is not a far-off region. On the WCXB dev
    pages, HTML F1 0.8279 -> 0.8283, documentation 0.836 -> 0.840.
    """

    code = "HTM006"
    name = "contents-links"
    within_article = True
    drop = (
        "<body><p>The guide explains how to install the tool and how to configure it for a team.</p>"
        '<nav><a href="#install">Install</a><br><p><a href="#configure">Configure</a></p>'
        '<p><a href="#upgrade">Upgrade</a></p><p><a href="#faq">Questions</a></p></nav></body>',
    )
    keep = (
        # a heading's permalink, alone above its paragraph
        '<body><h2><a href="#install">Install</a></h2><p>Run the installer and accept the licence.</p>'
        '<h2><a href="#configure">Configure</a></h2><p>Edit the file to set the port.</p></body>',
        # links to other pages are a menu, not the page's contents
        '<body><p><a href="/install">Install</a></p><p><a href="/configure">Configure</a></p>'
        '<p><a href="/upgrade">Upgrade</a></p></body>',
    )

    def check_markup(self, page: Page) -> Iterable[Finding]:
        run: list[Block] = []
        for block in page.blocks:
            if block.in_page_links >= IN_PAGE:
                run.append(block)
            elif run:
                yield from self._contents(run)
                run = []
        yield from self._contents(run)

    def _contents(self, run: list[Block]) -> Iterator[Finding]:
        if len(run) >= CONTENTS_LINKS:
            message = f"one of {len(run)} links in a row to the page's own sections (its contents)"
            for entry in run:
                yield self.finding(entry, 0.25, message)


#: tags whose own short text is a label, a badge or a price rather than a line of the article
_LOOSE_TAGS = frozenset(("div", "span", "dt", "dd"))
#: loose text of at most this many words (and no sentence end) is such a label
LOOSE_WORDS = 6
#: a page that writes at least this share of its paragraph-sized text in <p> is written in paragraphs
PARAGRAPH_SHARE = 0.5
#: a line shape (element path and class names) this many times on a page is a listing's card line
CARD_LINES = 3


class LooseText(StructureRule):
    """A short line loose in a div (a label, a badge, a price) on a page written in paragraphs (weak).

    A page that writes its article in ``<p>`` elements writes its furniture
    elsewhere: "Compare", "Follow", "5 min", "New" stand as bare text in a
    ``<div>`` or ``<span>``. Weak evidence, so a label inside the body stays
    where the body surrounds it and goes at its edge. Lines repeated in one
    shape three times or more are a listing's cards and are not judged, nor
    are pages written in divs (listings, shop grids). On the WCXB dev pages:
    HTML F1 0.8245 -> 0.8247, leak 0.0372 -> 0.0342, articles 0.9503 ->
    0.9513; without the page condition F1 fell to 0.8161, without the card
    condition to 0.8231.
    """

    code = "HTM005"
    name = "loose-text"
    drop = (
        "<body><p>The council voted on Tuesday to extend the tram line to the northern districts of the city.</p>"
        "<p>Supporters say it will cut travel times in half for thousands of commuters every single day.</p>"
        "<div>Compare offers</div></body>",
    )
    keep = (
        # a shop's grid: the same line shape on every card
        "<body><p>Desks built from solid wood and steel, made to last a working lifetime and shipped to your door.</p>"
        + "".join(f"<div class='card'><div class='name'>Oak desk {i}</div></div>" for i in range(3))
        + "</body>",
    )

    def judges(self, page: Page) -> bool:
        paragraphs, prose = _paragraph_chars(page, lambda block: block.tag == "p")
        return paragraphs >= PARAGRAPH_SHARE * prose

    def check_markup(self, page: Page) -> Iterable[Finding]:
        loose = [
            block
            for block, feats in zip(page.blocks, page.features, strict=True)
            if block.tag in _LOOSE_TAGS and feats.words <= LOOSE_WORDS and not feats.ends_sentence
        ]
        shapes = Counter((block.path, block.tokens) for block in loose)
        for block in loose:
            if shapes[block.path, block.tokens] < CARD_LINES:
                yield self.finding(block, 0.5, "a short line loose in a div on a page written in paragraphs")


#: class and id words that name a comment thread: "comment", "commentlist", "comment-body",
#: "recentcomments", Disqus's "disqus_thread", WordPress's "respond" form, "replies"
_COMMENT_WORD = regex.compile(r"comment(?!ar)|disqus|^respond$")
#: words that make such an element a product's reviews or a seller's feedback, or a forum's posts: the page's content
_CONTENT_WORD = regex.compile(r"review|testimonial|feedback|fdbk|rating|^posts?$")
#: landmarks whose prose is page furniture, not an article a thread could follow
_FURNITURE_LANDMARKS = frozenset(("nav", "aside", "footer", "header"))
#: a comment thread follows an article: this much prose outside comment elements stands above it
COMMENTS_AFTER_CHARS = 200


class CommentThread(StructureRule):
    """A block of a reader comment thread: inside an element named for comments, below an article.

    Comment threads sit in elements named for them on every blog and news
    engine (WordPress "comment-body" and "commentlist", Disqus
    "disqus_thread", "respond" for the form), and their paragraphs are long
    prose that the shape of a block calls body. A thread counts once
    ``COMMENTS_AFTER_CHARS`` of prose outside such elements stands above its
    first comment of prose: a page that starts with them (a forum, a Q&A
    thread) holds its content there, and prose in page furniture (a cookie
    banner, a sidebar) is no article. Threads may hold far more prose than
    the article above them. Elements also named for reviews, testimonials,
    feedback or posts hold a product's reviews or a forum's posts, which are
    their page's content. ``--comments keep`` (ignoring this rule) keeps
    threads. On the three dev sources (HTML F1): WCXB 0.8303 -> 0.8313,
    Dragnet 0.7946 -> 0.8354, CleanEval 0.9250 -> 0.9219 (its gold keeps
    comments).
    """

    code = "HTM007"
    name = "comment-thread"
    comments = True
    drop = (
        "<body><article><p>The harbour board met on Tuesday to decide how the port would be run through the"
        " winter months, and agreed to keep the night ferry after a long debate with the unions.</p>"
        "<p>Dock workers said the plan left them short of staff on the busiest nights of the season.</p></article>"
        "<ol class='commentlist'><li class='comment'><div class='comment-body'><p>I have worked on the docks for"
        " twenty years and I have never seen the board listen to anyone before this winter.</p></div></li></ol>"
        "</body>",
    )
    keep = (
        # a forum thread: the posts are the page, nothing stands above them
        "<body><div class='comments'><div class='comment'><p>Has anyone tried the night ferry since the board"
        " changed the timetable? It seems to leave later than the sign at the harbour says.</p></div>"
        "<div class='comment'><p>Yes, it left twenty minutes late on Tuesday and again on Wednesday.</p></div></div>"
        "</body>",
        # a forum engine names its posts "comment" too: below the first post, the replies are content
        "<body><div class='topic'><p>The harbour board changed the night ferry timetable on Tuesday, and I would"
        " like to know whether anyone has tried the later boat since then.</p></div>"
        "<div class='comment post'><p>Yes, it left twenty minutes late on Tuesday and again on Wednesday.</p></div>"
        "</body>",
        # a product's reviews
        "<body><p>The oak desk is built from solid wood and steel, made to last a working lifetime and shipped to"
        " your door in two parts with every tool you need.</p><div class='review-comment'><p>Sturdy and easy to"
        " put together; it arrived two days early.</p></div></body>",
    )

    def check_markup(self, page: Page) -> Iterable[Finding]:
        # The thread begins after the last article paragraph above its first
        # comment of prose: a comment count in the article's header is no
        # thread, and a forum's first post is one even where its own list
        # items do not carry the comment's class names.
        above = start = 0
        for i, (block, feats) in enumerate(zip(page.blocks, page.features, strict=True)):
            prose = feats.chars >= MIN_CHARS and feats.sentences
            if not _is_comment(block):
                if prose and not _in_furniture(block):
                    above += feats.chars
                    start = i + 1
            elif prose:
                break
        else:
            return
        if above < COMMENTS_AFTER_CHARS:
            return
        for block in page.blocks[start:]:
            if _is_comment(block) and not any(_CONTENT_WORD.search(w) for w in block.tokens):
                yield self.finding(block, STRONG, "in a comment thread below the article")


def _is_comment(block: Block) -> bool:
    return any(_COMMENT_WORD.search(w) for w in block.tokens)


def _in_furniture(block: Block) -> bool:
    """Is the block in a nav, aside, footer or header, or an element a strong furniture word names (a cookie banner)?"""
    return not _FURNITURE_LANDMARKS.isdisjoint(block.path.split("/")) or any(
        _CLASS_WORDS.get(w, 0.0) >= STRONG for w in block.tokens
    )


#: a declared body shorter than this is a teaser or a description, not the article
MIN_BODY_CHARS = 200
#: share of the declared body's words that must stand in the page's visible text
MIN_BODY_SHARE = 0.8
#: blocks with fewer words are not matched against the declared body ("Share", "News")
MIN_MATCH_WORDS = 4
#: the declared body covers the page's prose when it holds this share of its characters
MIN_COVER = 0.6
#: a prose block outside a covering declared body has at least this many words
MIN_OUTSIDE_WORDS = 8


class StructuredBody(Rule):
    """A block that the page's own JSON-LD articleBody declares as article text (body evidence).

    Publishers write the article's text into JSON-LD (``articleBody``) for
    search engines, which check it against the page. A block whose text occurs
    in it is body, whatever its shape: a one-sentence paragraph between an ad
    and a share row, a quote, a short closing line. Such blocks get *negative*
    weight (`body-weight`, -1.0 by default), which the decision step reads as
    body. The declared body counts only when it is sane: at least 200
    characters, most of its words visible on the page (a stale or unrelated
    articleBody says nothing). Blocks of fewer than four words are never matched.

    With `outside-weight` above 0, a prose block (a sentence of eight words or
    more) missing from a declared body that holds most of the page's prose
    gets that weak weight: a teaser or an author blurb. Off by default: on the
    WCXB share (19 of 605 pages declare a body) 0.5 changed F1 by +0.00003 and
    leaked one snippet fewer, too little to bet on sites that cut articleBody short.
    The examples are HTML pages whose JSON-LD declares the body.
    """

    code = "HTM004"
    name = "structured-body"
    options: ClassVar[Mapping[str, object]] = {"body-weight": -STRONG, "outside-weight": 0.0}
    example_options: ClassVar[Mapping[str, object]] = {"outside-weight": 0.5}
    drop = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "articleBody": '
        '"The council approved the new bridge on Tuesday after a debate that lasted most of the evening. '
        "Engineers say the old crossing has reached the end of its life and must close within two years. "
        'Work on the new bridge is due to start in the spring and should take eighteen months."}</script></head>'
        "<body><p>The council approved the new bridge on Tuesday after a debate that lasted most of the evening.</p>"
        "<p>Engineers say the old crossing has reached the end of its life and must close within two years.</p>"
        "<p>Work on the new bridge is due to start in the spring and should take eighteen months.</p>"
        "<p>Sign up to our morning briefing and get the news of the day before breakfast.</p></body></html>",
    )
    keep = ("<html><body><p>The council approved the new bridge on Tuesday after a long debate.</p></body></html>",)

    def check(self, page: Page) -> Iterable[Finding]:
        if len(page.structured_body) < MIN_BODY_CHARS:
            return
        body = normalise(page.structured_body)
        body_words = body.split()
        keys = [normalise(b.text) for b in page.blocks]
        visible = {w for k in keys for w in k.split()}
        if not body_words or sum(w in visible for w in body_words) < MIN_BODY_SHARE * len(body_words):
            return  # stale, unrelated or in another language: no evidence
        padded = f" {body} "
        inside = [len(k.split()) >= MIN_MATCH_WORDS and f" {k} " in padded for k in keys]
        body_weight = float(self.option("body-weight"))  # type: ignore[arg-type]
        for block, found in zip(page.blocks, inside, strict=True):
            if found:
                yield self.finding(block, body_weight, "in the article body the page declares (JSON-LD articleBody)")
        outside_weight = float(self.option("outside-weight"))  # type: ignore[arg-type]
        if outside_weight <= 0:
            return
        prose = [f.chars if f.sentences and f.chars >= MIN_CHARS else 0 for f in page.features]
        covered = sum(c for c, found in zip(prose, inside, strict=True) if found)
        if covered < MIN_COVER * sum(prose):
            return
        for block, feats, found in zip(page.blocks, page.features, inside, strict=True):
            if not found and feats.ends_sentence and feats.words >= MIN_OUTSIDE_WORDS:
                yield self.finding(block, outside_weight, "prose missing from the article body the page declares")
