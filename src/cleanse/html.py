"""HTML to blocks: the same blocks the text front end makes, plus structure.

Each block carries its tag, the path of its ancestors, the class and id tokens
around it and its link density, so structural rules (``rules/html.py``) can
give evidence that text alone cannot. Scripts, styles, templates and comments
never become blocks; hidden elements do, marked with the token ``hidden``. Blocks are laid out as text (one line
each, paragraphs apart), so the decision step and the output work unchanged.
``html_page`` also reads the page's metadata from the same tree (one parse).
"""

from __future__ import annotations

import functools
from html import unescape
from typing import NamedTuple

import regex
from lxml import etree

from .decode import decode
from .metadata import extract
from .model import Block, Metadata

# Elements whose content is never text of the page.
# Not dropped: <noscript> (what a reader without scripts sees; forum engines
# such as Discourse serve their whole thread there) and <head> (a stray tag can
# make the parser put the body inside it; its own elements are dropped anyway),
# nor <button>: its label is page text, as the page's text shows it ("Mark as
# watched" in a list item; a menu button that swallowed the page's article).
# Reading labels: HTML F1 0.8190 -> 0.8226 on the WCXB dev pages; rules drop them.
_DROP_TAGS = frozenset(
    "script style template svg canvas iframe object embed title meta link select option input textarea".split()
)
# Inline elements that hold an item each: a link, a label, a date, a button.
_ITEM_TAGS = frozenset(("a", "span", "label", "time", "small", "button"))
# An icon font draws a ligature's name as its picture: "chevron_right", "star".
# (Screen-reader-only text is read: gold bodies keep it, as "Sort and Filter"
# over a shop's grid; dropping sr-only and visually-hidden text cost HTML F1 0.0005.)
_INLINE_ICON_TAGS = frozenset(("i", "span"))
_ICON_FONT = regex.compile(r"(?<![\w-])(?:material-(?:icons|symbols)|google-symbols)")
# Elements that start a new block; inline elements flow into the block around them.
_BLOCK_TAGS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li dt dd td th caption figcaption blockquote pre address div section article main
    aside nav header footer form ul ol dl table thead tbody tfoot tr figure details summary body center""".split()
)
# Class and id values split into word tokens: "post-share__button" -> post, share, button.
_TOKEN = regex.compile(r"[a-z]+|[A-Z][a-z]*|\d+")
#: how many ancestors' class and id names a block inherits
_TOKEN_LEVELS = 4
_SPACE = regex.compile(r"\s+")
# lxml.etree's parser, not lxml.html's: the same tree without lxml.html's
# element classes, whose lookup on every element visited cost a tenth of the walk.
_PARSER = etree.HTMLParser(huge_tree=True, remove_comments=True)
# A tag stops at the next "<": with "[^>]*", each "<" of a page full of
# unclosed ones scanned to the end (255 kB took 41 s).
_TAG = regex.compile(r"<[^<>]*>")
# Elements whose text the fallback leaves out; found opening by opening, each
# closing searched once, since a lazy ".*?" per unclosed <script> was quadratic.
_DROPPED_OPEN = regex.compile(r"<(script|style|template)\b", regex.I)
_DROPPED_CLOSE = {t: regex.compile(rf"</{t}\s*>", regex.I) for t in ("script", "style", "template")}
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_END_OF_PAGE = regex.compile(r"</(?:body|html)\s*>", regex.I)
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)


def _tokens(el: etree._Element) -> list[str]:
    out: list[str] = []
    for attr in ("class", "id", "role"):
        value = el.get(attr)
        if value:
            out += _words_of(value)
    return out


@functools.lru_cache(maxsize=4096)
def _words_of(value: str) -> list[str]:
    # Pages repeat the same class strings on hundreds of elements.
    return [t.lower() for t in _TOKEN.findall(value)]


def _hidden(el: etree._Element) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


_CELLS = frozenset(("td", "th"))
# Elements whose blocks belong together when the page is written as Markdown
# (the items of one list, the rows of one table, the lines of one <pre>).
_GROUPS = frozenset(("ul", "ol", "table", "pre"))


def _inline_only(el: etree._Element) -> bool:
    """Does this element hold only inline content (no block element inside)?"""
    return not any(isinstance(d.tag, str) and d.tag.lower() in _BLOCK_TAGS for d in el.iterdescendants())


_DIALOG = frozenset(("dialog",))
# What a piece of text is inside: no link, a link, a link to the page's own sections.
_NO_LINK, _LINK, _IN_PAGE_LINK = 0, 1, 2
# Elements that say what a whole region of the page is, however deep inside it a block stands.
# Not <form>: ASP.NET wraps whole pages in one (HTML F1 0.8056 without it, 0.8049 with).
_LANDMARKS = frozenset("nav aside footer header menu article main".split())


def _is_dialog(el: etree._Element) -> bool:
    """A modal or dialog (``<dialog>``, role dialog, aria-modal): its content, however deep, is not the page's article."""
    return el.tag == "dialog" or el.get("aria-modal") == "true" or el.get("role") in ("dialog", "alertdialog")


def _dropped(tag: str, el: etree._Element) -> bool:
    """Is this element's content never page text?

    The text of an icon font's element is the icon's name, not words.
    """
    if tag in _INLINE_ICON_TAGS:
        return bool(_ICON_FONT.search(el.get("class") or ""))
    return tag in _DROP_TAGS


#: (tag, nearest tags, depth, landmarks further out, class words of the nearest levels, inside a dialog)
_Context = tuple[str, tuple[str, ...], int, tuple[tuple[int, str], ...], tuple[frozenset[str], ...], bool]


class _Builder:
    """Walks the tree once, accumulating inline text into the current block."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, str, frozenset[str], float, float, int, int, tuple[int, ...]]] = []
        self.parts: list[str] = []
        #: indexes into ``parts`` where a table cell of the current block begins
        self.cells: list[int] = []
        #: the list, table or <pre> the walk is in (numbered from 1 in page order; 0: none), and the last number given
        self.group = 0
        self.groups = 0
        self.link_chars = 0
        #: of which in links to the page's own sections
        self.in_page_chars = 0
        #: markup line of the current block's first text (for `cleanse check`)
        self.line = 0
        #: what the current block is inside, as the walk saw it; made into the
        #: block's path and class words only when the block has text (most
        #: block elements have none of their own)
        self.context: _Context = ("", (), 0, (), (), False)
        #: how many dialogs (role="dialog", aria-modal) the walk is inside
        self.dialogs = 0
        #: the walk's depth, and the landmarks it is inside (depth, tag), outermost first
        self.depth = 0
        self.landmarks: tuple[tuple[int, str], ...] = ()

    def flush(self) -> None:
        if not self.parts:
            # Most block boundaries come with no text since the last one.
            self.link_chars = self.in_page_chars = 0
            self.line = 0
            self.cells = []
            return
        text = _SPACE.sub(" ", "".join(self.parts)).strip()
        if text:
            tag, tags, depth, landmarks, levels, in_dialog = self.context
            # The last six tags, after the landmarks (nav, aside, footer,
            # article...) further out: a paragraph ten levels inside an aside
            # is still in the aside.
            outer = [t for d, t in landmarks if d <= depth - len(tags)]
            path = "/".join((*outer, *tags)) if outer else "/".join(tags)
            tokens = frozenset().union(*levels)
            if in_dialog:
                tokens |= _DIALOG
            density = min(1.0, self.link_chars / len(text))
            in_page = min(1.0, self.in_page_chars / len(text)) if self.in_page_chars else 0.0
            cells = self.cell_offsets(text) if self.cells else ()
            self.blocks.append((text, tag, path, tokens, density, in_page, self.line, self.group, cells))
        self.parts = []
        self.cells = []
        self.link_chars = self.in_page_chars = 0
        self.line = 0

    def cell_offsets(self, text: str) -> tuple[int, ...]:
        """Where each cell begins in the block's ``text``, spaced and stripped as ``flush`` does it."""
        offsets = []
        length = 0  # of the text before the cell, as it comes out in ``text``
        space = True  # does that text end in a space (or is it empty, the space stripped)?
        start = 0
        for mark in self.cells:
            piece = _SPACE.sub(" ", "".join(self.parts[start:mark]))
            if space:
                piece = piece.lstrip(" ")
            if piece:
                length += len(piece)
                space = piece.endswith(" ")
            offsets.append(min(length, len(text)))
            start = mark
        return tuple(offsets)

    def walk(self, el: etree._Element, path: tuple[str, ...], levels: tuple[frozenset[str], ...], in_link: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:  # comments and processing instructions
            if el.tail:
                self.add(el.tail, in_link, el.sourceline or 0)
            return
        tag = tag.lower()
        if _dropped(tag, el):
            if el.tail:
                self.add(el.tail, in_link, el.sourceline or 0)
            return
        is_block = tag in _BLOCK_TAGS
        if is_block and tag in _CELLS and _inline_only(el):
            # A row of plain cells reads as one line ("Weight 1.2 kg", "3. Title
            # (site.com) 2 days ago"); a cell holding paragraphs stays a block.
            is_block = False
            self.parts.append(" ")
            self.cells.append(len(self.parts))
        # Classes on <html> and <body> describe the page, not one region of it
        # ("single-post has-sidebar").
        # Hidden elements are read, and marked: pages hide their article until
        # scripts run (React streams it into <div hidden>), tabs and accordions
        # hold product details and answers. Dropping hidden text cost HTML F1
        # 0.025 on the dev set; even weak evidence against it cost 0.01.
        hidden = ["hidden"] if _hidden(el) else []
        # Only the nearest ancestors' names count: a distant wrapper called
        # "ad-free-layout" says nothing about a paragraph ten levels down. The
        # paths are kept as short as they are read (deep markup costs linear time).
        if tag not in ("html", "body"):
            levels = (*levels[-_TOKEN_LEVELS:], frozenset(_tokens(el) + hidden))
        self.depth += 1
        outer_landmarks = self.landmarks
        if tag in _LANDMARKS:
            self.landmarks = (*outer_landmarks, (self.depth, tag))
        here = (*path[-5:], tag)
        line = el.sourceline or 0
        if tag == "br":
            self.parts.append(" ")
        dialog = _is_dialog(el)
        self.dialogs += dialog
        if is_block or tag == "pre":
            own: _Context = (tag, here[-6:], self.depth, self.landmarks, levels[-_TOKEN_LEVELS:], self.dialogs > 0)
        if is_block:
            self.flush()
            self.context = own
        outer_group = self.group
        if tag in _GROUPS:
            self.groups += 1
            self.group = self.groups
        if tag == "pre":
            # Preformatted text keeps its lines: one block per line.
            for k, text in enumerate(text_of(el).splitlines()):
                self.add(text, _NO_LINK, line + k if line else 0)
                self.flush()
                self.context = own
        else:
            link = in_link or (_link_kind(el) if tag == "a" else _NO_LINK)
            if el.text:
                self.add(el.text, link, line)
            for child in el:
                self.walk(child, here, levels, link)
        self.dialogs -= dialog
        self.depth -= 1
        self.landmarks = outer_landmarks
        if is_block:
            self.flush()
        self.group = outer_group
        if is_block:
            # Text after the block (its tail) is its parent's.
            self.context = (
                "/".join(path[-1:]),
                path[-6:],
                self.depth,
                self.landmarks,
                levels[-_TOKEN_LEVELS - 1 : -1],
                self.dialogs > 0,
            )
        if el.tail:
            # lxml knows where an element starts, not where it ends: the
            # tail is placed on the element's line (right for inline tags).
            self.add(el.tail, in_link, line)
        elif (
            tag in _ITEM_TAGS
            and (after := el.getnext()) is not None
            and after.tag in _ITEM_TAGS
            and self.glued_items(after)
        ):
            self.parts.append(" ")

    def glued_items(self, after: etree._Element) -> bool:
        """Is the element just read an item of its own, written back to back with ``after``?

        Links and labels written with no space between them ("Start free
        trial", "Get a demo") are separate items, not one word; a word split
        into one element per letter (an animated heading) is still one word.
        Separating them: HTML F1 0.8148 -> 0.8190 on the WCXB dev pages.
        """
        before = self.parts[-1].strip() if self.parts else ""
        return not (_letter(before) and _letter((after.text or "").strip()))

    def add(self, text: str, in_link: int, line: int = 0) -> None:
        if not self.line and text.strip():
            self.line = line
        self.parts.append(text)
        if in_link:
            chars = len(_SPACE.sub(" ", text).strip())
            self.link_chars += chars
            if in_link == _IN_PAGE_LINK:
                self.in_page_chars += chars


def _link_kind(el: etree._Element) -> int:
    """A link, or a link to a section of the same page (``href="#usage"``; not a script's ``#`` or ``#!/route``).

    >>> [_link_kind(etree.fromstring(f'<a href="{h}"/>')) for h in ("#usage", "#", "#!/home", "/about")]
    [2, 1, 1, 1]
    """
    href = el.get("href")
    return _IN_PAGE_LINK if href and href[0] == "#" and len(href) > 1 and href[1] not in "!/ " else _LINK


def _letter(text: str) -> bool:
    return len(text) == 1 and text.isalpha()


class HtmlPage(NamedTuple):
    """An HTML page parsed once: its blocks laid out as text, and what it says about itself."""

    text: str
    blocks: tuple[Block, ...]
    metadata: Metadata
    #: the article body the page declares in its JSON-LD (``articleBody``), as plain text; "" when none
    structured_body: str


def _without_dropped(markup: str) -> str:
    """Markup without its script, style, template and noscript elements, in linear time.

    An element never closed runs to the end of the page, as in a browser.

    >>> _without_dropped("a<script>x</script>b<STYLE>y</style >c<script>never closed")
    'a\\nb\\nc\\n'
    """
    parts: list[str] = []
    pos = 0
    while m := _DROPPED_OPEN.search(markup, pos):
        parts.append(markup[pos : m.start()])
        end = _DROPPED_CLOSE[m.group(1).lower()].search(markup, m.end())
        pos = end.end() if end else len(markup)
    parts.append(markup[pos:])
    return "\n".join(parts)


def html_blocks(markup: str | bytes) -> tuple[str, tuple[Block, ...]]:
    """Parse HTML into (laid-out text, blocks with structure).

    Never raises on malformed markup; an empty or unparsable document gives
    no blocks.

    >>> text, blocks = html_blocks("<nav><a href='/'>Home</a></nav><article><p>Hello <b>world</b>.</p></article>")
    >>> [(b.text, b.tag, round(b.link_density, 1)) for b in blocks]
    [('Home', 'nav', 1.0), ('Hello world.', 'p', 0.0)]
    >>> text
    'Home\\n\\nHello world.'
    """
    markup, root = _parse(markup)
    return _layout(markup, root)


def html_page(markup: str | bytes, url: str = "") -> HtmlPage:
    """Parse HTML once into its blocks and its metadata (``metadata.py``).

    ``url`` is where the page came from: the metadata's URL when the page
    names none, and the base of a relative canonical link.

    >>> page = html_page('<html lang="de"><head><title>Brücke</title></head><body><p>Hallo.</p></body></html>')
    >>> page.text, page.metadata.title, page.metadata.language
    ('Hallo.', 'Brücke', 'de')
    """
    markup, root = _parse(markup)
    text, blocks = _layout(markup, root)
    metadata, body = extract(root, url)
    return HtmlPage(text, blocks, metadata, body)


def _parse(markup: str | bytes) -> tuple[str, etree._Element | None]:
    """The markup as text and its lxml tree (None when empty or unparsable)."""
    if isinstance(markup, bytes | bytearray):
        markup = decode(bytes(markup), is_html=True)
    # libxml2 stops reading a str at a lone surrogate (a JSON "\\ud800" escape
    # makes one): everything after it was lost. Each becomes U+FFFD instead.
    markup = str(_SURROGATE.sub("\ufffd", markup))
    # A browser puts what follows "</body>" or "</html>" into the body (their
    # end tags are optional in HTML); libxml2 drops it: a template that closes
    # the page after its header lost the whole article. Without them, the
    # parser closes the page at the end, as the browser does.
    markup = str(_END_OF_PAGE.sub("", markup))
    if not markup.strip():
        return markup, None
    try:
        return markup, _document(markup)
    except (etree.ParserError, ValueError):
        # lxml refuses str with an encoding declaration; bytes go through.
        try:
            return markup, _document(markup.encode("utf-8"))
        except (etree.ParserError, ValueError):
            return markup, None


def _document(markup: str | bytes) -> etree._Element | None:
    """The page's root element; None for a document without one."""
    return etree.fromstring(markup, parser=_PARSER)


def text_of(el: etree._Element) -> str:
    """All the text inside an element (not its tail), as lxml.html's ``text_content`` gives it.

    >>> text_of(etree.fromstring("<p>One <b>two</b> three</p>"))
    'One two three'
    """
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _layout(markup: str, root: etree._Element | None) -> tuple[str, tuple[Block, ...]]:
    """The tree's blocks, laid out as text (one per line, paragraphs apart)."""
    if not markup.strip():
        return "", ()
    builder = _Builder()
    if root is not None:
        body = root.find("body")
        try:
            builder.walk(body if body is not None else root, (), (), _NO_LINK)
            builder.flush()
        except RecursionError:
            builder = _Builder()
    if not builder.blocks:
        # Markup too deep or too broken for the tree: keep its text, without
        # structure, rather than lose the page.
        for line in unescape(_TAG.sub("\n", _without_dropped(markup))).splitlines():
            builder.parts.append(line)
            builder.flush()
    blocks: list[Block] = []
    pieces: list[str] = []
    pos = 0
    for i, (text, tag, path, tokens, density, in_page, source_line, group, cells) in enumerate(builder.blocks):
        sep = "\n\n" if i + 1 < len(builder.blocks) else ""
        blocks.append(
            Block(
                index=i,
                text=text,
                start=pos,
                end=pos + len(text),
                sep=sep,
                para=i,
                tag=tag,
                path=path,
                tokens=tokens,
                link_density=density,
                line=source_line,
                in_page_links=in_page,
                group=group,
                cells=cells,
            )
        )
        pieces.append(text + sep)
        pos += len(text) + len(sep)
    return "".join(pieces), tuple(blocks)


def looks_like_html(text: str) -> bool:
    """Does this input look like an HTML document rather than plain text?"""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        regex.search(r"<(?:body|head|div|p|article|section|span|a\s)[\s>]", head)
    )
