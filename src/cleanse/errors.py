"""Every error cleanse raises on purpose derives from ``CleanseError``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class CleanseError(Exception):
    """Root of the errors cleanse raises; the CLI prints them as one line, exit 2."""


class ConfigError(CleanseError, ValueError):
    """A configuration value or rule selector is wrong (unknown names included)."""


class RuleDefinitionError(CleanseError, TypeError):
    """A rule is malformed: bad code or name, missing summary or examples, collision."""


class PluginLoadError(CleanseError, ImportError):
    """An entry-point rule pack failed to load; the message names its package."""


class InputError(CleanseError, ValueError):
    """The input cannot be read as text: binary data, undecodable bytes, bad records."""


class RuleError(CleanseError, RuntimeError):
    """A rule raised while checking a page; the message names the rule."""


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """The suggestion appended to an unknown-name error ("" when nothing is close).

    >>> did_you_mean("ignroe", ["ignore", "select"])
    "; did you mean 'ignore'?"
    """
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""
