"""One record read as a page: its text, whether it is HTML, its URL and its site.

``sources`` reads inputs into records of raw bytes; this is the one place that
says what a record holds, for every command: a page file is decoded and
sniffed for HTML (or read as ``--input-format`` says), a JSON line gives its
``--html-field`` (used first) or ``--text-field`` (HTML in it is detected, as
scrapers put raw HTML there too) and its ``--url-field``, and a WARC response
is HTML in the charset its HTTP header declares. Cleaning, ``check``,
``report`` and ``learn`` all read records through ``interpret``, so they see
the same page in the same input.

A page's site is its URL's host (``profiles.site_of``); a page file without a
web URL takes the site ``sources`` gave it from its folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cleaner import Cleaner
from .decode import decode
from .errors import InputError
from .html import looks_like_html
from .model import Result
from .profiles import site_of
from .sources import Record


@dataclass(frozen=True, slots=True)
class Reading:
    """How records are read: the ``--input-format`` of page files and the JSON-lines fields."""

    #: auto (HTML detected per file), text or html: how page files are read
    input_format: str = "auto"
    text_field: str = "text"
    html_field: str = "html"
    url_field: str = "url"
    id_field: str = "id"
    #: the URL of every page file (``--url``)
    url: str = ""
    #: give a page file without ``url`` its ``file:`` URL, whose folders name its site to a site profile
    file_urls: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A record as a page: the text to clean and what is known about it."""

    text: str
    html: bool
    url: str
    site: str
    #: the JSON line's ``--id-field``, for error reports
    record_id: str = ""
    #: the JSON line's object, every field (None for page files and WARC records)
    fields: dict[str, Any] | None = None


class RecordError(InputError):
    """A record that holds no page: not JSON, not an object, no text field, undecodable."""

    def __init__(self, message: str, record_id: str = "") -> None:
        super().__init__(message)
        self.record_id = record_id


def interpret(record: Record, reading: Reading) -> Document:
    """The page a record holds; raises ``InputError`` (``RecordError`` for a JSON line) saying why not."""
    if record.kind == "json":
        return _json_line(record, reading)
    if record.kind == "html":
        # A WARC response: the HTTP header's charset wins over sniffing.
        return Document(_decode_declared(record.data, record.charset), True, record.url, site_of(record.url))
    text = decode(record.data, is_html=reading.input_format == "html")
    html = reading.input_format == "html" or (reading.input_format == "auto" and looks_like_html(text))
    url = reading.url
    if not url and reading.file_urls and record.source != "stdin":
        # A file's URL names its folders, which is how a site profile finds a file's site.
        url = Path(record.source).resolve().as_uri()
    return Document(text, html, url, site_of(url) or record.site)


def analyze(cleaner: Cleaner, document: Document) -> Result:
    """The cleaner's verdicts on a document, through the HTML or the text front end."""
    if document.html:
        return cleaner.analyze_html(document.text, url=document.url)
    return cleaner.analyze(document.text, url=document.url)


def _json_line(record: Record, reading: Reading) -> Document:
    try:
        data = json.loads(record.data)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON: {exc.msg} (column {exc.colno})") from exc
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except RecursionError as exc:
        raise RecordError("nested too deeply to parse") from exc
    if not isinstance(data, dict):
        raise RecordError("the line is JSON but not an object")
    record_id = data.get(reading.id_field)
    rid = "" if record_id is None else str(record_id)
    url = str(data.get(reading.url_field) or "")
    html, text = data.get(reading.html_field), data.get(reading.text_field)
    if isinstance(html, str) and html.strip():
        return Document(html, True, url, site_of(url), rid, data)
    if isinstance(text, str):
        # Scrapers put raw HTML in a "text" field too: detected like a page file's.
        return Document(text, looks_like_html(text), url, site_of(url), rid, data)
    raise RecordError(f"no string field {reading.html_field!r} or {reading.text_field!r}", rid)


def _decode_declared(data: bytes, charset: str) -> str:
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: sniff as for any page
    return decode(data, is_html=True)
