"""Recognise stage: find date mentions in the normalised text with the grammar in rules/dates.toml.

All patterns are compiled into one alternation (each wrapped in a group named
after it) behind a one-character lookahead, so the text is scanned once, fast,
whatever the number of patterns; the cue
words and guards around a match are then checked on a few characters of context.
Mentions come out unresolved: what the words say, not yet which calendar day.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from .first_char import dispatching_alternation
from .models import Mention
from .rules import RuleError, load_rules

_PIECE = re.compile(r"\{([A-Z][A-Z0-9]*)\}")

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "元": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # 元 only ever stands for a month: 元月 is January


def chinese_number(word: str) -> int:
    """Value of a date number written in digits or Chinese numerals (十七 -> 17, 二〇二二 -> 2022)."""
    if word.isdigit():
        return int(word)
    if "十" not in word:
        return int("".join(str(_CN_DIGITS[ch]) for ch in word))
    tens, _, units = word.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern[str]
    patterns: dict[str, dict]
    relative_days: dict[str, int]
    relative_time: dict[str, str]
    day_not_after: tuple[str, ...]
    day_not_before: tuple[str, ...]
    day_not_before_ok: tuple[str, ...]
    duration_cues: tuple[str, ...]
    duration_window: int
    cues: dict
    tables: dict  # year/month/week offsets, weekdays, lunar months, festivals
    # branch -> (its groups' numbers, their fields): read with one m.group(*numbers), not groupdict() of 400 groups
    fields: dict[str, tuple[tuple[int, ...], tuple[str, ...]]]
    # The cue word lists as one regex each (a search of a few characters) or as tuples for startswith/endswith.
    habitual: re.Pattern[str]
    definition: re.Pattern[str]
    relative_not_after: frozenset[str]
    planned: re.Pattern[str]
    since_clause: re.Pattern[str]
    clause_before: re.Pattern[str]  # matches up to the last clause end in a stretch
    clause_end: re.Pattern[str]
    until_before: tuple[str, ...]
    until_after: tuple[str, ...]
    since_before: tuple[str, ...]
    since_after: tuple[str, ...]
    relative_not_before: tuple[str, ...]


@cache
def grammar() -> _Grammar:
    """The compiled grammar: one regex for every pattern in the table."""
    rules = load_rules("dates")
    pieces = rules["pieces"]

    def expand(regex: str, where: str) -> str:
        def piece(m: re.Match[str]) -> str:
            if m.group(1) not in pieces:
                raise RuleError("dates", where, f"unknown piece {{{m.group(1)}}} (defined: {', '.join(pieces)})")
            body = pieces[m.group(1)]
            return f"(?:{word_trie(body) or expand(body, f'pieces.{m.group(1)}')})"
        return _PIECE.sub(piece, regex)

    wheres = [f"pattern[{index}] ({pattern['name']!r}).regex" for index, pattern in enumerate(rules["pattern"])]
    bodies = [expand(pattern["regex"], where) for pattern, where in zip(rules["pattern"], wheres)]
    source, branch_of = dispatching_alternation(rules["start_chars"], bodies)
    # A pattern is checked alone only when the whole does not compile (to name it) or when it is not
    # in the whole (no start character can begin it): compiling every one alone cost a fifth of the time.
    try:
        regex = re.compile(source)
    except re.error:
        _compile_alone(bodies, wheres, range(len(bodies)))
        raise
    _compile_alone(bodies, wheres, sorted(set(range(len(bodies))) - set(branch_of.values())))
    day_rules = rules["day_count"]
    return _Grammar(
        regex=regex,
        patterns={tag: rules["pattern"][index] for tag, index in branch_of.items()},
        relative_days=rules["relative_days"],
        relative_time=rules["relative_time"],
        day_not_after=tuple(day_rules["not_after"]),
        day_not_before=tuple(day_rules["not_before"]),
        day_not_before_ok=tuple(day_rules["not_before_ok"]),
        duration_cues=tuple(day_rules["duration_cues"]),
        duration_window=day_rules["duration_window"],
        cues=rules["cues"],
        tables={k: rules[k] for k in ("year_offsets", "month_offsets", "week_offsets", "weekdays", "lunar_months", "festivals")},
        fields={tag: _group_fields(regex, tag) for tag in branch_of},
        habitual=_any_of(rules["cues"]["relative_not_in_clause_with"]),
        definition=_any_of(rules["cues"]["definition_words"]),
        relative_not_after=frozenset(rules["cues"]["relative_not_after"]),
        planned=_any_of(rules["cues"]["plan_before"]),
        since_clause=_any_of(rules["cues"]["since_clause"]),
        clause_before=re.compile(f"(?s:.*)[{re.escape(rules['cues']['clause_end'])}]"),
        clause_end=re.compile(f"[{re.escape(rules['cues']['clause_end'])}]"),
        until_before=tuple(rules["cues"]["until_before"]),
        until_after=tuple(rules["cues"]["until_after"]),
        since_before=tuple(rules["cues"]["since_before"]),
        since_after=tuple(rules["cues"]["since_after"]),
        relative_not_before=tuple(rules["cues"]["relative_not_before"]),
    )


_LITERAL_WORDS = re.compile(r"[^\\()\[\]{}?*+.^$|]+(?:\|[^\\()\[\]{}?*+.^$|]+)*")


def word_trie(piece: str) -> str | None:
    """A piece that lists plain words (中秋节|中秋|…) as the same words in a trie (中秋(?:节)?|…), else None.

    ``re`` tries an alternation's words one by one at every position it reaches, so sixty festival
    names cost sixty failed comparisons at each 中 or 国; grouped by their first characters they
    cost one. Only when every word comes before the shorter words it begins with (the tables'
    convention, longest first), so the leftmost-first match is unchanged.
    """
    if not _LITERAL_WORDS.fullmatch(piece):
        return None
    words = piece.split("|")
    if any(words[j].startswith(words[i]) for i in range(len(words)) for j in range(i + 1, len(words))):
        return None
    return _trie(words)


def _trie(words: list[str]) -> str:
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in branches.items():
        longer = [rest for rest in rests if rest]
        if not longer:
            parts.append(re.escape(first))
        else:
            parts.append(re.escape(first) + f"(?:{_trie(longer)})" + ("?" if "" in rests else ""))
    return "|".join(parts)

def _group_fields(regex: re.Pattern[str], tag: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    named = [(number, name[len(tag) + 1:]) for name, number in regex.groupindex.items() if name.startswith(tag + "_")]
    return tuple(n for n, _ in named), tuple(f for _, f in named)


def _any_of(words: list[str]) -> re.Pattern[str]:
    """One search for whether any of ``words`` occurs (a clause of a few characters)."""
    return re.compile("|".join(map(re.escape, words)))


def _compile_alone(bodies: list[str], wheres: list[str], indexes: Iterable[int]) -> None:
    """RuleError naming the first of these patterns that does not compile alone."""
    for index in indexes:
        try:
            re.compile(bodies[index])
        except re.error as exc:
            raise RuleError("dates", wheres[index], f"regex does not compile once its pieces are filled in: {exc}") from None


def recognise(text: str, start: int = 0, end: int | None = None) -> Iterator[Mention]:
    """Every date mention in ``text[start:end]`` (normalised text), in text order."""
    g = grammar()
    for m in g.regex.finditer(text, start, len(text) if end is None else end):
        tag = m.lastgroup
        numbers, names = g.fields[tag]
        values = m.group(*numbers) if len(numbers) > 1 else (m.group(*numbers),) if numbers else ()
        fields = {field: value for field, value in zip(names, values) if value is not None}
        mention = _build(text, m.start(), m.end(), g.patterns[tag], fields, g)
        if mention is not None:
            yield mention


def _build(text: str, start: int, end: int, pattern: dict, fields: dict[str, str], g: _Grammar) -> Mention | None:
    name = pattern["name"]
    if pattern.get("day_only") and not _plausible_day_count(text, start, end, g):
        return None
    # Trailing spaces the optional pieces may have taken are not part of the mention.
    while end > start and text[end - 1] == " ":
        end -= 1
    time = (fields.get("t") or "").strip() or None
    rel = fields.get("rel")
    clause = _clause_before(text, start, g)  # once, not once per cue word
    if rel is not None:
        if g.habitual.search(clause):
            return None
        if start and text[start - 1:start + 1] in g.relative_not_after:
            return None
        after = start + len(rel)
        if text.startswith(g.relative_not_before, after) and not text.startswith(tuple(g.cues["relative_ok_before"]), after):
            return None
        relative_to = pattern.get("relative_to", "previous")
        if relative_to == "published" and _in_dated_statement(text, start, g.cues["statement_cues"]):
            relative_to = "speech"
        return Mention(
            start=start, end=end, pattern=name, relative_days=g.relative_days[rel], kind=_cue_kind(text, start, end, g),
            relative_to=relative_to,
            time_of_day=time or g.relative_time.get(rel),
        )
    if "count" in fields:  # 3天后, 五天前: days counted from the day dated just before (or the publication)
        if g.habitual.search(clause):
            return None
        days = chinese_number(fields["count"]) * (7 if "week" in fields else 1)
        return Mention(
            start=start, end=end, pattern=name, relative_days=-days if fields["way"] == "前" else days,
            kind=_cue_kind(text, start, end, g), relative_to="previous", time_of_day=time,
        )
    try:
        values = {k: chinese_number(v) for k, v in fields.items() if k in ("y", "m", "d", "y2", "m2", "d2")}
        values.setdefault("m", pattern.get("month"))
        values.setdefault("d", pattern.get("day"))
        if "yy" in fields:
            values["y"] = _full_year(chinese_number(fields["yy"]))
        lunar = (_lunar_month(fields["lm"], g), _lunar_day(fields["ld"])) if "lm" in fields else None
        if "ld2" in fields:
            lunar = (1, _lunar_day(fields["ld2"]))
    except KeyError:
        return None
    end_day = values.get("d2")
    kind = "range" if end_day is not None or values.get("m2") else _cue_kind(text, start, end, g)
    month_only = bool(pattern.get("month_only"))
    if month_only and kind == "point":  # 2022年3月 is the whole month unless 以来/截至 says otherwise
        kind = "range"
    weekday = g.tables["weekdays"][fields["wd"]] if "wd" in fields else None
    if values.get("y") is None and "yrel" not in fields and weekday is None and _in_definition(text, start, end, g):
        return None
    return Mention(
        start=start, end=end, pattern=name, kind=kind,
        year=values.get("y"), month=values.get("m"), day=values.get("d"),
        end_year=values.get("y2"), end_month=values.get("m2"), end_day=end_day,
        month_only=month_only, time_of_day=time,
        relative_to=pattern.get("relative_to"),
        year_offset=g.tables["year_offsets"].get(fields.get("yrel")),
        month_offset=g.tables["month_offsets"].get(fields.get("mrel")),
        weekday=weekday,
        week_offset=g.tables["week_offsets"].get(fields.get("wrel")) if weekday is not None else None,
        part_of_month=fields.get("part"),
        lunar=lunar,
        festival=g.tables["festivals"].get(fields.get("fest")),
        context_only=bool(pattern.get("context_only")),
        nth_weekday=(-1 if "last" in fields else chinese_number(fields["nth"])) if ("nth" in fields or "last" in fields) else None,
        planned=_announced(text, end, clause, g),
        dateline=(text.startswith(("电", "讯"), end) and values.get("d") is not None
                  or values.get("y") is not None and values.get("d") is not None and _signs_notice(text, start, end)),
    )


_SENTENCE_BREAK = re.compile("[。！？!?\n]")


def _in_definition(text: str, start: int, end: int, g: _Grammar) -> bool:
    """Whether the sentence of a mention defines a day or tells its history (元旦,即公历的1月1日)."""
    before = [m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 80), start)]
    after = _SENTENCE_BREAK.search(text, end, end + 80)
    return bool(g.definition.search(text, before[-1] if before else max(0, start - 80), after.start() if after else end + 80))


_MONTH_DAY = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")


def _in_dated_statement(text: str, start: int, cues: list[str]) -> bool:
    """今天 in what was said on a day the paragraph dates (1月19日…新闻发布会…今天将交付)."""
    paragraph = text[text.rfind("\n", 0, start) + 1:start]
    found = _MONTH_DAY.search(paragraph)
    return found is not None and any(cue in paragraph[found.end():] for cue in cues)


_SIGN_OFF_LINES = 6  # a notice's signature and date stand among its last lines


def _signs_notice(text: str, start: int, end: int) -> bool:
    """城南镇大闾街菜市场 / 2022年3月17日 closing a notice: the date alone on its line under the signing body.

    It is the notice's own day: its 即日起 and 今天 count from it, not from the page's later date stamp.
    """
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    signer = text[:line_start].rstrip().rpartition("\n")[2].strip()  # the last line above holding anything
    lines_after = sum(1 for line in text[line_end:].split("\n") if line.strip())
    return bool(signer) and lines_after < _SIGN_OFF_LINES and len(signer) <= 30 \
        and not any(mark in signer for mark in "，。；！？,;!?:：")


def _announced(text: str, end: int, clause: str, g: _Grammar) -> bool:
    """A plan: 将于/计划 before the date in its clause, or 将/拟 right after it (1月20日将启动)."""
    return g.planned.search(clause) is not None or text.startswith(tuple(g.cues["plan_after"]), end)


def _full_year(two_digits: int) -> int:
    """16年 is 2016 and 98年 is 1998: this century up to the current year, the last one after it."""
    this_year = dt.date.today().year
    return 2000 + two_digits if 2000 + two_digits <= this_year else 1900 + two_digits


def _lunar_month(word: str, g: _Grammar) -> int:
    return g.tables["lunar_months"].get(word) or chinese_number(word)


def _lunar_day(word: str) -> int:
    """初三 -> 3, 廿六 -> 26, 二十 -> 20."""
    if word.startswith("初"):
        return chinese_number(word[1:])
    if word.startswith("廿"):
        return 20 + chinese_number(word[1:])
    return chinese_number(word)


def _plausible_day_count(text: str, start: int, end: int, g: _Grammar) -> bool:
    """False for 近3日, 3日内 and the like: counts of days, not a day of the month."""
    before = text[max(0, start - 3):start]
    day_word = min((i for i in (text.find("日", start, end), text.find("号", start, end)) if i >= 0), default=end - 1)
    after = text[day_word + 1:day_word + 4]  # after 日 itself: 29日晚 来 is a time of day, 3日来 a count
    if before.endswith(g.day_not_after) or after.startswith(g.day_not_before) and not after.startswith(g.day_not_before_ok):
        return False
    window = text[max(0, start - g.duration_window):start]
    return not any(cue in window for cue in g.duration_cues)


def _clause_before(text: str, start: int, g: _Grammar) -> str:
    """The clause a mention stands in, up to the mention (at most 40 characters back)."""
    lo = max(0, start - 40)
    last_end = g.clause_before.match(text, lo, start)
    return text[last_end.end() if last_end else lo:start]


def _cue_kind(text: str, start: int, end: int, g: _Grammar) -> str:
    """since / until / point from the cue words around the date words."""
    before = text[max(0, start - 4):start].rstrip(" ")
    after = text[end:end + 3]
    if before.endswith(g.until_before) or after.startswith(g.until_after):
        return "until"
    if after.startswith(g.since_after):
        return "since"
    if before.endswith(g.since_before):
        stop = g.clause_end.search(text, end, end + 60)
        clause = text[end:stop.start() if stop else end + 60]
        if g.since_clause.search(clause):
            return "since"
    return "point"
