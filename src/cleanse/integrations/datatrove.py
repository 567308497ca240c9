"""cleanse as a datatrove pipeline step: each Document's text becomes its article body.

datatrove (the library FineWeb was processed with) runs pipelines of readers,
filters and writers on one machine (``LocalPipelineExecutor``), on Slurm or
on Ray. ``CleanseStep`` sits between a reader and a writer like datatrove's own
``Trafilatura`` extractor, with three differences that matter for a corpus run:

- it takes plain text as well as HTML (``input_format="auto"`` looks at each
  document), because many corpora were extracted once already and still carry
  the donation appeal and the menu;
- what it did is written on the document (``doc.metadata["cleanse_*"]``) and
  counted in the step's stats, with the blocks dropped per rule code, the way
  datatrove filters count drops per reason;
- one bad document never stops the run: the error is counted and logged once,
  and the document is dropped or kept unchanged (``on_error``).

>>> from datatrove.data import Document
>>> body = ("The council said on Tuesday that it would build a new bridge over the river, and that the "
...         "work should be done by the end of the year if the money promised by the government arrives.")
>>> doc = Document(text="Support us!\\n\\n" + body + "\\n\\nRead more", id="p1", metadata={"url": "https://example.org/a"})
>>> step = CleanseStep()
>>> [out] = step.run(iter([doc]))
>>> out.text == body + "\\n"
True
>>> out.metadata["cleanse_dropped"], out.metadata["cleanse_dropped_by_code"]
(2, {'APL001': 1, 'NAV001': 1})
>>> step.stats["forwarded"].total, step.stats["blocks_dropped_APL001"].total
(1, 1)

Importing this module needs datatrove (``pip install 'cleanse[datatrove]'``);
``import cleanse`` does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

from ..cleaner import Cleaner
from ..errors import ConfigError, InputError
from ..html import looks_like_html
from ..model import Result

INPUT_FORMATS = ("auto", "text", "html")
ON_ERROR = ("drop", "keep")


class CleanseStep(PipelineStep):  # type: ignore[misc]  # datatrove ships no type hints
    """Replace each document's text with its article body; drop documents left empty.

    Args:
        cleaner: a configured ``Cleaner``; or leave it out and pass the
            ``Cleaner`` keyword arguments (``select=``, ``ignore=``,
            ``favor=``, ``config=``...) to this step instead. Either way the
            cleaner is built here, once, so a bad rule selector fails before
            the executor starts any task.
        input_format: ``"auto"`` reads a document as HTML when its text looks
            like an HTML page and as plain text otherwise; ``"text"`` and
            ``"html"`` force one front end for the whole corpus.
        drop_empty: drop a document whose body comes out empty (counted as
            ``dropped_empty``). When False it goes on with ``text == ""``.
        on_error: a document that cannot be cleaned (text that is not a
            string, a plugin rule that raises...) is counted as ``error`` and
            then dropped (``"drop"``, counted as ``dropped_error``, as
            datatrove's extractors do) or passed on unchanged (``"keep"``).
            Either way ``cleanse_error`` in its metadata says why.
        url_key: the metadata field holding the page's URL, handed to the
            rules that look at it.

    Metadata written on every cleaned document: ``cleanse_format`` (``text``
    or ``html``), ``cleanse_blocks`` and ``cleanse_dropped`` (blocks seen and
    dropped), ``cleanse_dropped_by_code`` (blocks dropped per rule code),
    ``cleanse_language`` and ``cleanse_fallback`` (the rules would have kept
    nothing and the most prose-like region was kept instead); for HTML,
    ``cleanse_metadata``: the page's title, author, date, language, URL,
    site name and description (``None`` where the page does not say), as
    ``cleanse --format json`` prints them under ``metadata``.

    Stats: datatrove's ``total`` / ``forwarded`` / ``dropped``, the reasons
    ``dropped_empty`` and ``dropped_error``, ``error``, ``html``, ``fallback``,
    and ``blocks_dropped_<CODE>`` per rule code (its total is the number of
    blocks that code dropped, its mean the blocks per document it fired on).
    """

    name = "🧹 cleanse"
    # An extractor in datatrove's sense: raw page text in, body text out.
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        cleaner: Cleaner | None = None,
        *,
        input_format: str = "auto",
        drop_empty: bool = True,
        on_error: str = "drop",
        url_key: str = "url",
        **cleaner_options: Any,
    ) -> None:
        super().__init__()
        if input_format not in INPUT_FORMATS:
            raise ConfigError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
        if on_error not in ON_ERROR:
            raise ConfigError(f"on_error must be one of {', '.join(ON_ERROR)}, not {on_error!r}")
        if cleaner is not None and cleaner_options:
            raise ConfigError(
                f"pass either a Cleaner or Cleaner options, not both (got {', '.join(sorted(cleaner_options))})"
            )
        self.cleaner = cleaner if cleaner is not None else Cleaner(**cleaner_options)
        self.input_format = input_format
        self.drop_empty = drop_empty
        self.on_error = on_error
        self.url_key = url_key
        self._warned_error = False

    def clean_document(self, doc: Document) -> bool:
        """Clean one document in place and count it; returns whether it goes on down the pipeline."""
        url = doc.metadata.get(self.url_key)
        try:
            result, fmt = self._analyze(doc.text, url if isinstance(url, str) else "")
        except Exception as exc:
            # One document must not end a task that may have run for hours: count it, say it once.
            reason = f"{type(exc).__name__}: {exc}"
            doc.metadata["cleanse_error"] = reason
            self.stat_update("error")
            if not self._warned_error:
                logger.warning(f"cleanse could not clean document {doc.id!r}: {reason} (said once per task)")
                self._warned_error = True
            if self.on_error == "drop":
                self.stat_update(StatHints.dropped, "dropped_error")
                return False
            return True
        drop_counts = result.drop_counts()
        doc.text = result.text
        doc.metadata.update(
            cleanse_format=fmt,
            cleanse_blocks=len(result.verdicts),
            cleanse_dropped=len(result.dropped),
            cleanse_dropped_by_code=drop_counts,
            cleanse_language=result.language,
            cleanse_fallback=result.fallback,
        )
        if result.metadata is not None:
            # What an HTML page says about itself, in the shape of `cleanse --format json`'s "metadata".
            doc.metadata["cleanse_metadata"] = result.metadata.as_dict()
        if fmt == "html":
            self.stat_update("html")
        if result.fallback:
            self.stat_update("fallback")
        for code, count in sorted(drop_counts.items()):
            self.stat_update(f"blocks_dropped_{code}", value=count)
        if self.drop_empty and not result.text.strip():
            self.stat_update(StatHints.dropped, "dropped_empty")
            return False
        return True

    def _analyze(self, text: object, url: str) -> tuple[Result, str]:
        if isinstance(text, bytearray | memoryview):
            text = bytes(text)
        if not isinstance(text, str | bytes):
            # A JSON reader hands over whatever the field held: a number, a list, null.
            raise InputError(f"document text is {type(text).__name__}, not str")
        fmt = self.input_format
        if fmt == "auto":
            # Only the head decides; latin-1 maps every byte, enough to see ASCII tags.
            head = text[:2048] if isinstance(text, str) else text[:2048].decode("latin-1")
            fmt = "html" if looks_like_html(head) else "text"
        if fmt == "html":
            return self.cleaner.analyze_html(text, url=url), fmt
        return self.cleaner.analyze(text, url=url), fmt

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Clean each document of ``data`` in order, yielding those that go on."""
        if data is None:
            return
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                forward = self.clean_document(doc)
            if forward:
                self.stat_update(StatHints.forwarded)
                if isinstance(doc.text, str):  # on_error="keep" passes on whatever the text was
                    self.update_doc_stats(doc)
                yield doc


__all__ = ["CleanseStep"]
