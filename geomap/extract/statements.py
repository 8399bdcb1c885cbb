"""The pattern of a statement of where a place lies: "X is a town in", "X, a village near".

Shared by the spotter (such a statement makes the name a place: "Wilson is a city in Lynn
County" is no surname) and by :mod:`geomap.extract.containers` (the places after it hold
the name). The settlement nouns are data (``settlement_nouns`` in ``extract_rules.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geomap.extract.rules import Rules

# "X /ˈliːmə/ (pronounced ...), originally Y, is a", "X, a": what may stand between the
# name and the settlement noun.
_COPULA = (r"(?:\s*/[^/\n]{1,60}/)?(?:\s*\([^()]{0,200}\)){0,2}(?:,[^,.;()]{1,80},)?\s+"
           r"(?:is|was|are|were)\s+(?:now\s+|also\s+|still\s+)?(?:a|an|the|one)\s")
_APPOSITION = r",\s+(?:a|an)\s"
# then at most six words, none a preposition ("small unincorporated", "first class"; not
# "a resident of the town in", which is about a person)
_WORDS = r"(?:(?!(?:of|in|at|on|for|from|with|by|to|near)\b)[^\s;()]+\s+){0,6}?"
# between the noun and the preposition: "located", "situated", "12 km north of"
_LOCATIVE = (r"(?:(?:located|situated|found|lying|[a-z-]+ly|just|right|"
             r"about|approximately|roughly|some|[\d.,]+|km|kilometres|kilometers|miles|mi|"
             r"north|south|east|west|northeast|northwest|southeast|southwest|northern|"
             r"southern|eastern|western|central)\s+){0,5}"
             r"(?:in|of|within|near|outside|at|on|from)\b")


def alternatives(words: frozenset[str]) -> str:
    """A regular expression alternation of ``words``, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=4)
def statement_pattern(rules: Rules) -> re.Pattern[str]:
    """The statement to match right after a name; it ends after the preposition.

    Parameters
    ----------
    rules
        The extraction rules (their ``settlement_nouns``).

    Returns
    -------
    re.Pattern
        Use ``.match(text, end_of_name)``; the group ``noun`` is the settlement noun.
    """
    nouns = alternatives(rules.words("settlement_nouns"))
    return re.compile(rf"(?:{_COPULA}|{_APPOSITION}){_WORDS}(?P<noun>{nouns})s?\b"
                      rf"(?:\s*\([^()]{{0,40}}\))?,?\s+{_LOCATIVE}", re.IGNORECASE)
