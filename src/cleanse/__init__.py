"""cleanse: strip boilerplate from scraped pages and keep the article body.

>>> import cleanse
>>> body = ("The council said on Tuesday that it would build a new bridge over the river, and that the work "
...         "should be done by the end of the year if all goes well with the money that it has been promised by the government.")
>>> page = "Support us!\\n\\n" + body + "\\n\\nRead more"
>>> cleanse.clean(page) == body + "\\n"
True
>>> [(v.keep, v.codes) for v in cleanse.analyze(page).verdicts]
[(False, ('APL001',)), (True, ()), (False, ('NAV001',))]
"""

from __future__ import annotations

import functools

from .cleaner import Cleaner
from .config import Config, Thresholds
from .errors import CleanseError, ConfigError, InputError, PluginLoadError, RuleDefinitionError, RuleError
from .features import Features, Page
from .markdown import to_markdown
from .model import Block, Finding, Metadata, Result, Verdict
from .registry import get_rule, list_rules
from .rules.base import PhraseRule, Rule

__version__ = "0.1.0"


@functools.cache
def _default_cleaner() -> Cleaner:
    return Cleaner()


def clean(text: str | bytes, *, url: str = "") -> str:
    """The article body of a plain-text page, kept lines in their original order."""
    return _default_cleaner().clean(text, url=url)


def clean_html(markup: str | bytes, *, url: str = "") -> str:
    """The article body of an HTML page (str, or bytes in any declared charset) as text."""
    return _default_cleaner().clean_html(markup, url=url)


def analyze(text: str | bytes, *, url: str = "") -> Result:
    """Every block of a plain-text page with keep/drop, the codes and a reason."""
    return _default_cleaner().analyze(text, url=url)


def analyze_html(markup: str | bytes, *, url: str = "") -> Result:
    """Every block of an HTML page with keep/drop, the codes and a reason, and the page's metadata."""
    return _default_cleaner().analyze_html(markup, url=url)


__all__ = [
    "Block",
    "Cleaner",
    "CleanseError",
    "Config",
    "ConfigError",
    "Features",
    "Finding",
    "InputError",
    "Metadata",
    "Page",
    "PhraseRule",
    "PluginLoadError",
    "Result",
    "Rule",
    "RuleDefinitionError",
    "RuleError",
    "Thresholds",
    "Verdict",
    "__version__",
    "analyze",
    "analyze_html",
    "clean",
    "clean_html",
    "get_rule",
    "list_rules",
    "to_markdown",
]
