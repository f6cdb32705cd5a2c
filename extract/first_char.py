"""One alternation of many patterns, split by the character a match can start with.

Python's ``re`` tries the branches of an alternation one after the other at every
position, so with twenty date patterns every 一, 上 or 中 in a report costs twenty
attempts. Here the start characters are partitioned by which branches can begin
with them, and the alternation becomes ``(?=[chars of class 1])(?:its branches)|…``:
at a position only the branches that can match there are tried, still in their
original order, so the leftmost-first match is exactly the one of the plain
alternation. Written by hand: neither ``re`` nor ``regex`` dispatches on the first
character, and a different engine would change the matching rules of the tables.

A branch's possible first characters come from ``re``'s own parser (the private
``re._parser``; if it is missing or a construct is unknown, the branch counts as
able to start anywhere, which is always correct, only slower).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

try:  # Python 3.11+: re._parser; 3.10: sre_parse
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_GROUP = re.compile(r"\(\?P<(\w+)>")
_BACKREF = re.compile(r"\(\?P=(\w+)\)")
_ANYWHERE = None  # a first-character set that is not known: every start character
_CATEGORY = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


def dispatching_alternation(start_chars: str, bodies: Sequence[str]) -> tuple[str, dict[str, int]]:
    """A regex matching exactly what ``(?=[start_chars])(?:(?P<p0>b0)|(?P<p1>b1)|…)`` matches, faster.

    Returns the source and, for each branch group's name, the index of its body. A
    body appears once per class it can start in, so its groups are renamed per copy:
    ``(?P<y>…)`` in body 3 of class 2 becomes ``(?P<p3c2_y>…)`` inside ``(?P<p3c2>…)``;
    ``m.lastgroup`` names the branch and its groups start with that name and ``_``.
    """
    chars = _expand(start_chars)
    firsts = [_first_of_branch(body, chars) for body in bodies]
    classes: dict[tuple[int, ...], list[str]] = {}
    for ch in chars:
        members = tuple(i for i, first in enumerate(firsts) if first is _ANYWHERE or ch in first)
        if members:
            classes.setdefault(members, []).append(ch)
    classes = _merge_subsets(classes)
    tags: dict[str, int] = {}
    alternatives = []
    for k, (members, class_chars) in enumerate(classes.items()):
        branches = []
        for i in members:
            tag = f"p{i}c{k}"
            tags[tag] = i
            body = _GROUP.sub(lambda m, t=tag: f"(?P<{t}_{m.group(1)}>", bodies[i])
            body = _BACKREF.sub(lambda m, t=tag: f"(?P={t}_{m.group(1)})", body)
            branches.append(f"(?P<{tag}>{body})")
        alternatives.append(f"(?=[{''.join(map(_in_class, class_chars))}])(?:{'|'.join(branches)})")
    return f"(?=[{start_chars}])(?:{'|'.join(alternatives)})", tags


def _merge_subsets(classes: dict[tuple[int, ...], list[str]]) -> dict[tuple[int, ...], list[str]]:
    """Characters whose branches are a subset of another class's join the smallest such class.

    Trying a few branches that cannot match costs little at run time; every copy of a
    branch costs compiling time (in every process), so fewer, larger classes. Classes of
    one or two branches stay apart: their characters (消, 立 of 消费者权益日, 立春) are
    common in reports, and a larger class would try all its branches at each of them.
    """
    merged: dict[tuple[int, ...], list[str]] = {members: chars for members, chars in classes.items() if len(members) <= 2}
    for members, chars in sorted(classes.items(), key=lambda item: -len(item[0])):
        if len(members) <= 2:
            continue
        host = min((other for other in merged if set(members) <= set(other)), key=len, default=members)
        merged.setdefault(host, []).extend(chars)
    merged.update((members, chars) for members, chars in classes.items() if len(members) <= 2)
    return merged


def _in_class(ch: str) -> str:
    return re.escape(ch) if ch in "\\]^-[" else ch


def _expand(start_chars: str) -> list[str]:
    """Every character of a character-class body such as ``0-9一二``."""
    probe = re.compile(f"[{start_chars}]")
    parsed = _p.parse(f"[{start_chars}]")
    chars: set[str] = set()
    for op, av in parsed[0][1]:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            raise ValueError(f"start characters must be plain characters and ranges: {start_chars!r}")
    assert all(probe.fullmatch(ch) for ch in chars)
    return sorted(chars)


def _first_of_branch(branch: str, chars: list[str]) -> frozenset[str] | None:
    try:
        parsed = _p.parse(branch)
        if parsed.state.flags & re.IGNORECASE:
            return _ANYWHERE
        first, can_be_empty = _first(parsed, chars)
    except Exception:  # noqa: BLE001  (unknown to this reader: the branch is tried everywhere)
        return _ANYWHERE
    return _ANYWHERE if can_be_empty or first is _ANYWHERE else frozenset(first)


def _first(items, chars: list[str]) -> tuple[set[str] | None, bool]:
    """(characters the sequence can start with, whether it can match the empty string)."""
    found: set[str] = set()
    for op, av in items:
        first, empty = _first_of_item(op, av, chars)
        if first is _ANYWHERE:
            return _ANYWHERE, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _first_of_item(op, av, chars: list[str]) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.NOT_LITERAL:
        return {ch for ch in chars if ord(ch) != av}, False
    if op is _c.ANY:
        return {ch for ch in chars if ch != "\n"}, False
    if op is _c.IN:
        return {ch for ch in chars if _in_set(ch, av)}, False
    if op is _c.SUBPATTERN:
        return _first(av[-1], chars)
    if op is _c.ATOMIC_GROUP:
        return _first(av, chars)
    if op is _c.BRANCH:
        found: set[str] = set()
        empty = False
        for alternative in av[1]:
            first, alt_empty = _first(alternative, chars)
            if first is _ANYWHERE:
                return _ANYWHERE, False
            found |= first
            empty |= alt_empty
        return found, empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        first, empty = _first(av[2], chars)
        return first, empty or av[0] == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # zero width: the next item decides (a superset of the truth)
    return _ANYWHERE, False


def _in_set(ch: str, members) -> bool:
    negate = False
    hit = False
    for op, av in members:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit |= ord(ch) == av
        elif op is _c.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is _c.CATEGORY and av in _CATEGORY:
            hit |= re.fullmatch(_CATEGORY[av], ch) is not None
        else:
            raise ValueError(f"unknown set member {op}")
    return hit != negate
