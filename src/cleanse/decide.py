"""The one place where evidence becomes keep or drop.

Two stages, after jusText: classify each block on its own (rule evidence plus
its shape: length and stopword density), then revise by context (short and
borderline blocks take the side of their neighbours; a heading just above the
body stays; nothing outside the body survives on shape alone). Context
decisions carry their own codes (``CONTEXT_CODES``) so explanations show them.
Every threshold is a named value of ``Thresholds`` (docs/algorithm.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise
from typing import NamedTuple

from . import lang as langs
from .config import Thresholds
from .features import Features, Page, normalise
from .model import Finding, Verdict

# Codes of decisions made by context, not by a rule. Documented like rules.
CONTEXT_CODES: dict[str, tuple[str, str]] = {
    "CTX001": ("not-prose", "Too few stopwords or sentences to be article prose, and nothing around it is."),
    "CTX002": ("between-boilerplate", "A short or borderline block whose neighbours were dropped."),
    "CTX003": ("outside-body", "Before the article starts or after it ends, with no prose of its own."),
    "CTX004": ("weak-evidence", "Rule evidence below the drop threshold tipped a borderline block."),
    "CTX005": ("fallback-region", "The decision kept almost nothing; the most prose-like region was kept instead."),
    "CTX006": (
        "closed-section",
        "Below a heading that ends the article (author box, related links, comments), or after its <article> element.",
    ),
    "CTX007": ("repeated-paragraph", "The same paragraph stands higher up the page (layouts printed twice)."),
    "CTX008": (
        "comment-thread",
        "In the reader comment thread that follows the article, from its first comment header on.",
    ),
}


class Klass(IntEnum):
    """jusText's block classes, in order of confidence that a block is body."""

    BAD = 0
    SHORT = 1
    NEAR = 2
    GOOD = 3


# The classes as plain names: a member looked up on its enum costs ten times a
# global, and the decision asks for one several times per block and pass.
BAD, SHORT, NEAR, GOOD = Klass.BAD, Klass.SHORT, Klass.NEAR, Klass.GOOD


@dataclass(slots=True)
class _State:
    klass: Klass
    #: a tuple, not a list: most blocks have none, and () costs no allocation
    codes: tuple[str, ...]
    reason: str
    evidence: float
    #: dropped on rule evidence: context looks through it (an ad label or an
    #: appeal inside an article interrupts the body, it does not end it)
    flagged: bool = False
    #: kept on rule evidence of body (evidence <= -strong): context never drops it
    body: bool = False
    #: flagged with strong evidence: boilerplate that context does not look
    #: through. Fixed with the evidence, so set once instead of tested per scan
    wall: bool = False
    #: an item line of a list (``_mark_lists``), borderline prose from then on
    item: bool = False

    def drop(self, code: str, reason: str, *, alone: bool = False) -> None:
        """Drop the block by context: ``code`` joins its rule codes, or replaces them when ``alone``."""
        self.klass = BAD
        self.codes = (code,) if alone else (*self.codes, code)
        self.reason = reason


def _prose_class(f: Features, has_stoplist: bool, t: Thresholds) -> Klass:
    """jusText's context-free class from length and stopword density.

    ``has_stoplist``: the page's language has a stoplist or is written
    without spaces (asked once per page, not per block).
    """
    if f.chars < t.length_low:
        return SHORT
    if _title_case_run(f, t):
        return BAD
    if has_stoplist:
        density = f.stop_ratio
    else:
        # No stoplist for this language: sentence punctuation stands in.
        density = t.stopwords_high if f.sentences else 0.0
    if density >= t.stopwords_high:
        return GOOD if f.chars >= t.length_high else NEAR
    if density >= t.stopwords_low or (f.ends_sentence and f.words >= t.sentence_words and density > 0):
        # A real sentence is borderline prose even when its words are rare
        # ("Visa and Mastercard reported higher payment volumes ...").
        return NEAR
    return BAD


def _title_case_run(f: Features, t: Thresholds) -> bool:
    """A long line of capitalised words and no sentence end: a menu or link list
    flattened into one line ("About Us Services Insights Careers Locations ..."),
    which stopwords alone call prose. Sentences capitalise a word in five."""
    return (
        f.words >= t.title_case_words
        and not f.ends_sentence
        and f.sentences == 0
        and f.capitalised >= t.title_case_share * f.words
    )


def _initial(
    page: Page,
    findings: Sequence[Sequence[Finding]],
    t: Thresholds,
    codes: RuleCodes,
    explain: bool = True,
) -> list[_State]:
    """Stage 1: each block's class from its own evidence and shape.

    A short line whose only evidence is weak and comes from ``codes.context``
    (rules that leave short lines to context) stays short: context decides.
    Without ``explain`` the findings are not spelled out in the reasons
    (``kept`` reads no reasons).
    """
    states: list[_State] = []
    add = states.append
    has_stoplist = bool(langs.stoplist(page.lang)) or langs.is_spaceless(page.lang)
    # Most blocks: no rule spoke, so the evidence is 0, neither strong nor weak
    # (unless a configuration makes 0 strong), and the shape alone decides.
    quiet_is_plain = t.strong > 0
    thread = codes.thread
    for f, found in zip(page.features, findings, strict=True):
        if thread and found:
            # A comment header's finding marks where a thread may start
            # (``_close_thread``); as evidence it would cut a forum's posts apart.
            found = [x for x in found if x.code not in thread]
        if f.seen_before and f.chars >= t.repeat_chars:
            # A paragraph printed twice (desktop and mobile layouts) counts once;
            # later copies are looked through like flagged blocks. A copy keeps
            # the phrase rules' strong evidence, so that filling the body does not
            # take back a sign-up line printed again under the thread.
            carried = _phrase_evidence(found, codes.phrases, t) if found else 0.0
            add(
                _State(BAD, ("CTX007",), "a repeat of a paragraph higher up", carried, True, False, carried >= t.strong)
            )
            continue
        prose = _prose_class(f, has_stoplist, t)
        if not found and quiet_is_plain:
            add(
                _State(prose, ("CTX001",), _NOT_PROSE, 0.0)
                if prose is BAD
                else _State(prose, (), _PROSE_REASON[prose], 0.0)
            )
            continue
        evidence = sum([x.weight for x in found]) if found else 0.0
        # Strongest first (the sort is stable: one finding, or equal weights, keep their order).
        ordered = sorted(found, key=_by_weight) if len(found) > 1 else found
        rule_codes = tuple([x.code for x in ordered])
        why = _why(ordered) if explain else ""
        if evidence >= t.strong:
            add(_State(BAD, rule_codes, why, evidence, True, False, True))
            continue
        if evidence <= -t.strong:
            # Strong evidence of body (the page declares this text its article,
            # HTM004): good prose whatever its shape, and context leaves it be.
            add(_State(GOOD, (), "body: " + why, evidence, body=True))
            continue
        if evidence > 0 and not (prose is GOOD and f.chars >= t.long_prose):
            # Weak evidence: prose stays only if the body surrounds it (decided
            # in _resolve_near); short lines and non-prose go. Long prose holds.
            sentence = f.ends_sentence and not (f.ends_question or f.ends_exclamation) and f.words >= t.sentence_words
            demoted = NEAR if prose >= NEAR or sentence else BAD
            if prose is SHORT and demoted is BAD and codes.context.issuperset(rule_codes):
                demoted = SHORT
            reason = why + " (weak evidence)"
            add(_State(demoted, (*rule_codes, "CTX004"), reason, evidence, flagged=True))
            continue
        if prose is BAD:
            add(_State(prose, ("CTX001",), _NOT_PROSE, evidence))
        else:
            add(_State(prose, (), _PROSE_REASON[prose], evidence))
    return states


_NOT_PROSE = "not prose: few stopwords for its length"


def _phrase_evidence(found: Sequence[Finding], phrases: frozenset[str], t: Thresholds) -> float:
    """The phrase rules' evidence on a repeated paragraph, when it is strong (else 0).

    Only phrases: a carousel prints its slides twice, one copy in elements
    named like furniture ("card-footer"), and gold keeps such slides; the
    structure rules' evidence carried over cost HTML F1 0.0005 on the WCXB
    dev pages. Nor ``repeated-line``, which says what the repeat says.
    """
    evidence = sum([x.weight for x in found if x.code in phrases])
    return evidence if evidence >= t.strong else 0.0


_PROSE_REASON = {
    GOOD: "prose: long with many stopwords",
    NEAR: "borderline prose",
    SHORT: "short",
}


def _by_weight(x: Finding) -> float:
    return -x.weight


def _why(ordered: Sequence[Finding]) -> str:
    """The findings of a block, strongest first, as one reason."""
    return "; ".join([f"{x.code} {x.name}: {x.message}" for x in ordered])


#: per block: the nearest class looked for, whether a wall stands before it, and where that block is (-1: none)
_Seen = tuple[list[Klass], list[bool], list[int]]


def _look(states: list[_State], skip: tuple[Klass, ...], order: Iterable[int]) -> _Seen:
    """For every block, walking in ``order``: the class of the nearest block
    passed before it that is not in ``skip``, and whether boilerplate (a
    strongly flagged block) stands between the two.

    Blocks that rules dropped inside an article ("Advertisement", "Share on
    Facebook") are looked through: inside the article they interrupt the body,
    they do not end it; at its edge they are the wall between the body and the
    page around it. Page edges count as boilerplate. One pass, so long runs of
    short lines cost linear time.
    """
    n = len(states)
    nearest, walled, where = [BAD] * n, [False] * n, [-1] * n
    last, wall, at = BAD, False, -1
    for i in order:
        s = states[i]
        nearest[i] = last
        walled[i] = wall
        where[i] = at
        if s.flagged:
            if s.wall:
                wall = True
        elif s.klass not in skip:
            last, wall, at = s.klass, False, i
    return nearest, walled, where


def _above(states: list[_State], skip: tuple[Klass, ...]) -> _Seen:
    return _look(states, skip, range(len(states)))


def _below(states: list[_State], skip: tuple[Klass, ...]) -> _Seen:
    return _look(states, skip, range(len(states) - 1, -1, -1))


def _same_container(page: Page, i: int, j: int) -> bool:
    """In HTML, are blocks ``i`` and ``j`` of one container: the same element path, and class names in common or none?"""
    if not page.markup or j < 0:
        return False
    a, b = page.blocks[i], page.blocks[j]
    return a.path == b.path and (a.tokens == b.tokens or not a.tokens.isdisjoint(b.tokens))


def _split_at_walls(page: Page, states: list[_State], run: list[int]) -> list[list[int]]:
    """``run`` (block indices in order) cut wherever a strongly flagged block stands between two of them.

    In HTML, not between two blocks of one container: each card of a listing
    ends in its own "Add to cart", and the next card goes on all the same.
    """
    parts = [[run[0]]]
    for prev, k in pairwise(run):
        if k > prev + 1 and any(states[m].wall for m in range(prev + 1, k)) and not _same_container(page, prev, k):
            parts.append([])
        parts[-1].append(k)
    return parts


def _is_heading(f: Features, t: Thresholds) -> bool:
    """A title or subheading: a few words, no sentence end, a capital letter.

    Menu items are one or two words; titles have at least ``heading_words``.
    """
    return t.heading_words <= f.words - f.digits <= 25 and not f.ends_sentence and f.capitalised >= 1


def _resolve_near(page: Page, states: list[_State], t: Thresholds) -> None:
    """Borderline prose joins the body when good prose is its nearest neighbour.

    A run of borderline blocks long enough to hold an article on its own
    (news written in short paragraphs never reaches ``length_high``) joins too.
    """
    skip = (NEAR, SHORT)
    walls = t.edge_walls_html if page.markup else t.edge_walls_text
    n = len(states)
    # The neighbours are looked up once, on the classes before this step, and
    # only when there is borderline prose to decide: a run's verdict is
    # written at once, since later runs read neither it nor blocks above them.
    seen: tuple[_Seen, _Seen] | None = None
    body_chars = 0
    i = 0
    while i < n:
        if states[i].klass is not NEAR or states[i].flagged:
            i += 1
            continue
        if seen is None:
            seen = _above(states, skip), _below(states, skip)
            body_chars = sum(f.chars for s, f in zip(states, page.features, strict=True) if s.klass is GOOD)
        (above, up, at_above), (below, down, at_below) = seen
        j = i  # the run of NEAR blocks; SHORT blocks and inline labels inside it allowed
        while j + 1 < n and (states[j + 1].klass in skip or states[j + 1].flagged):
            j += 1
        run = [k for k in range(i, j + 1) if states[k].klass is NEAR and not states[k].flagged]
        # Enough borderline paragraphs to be an article on their own (boilerplate
        # lines between them included) stay whole: an article going on in short
        # paragraphs past a share row. Otherwise each stretch of the run between
        # strongly flagged blocks joins the body only where no boilerplate walls
        # it off from the body.
        run_chars = sum(page.features[k].chars for k in run)
        long_run = len(run) >= t.prose_run_blocks and run_chars >= 2 * t.length_high
        if long_run and all(states[k].item for k in run):
            # Item lines are no paragraphs: away from the body they hold as a
            # run only when they weigh like content (a shop's grid under its
            # intro), not like a list of teasers under an article.
            long_run = run_chars >= t.item_run_share * body_chars
        for part in _split_at_walls(page, states, run) if walls else [run]:
            good_above, good_below = above[part[0]] is GOOD, below[part[-1]] is GOOD
            # Without edge walls, boilerplate never walls a part off; nor does
            # it in HTML between paragraphs of one container (an ad slot
            # inside the article's element).
            open_above = not (walls and up[part[0]]) or _same_container(page, part[0], at_above[part[0]])
            open_below = not (walls and down[part[-1]]) or _same_container(page, part[-1], at_below[part[-1]])
            if (good_above and open_above) or (good_below and open_below) or (good_above and good_below):
                verdict, reason = GOOD, "borderline prose next to the body"
            elif long_run:
                verdict, reason = GOOD, "part of a run of prose paragraphs"
            elif good_above or good_below:
                verdict, reason = BAD, "borderline prose walled off from the body by boilerplate"
            else:
                verdict, reason = BAD, "borderline prose between boilerplate"
            for k in part:
                states[k].klass = verdict
                states[k].reason = reason
                if verdict is BAD:
                    states[k].codes += ("CTX003" if good_above or good_below else "CTX002",)
        i = j + 1
    # Prose with weak evidence stays only inside the body: at its edge the
    # evidence wins (appeals trail articles, teasers lead into them).
    weak = [k for k, s in enumerate(states) if s.flagged and s.klass is NEAR]
    if not weak:
        return
    above, below = _above(states, skip)[0], _below(states, skip)[0]
    for k in weak:
        s = states[k]
        inside = above[k] is GOOD and below[k] is GOOD
        s.klass = GOOD if inside else BAD
        if inside:
            s.reason = "prose inside the body despite weak evidence"
            s.codes = ()


_SHORT_INSIDE = "short, inside the body"


def _resolve_short(page: Page, states: list[_State], t: Thresholds) -> None:
    """Short blocks take the side of their nearest non-short neighbours.

    What is above is followed in the same pass that decides (``prev``, and
    ``joined``: joined to good text above by unflagged blocks only), from the
    classes blocks had before it; what is below comes from one backward scan.
    """
    below = _below(states, (SHORT,))[0]
    prev, joined = BAD, False
    for i, s in enumerate(states):
        klass = s.klass
        if klass is not SHORT:
            if s.flagged:
                joined = False
            else:
                prev, joined = klass, joined or klass is GOOD
            continue
        nxt, f = below[i], page.features[i]
        if prev is GOOD and nxt is GOOD:
            s.klass, s.reason = GOOD, _SHORT_INSIDE
        elif prev is GOOD and f.ends_sentence and s.evidence <= 0 and _closes(f, t):
            # A short closing sentence ("Rovers travel to Castleford next Saturday.", "Enjoy!").
            s.klass, s.reason = GOOD, "short sentence closing the body"
        elif prev is GOOD and s.evidence <= 0 and f.words >= t.tail_item_words and joined:
            # A list that ends the article (steps, takeaways) before the footer.
            s.klass, s.reason = GOOD, "short item right after the body"
        elif prev is BAD and nxt is BAD:
            s.klass, s.reason = BAD, "short, between boilerplate"
            s.codes += ("CTX002",)
        else:
            s.klass, s.reason = BAD, "short, at the edge of the body"
            s.codes += ("CTX003",)
        if s.flagged:
            joined = False


def _recheck_short(page: Page, states: list[_State], t: Thresholds) -> None:
    """Short lines kept between good text are decided again once closed sections and far regions are gone.

    "0" kept between two paragraphs loses its place when the paragraph
    below goes with the section a share row heads; a second pass over the
    output would drop it, so this pass does too (the output is idempotent).
    """
    inside = [s for s in states if s.klass is GOOD and s.reason == _SHORT_INSIDE]
    if inside:
        for s in inside:
            s.klass = SHORT
        _resolve_short(page, states, t)


def _closes(f: Features, t: Thresholds) -> bool:
    """A statement, or a brief exclamation ("Enjoy!"); questions and longer
    exclamations after a body are prompts ("Enjoying this post?")."""
    return not f.ends_question and (not f.ends_exclamation or f.words <= t.closing_exclamation_words)


def _keep_headings(page: Page, states: list[_State], t: Thresholds) -> None:
    """Keep the title and subtitle just above each stretch of body.

    Looking up from the first block of a stretch, past bylines, dates, share
    rows and other flagged lines, up to ``max_headings`` heading-like blocks
    without rule evidence are kept, within ``max_heading_distance`` characters
    of unflagged text: captions may sit between a title and its first
    paragraph, the menu above it stays out.
    """
    for start in range(len(states)):
        if states[start].klass is not GOOD or (start and states[start - 1].klass is GOOD):
            continue
        seen = kept = 0
        for i in range(start - 1, max(-1, start - 1 - t.max_heading_blocks), -1):
            f = page.features[i]
            if states[i].klass is GOOD:
                break
            if states[i].evidence > 0:
                continue
            seen += f.chars
            if seen > t.max_heading_distance:
                break
            if _is_heading(f, t):
                states[i].klass = GOOD
                states[i].codes = ()
                states[i].reason = "heading above the body"
                kept += 1
                if kept >= t.max_headings:
                    break


def _mark_lists(page: Page, states: list[_State], t: Thresholds) -> None:
    """Runs of item lines (course titles, product names) count as borderline prose.

    A listing page has no paragraphs; its content is a run of lines of several
    words each that no rule flagged. ``list_items`` such lines in a row, each
    of at least ``list_item_words`` and at most ``list_item_max_words`` words,
    are treated like borderline prose and decided by context. Menus are
    shorter and flagged as menu runs.

    In HTML, a listing's cards put a price, a rating and a button between
    their titles, so the titles never stand in a row; ``list_items`` items
    made by the same template (the same element path and class names) count
    as a list wherever they stand, and so do ``card_items`` lines of one
    template that name something in a word or two ("ChatGPT", "Claude": a
    ranking's product names).
    """
    if t.list_items <= 0:
        return
    # Lines no rule flagged that are no prose; an item also has a few words.
    loose = [not s.flagged and (s.klass is SHORT or s.klass is BAD) for s in states]
    item = [
        is_loose and f.words - f.digits >= t.list_item_words for is_loose, f in zip(loose, page.features, strict=True)
    ]
    lists = _cards(page, loose, item, t) if page.markup else []
    carded = set(lists)
    run: list[int] = []
    for i, is_item in enumerate([*item, False]):
        # A line longer than an item is a menu or link list flattened into one
        # line ("About Us Contact Us Investing ..."): it ends the run.
        if is_item and i not in carded and page.features[i].words <= t.list_item_max_words:
            run.append(i)
            continue
        if len(run) >= t.list_items:
            lists += run
        if run:
            run = []
    for k in lists:
        states[k].klass = NEAR
        states[k].codes = ()
        states[k].reason = "an item of a list"
        states[k].item = True


def _cards(page: Page, loose: list[bool], item: list[bool], t: Thresholds) -> list[int]:
    """Lines made by one template (element path and class names): its items when it makes
    ``list_items`` or more, and every ``loose`` line of it with a word when it makes ``card_items`` or more."""
    by_template: dict[tuple[str, frozenset[str]], list[int]] = {}
    for i, f in enumerate(page.features):
        if item[i] or (loose[i] and f.has_letters and f.words > f.digits):
            by_template.setdefault((page.blocks[i].path, page.blocks[i].tokens), []).append(i)
    cards: list[int] = []
    for lines in by_template.values():
        if len(lines) >= t.card_items:
            cards += lines
        else:
            items = [i for i in lines if item[i]]
            cards += items if len(items) >= t.list_items else []
    return cards


def _close_tail(page: Page, states: list[_State], t: Thresholds) -> None:
    """After the article's end, borderline prose behind boilerplate is tail.

    The end is the last block that is prose on its own (long, many stopwords,
    no evidence). A borderline paragraph below it that boilerplate separates
    from the article (an author blurb under a newsletter box) goes; one that
    directly follows the article (a short closing paragraph) is decided by
    context as usual.
    """
    last = next((i for i in range(len(states) - 1, -1, -1) if states[i].klass is GOOD and not states[i].flagged), None)
    if last is None:
        return
    i, n = last + 1, len(states)
    separated = False
    while i < n:
        s = states[i]
        if s.flagged:
            separated = separated or s.wall
            i += 1
            continue
        j = i  # a run of unflagged blocks between boilerplate
        while j < n and not states[j].flagged:
            j += 1
        near = [k for k in range(i, j) if states[k].klass is NEAR]
        # One paragraph alone between boilerplate is a blurb; two or more are
        # the article going on past an ad or a share row.
        if separated and len(near) == 1:
            k = near[0]
            states[k].drop("CTX003", "a lone paragraph after the article's end, behind boilerplate")
        i = j


def _closing_headings(page: Page, states: list[_State], section_codes: frozenset[str], t: Thresholds) -> list[int]:
    """The blocks that are headings ending the article ("About the author", "Related articles", "Comments").

    Asked once for both closing steps: only strongly flagged blocks qualify,
    and neither step changes those.
    """
    return [
        i
        for i, s in enumerate(states)
        # "Related: <a teaser headline>" is a teaser, not a heading.
        if s.wall and not section_codes.isdisjoint(s.codes) and page.features[i].words <= t.section_heading_words
    ]


def _close_sections(page: Page, states: list[_State], headings: list[int], t: Thresholds, klass: Klass = GOOD) -> bool:
    """A section heading that ends the article takes the short text below it.

    "About the author", "Related articles" or "Comments" head a box of one
    paragraph or a few teaser lines. What follows such a heading, up to the
    next flagged block, goes with it, unless it is long enough to be the
    article going on (``section_blocks`` prose blocks or more). Blocks of
    class ``klass`` go: borderline ones before runs of borderline prose are
    judged (a paragraph under "Share on Facebook" must not make the run above
    it long enough to stand alone, which a second pass would not see), kept
    ones once context has decided.
    """
    n = len(states)
    dropped = False
    for i in headings:
        j = i + 1
        while j < n and not states[j].flagged:
            j += 1
        below = range(i + 1, j)
        prose = sum(1 for k in below if page.features[k].chars >= t.length_low)
        if prose >= t.section_blocks:
            continue
        for k in below:
            if states[k].klass is klass and not states[k].body:
                states[k].drop("CTX006", f"in the section headed by {page.blocks[i].text.strip()[:40]!r}", alone=True)
                dropped = True
    return dropped


def _close_article(
    page: Page, states: list[_State], headings: list[int], structure: frozenset[str], t: Thresholds
) -> bool:
    """A closing section heading well below the body ends the article.

    "Related articles", "Comments" or "You may also like", past the point
    where ``close_share`` of the kept text and ``close_after_blocks`` long
    paragraphs stand, is where the article ends: what is kept below it goes
    (teasers with their excerpts, a comment thread), however much prose it
    holds. Text F1 0.7773 -> 0.7806, articles 0.909 -> 0.917 on the WCXB
    share. A heading the page prints more than once is no such place (0.7855
    -> 0.7864, recall 0.852 -> 0.857: answers under a question came back).
    In HTML a heading that a ``structure`` rule places in page furniture
    counts only below ``furniture_close_share`` of the kept text: HTML F1
    0.8238 -> 0.8244, articles 0.949 -> 0.9503; counting them all cost F1
    (0.8231: an aside's "Recommended reading" can stand in the middle of the
    article's markup).
    """
    if not headings:
        return False
    # Per block, its characters when kept: the kept text above each heading is summed as the loop goes.
    kept = [f.chars if s.klass is GOOD else 0 for s, f in zip(states, page.features, strict=True)]
    total = sum(kept)
    seen = long_blocks = 0
    start = 0
    for i in headings:
        # The kept text and long paragraphs down to the heading.
        seen += sum(kept[start : i + 1])
        long_blocks += sum(chars >= t.length_high for chars in kept[start : i + 1])
        start = i + 1
        if page.features[i].repeats > 1:
            # Printed under every post ("Reply", "Add a comment"): chrome of
            # each post, not the one place where the article ends.
            continue
        if not structure.isdisjoint(states[i].codes) and seen - kept[i] < t.furniture_close_share * total:
            continue  # in page furniture, and not yet far enough down
        if seen >= t.close_share * total and long_blocks >= t.close_after_blocks:
            dropped = False
            for k in range(i + 1, len(states)):
                if states[k].klass is GOOD and not states[k].body:
                    where = f"below {page.blocks[i].text.strip()[:40]!r}, where the article ends"
                    states[k].drop("CTX006", where, alone=True)
                    dropped = True
            return dropped
    return False


def _thread_headers(findings: Sequence[Sequence[Finding]], thread: frozenset[str]) -> list[int]:
    """The blocks a ``starts_thread`` rule flags: the headers of reader comments."""
    if not thread:
        return []
    return [i for i, found in enumerate(findings) if found and any(x.code in thread for x in found)]


def _close_thread(page: Page, states: list[_State], headers: list[int], t: Thresholds) -> bool:
    """A reader comment thread after the article ends it: from its first comment header on, nothing kept stays.

    ``headers`` are the lines that head comments ("Ann says:", "Rosa 9 Aug
    2012 at 4:27 pm"). The thread starts at the first of ``thread_headers``
    or more in a row that stand at most ``thread_gap_chars`` of kept text
    apart (a dated byline above a long article is no comment), once
    ``thread_after_chars`` of kept text stand above it. When the first
    header has less above it, the page starts with its thread (a forum, a
    Q&A page): the posts are its content and nothing goes. Threads can hold
    far more prose than the article, which ``_close_article``'s share never sees.
    """
    if len(headers) < t.thread_headers:
        return False
    kept = [f.chars if s.klass is GOOD else 0 for s, f in zip(states, page.features, strict=True)]
    # Kept paragraphs above the first header: a title and a flattened menu kept above a forum's first post do not count.
    above = sum(
        c for c, f in zip(kept[: headers[0]], page.features, strict=False) if f.ends_sentence and c >= t.length_low
    )
    if above < t.thread_after_chars:
        return False
    for n in range(len(headers) - t.thread_headers + 1):
        start = headers[n]
        run = headers[n : n + t.thread_headers]
        if all(sum(kept[a:b]) <= t.thread_gap_chars for a, b in pairwise(run)):
            dropped = False
            for k in range(start, len(states)):
                if states[k].klass is GOOD and not states[k].body:
                    states[k].drop("CTX008", "in the comment thread below the article", alone=True)
                    dropped = True
            return dropped
    return False


def _main_regions(page: Page, states: list[_State], within: frozenset[str], t: Thresholds) -> bool:
    """Keep the article's region; drop far-off prose (comments, teasers, footers).

    Kept blocks split into regions wherever ``region_gap`` or more dropped
    blocks stand between them; dropped lines of the article's own (``within``:
    the contents between a wiki's lead and its sections) do not count. The
    region with the most kept characters is the article; another survives
    only with ``region_share`` of its weight (``region_share_above_html``
    above it in HTML).
    """
    regions: list[list[int]] = []
    gap = t.region_gap
    for i, s in enumerate(states):
        if s.klass is GOOD:
            if gap >= t.region_gap:
                regions.append([])
            regions[-1].append(i)
            gap = 0
        elif within.isdisjoint(s.codes):
            gap += 1
    if len(regions) < 2:
        return False
    weight = [sum(page.features[i].chars for i in r) for r in regions]
    best = max(weight)
    main = weight.index(best)
    above = t.region_share_above_html if page.markup else t.region_share
    landmarks = _landmarks(page, regions[main]) if page.markup else frozenset()
    dropped = False
    for n, (r, w) in enumerate(zip(regions, weight, strict=True)):
        share = above if n < main else t.region_share
        if landmarks and n != main and not landmarks.isdisjoint(_landmarks(page, r)):
            share *= t.region_landmark_factor
        if w < share * best:
            for i in r:
                if states[i].body:
                    continue
                states[i].drop("CTX003", "prose far from the article's region")
                dropped = True
    return dropped


#: the landmarks that hold a page's content
_CONTENT_LANDMARKS = frozenset(("article", "main"))


def _path_landmarks(path: str) -> frozenset[str]:
    """The content landmarks on a block's element path (substring tests first: most paths have none)."""
    if "article" not in path and "main" not in path:
        return frozenset()
    return _CONTENT_LANDMARKS.intersection(path.split("/"))


def _landmarks(page: Page, region: list[int]) -> frozenset[str]:
    """The content landmarks (``<article>``, ``<main>``) that a region's blocks stand in."""
    found: set[str] = set()
    for i in region:
        found.update(_path_landmarks(page.blocks[i].path))
        if len(found) == len(_CONTENT_LANDMARKS):
            break
    return frozenset(found)


def _after_article(page: Page, states: list[_State], t: Thresholds) -> bool:
    """In HTML, drop what is kept after the ``<article>`` element that holds the body.

    When ``article_share`` of the kept characters stand in ``<article>``
    elements, kept blocks below the last of them trail the article outside
    it: comments, an author box, a sign-up box, related posts. What the page
    declares its body (``HTM004``) stays.
    """
    kept = [i for i, s in enumerate(states) if s.klass is GOOD]
    inside = [i for i in kept if "article" in _path_landmarks(page.blocks[i].path)]
    if not inside or inside[-1] == kept[-1]:
        return False
    held = sum(page.features[i].chars for i in inside)
    if held < t.article_share * sum(page.features[i].chars for i in kept):
        return False
    dropped = False
    for i in kept[kept.index(inside[-1]) + 1 :]:
        if not states[i].body:
            states[i].drop("CTX006", "after the <article> element that holds the body")
            dropped = True
    return dropped


def _fill_body(page: Page, states: list[_State], t: Thresholds) -> None:
    """Inside the body, keep what no rule flagged: lists, code, tables, specs."""
    first = next((i for i, s in enumerate(states) if s.klass is GOOD), None)
    if first is None:
        return
    last = next(i for i in range(len(states) - 1, -1, -1) if states[i].klass is GOOD)
    kept_twice = _kept_repeats(page, states, first, last, t)
    for i in range(first, last + 1):
        s = states[i]
        if s.klass is not GOOD and s.evidence <= t.fill_evidence and i not in kept_twice:
            s.klass = GOOD
            s.codes = ()
            s.reason = "inside the body"


def _kept_repeats(page: Page, states: list[_State], first: int, last: int, t: Thresholds) -> set[int]:
    """Repeats (CTX007) between ``first`` and ``last`` whose first copy is kept, when they are a copy of the body.

    A page that prints its article twice (a ``<noscript>`` copy, a mobile
    layout) keeps it once: filling the body must not bring the copy back.
    """
    repeats = [i for i in range(first, last + 1) if states[i].codes[:1] == ("CTX007",)]
    if not repeats:
        return set()
    kept = {
        normalise(page.blocks[i].text)
        for i in range(repeats[-1])
        if states[i].klass is GOOD and page.features[i].repeats > 1
    }
    copies = {i for i in repeats if normalise(page.blocks[i].text) in kept}
    # Clauses repeated between the body's own items (terms under each offer,
    # a credit line under each picture) are the body's; only a second copy
    # of much of the article is dropped.
    copied = sum(page.features[i].chars for i in copies)
    body = sum(page.features[i].chars for i in range(len(states)) if states[i].klass is GOOD)
    return copies if copied >= t.duplicate_share * body else set()


class RuleCodes(NamedTuple):
    """The codes of the selected rules that the decision treats apart."""

    #: rules whose lines head a section that is not article (author box, related links, comments)
    section: frozenset[str] = frozenset()
    #: rules whose weak evidence leaves a short line to context
    context: frozenset[str] = frozenset()
    #: rules that read HTML structure (a heading they flag sits in page furniture)
    structure: frozenset[str] = frozenset()
    #: rules whose lines belong to the article they stand in (a table of contents)
    within: frozenset[str] = frozenset()
    #: rules whose lines end the article far enough down, heading no section of their own
    ends: frozenset[str] = frozenset()
    #: rules that match phrases: their evidence holds on every copy of a repeated paragraph
    phrases: frozenset[str] = frozenset()
    #: rules whose lines head a reader's comment: where several follow the article, its thread starts
    thread: frozenset[str] = frozenset()


_NO_CODES = RuleCodes()


def decide(
    page: Page, findings: Sequence[Sequence[Finding]], t: Thresholds, codes: RuleCodes = _NO_CODES
) -> tuple[tuple[Verdict, ...], bool]:
    """Turn per-block findings into verdicts; returns (verdicts, fell_back)."""
    states, fell_back = _judge(page, findings, t, codes, explain=True)
    verdicts = []
    for block, s, found in zip(page.blocks, states, findings, strict=True):
        keep = s.klass is GOOD
        # Kept blocks carry codes only when context kept them against the odds.
        if keep:
            shown = ("CTX005",) * s.codes.count("CTX005") if s.codes else ()
        else:
            # Each code once, in order; most blocks have one or two different ones.
            n = len(s.codes)
            shown = s.codes if n < 2 or (n == 2 and s.codes[0] != s.codes[1]) else tuple(dict.fromkeys(s.codes))
        verdicts.append(Verdict(block, keep, shown, s.reason, s.evidence, tuple(found)))
    return tuple(verdicts), fell_back


def kept(page: Page, findings: Sequence[Sequence[Finding]], t: Thresholds, codes: RuleCodes = _NO_CODES) -> list[bool]:
    """Which blocks ``decide`` keeps, without making verdicts and their reasons (``Cleaner.clean``)."""
    states, _ = _judge(page, findings, t, codes, explain=False)
    return [s.klass is GOOD for s in states]


def _judge(
    page: Page,
    findings: Sequence[Sequence[Finding]],
    t: Thresholds,
    codes: RuleCodes,
    explain: bool,
) -> tuple[list[_State], bool]:
    """Both stages of the decision: each block's final state, and whether the fallback chose the kept ones."""
    states = _initial(page, findings, t, codes, explain)
    _mark_lists(page, states, t)
    # Lines that end the article far down; those of rules that head a section also close one.
    enders = _closing_headings(page, states, codes.section | codes.ends, t)
    headings = [i for i in enders if not codes.section.isdisjoint(states[i].codes)] if codes.ends else enders
    headers = _thread_headers(findings, codes.thread)
    _close_sections(page, states, headings, t, NEAR)
    _close_tail(page, states, t)
    _resolve_near(page, states, t)
    _resolve_short(page, states, t)
    dropped = _close_sections(page, states, headings, t)
    dropped |= _close_article(page, states, enders, codes.structure, t)
    dropped |= _close_thread(page, states, headers, t)
    dropped |= _main_regions(page, states, codes.within, t)
    if page.markup:
        dropped |= _after_article(page, states, t)
    if dropped:
        _recheck_short(page, states, t)
    _keep_headings(page, states, t)
    if t.fill_body:
        _fill_body(page, states, t)
    fell_back = False
    if states and _kept_too_little(page, states, t):
        fell_back = _fallback(page, states, t)
        if fell_back:
            _keep_headings(page, states, t)
    return states, fell_back


def _kept_too_little(page: Page, states: list[_State], t: Thresholds) -> bool:
    """Did the decision keep less than ``fallback_share`` of the page's sentences?"""
    kept = prose = 0
    for s, f in zip(states, page.features, strict=True):
        if s.klass is GOOD:
            kept += f.chars
        if f.sentences and s.evidence < t.strong:
            prose += f.chars
    return kept == 0 or kept < t.fallback_share * prose


def _fallback(page: Page, states: list[_State], t: Thresholds) -> bool:
    """Keep the most prose-like run when the decision kept (almost) nothing.

    A page with text must never come out empty: the run of blocks with the
    most sentence characters is kept, rule-flagged blocks excluded. A page
    with no sentence at all (a schedule, a bare title) keeps its longest
    stretch of lines that no rule flagged instead.
    """

    def best_run(values: list[float]) -> tuple[int, int]:
        best, best_score, start, score = (0, 0), 0.0, 0, 0.0
        for i, value in enumerate(values):
            if score <= 0:
                start, score = i, 0.0
            score += value
            if score > best_score:
                best, best_score = (start, i + 1), score
        return best

    # Only lines the fallback would keep count for a run: a flagged short
    # sentence ("0.") at its edge would pull in the lines before it, and a
    # second pass, without it, would drop them.
    sentences = [
        f.chars if (f.sentences and _fallback_keeps(s, f, t)) else -f.chars / 2
        for s, f in zip(states, page.features, strict=True)
    ]
    a, b = best_run(sentences)
    if a == b:
        a, b = best_run([-f.chars if s.flagged else f.chars for s, f in zip(states, page.features, strict=True)])
    if a == b:
        return False
    if page.markup:
        # In HTML the lines beside the run that no rule flagged passed the
        # structure rules too (no nav, footer or link list holds them): the
        # run takes them in, up to the first flagged line on either side (a
        # missing page's suggestions, a product's lines around its one sentence).
        while b < len(states) and not states[b].flagged:
            b += 1
        while a > 0 and not states[a - 1].flagged:
            a -= 1
    for i in range(a, b):
        # Flagged lines stay out even here (keeping them would not survive a
        # second pass); prose with only weak evidence is rescued with the rest.
        if _fallback_keeps(states[i], page.features[i], t):
            states[i].klass = GOOD
            states[i].codes = ("CTX005",)
            states[i].reason = "kept by the fallback: the most prose-like region"
    return True


def _fallback_keeps(s: _State, f: Features, t: Thresholds) -> bool:
    """Does the fallback keep this block of its run: not flagged, or prose with only weak evidence?"""
    weak_prose = s.evidence < t.strong and "CTX007" not in s.codes and f.sentences and f.chars >= t.length_low
    return not s.flagged or bool(weak_prose)
