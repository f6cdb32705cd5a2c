"""Event categories: what an event is about (testing, supplies, donations …), from cue words kept as data.

The taxonomy, its cue words and the examples every category must get live in
``rules/categories.toml``; this module only weighs the cues.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick_rs

from .rules import RuleError, load_rules

CATCH_ALL = "other"


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str
    cues: tuple[str, ...]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    weight: float = 1.0


@cache
def categories() -> tuple[Category, ...]:
    """The taxonomy in table order (the order breaks ties), checked once when first used."""
    entries = load_rules("categories")["category"]  # keys and types checked by rules/schema.py
    out, owner = [], {}
    for i, entry in enumerate(entries):
        for cue in entry["cues"]:
            if cue in owner:
                raise RuleError("categories", f"category[{i}] ({entry['key']!r}).cues", f"{cue!r} is already a cue of {owner[cue]!r}")
            owner[cue] = entry["key"]
        out.append(Category(entry["key"], entry["zh"], entry["en"], tuple(entry["cues"]), tuple(entry["examples"]),
                            tuple(entry.get("counter_examples", ())), float(entry.get("weight", 1.0))))
    if not out or out[-1].key != CATCH_ALL or out[-1].cues:
        raise RuleError("categories", "category", f"the last category must be {CATCH_ALL!r}, without cues")
    return tuple(out)


@cache
def _automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[int]]:
    """All cues in one leftmost-longest automaton (封控区 over 封控), and each cue's category rank."""
    cues, ranks = [], []
    for rank, category in enumerate(categories()):
        cues += category.cues
        ranks += [rank] * len(category.cues)
    return ahocorasick_rs.AhoCorasick(cues, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), ranks


def _best(text: str) -> str | None:
    automaton, ranks = _automaton()
    matches = automaton.find_matches_as_indexes(text)
    if not matches:
        return None
    hits: dict[int, int] = {}  # a plain dict: one is counted for every event, twice for many
    for index, _, _ in matches:
        rank = ranks[index]
        hits[rank] = hits.get(rank, 0) + 1
    table = categories()
    rank = min(hits, key=lambda r: (-hits[r] * table[r].weight, r))
    return table[rank].key


def categorise(summary: str, passage: str) -> str:
    """The category key of an event, from its summary (the clause holding the date) and its passage.

    Why this order: a paragraph often tells several things, and the clause that
    carries the date says what happened on that date. So cues are counted in the
    summary first and the category with most cue hits, times its ``weight``, wins
    (ties: the earlier category in the table). Only when the summary has no cue at all does the whole
    passage speak, weighed the same way; with no cue anywhere the event is "other".
    Both texts are expected in simplified characters (cues are simplified).
    """
    return _best(summary) or _best(passage) or CATCH_ALL


def labels() -> dict[str, str]:
    """Category key -> "中文 English" for the screen."""
    return {c.key: f"{c.zh} {c.en}" for c in categories()}
