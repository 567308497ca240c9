"""The one place where evidence becomes keep or drop.

Two stages, after jusText: classify each block on its own (rule evidence plus
its shape: length and stopword density), then revise by context (short and
borderline blocks take the side of their neighbours; a heading just above the
body stays; nothing outside the body survives on shape alone). Context
decisions carry their own codes (``CONTEXT_CODES``) so explanations show them.
Every threshold is a named value of ``Thresholds`` (docs/algorithm.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from . import lang as langs
from .config import Thresholds
from .features import Features, Page
from .model import Finding, Verdict
from .rules.base import LINE_MAX_CHARS

# Codes of decisions made by context, not by a rule. Documented like rules.
CONTEXT_CODES: dict[str, tuple[str, str]] = {
    "CTX001": ("not-prose", "Too few stopwords or sentences to be article prose, and nothing around it is."),
    "CTX002": ("between-boilerplate", "A short or borderline block whose neighbours were dropped."),
    "CTX003": ("outside-body", "Before the article starts or after it ends, with no prose of its own."),
    "CTX004": ("weak-evidence", "Rule evidence below the drop threshold tipped a borderline block."),
    "CTX005": ("fallback-region", "The decision kept almost nothing; the most prose-like region was kept instead."),
}


class Klass(IntEnum):
    """jusText's block classes, in order of confidence that a block is body."""

    BAD = 0
    SHORT = 1
    NEAR = 2
    GOOD = 3


@dataclass(slots=True)
class _State:
    klass: Klass
    codes: list[str]
    reason: str
    evidence: float
    #: dropped on rule evidence: context looks through it (an ad label or an
    #: appeal inside an article interrupts the body, it does not end it)
    flagged: bool = False


def _prose_class(f: Features, lang: str, t: Thresholds) -> Klass:
    """jusText's context-free class from length and stopword density."""
    if f.chars < t.length_low:
        return Klass.SHORT
    if langs.stoplist(lang) or langs.is_spaceless(lang):
        density = f.stop_ratio
    else:
        # No stoplist for this language: sentence punctuation stands in.
        density = t.stopwords_high if f.sentences else 0.0
    if density >= t.stopwords_high:
        return Klass.GOOD if f.chars >= t.length_high else Klass.NEAR
    if density >= t.stopwords_low or (f.ends_sentence and f.words >= t.sentence_words and density > 0):
        # A real sentence is borderline prose even when its words are rare
        # ("Visa and Mastercard reported higher payment volumes ...").
        return Klass.NEAR
    return Klass.BAD


def _initial(page: Page, findings: Sequence[Sequence[Finding]], t: Thresholds) -> list[_State]:
    states: list[_State] = []
    for f, found in zip(page.features, findings, strict=True):
        evidence = sum(x.weight for x in found)
        rule_codes = [x.code for x in sorted(found, key=lambda x: -x.weight)]
        prose = _prose_class(f, page.lang, t)
        if evidence >= t.strong:
            states.append(_State(Klass.BAD, rule_codes, _why(found), evidence, flagged=True))
            continue
        if evidence > 0 and not (prose is Klass.GOOD and f.chars >= t.long_prose):
            # Weak evidence: prose stays only if the body surrounds it (decided
            # in _resolve_near); short lines and non-prose go. Long prose holds.
            demoted = Klass.BAD if prose <= Klass.SHORT else Klass.NEAR
            reason = _why(found) + " (weak evidence)"
            states.append(_State(demoted, [*rule_codes, "CTX004"], reason, evidence, flagged=True))
            continue
        if prose is Klass.BAD:
            states.append(_State(prose, ["CTX001"], "not prose: few stopwords for its length", evidence))
        else:
            states.append(_State(prose, [], _PROSE_REASON[prose], evidence))
    return states


_PROSE_REASON = {
    Klass.GOOD: "prose: long with many stopwords",
    Klass.NEAR: "borderline prose",
    Klass.SHORT: "short",
}


def _why(found: Sequence[Finding]) -> str:
    return "; ".join(f"{x.code} {x.name}: {x.message}" for x in sorted(found, key=lambda x: -x.weight))


def _neighbour(states: list[_State], i: int, step: int, skip: tuple[Klass, ...]) -> Klass:
    """The class of the nearest block in direction ``step`` not in ``skip``.

    Blocks that rules dropped inside an article ("Advertisement", "Share on
    Facebook") are looked through: they interrupt the body, they do not end it.
    """
    j = i + step
    while 0 <= j < len(states):
        s = states[j]
        if s.klass not in skip and not s.flagged:
            return s.klass
        j += step
    return Klass.BAD  # page edges count as boilerplate


def _is_heading(f: Features) -> bool:
    """A title or subheading: a few words, no sentence end, starts with a capital."""
    return 1 <= f.words <= 20 and not f.ends_sentence and f.capitalised >= 1 and f.has_letters


def _resolve_near(page: Page, states: list[_State], t: Thresholds) -> None:
    """Borderline prose joins the body when good prose is its nearest neighbour.

    A run of borderline blocks long enough to hold an article on its own
    (news written in short paragraphs never reaches ``length_high``) joins too.
    """
    skip = (Klass.NEAR, Klass.SHORT)
    new = [s.klass for s in states]
    i = 0
    while i < len(states):
        if states[i].klass is not Klass.NEAR or states[i].flagged:
            i += 1
            continue
        j = i  # the run of NEAR blocks; SHORT blocks and inline labels inside it allowed
        while j + 1 < len(states) and (states[j + 1].klass in skip or states[j + 1].flagged):
            j += 1
        run = [k for k in range(i, j + 1) if states[k].klass is Klass.NEAR and not states[k].flagged]
        prev = _neighbour(states, i, -1, skip)
        nxt = _neighbour(states, j, 1, skip)
        run_chars = sum(page.features[k].chars for k in run)
        if Klass.GOOD in (prev, nxt):
            verdict, reason = Klass.GOOD, "borderline prose next to the body"
        elif len(run) >= t.prose_run_blocks and run_chars >= 2 * t.length_high:
            verdict, reason = Klass.GOOD, "part of a run of prose paragraphs"
        else:
            verdict, reason = Klass.BAD, "borderline prose between boilerplate"
        for k in run:
            new[k] = verdict
            states[k].reason = reason
            if verdict is Klass.BAD:
                states[k].codes.append("CTX002")
        i = j + 1
    for k, klass in enumerate(new):
        states[k].klass = klass
    # Prose with weak evidence stays only inside the body: at its edge the
    # evidence wins (appeals trail articles, teasers lead into them).
    for k, s in enumerate(states):
        if s.klass is Klass.NEAR and s.flagged:
            inside = _neighbour(states, k, -1, skip) is Klass.GOOD and _neighbour(states, k, 1, skip) is Klass.GOOD
            s.klass = Klass.GOOD if inside else Klass.BAD
            s.reason = "prose inside the body despite weak evidence" if inside else s.reason
            if inside:
                s.codes = []


def _resolve_short(page: Page, states: list[_State]) -> None:
    """Short blocks take the side of their nearest non-short neighbours."""
    new = [s.klass for s in states]
    for i, s in enumerate(states):
        if s.klass is not Klass.SHORT:
            continue
        prev = _neighbour(states, i, -1, (Klass.SHORT,))
        nxt = _neighbour(states, i, 1, (Klass.SHORT,))
        f = page.features[i]
        if prev is Klass.GOOD and nxt is Klass.GOOD:
            new[i], s.reason = Klass.GOOD, "short, inside the body"
        elif prev is Klass.GOOD and f.ends_sentence and not f.ends_question and s.evidence <= 0:
            # A short closing sentence ("Rovers travel to Castleford next Saturday.").
            new[i], s.reason = Klass.GOOD, "short sentence closing the body"
        elif prev is Klass.BAD and nxt is Klass.BAD:
            new[i], s.reason = Klass.BAD, "short, between boilerplate"
            s.codes.append("CTX002")
        else:
            new[i], s.reason = Klass.BAD, "short, at the edge of the body"
            s.codes.append("CTX003")
    for k, klass in enumerate(new):
        states[k].klass = klass


def _keep_headings(page: Page, states: list[_State], t: Thresholds) -> None:
    """Keep the title and subtitle just above each stretch of body.

    Up to ``max_headings`` heading-like blocks without rule evidence, looking up
    at most ``max_heading_distance`` characters and stopping at the first block
    a rule flagged: captions may sit between a title and its first paragraph,
    menus and banners above it stay out.
    """
    for start in range(len(states)):
        if states[start].klass is not Klass.GOOD or (start and states[start - 1].klass is Klass.GOOD):
            continue
        seen = kept = 0
        for i in range(start - 1, -1, -1):
            f = page.features[i]
            if states[i].klass is Klass.GOOD or states[i].evidence > 0:
                break
            seen += f.chars
            if seen > t.max_heading_distance:
                break
            if _is_heading(f):
                states[i].klass = Klass.GOOD
                states[i].codes = []
                states[i].reason = "heading above the body"
                kept += 1
                if kept >= t.max_headings:
                    break


def decide(page: Page, findings: Sequence[Sequence[Finding]], t: Thresholds) -> tuple[tuple[Verdict, ...], bool]:
    """Turn per-block findings into verdicts; returns (verdicts, fell_back)."""
    states = _initial(page, findings, t)
    _resolve_near(page, states, t)
    _resolve_short(page, states)
    _keep_headings(page, states, t)
    fell_back = False
    if states and not any(s.klass is Klass.GOOD for s in states):
        fell_back = _fallback(page, states, t)

    verdicts = []
    for block, s, found in zip(page.blocks, states, findings, strict=True):
        keep = s.klass is Klass.GOOD
        codes = tuple(dict.fromkeys(s.codes)) if not keep else ()
        verdicts.append(Verdict(block, keep, codes, s.reason, s.evidence, tuple(found)))
    return tuple(verdicts), fell_back


def _fallback(page: Page, states: list[_State], t: Thresholds) -> bool:
    """Keep the most prose-like run when the decision kept nothing.

    A page with an article must never come out empty: the run of blocks with
    the most sentence characters, rule-flagged blocks excluded, is kept.
    """
    best, best_score, start, score = (0, -1), 0.0, 0, 0.0
    for i, (s, f) in enumerate(zip(states, page.features, strict=True)):
        value = f.chars if (f.sentences and s.evidence < t.strong) else -f.chars / 2
        if score <= 0:
            start, score = i, 0.0
        score += value
        if score > best_score:
            best, best_score = (start, i + 1), score
    if best_score <= 0:
        return False
    for i in range(*best):
        if states[i].evidence < t.strong:
            states[i].klass = Klass.GOOD
            states[i].codes = ["CTX005"]
            states[i].reason = "kept by the fallback: the most prose-like region"
    return True
