"""cleanse: strip boilerplate from scraped pages and keep the article body.

>>> import cleanse
>>> page = "Support us!\\n\\nThe council approved the budget on Tuesday after a long debate about the new bridge, which engineers say is urgently needed.\\n\\nRead more"
>>> cleanse.clean(page)
'The council approved the budget on Tuesday after a long debate about the new bridge, which engineers say is urgently needed.\\n'
>>> [(v.keep, v.codes) for v in cleanse.analyze(page).verdicts]
[(False, ('APL001',)), (True, ()), (False, ('NAV001',))]
"""

from __future__ import annotations

import functools

from .cleaner import Cleaner
from .config import Config, Thresholds
from .features import Features, Page
from .errors import CleanseError, ConfigError, InputError, PluginLoadError, RuleDefinitionError
from .model import Block, Finding, Result, Verdict
from .registry import get_rule, list_rules
from .rules.base import PhraseRule, Rule

__version__ = "0.1.0"


@functools.cache
def _default_cleaner() -> Cleaner:
    return Cleaner()


def clean(text: str | bytes, *, url: str = "") -> str:
    """The article body of a plain-text page, kept lines in their original order."""
    return _default_cleaner().clean(text, url=url)


def analyze(text: str | bytes, *, url: str = "") -> Result:
    """Every block of a plain-text page with keep/drop, the codes and a reason."""
    return _default_cleaner().analyze(text, url=url)


__all__ = [
    "Block",
    "CleanseError",
    "Cleaner",
    "Config",
    "ConfigError",
    "Features",
    "Finding",
    "InputError",
    "Page",
    "PhraseRule",
    "PluginLoadError",
    "Result",
    "Rule",
    "RuleDefinitionError",
    "Thresholds",
    "Verdict",
    "__version__",
    "analyze",
    "clean",
    "get_rule",
    "list_rules",
]
