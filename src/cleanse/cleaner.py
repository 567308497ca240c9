"""Orchestration: text -> blocks -> findings -> verdicts -> output.

A ``Cleaner`` resolves its rules and configuration once and is then reused for
every page. It holds only rule classes and plain configuration, so it pickles
into worker processes; compiled patterns are cached per process. Pages of a
site with overrides (``Config.sites``) go to a variant built once per set of
matching entries. A site profile named by the configuration is read once per
process; one given as data travels with the pickle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .config import Config
from .decide import RuleCodes, decide, kept
from .decode import decode
from .errors import ConfigError, RuleError, did_you_mean
from .features import Page, make_page
from .html import html_page
from .model import Block, Finding, Result
from .profiles import Profile, load_template, with_site
from .registry import RuleSpec, available_rules, select_rules
from .render import join_blocks, join_kept
from .rulefiles import load_rule_files
from .rules.base import PhraseRule, Rule, phrase_matcher
from .rules.structure import StructureRule
from .segment import segment


class Cleaner:
    """A configured cleaner, built once and reused.

    >>> cleaner = Cleaner(ignore=["NAV"])
    >>> "NAV001" in [r.code for r in cleaner.rules]
    False
    >>> cleaner.clean("Support us!\\n\\nThe council approved the budget on Tuesday after a long debate about the cost of the new bridge, which engineers say is needed.")
    'The council approved the budget on Tuesday after a long debate about the cost of the new bridge, which engineers say is needed.'
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        extra_rules: Sequence[RuleSpec] = (),
        favor: str | None = None,
        comments: str | None = None,
        plugins: bool = True,
        profile: Profile | str | Path | None = None,
    ) -> None:
        config = config or Config()
        overrides: dict[str, object] = {}
        if select is not None:
            overrides["select"] = tuple(select)
        if ignore is not None:
            overrides["ignore"] = tuple(ignore)
        if extend_select is not None:
            overrides["extend_select"] = tuple(extend_select)
        if favor is not None:
            overrides["favor"] = favor
        if comments is not None:
            overrides["comments"] = comments
        if isinstance(profile, str | Path):
            overrides["profile"] = str(profile)
            profile = None
        if overrides:
            config = replace(config, **overrides)  # type: ignore[arg-type]
        self.config = config
        # A profile given as data pickles with the cleaner; one named by the
        # configuration is read by each worker process once (load_template caches).
        self.profile = profile.template() if profile is not None else None
        self._profile_data = self.profile
        if self.profile is None and config.profile:
            self.profile = load_template(config.profile)
        self.extra_rules = tuple(r if isinstance(r, type) else type(r) for r in extra_rules)
        self.plugins = plugins
        file_rules = load_rule_files(config.rule_files)
        known = available_rules(self.extra_rules, plugins=plugins, rule_files=file_rules)
        chosen = select_rules(known, config.select, config.ignore, config.extend_select)
        if config.comments == "keep":
            chosen = tuple(r for r in chosen if not r.comments)
        # Extra rules passed in-process run unless explicitly ignored.
        chosen += tuple(
            r for r in self.extra_rules if r not in chosen and r in select_rules(known, None, config.ignore, [r.code])
        )
        options = _options_by_rule(config, known)
        if config.comments == "keep":
            for cls in chosen:
                if cls.comments_kept_options:
                    set_here, where = options.get(cls, ({}, "comments = keep"))
                    options[cls] = ({**cls.comments_kept_options, **set_here}, where)
        self.rules: tuple[Rule, ...] = tuple(
            (cls.configured(options[cls][0], options[cls][1]) if cls in options else cls)() for cls in chosen
        )
        for i, site in enumerate(config.sites):
            # Checked now, so a typo in a site's selectors fails before the first page.
            try:
                select_rules(known, None, site.ignore, site.extend_select)
            except ConfigError as exc:
                raise ConfigError(f"{config.origin('sites')}: sites[{i}] ({site.match}): {exc}") from exc
        self._variants: dict[tuple[int, ...], Cleaner] = {}
        self.thresholds = config.resolved_thresholds()
        if config.comments == "keep":
            # What trails the <article> element is mostly its comment thread: kept, it ends nothing.
            self.thresholds = replace(self.thresholds, article_share=math.inf)
        self._phrase_rules = tuple(type(r) for r in self.rules if type(r).check is PhraseRule.check)
        self._codes = RuleCodes(
            section=frozenset(type(r).code for r in self.rules if type(r).heads_section),
            context=frozenset(type(r).code for r in self.rules if type(r).short_by_context),
            structure=frozenset(type(r).code for r in self.rules if isinstance(r, StructureRule)),
            within=frozenset(type(r).code for r in self.rules if type(r).within_article),
            ends=frozenset(type(r).code for r in self.rules if type(r).ends_article),
            phrases=frozenset(r.code for r in self._phrase_rules),
            thread=frozenset(type(r).code for r in self.rules if type(r).starts_thread),
        )
        self._other_rules = tuple(r for r in self.rules if type(r) not in self._phrase_rules)

    def analyze(self, text: str | bytes, *, url: str = "") -> Result:
        """Every block of ``text`` with its verdict, codes and reason."""
        if isinstance(text, bytes | bytearray):
            text = decode(bytes(text))
        blocks = segment(text)
        return self.analyze_blocks(text, blocks, url=url)

    def analyze_html(self, markup: str | bytes, *, url: str = "") -> Result:
        """Every block of an HTML page with its verdict and the page's metadata; structure feeds the rules."""
        parsed = html_page(markup, url)
        result = self.analyze_blocks(
            parsed.text, parsed.blocks, url=url, structured_body=parsed.structured_body, markup=True
        )
        metadata = parsed.metadata
        if not metadata.language:
            # The page does not declare its language: the detected one stands in.
            metadata = replace(metadata, language=result.language)
        return replace(result, metadata=metadata)

    def clean_html(self, markup: str | bytes, *, url: str = "") -> str:
        """The article body of an HTML page as text: blocks one per line, paragraphs apart.

        The text of ``analyze_html(markup, url=url)``, made without verdicts.
        """
        parsed = html_page(markup, url)
        return self._kept_text(parsed.blocks, url, parsed.structured_body, markup=True)

    def analyze_blocks(
        self, source: str, blocks: tuple[Block, ...], *, url: str = "", structured_body: str = "", markup: bool = False
    ) -> Result:
        """Judge already-made blocks (the HTML front end calls this, with ``markup``).

        ``structured_body`` is the article body an HTML page declares in its
        JSON-LD; rule HTM004 weighs it.
        """
        variant = self.for_url(url)
        if variant is not self:
            return variant.analyze_blocks(source, blocks, url=url, structured_body=structured_body, markup=markup)
        page, per_block = self._evidence(blocks, url, structured_body, markup)
        verdicts, fell_back = decide(page, per_block, self.thresholds, self._codes)
        notes = ("kept the most prose-like region: the rules would have kept nothing",) if fell_back else ()
        return Result(source, verdicts, join_kept(verdicts), page.lang, fell_back, notes)

    def _evidence(
        self, blocks: tuple[Block, ...], url: str, structured_body: str = "", markup: bool = False
    ) -> tuple[Page, list[tuple[Finding, ...]]]:
        """The page as rules see it, and every rule's findings per block."""
        page = make_page(blocks, self.config.language, url, structured_body, markup)
        page = with_site(page, self.profile)
        found: list[Finding] = []
        if self._phrase_rules:
            # All phrase rules in one pass: same findings, a fraction of the time.
            found.extend(phrase_matcher(self._phrase_rules, page.lang).check(page))
        for rule in self._other_rules:
            try:
                found.extend(rule.check(page))
            except Exception as exc:
                # A broken rule (a plugin's, say) is named, not a bare traceback.
                raise RuleError(f"rule {rule.code} {rule.name} failed: {type(exc).__name__}: {exc}") from exc
        # Most blocks have no finding: they share the empty tuple.
        per_block: list[tuple[Finding, ...]] = [()] * len(blocks)
        for finding in found:
            per_block[finding.block] += (finding,)
        return page, per_block

    def clean(self, text: str | bytes, *, url: str = "") -> str:
        """The article body of ``text``: kept blocks, in order, with the input's separators.

        The text of ``analyze(text, url=url)``, made without the verdicts and
        their reasons (a third of the decision's time).
        """
        if isinstance(text, bytes | bytearray):
            text = decode(bytes(text))
        return self._kept_text(segment(text), url)

    def _kept_text(self, blocks: tuple[Block, ...], url: str, structured_body: str = "", markup: bool = False) -> str:
        """The text of ``analyze_blocks``, without its verdicts (``clean`` and ``clean_html``)."""
        cleaner = self.for_url(url)
        page, per_block = cleaner._evidence(blocks, url, structured_body, markup)
        keep = kept(page, per_block, cleaner.thresholds, cleaner._codes)
        return join_blocks(blocks, keep)

    def for_url(self, url: str) -> Cleaner:
        """The cleaner for the page at ``url``: this one, or its variant for the matching sites.

        >>> from cleanse.config import Site
        >>> cleaner = Cleaner(Config(sites=(Site("example.com", ignore=("NAV",)),)))
        >>> cleaner.for_url("https://www.example.com/a") is cleaner.for_url("https://example.com/b")
        True
        >>> cleaner.for_url("https://notexample.com/") is cleaner
        True
        """
        if not url or not self.config.sites:
            return self  # most pages: no site entries to match (and no URL matches any)
        key = tuple(i for i, site in enumerate(self.config.sites) if site.matches(url))
        if not key:
            return self
        variant = self._variants.get(key)
        if variant is None:
            # Built once per combination of matching entries, not per page.
            sites = [self.config.sites[i] for i in key]
            variant = Cleaner(self.config.for_sites(sites), extra_rules=self.extra_rules, plugins=self.plugins)
            self._variants[key] = variant
        return variant

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuild from configuration in the worker: rules are stateless classes.
        return (_rebuild, (self.config, self.extra_rules, self.plugins, self._profile_data))

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules, favor={self.config.favor!r})"


def _rebuild(config: Config, extra_rules: tuple[type[Rule], ...], plugins: bool, profile: Profile | None) -> Cleaner:
    return Cleaner(config, extra_rules=extra_rules, plugins=plugins, profile=profile)


def _options_by_rule(config: Config, known: Sequence[type[Rule]]) -> dict[type[Rule], tuple[dict[str, Any], str]]:
    """``Config.rule_options`` keyed by rule class, with where they were set; unknown rules raise.

    A rule named twice (by code and by name) gets both tables: lists add up,
    other values of the later table win.
    """
    by_key = {k: r for r in known for k in (r.code, r.name)}
    out: dict[type[Rule], tuple[dict[str, Any], str]] = {}
    for key, opts in config.rule_options:
        where = f"rules.{key}"
        source = config.origin(f"{where}.{opts[0][0]}") if opts else "default"
        if source not in ("default", "command line"):
            where = f"{source}: {where}"
        rule = by_key.get(key) or by_key.get(key.upper())
        if rule is None:
            raise ConfigError(f"{where}: no rule {key!r}{did_you_mean(key, by_key)} (see `cleanse --list-rules`)")
        merged, _ = out.get(rule, ({}, where))
        for name, value in opts:
            old = merged.get(name)
            merged[name] = (*old, *value) if isinstance(old, tuple) and isinstance(value, tuple) else value
        out[rule] = (merged, where)
    return out
