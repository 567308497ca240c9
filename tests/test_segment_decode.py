"""Segmentation keeps exact text and offsets; decoding handles what scrapers emit."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleanse.decode import decode
from cleanse.errors import InputError
from cleanse.segment import _segment_any, _segment_lf, segment


@given(st.text())
def test_blocks_are_exact_slices(text: str) -> None:
    for b in segment(text):
        assert text[b.start : b.end] == b.text
        assert b.text.strip()


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_line_endings(nl: str) -> None:
    text = f"One{nl}{nl}Two{nl}Three{nl}"
    blocks = segment(text)
    assert [b.text for b in blocks] == ["One", "Two", "Three"]
    assert [b.para for b in blocks] == [0, 1, 1]


def test_bom_tabs_nbsp_and_blank_lines() -> None:
    text = "\ufeffTitle\n\t\n\u00a0\u00a0\n\tIndented body line\u00a0with nbsp.\n"
    assert [b.text for b in segment(text)] == ["\ufeffTitle", "\tIndented body line\u00a0with nbsp."]


def test_very_long_line() -> None:
    text = "word " * 200_000
    (block,) = segment(text)
    assert block.end - block.start == len(text)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings(encoding: str) -> None:
    text = "Über die Straße, 東京 and café\n"
    assert decode(text.encode(encoding)) == text


def test_cyrillic_legacy_encoding() -> None:
    text = "Городской совет во вторник проголосовал за продление трамвайной линии в северные районы города."
    assert decode(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"\x1f\x8b\x08\x00rest", "gzip"), (b"%PDF-1.7 ...", "PDF"), (bytes(range(32)) * 50, "binary")],
)
def test_binary_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(InputError, match=what):
        decode(data)


def test_empty() -> None:
    assert decode(b"") == ""
    assert segment("") == ()


def test_utf16_bom_is_stripped() -> None:
    assert decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le")) == "hi"


def test_meta_charset_utf16_on_ascii_readable_bytes_is_ignored() -> None:
    # WHATWG: a <meta> that says UTF-16 was read as ASCII, so it lies.
    data = b'<meta charset="utf-16"><p>Caf\xe9 cr\xe8me, a line of text long enough to guess from.</p>'
    assert "Café crème" in decode(data, is_html=True)


def test_blank_lines_are_not_listed_first() -> None:
    import tracemalloc

    # 100 MB of blank lines made 66 million spans before filtering (6.6 GB).
    text = "Title\n" + " \t\r\n\n\r" * 100_000 + "Body."
    tracemalloc.start()
    try:
        blocks = segment(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [b.text for b in blocks] == ["Title", "Body."] and blocks[1].para == 1
    assert peak < 2 * len(text) * 2 + 1_000_000  # the separator's copy, not a list per line


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\u00a0", "\u200b", "\u2028", "\v", "\f", "é"])))
@example("a\n\n\nb\n \nc\n")
def test_the_newline_fast_path_agrees_with_the_general_one(text: str) -> None:
    # Three implementations of one job: the split path for text without \r
    # (most pages) and the str.find path for such text over 1M characters
    # must make exactly the blocks the regex path makes.
    assert segment(text) == _segment_any(text) == _segment_lf(text)
