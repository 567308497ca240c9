"""A synthetic multi-page site for the profile tests: a shared template, varying articles.

The template is written in words no built-in rule knows (a pigeon-post
newsletter box, a volunteers' disclaimer), so only a learned profile can
tell it from the article. Articles are built from varied sentences, seeded
per page, so no article line recurs across pages.
"""

from __future__ import annotations

import random

SITE = "harbour-gazette.example"
OTHER_SITE = "inland-courier.example"

MASTHEAD = "The Harbour Gazette"
MENU = ("Quayside", "Boats", "Weather", "Letters", "Almanac")
# Inside the article, between its paragraphs: a real sentence, so without a
# profile the decision keeps it as borderline prose.
PIGEON_BOX = (
    "Have the Gazette carried to your door by one of our pigeons every Sunday morning, at no cost to you.",
    "Tie a note with your street and house number to the bird and we will do the rest of it.",
)
# After the article: a long paragraph of prose the site prints under every story.
DISCLAIMER = (
    "The Harbour Gazette is written and printed by a group of volunteers who live in the old town by the water, "
    "and every one of the stories that you read on these pages has been checked by at least two of them before "
    "it was set in type, so that the people of the harbour can trust what they find here. If you find a mistake "
    "in one of them, leave a note at the office on the quay and we will print a correction in the next edition."
)
TEMPLATE = (MASTHEAD, *MENU, *PIGEON_BOX, DISCLAIMER)

_WHO = ("The harbour master", "A fisherman from the north quay", "The town council", "The lifeboat crew",
        "A ferry captain", "The mayor of the old town", "The lighthouse trust", "A group of divers",
        "The fish market", "The yacht club")  # fmt: skip
_DID = ("said on {day} that", "warned on {day} that", "announced on {day} that", "told the Gazette on {day} that",
        "confirmed on {day} that", "argued at a meeting on {day} that")  # fmt: skip
_WHAT = ("the {n} boats moored at the east pier would have to move before the winter storms arrived",
         "the price of herring had risen by {n} percent since the spring because of the cold water",
         "a new crane able to lift {n} tonnes would be built on the quay by the end of the year",
         "the old warehouse by the canal would be turned into a school for {n} children",
         "the ferry to the island would run {n} times a day once the new timetable begins",
         "the sea wall needed repairs that would cost the town about {n} thousand pounds",
         "{n} volunteers had cleaned the beach below the cliffs over the weekend",
         "the harbour had been dredged to a depth of {n} feet so that larger ships could come in")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def article(seed: int) -> tuple[str, list[str]]:
    """A title and 5 paragraphs of 2-3 sentences, different for every seed."""
    rng = random.Random(seed)
    title = (
        f"{rng.choice(_WHO)} and the {rng.choice(('storm', 'ferry', 'market', 'crane', 'pier'))} question, part {seed}"
    )
    paragraphs = []
    for _ in range(5):
        sentences = []
        for _ in range(rng.randint(2, 3)):
            who, did, what = rng.choice(_WHO), rng.choice(_DID), rng.choice(_WHAT)
            sentence = f"{who} {did.format(day=rng.choice(_DAYS))} {what.format(n=rng.randint(2, 999))}."
            sentences.append(sentence)
        paragraphs.append(" ".join(sentences))
    return title, paragraphs


def page(seed: int, *, site: str = SITE) -> tuple[str, list[str]]:
    """A page of ``site`` as text, and its article lines (title and paragraphs).

    The other site shares no template with this one: it prints the article only.
    """
    title, paragraphs = article(seed)
    if site != SITE:
        return "\n\n".join([title, *paragraphs]) + "\n", [title, *paragraphs]
    lines = [MASTHEAD, *MENU, title, paragraphs[0], paragraphs[1], *PIGEON_BOX, *paragraphs[2:], DISCLAIMER]
    return "\n\n".join(lines) + "\n", [title, *paragraphs]


def corpus(n: int = 30, *, start: int = 0) -> list[tuple[str, str]]:
    """``n`` pages of the site as (url, text) records."""
    return [(f"https://www.{SITE}/news/{i}", page(i)[0]) for i in range(start, start + n)]
