"""One alternation of many patterns, split by the character a match can start with.

Python's ``re`` tries the branches of an alternation one after the other at every
position, so with twenty date patterns every 一, 上 or 中 in a report costs twenty
attempts. Here the start characters are partitioned by which branches can begin
with them, and the alternation becomes ``(?=[chars of class 1])(?:its branches)|…``
(the classes themselves in halves behind lookaheads, so a position tries a few of them):
at a position only the branches that can match there are tried, still in their
original order, so the leftmost-first match is exactly the one of the plain
alternation. Written by hand: neither ``re`` nor ``regex`` dispatches on the first
character, and a different engine would change the matching rules of the tables.

A branch's possible first characters come from ``re``'s own parser (the private
``re._parser``; if it is missing or a construct is unknown, the branch counts as
able to start anywhere, which is always correct, only slower). The same reading
gives each class a sharper guard: the character after the first and, where every
branch forbids some, the one before it (``2`` of ``2022`` opens a year, the ``0``
after it does not), which more than halves the time of a report's scan.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

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
    parsed = [_parse(body) for body in bodies]
    firsts = [_first_of_branch(tree, chars) for tree in parsed]
    around = [_prefixes_of(tree) for tree in parsed]
    classes: dict[tuple[int, ...], list[str]] = {}
    for ch in chars:
        members = tuple(i for i, first in enumerate(firsts) if first is _ANYWHERE or ch in first)
        if members:
            classes.setdefault(members, []).append(ch)
    classes = _merge_subsets(classes)
    tags: dict[str, int] = {}
    alternatives: list[tuple[list[str], str]] = []
    for k, (members, class_chars) in enumerate(classes.items()):
        branches = []
        for i in members:
            tag = f"p{i}c{k}"
            tags[tag] = i
            body = _GROUP.sub(lambda m, t=tag: f"(?P<{t}_{m.group(1)}>", bodies[i])
            body = _BACKREF.sub(lambda m, t=tag: f"(?P={t}_{m.group(1)})", body)
            branches.append(f"(?P<{tag}>{body})")
        alternatives.append((class_chars, f"(?={_guard(class_chars, [around[i] for i in members])})(?:{'|'.join(branches)})"))
    return f"(?=[{start_chars}])(?:{_halves(alternatives)})", tags


def _halves(alternatives: Sequence[tuple[list[str], str]]) -> str:
    """The classes' alternatives, in order, as a balanced tree: each half behind a lookahead for its
    classes' characters.

    A flat alternation tries every class's guard at each position where none matches (most
    positions that pass the start characters); the tree tries two a level. Each lookahead only
    skips alternatives that cannot start there, and the order is kept, so the match is the same.
    """
    if len(alternatives) == 1:
        return alternatives[0][1]
    middle = len(alternatives) // 2
    halves = []
    for half in (alternatives[:middle], alternatives[middle:]):
        chars = sorted({ch for class_chars, _ in half for ch in class_chars})
        body = _halves(half)
        halves.append(body if len(half) == 1 else f"(?=[{''.join(map(_in_class, chars))}])(?:{body})")
    return "|".join(halves)


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


def _parse(branch: str):
    """``re``'s reading of a branch, or None where this reader cannot follow it (the branch is tried everywhere)."""
    try:
        parsed = _p.parse(branch)
    except Exception:  # noqa: BLE001
        return None
    return None if parsed.state.flags & re.IGNORECASE else parsed


def _first_of_branch(parsed, chars: list[str]) -> frozenset[str] | None:
    if parsed is None:
        return _ANYWHERE
    try:
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


# --- the characters around the first ------------------------------------------------
# Most start characters in a report cannot begin a date (一 in 一是, 情 in 疫情, the 0 inside 500):
# a class's guard also reads the character after the first, and the one before it where every
# branch starting with that character forbids some (``(?<![\d.])`` before a year or a month).
# Both are worked out from the branches as a superset of what they can match (a symbol stands
# for a character, a class body such as ``\d``, or any character), so a guard never stops a match.

_ANY = None  # any character

Symbol = str | None  # a character, a class body (\d, a-z), or _ANY


@dataclass(frozen=True)
class _AllBut:
    r"""No character but these may come just before the match: ``(?<![^\n])``."""

    allowed: frozenset[str]


Before = frozenset[str] | _AllBut  # the characters that may not come just before the match
_Prefix = tuple[Before, tuple[Symbol, ...]]  # what may not come before, and the first characters
_NOTHING: frozenset[str] = frozenset()
_MAX_PREFIXES = 4000
GUARD_CHARS = 3  # the first character and the two after it: 25% faster than one after it, more gains little


class _TooVague(Exception):
    """A branch's first characters cannot be told (or are too many to list)."""


# A branch's first characters by the first: (what its prefixes all forbid before it, what may follow it).
_ByFirst = dict[Symbol, tuple[Before, frozenset[tuple[Symbol, ...]]]]


def _prefixes_of(parsed) -> _ByFirst | None:
    """A branch's first GUARD_CHARS characters and what may not precede them; None where not known."""
    if parsed is None:
        return None
    try:
        prefixes = _prefixes(parsed, GUARD_CHARS)
    except (_TooVague, RecursionError):
        return None
    by_first: dict[Symbol, tuple[Before, set[tuple[Symbol, ...]]]] = {}
    for forbidden, chars in prefixes:
        if chars:
            before, rests = by_first.get(chars[0], (forbidden, set()))
            rests.add(chars[1:])
            by_first[chars[0]] = (_both(before, forbidden), rests)
    return {symbol: (before, frozenset(rests)) for symbol, (before, rests) in by_first.items()}


def _guard(class_chars: list[str], branches: Sequence[_ByFirst | None]) -> str:
    r"""The lookahead body that lets a class's branches be tried only where one can start, e.g.
    ``[12](?<![\d][12])(?:[0-9][0-9年]|[月日])|[三][月日]``: each first character, what may not
    precede it, and what may follow it."""
    if None in branches:
        return f"[{''.join(map(_in_class, class_chars))}]"
    by_first: dict[Symbol, tuple[Before, frozenset[tuple[Symbol, ...]]]] = {}
    for branch in branches:
        for symbol, (forbidden, rests) in branch.items():
            if symbol in by_first:
                before, more = by_first[symbol]
                by_first[symbol] = (_both(before, forbidden), more | rests)
            else:
                by_first[symbol] = (forbidden, rests)
    vague = [symbol for symbol in by_first if symbol is _ANY or len(symbol) > 1]  # \d, a-z, any
    groups: dict[tuple[str, str], list[str]] = {}
    for ch in class_chars:
        before: Before | None = None  # what every branch starting with ch forbids before it
        rests: set[tuple[Symbol, ...]] = set()  # the characters that may follow ch
        for symbol in [ch, *(v for v in vague if _covers(v, ch))]:
            if symbol in by_first:
                forbidden, more = by_first[symbol]
                before = forbidden if before is None else _both(before, forbidden)
                rests |= more
        groups.setdefault((_class_of(before), _continuations(frozenset(rests))), []).append(ch)
    # Each alternative opens with its first characters, so re skips it at once on any other; the
    # lookbehind then reads the character before together with the first one.
    alternatives = []
    for (before, after), chars in groups.items():
        first = f"[{''.join(map(_in_class, chars))}]"
        alternatives.append(first + (f"(?<!{before}{first})" if before else "") + after)
    return "|".join(alternatives)


@cache
def _continuations(rests: frozenset[tuple[Symbol, ...]]) -> str:
    """A regex for what may follow: ``(?:[0-9][0-9年]|[月日])``; "" where a match may end or go on with anything."""
    if any(not rest or rest[0] is _ANY for rest in rests):
        return ""
    after: dict[str, set[tuple[Symbol, ...]]] = {}
    for rest in rests:
        after.setdefault(rest[0], set()).add(rest[1:])
    by_tail: dict[str, set[str]] = {}
    for symbol in sorted(after):  # sorted: the same regex in every process
        by_tail.setdefault(_continuations(frozenset(after[symbol])), set()).add(symbol)
    alternatives = [_class_of(symbols) + tail for tail, symbols in by_tail.items()]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def _class_of(symbols: Before | set[str] | None) -> str:
    """``[…]`` of the symbols, ``[^…]`` for all but them; "" for none or any."""
    if isinstance(symbols, _AllBut):
        return f"[^{''.join(sorted(map(_symbol_in_class, symbols.allowed)))}]"
    return f"[{''.join(sorted(map(_symbol_in_class, symbols)))}]" if symbols else ""


def _symbol_in_class(symbol: str) -> str:
    return symbol if len(symbol) > 1 else _in_class(symbol)


def _covers(symbol: Symbol, ch: str) -> bool:
    if symbol is _ANY:
        return True
    if len(symbol) == 1:
        return symbol == ch
    return re.fullmatch(f"[{symbol}]", ch) is not None


def _overlap(a: str, b: str) -> bool:
    """Whether two symbols can stand for one character (two class bodies: assumed so)."""
    if len(b) == 1:
        return _covers(a, b)
    if len(a) == 1:
        return _covers(b, a)
    return True


def _both(a: Before, b: Before) -> Before:
    """What two paths both forbid before them (at worst less than the truth, never more)."""
    if isinstance(a, _AllBut) and isinstance(b, _AllBut):
        return _AllBut(a.allowed | b.allowed)
    if isinstance(b, _AllBut):
        a, b = b, a
    if isinstance(a, _AllBut):
        return frozenset(s for s in b if not any(_overlap(s, allowed) for allowed in a.allowed))
    return a & b


def _either(a: Before, b: Before) -> Before:
    """What two assertions at one place forbid together (at worst less than the truth, never more)."""
    if isinstance(a, _AllBut) and isinstance(b, _AllBut):
        if all(len(s) == 1 for s in a.allowed | b.allowed):
            return _AllBut(a.allowed & b.allowed)
        return a  # what one of them forbids
    if isinstance(b, _AllBut):
        a, b = b, a
    if isinstance(a, _AllBut):
        return _AllBut(a.allowed - b)
    return a | b


def _prefixes(items, k: int) -> set[_Prefix]:
    """The first ``k`` characters of every string ``items`` can match (fewer where a match is shorter),
    each with what a lookbehind before them forbids. Other zero-width assertions are passed over,
    which can only add prefixes."""
    result: set[_Prefix] = {(_NOTHING, ())}
    for op, av in items:
        if all(len(chars) >= k for _, chars in result):
            break  # what follows the first k characters does not matter
        result = _then(result, _item_prefixes(op, av, k), k)
    return result


def _then(left: set[_Prefix], right: set[_Prefix], k: int) -> set[_Prefix]:
    """The prefixes of ``left`` followed by ``right``."""
    out: set[_Prefix] = set()
    cut: dict[int, set[tuple[Symbol, ...]]] = {}  # right's characters, only as many as still count
    for before, chars in left:
        wanted = k - len(chars)
        if wanted <= 0:
            out.add((before, chars))
        elif chars:
            if wanted not in cut:
                cut[wanted] = {more[:wanted] for _, more in right}
            out.update((before, chars + more) for more in cut[wanted])
        elif before == _NOTHING:
            out.update(right)
        else:  # nothing matched yet: what follows also reads the character before the match
            out.update((_either(before, right_before), more) for right_before, more in right)
        if len(out) > _MAX_PREFIXES:
            raise _TooVague
    return out


def _item_prefixes(op, av, k: int) -> set[_Prefix]:
    if op is _c.LITERAL:
        return {(_NOTHING, (chr(av),))}
    if op in (_c.NOT_LITERAL, _c.ANY):
        return {(_NOTHING, (_ANY,))}
    if op is _c.IN:
        return {(_NOTHING, (symbol,)) for symbol in _set_symbols(av)}
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _TooVague
        return _prefixes(av[-1], k)
    if op is _c.ATOMIC_GROUP:
        return _prefixes(av, k)
    if op is _c.BRANCH:
        return set().union(*(_prefixes(alternative, k) for alternative in av[1]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        low, high, body = av
        once = _prefixes(body, k)
        found: set[_Prefix] = set()
        for copies in range(min(low, k), min(high, k) + 1):  # past k copies the first k characters stay the same
            run: set[_Prefix] = {(_NOTHING, ())}
            for _ in range(copies):
                run = _then(run, once, k)
            found |= run
        return found
    if op is _c.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
        return {(_one_before(*av[1][0]), ())}
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {(_NOTHING, ())}
    if op is _c.GROUPREF:  # the text of an earlier group: any characters, as many as any
        return {(_NOTHING, (_ANY,) * n) for n in range(k + 1)}
    raise _TooVague


def _one_before(op, av) -> Before:
    r"""What ``(?<![\d.])``, ``(?<!x)`` or ``(?<![^\n])`` forbids just before; nothing for others."""
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op is _c.NOT_LITERAL:
        return _AllBut(frozenset({chr(av)}))
    if op is not _c.IN:
        return _NOTHING
    members = [m for m in av if m[0] is not _c.NEGATE]
    symbols = _set_symbols(members)
    if _ANY in symbols:
        return _NOTHING
    return _AllBut(frozenset(symbols)) if len(members) < len(av) else frozenset(symbols)


def _set_symbols(members) -> set[Symbol]:
    """The symbols of a character set's members; a negated set (or an unknown member) is any character."""
    symbols: set[Symbol] = set()
    for op, av in members:
        if op is _c.LITERAL:
            symbols.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < 64:
            symbols.update(map(chr, range(av[0], av[1] + 1)))
        elif op is _c.RANGE:
            symbols.add(f"{_in_class(chr(av[0]))}-{_in_class(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORY:
            symbols.add(_CATEGORY[av])
        else:
            return {_ANY}
    return symbols


# --- words every match holds ---------------------------------------------------------

def required_words(regex: str) -> frozenset[str] | None:
    """Words one of which every match of ``regex`` holds, or None when the regex does not say.

    A text holding none of them cannot match, so a caller with many regexes finds the words
    of all of them in one Aho-Corasick pass and searches only the regexes left possible.
    Read from ``re``'s parser as above: a literal run, or one word from each alternative.
    """
    try:
        parsed = _p.parse(regex)
    except (re.error, RecursionError):
        return None
    words = None if parsed.state.flags & re.IGNORECASE else _words_of(parsed)
    # 强台风 holds 台风: a text holding it holds 台风 too.
    return words and frozenset(w for w in words if not any(other in w for other in words if other != w))


def _words_of(items) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the characters on both sides are side by side in the match
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        words = None
        if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
            words = _words_of(av[-1])
        elif op is _c.ATOMIC_GROUP:
            words = _words_of(av)
        elif op is _c.BRANCH:
            each = [_words_of(alternative) for alternative in av[1]]
            words = None if None in each else frozenset().union(*each)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)) and av[0] >= 1:
            words = _words_of(av[2])
        if words:
            candidates.append(words)
    if run:
        candidates.append(frozenset({"".join(run)}))
    # The most telling: longest shortest word, then fewest words.
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)), default=None)
