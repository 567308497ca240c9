"""What an HTML page says about itself: title, author, date, language, URL.

Read from the lxml tree the HTML front end already built (``html.py``), so a
page is parsed once. Sources, most trusted first for each field:

- JSON-LD (``<script type="application/ld+json">``): objects, lists and
  ``@graph`` arrays; the main object is the first article-like one
  (Article, NewsArticle, BlogPosting...), else a page-like one (WebPage,
  Product, Recipe...). Publishers write it for search engines, which check it.
- OpenGraph (``og:*``, ``article:published_time``, ``article:author``), written
  for link previews.
- ``<meta name="author|description|date|dc.*">``, ``<title>``,
  ``<link rel="canonical">`` and ``<html lang>``.

Nothing here raises on a page's data: broken JSON-LD (trailing commas, raw
newlines in strings, HTML comments around it) is repaired where that is cheap
and skipped otherwise. The same JSON-LD also yields the page's declared
article body (``articleBody``), which rule HTM004 uses as evidence.

>>> from lxml import html
>>> root = html.document_fromstring(
...     '<html lang="en"><head><title>Bridge | Daily</title>'
...     '<meta property="og:site_name" content="Daily">'
...     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge approved",'
...     ' "datePublished": "2024-03-05T10:00:00+01:00", "author": {"name": "A. Writer"}}</script>'
...     '</head><body><p>Text.</p></body></html>')
>>> meta, body = extract(root, "https://daily.test/a")
>>> meta.title, meta.author, meta.date, meta.site_name, meta.language, meta.url
('Bridge approved', 'A. Writer', '2024-03-05T10:00:00+01:00', 'Daily', 'en', 'https://daily.test/a')
"""

from __future__ import annotations

import email.utils
import json
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from typing import Any
from urllib.parse import urljoin

import regex
from lxml import etree

from .model import Metadata

# JSON-LD types of an article, whose fields describe the page's main text.
_ARTICLE_TYPES = frozenset(
    """Article NewsArticle BlogPosting Report ScholarlyArticle TechArticle LiveBlogPosting AnalysisNewsArticle
    OpinionNewsArticle ReportageNewsArticle ReviewNewsArticle BackgroundNewsArticle SocialMediaPosting
    DiscussionForumPosting Review Recipe HowTo""".split()
)
# Types of a whole page or its main thing: a fallback when no article is described.
_PAGE_TYPES = frozenset(
    """WebPage ItemPage AboutPage FAQPage QAPage CollectionPage ProfilePage ContactPage MedicalWebPage
    Product Event Course Book Movie JobPosting Question""".split()
)
# Trailing commas before a closing bracket: the commonest hand-written JSON-LD error.
_TRAILING_COMMA = regex.compile(r",\s*([\]}])")
# HTML comment and CDATA wrappers some CMSs still put around script contents.
_WRAPPER = regex.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TAG = regex.compile(r"<[^<>]*>")  # a tag ends at the next "<" too: 1,000,000 unclosed "<" stay linear
_SPACE = regex.compile(r"\s+")
# Written-out dates that fromisoformat does not read ("5 March 2024", "March 5, 2024", "2024/03/05").
_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d.%m.%Y", "%Y%m%d")
#: JSON-LD nested deeper than this is not walked (a hostile page could nest thousands of levels)
_MAX_DEPTH = 20


def extract(root: etree._Element | None, url: str = "") -> tuple[Metadata, str]:
    """The page's metadata and its JSON-LD article body ("" when it declares none).

    ``url`` is where the page was fetched from: the fallback for the page's
    own URL and the base a relative canonical link is resolved against.
    ``Metadata.language`` is only what the page declares; the cleaner fills
    in the detected language.
    """
    if root is None:
        return Metadata(url=url), ""
    try:
        return _extract(root, url)
    except Exception:
        # Metadata is a by-product: a page whose head lxml or we cannot read
        # still gets cleaned.
        return Metadata(url=url), ""


def _extract(root: etree._Element, url: str) -> tuple[Metadata, str]:
    meta: dict[str, str] = {}  # lower-cased name or property -> first non-empty content
    canonical = title = ""
    ld: list[dict[str, Any]] = []
    for el in root.iter("meta", "link", "title", "script"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
            content = _clean(el.get("content") or "")
            if key and content and key not in meta:
                meta[key] = content
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and not canonical:
                canonical = (el.get("href") or "").strip()
        elif tag == "title":
            title = title or _clean(etree.tostring(el, method="text", encoding="unicode", with_tail=False))
        elif (el.get("type") or "").strip().lower() == "application/ld+json":
            ld.extend(_objects(_load(el.text or "")))
    main = _main_object(ld)
    site = next((o for o in ld if _types(o) & {"WebSite", "Organization", "NewsMediaOrganization"}), {})

    def first(*values: str) -> str:
        return next((v for v in values if v), "")

    lang = first(
        _clean(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""),
        meta.get("content-language", ""),
        meta.get("dc.language", ""),
        meta.get("og:locale", "").replace("_", "-"),
        _text(main.get("inLanguage")),
    )
    page_url = first(canonical, meta.get("og:url", ""), _url(main), url)
    metadata = Metadata(
        title=first(_text(main.get("headline")), _text(main.get("name")), meta.get("og:title", ""),
                    meta.get("twitter:title", ""), meta.get("dc.title", ""), title),
        author=first(_people(main.get("author")), meta.get("author", ""), _not_url(meta.get("article:author", "")),
                     meta.get("dc.creator", "")),
        date=iso_date(first(_text(main.get("datePublished")), meta.get("article:published_time", ""),
                            meta.get("date", ""), meta.get("dc.date.issued", ""), meta.get("dc.date", ""),
                            meta.get("pubdate", ""), meta.get("publish-date", ""), _text(main.get("dateCreated")))),
        language=lang,
        url=urljoin(url, page_url) if url else page_url,
        site_name=first(meta.get("og:site_name", ""), _people(main.get("publisher")), _text(site.get("name")),
                        meta.get("application-name", "")),
        description=first(_text(main.get("description")), meta.get("og:description", ""),
                          meta.get("description", ""), meta.get("dc.description", "")),
    )  # fmt: skip
    body = (main.get("articleBody") or main.get("text")) if _types(main) & _ARTICLE_TYPES else ""
    return metadata, _body_text(body)


def _load(raw: str) -> Any:
    """Parse one JSON-LD script; broken JSON gives None, after cheap repairs."""
    raw = _WRAPPER.sub("", raw).strip()
    if not raw:
        return None
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            # strict=False: raw newlines and tabs inside strings, common in articleBody.
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON-LD document: top-level ones, list items and ``@graph`` members."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if data.get("@type") or not graph:
            yield data
        if graph is not None:
            yield from _objects(graph, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    """An object's ``@type`` names, without a schema.org prefix."""
    value = obj.get("@type")
    names = value if isinstance(value, list) else [value]
    return {n.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def _main_object(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The first article-like object, else the first page-like one, else ``{}``."""
    for kinds in (_ARTICLE_TYPES, _PAGE_TYPES):
        for obj in objects:
            if _types(obj) & kinds:
                return obj
    return {}


def _clean(value: str) -> str:
    return str(_SPACE.sub(" ", value)).strip()


def _text(value: Any) -> str:
    """A JSON-LD value as one line of text: strings, numbers, the first of a list, a ``@value``."""
    if isinstance(value, list):
        return next((t for t in map(_text, value) if t), "")
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _clean(str(value))
    return ""


def _people(value: Any) -> str:
    """Names of a JSON-LD author or publisher: a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        name = _not_url(name)
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def _not_url(value: str) -> str:
    # article:author and some JSON-LD authors are profile URLs, not names.
    return "" if value.startswith(("http://", "https://", "/")) else value


def _url(obj: dict[str, Any]) -> str:
    """The object's own URL: ``url``, or the ``@id`` of its ``mainEntityOfPage``."""
    value = obj.get("url") or obj.get("mainEntityOfPage")
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _text(value)
    return text if text.startswith(("http://", "https://", "/")) else ""


def _body_text(value: Any) -> str:
    """A declared article body as plain text (some sites put HTML in it)."""
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return ""
    text: str = value
    if "<" in text:
        text = unescape(_TAG.sub(" ", text))
    return text.strip()


def iso_date(value: str) -> str:
    """``value`` as an ISO 8601 date or date-time when it can be read, else unchanged.

    >>> iso_date("2024-03-05T10:00:00Z"), iso_date("5 March 2024"), iso_date("Tue, 05 Mar 2024 09:00:00 GMT")
    ('2024-03-05T10:00:00+00:00', '2024-03-05', '2024-03-05T09:00:00+00:00')
    >>> iso_date("last Tuesday")
    'last Tuesday'
    """
    value = value.strip()
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value
