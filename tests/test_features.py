"""Block features: the page-wide counting agrees with counting line by line."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleanse.features import _PAGE_WORDS, _block_figures, _lowered_words, _page_figures
from cleanse.lang import stoplist


def test_lowercasing_keeps_word_characters_word_characters() -> None:
    # _lowered_words lowercases the words instead of the page: that needs
    # every character's lowercase to be word characters exactly when the
    # character is one, and a line break nowhere else. Checked for every
    # code point, against the installed regex module's idea of a word.
    word = regex.compile(r"\w")
    odd = []
    for code in range(0x110000):
        char = chr(code)
        lowered = char.lower()
        is_word = word.match(char) is not None
        if any((word.match(c) is not None) != is_word for c in lowered) or ("\n" in lowered and char != "\n"):
            odd.append(hex(code))
    assert odd == []


def test_a_capital_sigma_is_lowercased_in_its_context() -> None:
    # "ΑΣ.Β": the sigma is not final (a letter follows the full stop); the words alone would make it so.
    for text in ("ΑΣ.Β ΟΔΟΣ.", "ΟΔΟΣ\nΑΣ'Β", "abc"):
        words = _PAGE_WORDS.findall(text)
        assert _lowered_words(words, text) == " ".join(_PAGE_WORDS.findall(text.lower()))


def test_page_figures_agree_with_block_figures() -> None:
    texts = [
        "Hello World 2024 2nd 10,000 3.5 \U00011f50\U00011f51 1\U00011f50x",
        "ΑΣ.Β ΟΔΟΣ. The End!",
        "",
        "İstanbul ǅemal x1 42 ٣٤",
        "Ⓐ Ⅻ Éric _id",
        "a “b” (c).",
    ]
    stop = stoplist("en")
    assert _page_figures(texts, stop) == _block_figures(texts, stop)
    assert _page_figures(texts[:1], stop) == _block_figures(texts[:1], stop)


_PIECES = [*"aZ Σ.İß1٣Ⓐǅ_'’!?\"", "ΑΣ", "\u0307", "\U00011f50"]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_page_figures_agree_with_block_figures_on_any_lines(texts: list[str]) -> None:
    stop = stoplist("en")
    assert _page_figures(texts, stop) == _block_figures(texts, stop)
