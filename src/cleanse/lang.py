"""Languages: stoplists, page language detection, and script-aware word counts.

Stoplists come from jusText's package data (BSD-2-Clause, built from Wikipedia
for exactly this job: telling prose from boilerplate). Detection is
py3langid's (BSD, offline, model in the package); scripts without spaces (Chinese, Japanese, Thai) are recognised by
their characters instead, since stoplists cannot see words there.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources

import regex

# ISO 639-1 code -> jusText stoplist name. Curated: jusText also ships
# regional and constructed languages whose lists would steal votes from
# their neighbours (Simple_English, Low_Saxon, Volapuk...).
JUSTEXT_NAMES: Mapping[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "ms": "Malay", "nb": "Norwegian_Bokmal", "nl": "Dutch", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
}  # fmt: skip

# Function characters of languages written without spaces; their share in a
# block plays the role stopword density plays elsewhere.
CJK_FUNCTION_CHARS: Mapping[str, frozenset[str]] = {
    "zh": frozenset("的了是在和也有就不人我这他们你中为以说到对上个来要于与而及或但"),
    "ja": frozenset("のにはをがでとてたしもなかるれいうすらこそあ"),
    "th": frozenset("ที่และในการของเป็นไม่ได้มีให้ว่า"),
}

WORD = regex.compile(r"\w+")
_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_THAI = regex.compile(r"\p{Thai}")
_HANGUL = regex.compile(r"\p{Hangul}")
_LETTER = regex.compile(r"\p{L}")
_CJK_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")

#: share of English stopwords from which a page is English without asking py3langid
_ENGLISH_SHARE = 0.25

#: how much of a page detection reads; the head is enough and keeps it O(1)
_SAMPLE_CHARS = 3_000


@functools.cache
def stoplist(lang: str) -> frozenset[str]:
    """The stopwords of ``lang`` (ISO 639-1), empty for unknown languages."""
    name = JUSTEXT_NAMES.get(lang)
    if name is None:
        return frozenset()
    text = resources.files("justext").joinpath("stoplists", f"{name}.txt").read_text("utf-8")
    # Some lists carry Wikipedia debris ("(engl.", "1800-luvun"); words only.
    return frozenset(w for w in (line.strip().lower() for line in text.splitlines()) if WORD.fullmatch(w))


def detect(text: str) -> str:
    """Guess the page language as an ISO 639-1 code ("" when unsure).

    Scripts without spaces are recognised by their characters; the rest goes
    to py3langid (a character n-gram model shipped in the package, offline,
    about half a millisecond a page).

    >>> detect("Der Hund läuft über die Straße und bellt, weil er nicht allein sein will.")
    'de'
    >>> detect("这是一个关于城市交通的新闻报道，我们的记者在现场。")
    'zh'
    """
    sample = _sample(text)
    if not sample.strip():
        return ""
    # Fast path for the commonest case: English prose is about half stopwords,
    # other languages' text under a tenth English ones (measured on our pages).
    words = WORD.findall(sample.lower())
    english = stoplist("en")
    if words and sum(map(english.__contains__, words)) / len(words) >= _ENGLISH_SHARE:
        return "en"
    letters = len(_LETTER.findall(sample)) or 1
    if len(_KANA.findall(sample)) / letters > 0.05:
        return "ja"
    if len(_HAN.findall(sample)) / letters > 0.3:
        return "zh"
    if len(_THAI.findall(sample)) / letters > 0.3:
        return "th"
    if len(_HANGUL.findall(sample)) / letters > 0.3:
        return "ko"
    import py3langid

    lang: str = py3langid.classify(sample)[0]
    return lang


def _sample(text: str) -> str:
    """The page's longest lines: prose says more about the language than menus."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    lines = sorted(text[: _SAMPLE_CHARS * 10].splitlines(), key=len, reverse=True)
    out: list[str] = []
    size = 0
    for line in lines:
        out.append(line[:_SAMPLE_CHARS])
        size += len(out[-1])
        if size >= _SAMPLE_CHARS:
            break
    return "\n".join(out)


def is_spaceless(lang: str) -> bool:
    """Languages whose words are not separated by spaces."""
    return lang in CJK_FUNCTION_CHARS


def cjk_chars(text: str) -> int:
    """Count Han, kana and Thai characters (each about a word's worth of text)."""
    return len(_CJK_CHAR.findall(text))
