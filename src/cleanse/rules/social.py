"""Social buttons: share rows and follow prompts."""

from __future__ import annotations

from .base import PhraseRule


class ShareButtons(PhraseRule):
    """Share buttons and share rows ("Share on Facebook", "Tweet", "Copy link")."""

    code = "SOC001"
    name = "share-buttons"
    # A share row closes an article: the short text under it is teasers and
    # follow boxes, and far enough down it ends the article (heads_section).
    heads_section = True
    drop = ("Share on Facebook", "Share this article", "Facebook Twitter LinkedIn Email", "Tweet", "Teilen")
    keep = ("Facebook shares fell 4% after the company warned of lower advertising revenue.",)


class FollowPrompt(PhraseRule):
    """A prompt to follow the publisher on social media ("Follow us on Instagram")."""

    code = "SOC002"
    name = "follow-prompt"
    heads_section = True
    drop = ("Follow us on Instagram", "Follow us", "Join us on Telegram", "Folgen Sie uns")
    keep = ("Investigators followed the suspects to a flat in the north of the city.",)
