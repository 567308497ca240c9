"""Invariants, by hypothesis: no crash, deletion only, idempotent, deterministic.

Pages are generated as a clean article (paragraphs of sentences) with
boilerplate lines, rule examples and random text mixed in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cleanse
from cleanse.html import looks_like_html
from cleanse.segment import segment
from cleanse.testing import EXAMPLE_URL, example_profile, weight_on

ARTICLE = [
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate that had lasted for almost three years.",
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics warn that the cost has already doubled since the first estimate.",
    "The mayor said the work would begin in the spring and that the first trams could run before the end of the next year, if the funding from the region arrives on time.",
    "Residents who live along the planned route will be invited to a public meeting next month, where engineers are expected to present the final drawings.",
    "Opposition councillors said they would keep pressing for an independent audit of the budget before any contracts are signed with the builders.",
]

BOILERPLATE = [
    "Support us!", "Read more", "Share on Facebook", "Sign up for our newsletter", "Accept all cookies",
    "© 2025 Example Media. All rights reserved.", "Skip to content", "Advertisement", "Remind me later.",
    "Not ready to support today?", "paiment methods", "Log in", "Home › News › Local",
]  # fmt: skip

SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\r"])
LINE = st.one_of(
    st.sampled_from(ARTICLE + BOILERPLATE),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=80),
)


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=25))
    seps = [draw(SEPARATORS) for _ in lines]
    return "".join(line + sep for line, sep in zip(lines, seps, strict=True))


def blocks_of(text: str) -> list[str]:
    return [b.text for b in segment(text)]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(s == b for b in it) for s in small)


@given(st.text())
@example("\x00\x00\x00")
@example("\ufeff")
@example("\r\r\n\n\u2028\u0085")
@example("a" * 100_000)
def test_never_raises_on_any_string(text: str) -> None:
    result = cleanse.analyze(text)
    assert isinstance(result.text, str)
    assert len(result.verdicts) == len(segment(text))


@pytest.mark.parametrize("front_end", [cleanse.clean, cleanse.clean_html], ids=["text", "html"])
@given(data=st.binary())
@example(data=b"\xff\xfe\x00")
@example(data=b"\x1f\x8b\x08\x00")
@example(data=b"\xc3\x28 invalid utf-8 \xa0\xa1")
@example(data=b'<html><head><meta charset="windows-1251"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>')
def test_bytes_either_clean_or_refuse_clearly(front_end, data: bytes) -> None:
    try:
        out = front_end(data)
    except cleanse.InputError as exc:
        assert str(exc)
    else:
        assert isinstance(out, str)


@given(pages())
def test_output_is_an_in_order_subsequence_of_the_input(page: str) -> None:
    out_blocks = blocks_of(cleanse.clean(page))
    assert is_subsequence(out_blocks, blocks_of(page))
    # and every kept block is exactly a line of the input, untouched
    assert set(out_blocks) <= set(blocks_of(page))


@given(pages())
def test_deterministic(page: str) -> None:
    assert cleanse.clean(page) == cleanse.clean(page)
    assert cleanse.Cleaner().clean(page) == cleanse.clean(page)


@given(pages())
@example("Support us!\n\n" + "\n\n".join(ARTICLE) + "\n\nRead more\n")
@example(ARTICLE[0] + "\nA\nA\nA\nSupport us!\nA\n" + ARTICLE[0] + "\n")
# a short line kept between two paragraphs, the second of which goes with the section a share row heads
@example(ARTICLE[0] + "\n" + ARTICLE[1] + "\n0\nShare on Facebook\n" + ARTICLE[2] + "\n")
# three short paragraphs make a run that stands alone; the last goes with the share row's section
@example(ARTICLE[2] + "\n" + ARTICLE[2] + "\n" + ARTICLE[1] + "\nShare on Facebook\n" + ARTICLE[0] + "\n")
def test_idempotent(page: str) -> None:
    once = cleanse.clean(page)
    assert cleanse.clean(once) == once


# One clean article per language whose phrase packs the drop examples use.
ARTICLES = {
    "en": ("Tram Line to Reach the North by 2027", ARTICLE),
    "de": ("Straßenbahn fährt ab 2027 in den Norden", [
        "Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie bis in die nördlichen Stadtteile zu verlängern, nach einer Debatte, die fast drei Jahre gedauert hat.",
        "Befürworter des Plans sagen, dass sich die Fahrzeit für Tausende von Pendlern halbieren wird, während Kritiker warnen, dass sich die Kosten seit der ersten Schätzung verdoppelt haben.",
        "Die Bürgermeisterin sagte, die Arbeiten würden im Frühjahr beginnen und die ersten Bahnen könnten noch vor dem Ende des nächsten Jahres fahren, wenn das Geld aus der Region pünktlich kommt.",
        "Anwohner, die an der geplanten Strecke wohnen, werden im nächsten Monat zu einer öffentlichen Versammlung eingeladen, auf der die Ingenieure die endgültigen Pläne vorstellen wollen.",
        "Die Opposition im Stadtrat kündigte an, weiter auf eine unabhängige Prüfung des Haushalts zu drängen, bevor Verträge mit den Baufirmen unterschrieben werden.",
    ]),
    "fr": ("Le tramway atteindra le nord de la ville en 2027", [
        "Le conseil municipal a voté mardi le prolongement de la ligne de tramway vers les quartiers nord, mettant fin à un débat qui durait depuis près de trois ans.",
        "Les partisans du projet affirment qu'il réduira de moitié le temps de trajet de milliers de personnes, tandis que les critiques rappellent que le coût a déjà doublé depuis la première estimation.",
        "Le maire a indiqué que les travaux commenceraient au printemps et que les premières rames pourraient circuler avant la fin de l'année prochaine, si le financement de la région arrive à temps.",
        "Les habitants qui vivent le long du tracé seront invités le mois prochain à une réunion publique, au cours de laquelle les ingénieurs doivent présenter les plans définitifs.",
        "Les élus de l'opposition ont annoncé qu'ils continueraient à demander un audit indépendant du budget avant la signature des contrats avec les entreprises.",
    ]),
    "ru": ("Трамвай дойдёт до северных районов к 2027 году", [
        "Городской совет во вторник проголосовал за продление трамвайной линии в северные районы, завершив спор, который длился почти три года.",
        "Сторонники плана говорят, что он вдвое сократит время в пути для тысяч жителей, а критики предупреждают, что стоимость уже выросла вдвое по сравнению с первой оценкой.",
        "Мэр сказал, что работы начнутся весной и первые трамваи могут пойти до конца следующего года, если деньги из области придут вовремя.",
        "Жителей, которые живут вдоль будущей линии, пригласят в следующем месяце на общественное собрание, где инженеры представят окончательные чертежи.",
        "Депутаты от оппозиции заявили, что будут и дальше добиваться независимой проверки бюджета до того, как будут подписаны договоры со строителями.",
    ]),
}  # fmt: skip


def _article(lang: str = "en", sep: str = "\n\n") -> str:
    title, paragraphs = ARTICLES[lang]
    return title + sep + sep.join(paragraphs) + "\n"


def _flags_in(code: str, text: str, lang: str) -> bool:
    return weight_on(cleanse.get_rule(code), text, lang) > 0


def _drop_examples() -> list[tuple[str, str, str]]:
    out = []
    for rule in cleanse.list_rules():
        for text in rule.drop:
            if looks_like_html(text):
                continue  # structural rules' examples are HTML: tests/test_html.py
            if rule.page_examples:
                continue  # a whole page, flagged where it stands: the contract test checks it
            if rule.starts_thread:
                continue  # a marker the decision reads only where a thread follows (test_decide.py)
            langs = [lang for lang in ARTICLES if _flags_in(rule.code, text, lang)]
            # Every example is recognised in one of the article languages, so
            # the property below is never vacuous for it.
            assert langs, f"{rule.code} example {text!r} is not flagged in any of {list(ARTICLES)}"
            out.append((rule.code, text, langs[0] if "en" not in langs else "en"))
    return out


@functools.cache
def _cleaner_for(code: str) -> cleanse.Cleaner:
    """The default cleaner, with the options a rule's examples need (SIT001 flags nothing until configured)."""
    rule = cleanse.get_rule(code)
    options = {code: dict(rule.example_options)} if rule.example_options else {}
    return cleanse.Cleaner(cleanse.Config(rule_options=options))


@pytest.mark.parametrize(("code", "text", "lang"), _drop_examples())
@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_inserting_a_drop_example_changes_nothing(code: str, text: str, lang: str, sep: str) -> None:
    """Inserting any rule's drop example into an article in its language changes nothing.

    Examples that are only weak evidence (an author bio reads like prose) are
    dropped at the body's edge, where they occur, and may stay inside it.
    """
    article = _article(lang, sep)
    clean = _example_clean(code)
    assert clean(article) == article, "the clean article itself must survive whole"
    n = len(ARTICLES[lang][1])
    prose_with_weak_evidence = weight_on(cleanse.get_rule(code), text, lang) < 1.0 and len(text) >= 70
    for at in (n,) if prose_with_weak_evidence else (1, 3, n):
        parts = article.rstrip("\n").split(sep)
        parts.insert(at + 1, text)
        assert clean(sep.join(parts) + "\n") == article, f"{code} example {text!r} at paragraph {at}"


def _example_clean(code: str) -> Callable[[str], str]:
    """``clean`` as the rule's examples see pages: with the options they need (SIT001 flags
    nothing until configured), as pages of its example site with that site's profile."""
    cleaner = _cleaner_for(code)
    profile = example_profile(cleanse.get_rule(code))
    if profile is None:
        return cleaner.clean
    cleaner = cleanse.Cleaner(cleaner.config, profile=profile)
    return lambda text: cleaner.clean(text, url=EXAMPLE_URL)


def _keep_examples() -> list[tuple[str, str]]:
    return [(r.code, t) for r in cleanse.list_rules() for t in r.keep if not looks_like_html(t)]


@pytest.mark.parametrize(("code", "text"), _keep_examples())
def test_keep_examples_survive_inside_an_article(code: str, text: str) -> None:
    parts = list(ARTICLE)
    parts.insert(2, text)
    out = _example_clean(code)("\n\n".join(parts))
    assert text in out, f"{code} look-alike {text!r} was dropped"
