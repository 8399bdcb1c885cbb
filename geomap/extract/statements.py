"""The pattern of a statement of where a place lies: "X is a town in", "X, a village near".

Shared by the spotter (such a statement makes the name a place: "Wilson is a small city within
Lynn County" is no surname) and by :mod:`geomap.extract.containers` (the places after it hold
the name). The settlement nouns are data (``settlement_nouns`` in ``extract_rules.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geomap.extract.rules import Rules

# "X is one of the 12 villages of", "one of the larger towns in": a noun of a plural too.
# "X /ˈliːmə/ (pronounced ...), originally Y, is a", "X [ˈlipa] is a", "X (Tell Hariri),
# was a", "X, Texas is a", "X, or Y is a", "X or Y is a", "X also known as Y is a", "X is
# the name of a": what may stand between the name and the settlement noun (a comma's aside
# ends at a comma, or at the copula when it is a name or "or"/"also" and a name: never a
# clause such as ", where the mayor").
_BRACKETS = r"(?:\s*(?:\([^()]{0,200}\)|\[[^\[\]\n]{1,60}\])){0,2},?"
_ASIDE = (r"(?:,[^,.;()]{1,80},|,\s+(?:(?:or|also|formerly|officially)\s+)?"
          r"(?-i:[A-Z])[^,.;()]{0,60}?(?=\s+(?:is|was)\s)"
          r"|\s+(?:or|also\s+(?:named|called|known\s+as))\s+(?-i:[A-Z])[^,.;()]{0,40}?"
          r"(?=\s+(?:is|was)\s))?")
_COPULA = (rf"(?:\s*/[^/\n]{{1,60}}/)?{_BRACKETS}{_ASIDE}\s+"
           r"(?:is|was|are|were)\s+(?:now\s+|also\s+|still\s+)?(?:the\s+name\s+of\s+)?"
           r"(?:(?P<article>a|an|the|one(?:\s+of\s+the(?:\s+\d+)?)?)\s+)?")
_APPOSITION = r",\s+(?:a|an)\s"
# then at most six words, none a preposition ("small unincorporated", "first class"; not
# "a resident of the town in", which is about a person)
_WORDS = r"(?:(?!(?:of|in|at|on|for|from|with|by|to|near)\b)[^\s;()]+\s+){0,6}?"
# between the noun and the preposition: "located", "situated", "12 km north of"
# (a distance may give its other unit in brackets: "3 miles (4.8 km) south-east of")
_LOCATIVE = (r"(?:(?:located|situated|found|lying|[a-z-]+ly|just|right|"
             r"about|approximately|roughly|some|[\d.,]+|km|kilometres|kilometers|miles|mi|"
             r"(?:north|south)-?(?:east|west)|north|south|east|west|northern|"
             r"southern|eastern|western|central|\([^()]{1,20}\))\s+){0,5}"
             r"(?:in|of|within|near|outside|at|on|from|along)\b")
# "a community that is located in", "a hamlet which lies in": a relative clause's start
_RELATIVE = r"(?:(?:that|which)\s+(?:is|was|are|were|lies|lay)\s+)?"
# "a village and farming parish 4 miles from", "a town and tehsil seat of": a second
# description of the same place before the preposition
_AND = r"(?:\s+and\s+(?:[a-z-]+\s+){0,2}[a-z-]+)?"


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
    # without an article ("X is civil parish and village in"), one word at most before
    # the noun: "is completely enclaved within the township of" is no statement
    words = rf"(?(article){_WORDS}|(?:[a-z-]+\s+)?)"
    return re.compile(rf"(?:{_COPULA}{words}|{_APPOSITION}{_WORDS})(?P<noun>{nouns})s?\b"
                      rf"{_AND}(?:\s*\([^()]{{0,40}}\))?,?\s+{_RELATIVE}{_LOCATIVE}",
                      re.IGNORECASE)
