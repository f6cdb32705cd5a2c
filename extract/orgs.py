"""Organisation stage: the enterprises and bodies acting in a report, and who acts in a passage.

Names are found by their endings (公司, 集团, 国资委, 物业 …, from rules/orgs.toml);
the start of a name is where the sentence's function words and verbs stop. Names with
no ending are known by a mark beside them (a stock code, 旗下), by pattern (中建三局)
or as known brands. A name and its short form (城投公司 / 城投) and the same body with
or without its place (渭南市产投集团 / 市产投集团) are one organisation, shown under its
fullest name. ActorIndex reads who acts in a stretch of text: those named there and not
only cited, those referred back to (该集团, 公司), else the subject carried over.
"""
from __future__ import annotations

import importlib.util
import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import takewhile

import ahocorasick_rs

from .first_char import required_words
from .places import _hits as place_hits
from .rules import load_rules

_HAN_RUN = "[\u3400-\u9fffA-Za-z]"


@dataclass(frozen=True)
class Organisation:
    name: str  # fullest form seen
    aliases: tuple[str, ...]  # every form that names it in this report, short forms included
    mentions: int


@dataclass(frozen=True)
class _Rules:
    endings: ahocorasick_rs.AhoCorasick
    max_prefix: int
    branch_re: re.Pattern[str]
    list_head_re: re.Pattern[str]
    list_count_head_re: re.Pattern[str]
    list_count_re: re.Pattern[str]
    list_re: re.Pattern[str]
    stop_re: re.Pattern[str]
    suffix_re: re.Pattern[str]
    first_suffix_re: re.Pattern[str]
    generic: frozenset[str]
    generic_prefixes: tuple[str, ...]
    registered_suffixes: tuple[str, ...]
    registered_place_heads: tuple[str, ...]
    lead_in_chars: str
    self_reference_endings: tuple[str, ...]
    self_reference_exempt: tuple[str, ...]
    place_named: tuple[str, ...]
    bare_suffixes: frozenset[str]
    subsidiary_words: frozenset[str]
    min_core: int
    max_core: int
    registered_max_core: int
    place_named_heads: tuple[str, ...]
    place_core_suffixes: tuple[str, ...]
    name_patterns: tuple[re.Pattern[str], ...]
    known_names: ahocorasick_rs.AhoCorasick
    inserted_quote: re.Pattern[str]
    # Words one of which every inserted quote holds: a text with none is not searched (the regex opens
    # with a bracket, tried at each of the many a converted text holds; an ``in`` test is cheaper).
    inserted_quote_words: frozenset[str] | None
    government_words: tuple[str, ...]
    counter_chars: str
    place_brands: re.Pattern[str]
    bare_forms: tuple[str, ...]
    trade_suffixes: frozenset[str]
    spam_marker: re.Pattern[str]
    standalone_suffixes: frozenset[str]
    false_endings: re.Pattern[str]
    facility_suffixes: frozenset[str]
    name_contexts: tuple[tuple[str, re.Pattern[str], int], ...]  # (cheap test word, pattern, min_chars)
    plural_prefixes: tuple[str, ...]
    name_before_marks: tuple[tuple[re.Pattern[str], int], ...]
    name_after_marks: tuple[tuple[re.Pattern[str], int], ...]
    not_in_name_tags: frozenset[str]
    name_opening_tags: frozenset[str]


@cache
def _rules() -> _Rules:
    r = load_rules("orgs")
    suffixes = "|".join(map(re.escape, r["suffixes"]))
    return _Rules(
        endings=ahocorasick_rs.AhoCorasick(r["suffixes"], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        max_prefix=r["max_prefix"],
        # Opening with the heads' alternation (no lookahead before it): re then skips to their first characters.
        branch_re=re.compile(f"(?:{'|'.join(r['branch_heads'])})(?=(?:{'|'.join(r['branch_words'])}))"),
        list_head_re=re.compile(f"(?:{r['list_closer']})(?P<head>{'|'.join(r['list_heads'])})"),
        list_count_head_re=re.compile(f"{r['list_count_word']}(?P<head>{'|'.join(r['list_heads'])})"),
        list_count_re=re.compile(f"(?:{r['list_count']})\\Z"),
        list_re=re.compile(f"(?:{_HAN_RUN}{{2,14}}[{r['list_separators']}])+{_HAN_RUN}{{2,8}}\\Z"),
        stop_re=re.compile("|".join(map(re.escape, sorted(r["stop_words"], key=len, reverse=True)))),
        suffix_re=re.compile(f"(?:{suffixes})+$"),
        first_suffix_re=re.compile(f"(?:{suffixes})"),
        generic=frozenset(r["generic_names"]),
        generic_prefixes=tuple(sorted(r["generic_prefixes"], key=len, reverse=True)),
        registered_suffixes=tuple(r["registered_suffixes"]),
        registered_place_heads=tuple(r["registered_place_heads"]),
        lead_in_chars=r["lead_in_chars"],
        self_reference_endings=tuple(r["self_reference_endings"]),
        self_reference_exempt=tuple(r["self_reference_exempt"]),
        place_named=tuple(r["place_named_suffixes"]),
        bare_suffixes=frozenset(r["bare_suffixes"]),
        subsidiary_words=frozenset(r["subsidiary_words"]),
        min_core=r["min_core"],
        max_core=r["max_core"],
        registered_max_core=r["registered_max_core"],
        place_named_heads=tuple(r["place_named_heads"]),
        place_core_suffixes=tuple(r["place_core_suffixes"]),
        # Apart, not one alternation: a pattern opening with a literal or a class is searched far faster alone.
        name_patterns=tuple(re.compile(p) for p in r["name_patterns"]),
        known_names=ahocorasick_rs.AhoCorasick(r["known_names"], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        inserted_quote=re.compile(r["inserted_quote"]),
        inserted_quote_words=required_words(r["inserted_quote"]),
        government_words=tuple(r["government_words"]),
        counter_chars=r["counter_chars"],
        place_brands=re.compile("|".join(map(re.escape, r["place_brands"]))),
        bare_forms=tuple(r["bare_forms"]),
        trade_suffixes=frozenset(r["trade_suffixes"]),
        standalone_suffixes=frozenset(r["standalone_suffixes"]),
        facility_suffixes=frozenset(r["facility_suffixes"]),
        name_contexts=tuple((c["word"], re.compile(c["pattern"]), c.get("min_chars", 0)) for c in r["name_contexts"]),
        false_endings=re.compile(f".{{0,2}}(?:{'|'.join(map(re.escape, r['false_endings']))})"),
        spam_marker=re.compile(f".*(?:{'|'.join(map(re.escape, r['spam_markers']))})"),
        plural_prefixes=tuple(r["plural_prefixes"]),
        name_before_marks=tuple((re.compile(m["mark"]), m["min_chars"]) for m in r["name_before_marks"]),
        name_after_marks=tuple((re.compile(m["mark"]), m["min_chars"]) for m in r["name_after_marks"]),
        not_in_name_tags=frozenset(r["not_in_name_tags"]),
        name_opening_tags=frozenset(r["name_opening_tags"]),
    )


@dataclass(frozen=True)
class _Lexicon:
    """Word sets from jieba's dictionary (read as data, no segmenting), in one pass."""

    cut: frozenset[str]  # words that end the text before a name (确保, 获)
    common: frozenset[str]  # words too common to be a name's core on their own (利用)
    proper: frozenset[str]  # proper nouns (解放日报, 中国进出口银行)
    verbs: frozenset[str]  # verbs of any frequency (承建)
    words: frozenset[str]  # words of 3-4 characters, any tag: a short form followed by the rest of one is that word (公交车)
    types: frozenset[str]  # common nouns that only say a trade (报业, 物流)
    first_words: dict[str, str]  # short common words and their tags: what opens a clause (已: d, 首批: m)


@cache
def _lexicon() -> _Lexicon:
    r = load_rules("orgs")
    cut_tags, cut_floor = set(r["lexicon_cut_tags"]), r["lexicon_min_frequency"]
    core_tags, core_floor = set(r["whole_core_tags"]), r["whole_core_min_frequency"]
    proper_tags, verb_tags = set(r["proper_noun_tags"]), set(r["verb_tags"])
    type_tags, type_floor = set(r["type_word_tags"]), r["type_word_min_frequency"]
    word_floor = r["actors"]["longer_word_min_frequency"]
    first_floor, single_tags = r["actors"]["first_word_min_frequency"], set(r["actors"]["single_character_tags"])
    cut, common, proper, verbs, words, types = set(), set(), set(), set(), set(), set()
    first_words: dict[str, str] = {}
    with open(_jieba_dictionary(), encoding="utf-8") as fh:
        for line in fh:
            word, freq_text, tag = line.split()
            freq = int(freq_text)
            if tag in cut_tags and freq >= cut_floor:
                cut.add(word)  # single characters too (获, 从): they end a lead-in before a proper noun
            if freq >= first_floor and (2 <= len(word) <= 4 or tag in single_tags):
                first_words[word] = tag
            if len(word) < 2:
                continue
            if tag in core_tags and freq >= core_floor:
                common.add(word)
            if tag in proper_tags and 3 <= len(word) <= 10:
                proper.add(word)
            if tag in verb_tags:
                verbs.add(word)
            if len(word) >= 3 and len(word) <= 4 and freq >= word_floor:
                words.add(word)
            if tag in type_tags and freq >= type_floor:
                types.add(word)
    return _Lexicon(*map(frozenset, (cut, common, proper, verbs, words, types)), first_words)


def _jieba_dictionary() -> str:
    """jieba's dict.txt, found without importing jieba (its import costs 80 ms and only its data is read)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed: its dictionary is read for organisation names")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _cut_at_stop_words(candidate: str, suffix_len: int) -> tuple[str, str]:
    """Drop the words before a name: it starts after the last stop word, or after the last
    common word that still leaves a core of ``min_core`` characters. Returns (name, word cut at)."""
    rules = _rules()
    core_end = len(candidate) - suffix_len
    start, cut_word = 0, ""
    for m in rules.stop_re.finditer(candidate, 0, core_end):
        start, cut_word = m.end(), m.group(0)
    # 经北京纺织控股有限责任公司批准: a preposition right before a place leads into the name.
    if candidate[start:start + 1] in rules.lead_in_chars and _opens_with_place(candidate, start + 1, core_end):
        start, cut_word = start + 1, candidate[start]
    lexicon, proper = _lexicon().cut, _lexicon().proper
    registered = candidate.endswith(rules.registered_suffixes)
    for i in range(start, core_end - rules.min_core):
        # A registered name opening with its place (甘肃锦国宇防水工程有限公司, 云南鸿翔一心堂药业(集团)股份
        # 有限公司) is whole from there: the words after a place are its brand and trade, not a lead-in.
        if registered and i == start and _opens_with_place(candidate, start, core_end):
            break
        for j in range(i + 2, min(i + 5, core_end - rules.min_core + 1)):
            word = candidate[i:j]
            # 大同 is a common word and a city: 大同煤矿集团 and 大同市同煤集团 keep it.
            if word in lexicon and j > start and not _starts_proper_noun(candidate, i, j, proper) \
                    and not _is_place(word) and not _is_place(candidate[i:j + 1]):
                start, cut_word = j, candidate[i:j]
    return candidate[start:], cut_word


def _opens_with_place(candidate: str, start: int, core_end: int) -> bool:
    """Whether a place (甘肃, 天水市, 自治区) opens ``candidate`` at ``start`` with a core after it."""
    hits = place_hits(candidate[start:core_end])
    return bool(hits) and hits[0][0] == 0 and hits[0][1] < core_end - start - 1 \
        or candidate.startswith(_rules().registered_place_heads, start)


def _starts_proper_noun(candidate: str, i: int, j: int, proper: frozenset[str]) -> bool:
    """解放 in 解放日报报业集团 begins the proper noun 解放日报, so it is part of the name; 出口 in
    中国进出口银行 lies inside one that runs into the ending."""
    return any(candidate[h:k] in proper for h in range(max(0, i - 4), i + 1)
               for k in range(max(j, h + 3), min(h + 7, len(candidate)) + 1))


@lru_cache(maxsize=65536)
def _suffix_of(name: str) -> str:
    m = _rules().suffix_re.search(name)
    return m.group(0) if m else ""


@lru_cache(maxsize=65536)
def _clean_name(candidate: str, listed: bool = False) -> str | None:
    """The organisation name in a candidate stretch, or None if it names nobody. A ``listed`` one stands
    in a list of names (公交公司、高新集团等企业), so its core is no verb phrase even when the dictionary
    tags it as one (高新: d)."""
    rules = _rules()
    if candidate.endswith(rules.self_reference_endings) and not candidate.endswith(rules.self_reference_exempt):
        return None  # 持有本公司
    suffix = _suffix_of(candidate)
    # 市产投集团集团党委: the same ending twice is one ending.
    while suffix and len(suffix) % 2 == 0 and suffix[: len(suffix) // 2] * 2 == suffix:
        candidate, suffix = candidate[: -len(suffix) // 2], suffix[: len(suffix) // 2]
    # 365体育官网粤海江河水务有限公司: a site's name that spam inserts before the name is read through,
    # unless nothing but the ending is left (亚星游戏官网集团 stays as written).
    spam = rules.spam_marker.search(candidate)
    if spam and len(candidate) - spam.end() > len(suffix) + 1:
        candidate = candidate[spam.end():]
    name, cut_word = _cut_at_stop_words(candidate, len(suffix))
    bracket = re.search("[)）]", name)
    # 新华社电(记者王茜)城投公司: cut inside the brackets; (尹倩芸)中国国家铁路集团有限公司: a byline before it.
    if bracket and (not re.search("[(（]", name[: bracket.start()]) or name[0] in "(（"):
        name = name[bracket.end():]
    # 获中国进出口银行: a proper noun of the dictionary that ends with the ending is the name.
    proper, cut = _lexicon().proper, _lexicon().cut
    name = next((name[i:] for i in range(1, len(name) - len(suffix) - 1)
                 if name[i:] in proper and (name[i - 1] in cut or name[max(0, i - 2):i] in cut)), name)
    # 旗下医药公司 names the group's pharmaceutical company; 旗下上市公司, 旗下全资子公司 name a kind.
    if cut_word in rules.subsidiary_words and suffix and len(name) > len(suffix):
        return None if name in rules.generic else name
    for prefix in rules.generic_prefixes:
        if name.startswith(prefix) and len(name) - len(prefix) - len(suffix) >= rules.min_core:
            name = name[len(prefix):]
            break
    core = name[: len(name) - len(suffix)] if suffix else name
    # 淮安市城市发展投资控股集团: the place does not count towards the core's length.
    longest = rules.registered_max_core if name.endswith(rules.registered_suffixes) else rules.max_core
    if len(_BRACKETED.sub("", _strip_place(core))) > longest:
        # 施工单位吉林市市政集团, 成员企业扬州中燃城市燃气发展有限公司: too long for a name, it is the words of
        # the sentence and a name opening with its place.
        place = next((i for i, _, _ in place_hits(core) if i > 0), None)
        return _clean_name(name[place:], listed) if place is not None else None
    if name in rules.generic or core in _lexicon().common:
        return None
    start = len(candidate) - len(name)  # 两大船舶集团 (cut at 两 to 大船舶集团) are a kind, not one body
    if any((i := candidate.rfind(p, 0, start + len(p))) >= 0 and i + len(p) >= start for p in rules.plural_prefixes):
        return None
    if suffix in rules.bare_suffixes and not listed and _is_verb_phrase(core):
        return None
    if suffix in rules.facility_suffixes and core in _lexicon().verbs:  # 承建水厂 is "builds a waterworks"
        return None
    if name.endswith(rules.place_named):
        # 上报市国资委 -> 市国资委: only a place (or 市/省) can stand before these endings.
        for i in range(len(core)):
            body = core[i:]
            for word in rules.government_words:  # 兰州市政府国资委
                if body.endswith(word) and len(body) > len(word):
                    body = body[: -len(word)]
                    break
            if _is_place(body) or body in rules.place_named_heads:
                found = core[i:] + suffix
                return None if found in rules.generic else found  # 4个市州国资委
        # 安徽省建筑业协会: a trade after a place names that place's association.
        if suffix in rules.trade_suffixes and _place_of(core):
            return name
        return None
    if len(core) < rules.min_core and not (candidate == name == suffix and suffix in rules.standalone_suffixes):
        return None
    if _is_place(core) and not suffix.startswith(rules.place_core_suffixes):
        return None
    return name


def _is_verb_phrase(core: str) -> bool:
    """研究讨论(集团), 项目负责(公司): a core ending in a verb of the dictionary is a verb phrase, unless
    what stands before the verb is a brand or a place, which no common word ends (宝冶安装公司,
    上海安装公司)."""
    cut, common = _lexicon().cut, _lexicon().first_words
    n = next((n for n in range(2, min(4, len(core)) + 1) if core[-n:] in cut), 0)
    if not n:
        return False
    rest = core[:-n]
    return not rest or not _is_place(rest) and (rest in common or any(rest[-k:] in cut for k in (1, 2, 3, 4)))


@cache
def _short_form_tags() -> frozenset[str]:
    return frozenset(["", *load_rules("orgs")["short_form_tags"]])  # "": no word of the dictionary


def _clean_context_name(candidate: str, min_chars: int = 0) -> str | None:
    """A name with no ending (天元航材): the words before it cut off as before an ending, its last
    two characters kept as if they were one (通宇通讯 does not end at the stop word 讯)."""
    rules = _rules()
    name = _cut_at_stop_words(candidate, 2)[0]
    if len(name) < (min_chars or 2 + rules.min_core) or name in rules.generic or _is_place(name) \
            or name in _lexicon().common:
        return None
    return name


_NAME_BEFORE = re.compile(f"{_HAN_RUN}{{1,12}}\\Z")
_NAME_AFTER = re.compile(f"{_HAN_RUN}{{1,10}}")


def _marked_names(text: str) -> set[str]:
    """Names with no ending known by a mark beside them (rules ``name_before_marks`` and
    ``name_after_marks``): 达安基因(002030), 深投控旗下…, 旗下深农厨房畅通…, 下属企业中国中元在…."""
    rules, found = _rules(), set()
    for mark, min_chars in rules.name_before_marks:
        for m in mark.finditer(text):
            run = _NAME_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if run and (name := _clean_context_name(run.group(0), min_chars)):
                found.add(name)
    for mark, min_chars in rules.name_after_marks:
        for m in mark.finditer(text):
            run = _NAME_AFTER.match(text, m.end())
            if run and (name := _name_up_to_verb(run.group(0), min_chars)):
                found.add(name)
    return found


def _name_up_to_verb(run: str, min_chars: int) -> str | None:
    """The name opening ``run`` (深农厨房畅通供应渠道 -> 深农厨房): it ends before the first verb, adverb,
    preposition or the like of jieba's dictionary after its first two characters (there must be one),
    and opens with no numeral or other word that starts no name (一份都市类晚报)."""
    words, not_in_name = _lexicon().first_words, _rules().not_in_name_tags
    first = next((w for n in (4, 3, 2, 1) if (w := run[:n]) in words), None)
    if first and words[first] not in _rules().name_opening_tags:
        return None
    end = next((i for i in range(2, len(run)) for n in (4, 3, 2, 1)
                if run[i:i + n] in words and words[run[i:i + n]] in not_in_name), None)
    if end is None:  # a name is followed by what it does (所属企业复工复产。 names nobody)
        return None
    name = run[:end]
    if len(name) < min_chars or name in _rules().generic or _is_place(name) or name in words:
        return None
    return name


@lru_cache(maxsize=65536)
def _strip_place(name: str) -> str:
    """渭南市产投集团 -> 产投集团, 山西省大同市同煤集团 -> 同煤集团: the key under which forms of one body meet.
    A place after the first is dropped only when written with its level (大同市): 山西大同煤矿集团 keeps 大同."""
    levels = load_rules("orgs")["place_prefix_chars"]
    end = 0
    for start, stop, _ in place_hits(name):
        if start != end or (end and not name.startswith(tuple(levels), stop - 1) and not name.startswith(tuple(levels), stop)):
            break
        end = stop
    return name[end:].lstrip(levels)


def _is_place(core: str) -> bool:
    return not _strip_place(core)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """One key for the forms of one body: place dropped, 有限公司/总公司 as 公司, 护卫公司 as 护卫."""
    key = _strip_place(name) or name
    for long_form, short_form in load_rules("orgs")["key_endings"].items():
        if key.endswith(long_form):
            key = key[: -len(long_form)] + short_form
    suffix = _suffix_of(key)
    first = _rules().first_suffix_re.match(suffix)
    if first and first.group(0) != suffix:
        key = key[: len(key) - len(suffix)] + first.group(0)
    return key


_BRACKETED = re.compile("[(（][^)）]*[)）]")
# A place in brackets is part of a name: 天元(湖北)新材科技园集团有限公司, 县财政(国资)工委.
# The run of name characters (and bracketed places) ending where a name's ending starts, read backwards
# from the ending on the reversed stretch: one match instead of a search trying every start (the
# characters of a name and its brackets can be taken only one way, so the longest run is the same).
_RUN_REVERSED = re.compile(f"(?:{_HAN_RUN}|[)）]{_HAN_RUN}{{1,4}}[(（])+")


def _run_before(text: str, lo: int, end: int) -> int | None:
    """Where the run of name characters ending at ``end`` starts (not before ``lo``), or None."""
    m = _RUN_REVERSED.match(text[lo:end][::-1])
    return end - m.end() if m else None


def _candidates(text: str) -> list[tuple[str, bool]]:
    """Stretches that may hold a name: each ending with the name characters before it, and whether
    it is an item of a list of names (城投、交投等公司).

    Endings are found first (Aho-Corasick, fast), then the text is read backwards
    from each; a regex reading names forwards would try every position.
    """
    rules = _rules()
    found = []
    last_end = 0
    chain_start = chain_end = -1
    for _, start, end in [*rules.endings.find_matches_as_indexes(text), (None, -2, -2)]:
        if end > 0 and rules.false_endings.match(text, max(0, start - 2)):
            continue  # 急难险重工作 holds 重工 but is no name
        if start == chain_end:  # 护卫 + 公司: consecutive endings make one
            chain_end = end
            continue
        if chain_end > 0:
            begin = _run_before(text, max(last_end, chain_start - rules.max_prefix), chain_start)
            if begin is not None:
                counted = bool(begin) and text[begin - 1].isdigit()
                while counted and begin < chain_start and text[begin] in rules.counter_chars:
                    begin += 1  # 43家市级管理企业集团, 10余人莅临集团
                # After a count of people what follows is what they did (10余人莅临集团指导), not a name.
                if not (counted and text[begin:chain_start] in _lexicon().verbs):
                    found.append((text[begin:chain_end], False))
            elif text[chain_start:chain_end] in rules.standalone_suffixes:
                found.append((text[chain_start:chain_end], False))  # 8月22日,开发公司团支部…
            last_end = chain_end
        chain_start, chain_end = start, end
    for m in rules.branch_re.finditer(text):
        begin = _run_before(text, max(0, m.start() - rules.max_prefix), m.start())
        if begin is not None and m.start() - begin >= 2:
            found.append((text[begin:m.end()], False))
    for closer_start, head in _list_closers(text):
        m = rules.list_re.search(text, max(0, closer_start - 120), closer_start)
        if not m:
            continue
        for i, item in enumerate(re.split(f"[{load_rules('orgs')['list_separators']}]", m.group(0))):
            if i == 0:  # only the first item follows words of the sentence (两面针 is whole after 、)
                item = _cut_at_stop_words(item, len(_suffix_of(item)))[0]
            found.append((item if _suffix_of(item) or head == "企业" else item + head, True))
    return found


def _list_closers(text: str) -> list[tuple[int, str]]:
    """Where each list of names closes (城投、交投等公司; 柳钢、柳工…8家企业), and its head noun."""
    rules = _rules()
    closers = [(m.start(), m.group("head")) for m in rules.list_head_re.finditer(text)]
    for m in rules.list_count_head_re.finditer(text):
        count = rules.list_count_re.search(text, max(0, m.start() - 4), m.start())
        if count:
            closers.append((count.start(), m.group("head")))
    return closers


def _drop_lead_in(name: str, names: set[str]) -> str:
    """检查过程中金源物业 -> 金源物业: a name that ends with another found name after words that
    are not a place is that name with words of the sentence in front. Not when the other is only a
    type (报业集团, 物流集团: its core is a dictionary word): 解放日报报业集团, 天保物流集团 stay whole."""
    # Only the name's own endings can be such a name: looked up, not compared with every name.
    endings = sorted(other for k in range(1, len(name)) if (other := name[k:]) in names)
    for other in endings:  # sorted: a set's order changes from one process to the next
        if not _is_place(name[: -len(other)]) and other[: len(other) - len(_suffix_of(other))] not in _lexicon().types:
            return other
    return name


def _joined_type(name: str, names: set[str]) -> str:
    """物流集团 beside 天保物流集团, 燃气公司 beside 甘肃昆仑燃气兰州分公司, 庆阳供电公司 beside 国网庆阳市供电公司:
    a name that is only a trade (with its place, if any) is the one longer name holding that trade (and
    that place) with an ending of its kind."""
    key = _key(name)
    suffix = _suffix_of(key)
    trade = key[: len(key) - len(suffix)]
    if trade not in _lexicon().types:
        return name
    place = _place_of(name).rstrip(load_rules("orgs")["place_prefix_chars"])
    longer = [n for n in names if len(n) > len(name) and trade in n and _suffix_of(n).endswith(suffix[-2:])
              and (not place or place in n)]
    return longer[0] if len(longer) == 1 else name


@lru_cache(maxsize=65536)
def _place_of(name: str) -> str:
    """The place a name starts with (吴忠市国资委 -> 吴忠), or "" (市国资委, 产投集团)."""
    hits = place_hits(name)
    return name[: hits[0][1]] if hits and hits[0][0] == 0 else ""


def _split_by_place(forms: dict[str, set[str]], text: str) -> list[tuple[str, set[str], bool]]:
    """Forms sharing a key are one body unless they name different places: 北京市国资委 and
    辽宁省国资委 are two bodies; 市国资委 joins the one of them named first. The flag says whether
    the key (国资委) names that body alone in this report."""
    groups = []
    for key, names in forms.items():
        places: dict[str, set[str]] = {}
        for name in names:
            places.setdefault(_place_of(name).rstrip(load_rules("orgs")["place_prefix_chars"]), set()).add(name)
        placed = sorted((p for p in places if p), key=lambda p: (text.find(p), p))
        if len(placed) < 2:
            groups.append((key, names, True))
            continue
        places[placed[0]] |= places.pop("", set())
        groups.extend((key, places[p], False) for p in placed)
    return groups


def _place_brand_names(text: str) -> set[str]:
    """株洲国投, 长沙城投, 广州地铁: a place right before an investment company's or a metro's short word
    names that company, when the name stops there (a mark or a common word follows, as in 株洲国投告知函),
    not when it goes on (上海城投集团, 上海城投水务公司, 郑州地铁3号线)."""
    found = set()
    cut_words = _lexicon().cut
    for m in _rules().place_brands.finditer(text):
        after = text[m.end(): m.end() + 2]
        # 郑州地铁3号线 goes on too: a number after it is part of what is named.
        if (re.match(_HAN_RUN, after[:1]) or after[:1].isdigit()) and after not in cut_words and after[:1] not in "的和与及、":
            continue
        for n in (4, 3, 2):  # the longest place: 湘西州城投, 广州地铁 (not 西州, 州)
            place = text[max(0, m.start() - n): m.start()]
            if len(place) == n and _is_place(place):
                found.add(place + m.group(0))
                break
    return found


_SUBSIDIARY = re.compile(f"集团({_HAN_RUN}{{2,8}}?(?:分公司|公司))")


def _subsidiary_names(text: str) -> dict[str, str]:
    """武汉公交集团经开公司, 龙煤集团双鸭山矿业公司: a group's name with a company's right after it names that
    company of the group, when both parts are names of their own (not 集团积极组织公司). Each such name
    with its company's part."""
    found = {}
    for m in _SUBSIDIARY.finditer(text):
        sub = m.group(1)
        begin = _run_before(text, max(0, m.start() - _rules().max_prefix), m.start())
        if begin is None or _clean_name(sub) != sub:
            continue
        parent = _clean_name(text[begin:m.start() + 2])
        if parent:
            found[parent + sub] = sub
    return found


def _only_trade_words(words: str) -> bool:
    """Whether ``words`` is made only of trade words (矿业, 工业动力, 食品): read greedily, longest first."""
    types, i = _lexicon().types, 0
    while i < len(words):
        n = next((n for n in (4, 3, 2) if words[i:i + n] in types), 0)
        if not n:
            return False
        i += n
    return bool(words)


def _join_brand_short_forms(forms: dict[str, set[str]]) -> None:
    """格锐公司 beside 滁州格锐矿业有限责任公司, 光明集团 beside 光明食品集团: a form of a brand and an ending is
    the one body whose name goes on from that brand with trade words only (not 中国移动 beside 中国移动甘肃
    公司: a place is no trade). A bare 公司 may stand for a 集团 (襄阳路桥公司 = 襄阳路桥集团有限公司); a 集团 is
    not a 公司's short form."""
    for key in sorted(forms):
        suffix = _suffix_of(key)
        brand = key[: len(key) - len(suffix)]
        if suffix not in ("公司", "集团") or len(brand) < _rules().min_core or key not in forms:
            continue
        longer = [k for k in forms if k != key and k.startswith(brand) and (ending := _suffix_of(k))
                  and ending in (suffix, "集团") and (_only_trade_words(trade := k[len(brand): len(k) - len(ending)])
                                                   or not trade and ending != suffix)]
        if len(longer) == 1:
            forms[longer[0]] |= forms.pop(key)


def _with_bare_forms(orgs: list[Organisation], counts: dict[str, int]) -> list[Organisation]:
    """国资委 alone names the report's one 国资委 (国务院国资委…国资委党委); with none, named twice, the national body."""
    out = list(orgs)
    for bare in _rules().bare_forms:
        bodies = [i for i, o in enumerate(out) if o.name.endswith(bare)]
        if len(bodies) == 1:
            o = out[bodies[0]]
            out[bodies[0]] = Organisation(o.name, (*o.aliases, bare), max(o.mentions, counts[bare]))
        elif not bodies and counts[bare] >= 2:
            out.append(Organisation(bare, (bare,), counts[bare]))
    return out


def _counts(text: str, strings: set[str]) -> dict[str, int]:
    """How often each string occurs in ``text``, each counted once however many forms share it."""
    return {s: text.count(s) for s in strings}


def find_organisations(text: str, title: str = "") -> list[Organisation]:
    """Organisations acting in ``text`` (normalised), those in the title first, then by mentions."""
    rules = _rules()
    if rules.inserted_quote_words is None or any(word in text for word in rules.inserted_quote_words):
        text = rules.inserted_quote.sub("", text)
    names = {n for c, listed in _candidates(text) if (n := _clean_name(c, listed))}
    # 通宇通讯: 关于召开…, 24日,天元航材2020年第一次股东大会: a name known by what only a company does.
    names |= {n for word, context, min_chars in rules.name_contexts if word in text for m in context.finditer(text)
              if (n := _clean_context_name(m.group("name"), min_chars))}
    names |= _marked_names(text)
    subsidiaries = _subsidiary_names(text)
    names |= set(subsidiaries)
    patterned = {m.group("name") if "name" in p.groupindex else m.group(0)
                 for p in rules.name_patterns for m in p.finditer(text)} | _place_brand_names(text)
    patterned |= {text[start:end] for _, start, end in rules.known_names.find_matches_as_indexes(text)}
    # A patterned name is whole as written (中建五局三公司), so it is not read as a lead-in + 五局三公司;
    # a name it ends with is its short form (五局三公司看到该条信息后…).
    short_of = {n: max(ps, key=len) for n in names if n not in patterned and (ps := [p for p in patterned if p.endswith(n)])}
    names = {n for n in names if n not in short_of} | patterned
    # 中国华电 written only as the start of 中国华电四川理县公司 names no body acting on its own (in sorted
    # order the names a name starts come right after it).
    ordered = sorted(names)
    names -= {n for i, n in enumerate(ordered)
              if (longer := list(takewhile(lambda m, n=n: m.startswith(n), ordered[i + 1:])))
              and text.count(n) <= sum(text.count(m) for m in longer)}
    whole = {n: n if n in subsidiaries else _drop_lead_in(n, names) for n in names}
    forms: dict[str, set[str]] = {}
    key_of: dict[str, str] = {}
    whole_names = set(whole.values())
    for name in sorted(names):
        key_of[name] = _key(_joined_type(whole[name], whole_names))
        forms.setdefault(key_of[name], set()).add(whole[name])
    for short, name in short_of.items():
        forms[key_of[name]].add(short)
    _join_brand_short_forms(forms)
    # 经开公司 written alone after 武汉公交集团经开公司 is that subsidiary.
    for name, sub in subsidiaries.items():
        if (sub_key := _key(sub)) in forms and sub_key != key_of.get(name) and key_of.get(name) in forms:
            forms[key_of[name]] |= forms.pop(sub_key)
    # 中粮 (a known name) beside 中粮集团: a form with no ending that is another's short form is that body.
    for key in [k for k in forms if not _suffix_of(k)]:
        longer = [k for k in forms if (suffix := _suffix_of(k)) and k[: -len(suffix)] == key]
        if len(longer) == 1:
            forms[longer[0]] |= forms.pop(key)
    groups = []
    for key, names, key_is_its_own in _split_by_place(forms, text):
        suffix = _suffix_of(key)
        short = key[: len(key) - len(suffix)] if suffix else ""
        aliases = set(names)
        # 上海院's key 院, 东莞银行's key 银行 name any institute or bank, not this one.
        if key_is_its_own and len(key) >= 2 and key not in _rules().generic:
            aliases.add(key)
        # 国务院国资委's short form is not 国务院, 山西大同煤矿集团's is not the city 大同, 嵊州市供电局's is
        # not the common word 供电 (恢复供电), nor 广东交通集团's 交通 (交通管制): a short form is no word
        # of the dictionary, or one of the tags of names (安东: ns).
        if key_is_its_own and len(short) >= _rules().min_core and not _is_place(short) \
                and not _is_place(short + "市") and short not in _rules().place_named_heads \
                and _lexicon().first_words.get(short, "") in _short_form_tags():
            aliases.add(short)
        groups.append((names, tuple(sorted(aliases, key=len, reverse=True))))
    counts = _counts(text, {a for _, aliases in groups for a in aliases} | set(_rules().bare_forms))
    orgs = []
    for names, aliases in groups:
        # Longest form, then the most mentioned, then by character: the same name in every process.
        name = min(names, key=lambda n: (-len(n), -counts[n], n))
        orgs.append(Organisation(name=name, aliases=aliases, mentions=max(counts[a] for a in aliases)))
    orgs = _with_bare_forms(orgs, counts)
    in_title = {o.name: title.find(min(o.aliases, key=len)) for o in orgs}
    orgs.sort(key=lambda o: (in_title[o.name] < 0, in_title[o.name], -o.mentions, o.name))
    return orgs


@cache
def _actor_rules() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    """(bodies cited as the source of an instruction, words that carry the subject over)."""
    r = load_rules("orgs")["actors"]
    closers, gap = "|".join(r["cited_closers"]), f"[^{r['clause_breaks']}]{{0,{r['cited_max_chars']}}}?"
    # 按照省委…要求和国务院国资委工作部署: the sources joined by 和/及 are all cited.
    under = r["cited_under"]  # 在市委、市政府及市国资委党委的坚强领导下
    # Two patterns, not one alternation: each alone is searched far faster.
    cited = (
        re.compile(f"(?:{'|'.join(r['cited_openers'])}){gap}(?:{closers})(?:[{r['cited_joiners']}]{gap}(?:{closers}))*"),
        re.compile(f"{under['opener']}{gap}(?:{'|'.join(under['closers'])}){under['after']}"),
    )
    words = sorted(r["carry_over_words"], key=len, reverse=True)  # 集团公司 is one word, not 集团 and 公司
    # Not a word ending a generic name (上市公司, 子公司: a kind of company, but 本公司 is this one) or after
    # a counter (43家公司):
    # the word with what stands before it is looked behind at, one lookbehind per length (the word
    # first: a pattern opening with literals is searched faster).
    not_words: dict[int, set[str]] = {}
    for w in words:
        for g in [*load_rules("orgs")["generic_names"], *(c + w for c in r["carry_over_not_after"])]:
            if g.endswith(w) and g != w and g not in words and g[: -len(w)] not in r["this_words"]:
                not_words.setdefault(len(g), set()).add(re.escape(g))
    not_after = "".join(f"(?<!{'|'.join(sorted(p))})" for _, p in sorted(not_words.items()))
    return cited, re.compile(f"(?:{'|'.join(words)}){not_after}")


@dataclass(frozen=True)
class _ActorWords:
    """Words that tell whether a clause has a subject of its own (rules/orgs.toml, [actors])."""

    date_tails: re.Pattern[str]  # what may follow a date before its clause goes on (起, 以来, a comma)
    date_leads: frozenset[str]
    skipped_tags: frozenset[str]
    subjectless_tags: frozenset[str]
    subjectless_words: frozenset[str]
    new_subject: re.Pattern[str]


@cache
def _actor_words() -> _ActorWords:
    r = load_rules("orgs")["actors"]
    tails = "|".join(map(re.escape, sorted(r["date_tails"], key=len, reverse=True)))
    return _ActorWords(
        re.compile(f"(?:{tails}|[{re.escape(r['clause_breaks'])}\\s])"),
        *(frozenset(r[k]) for k in ("date_leads", "skipped_tags", "subjectless_tags", "subjectless_words")),
        re.compile("|".join(sorted(r["new_subject_words"], key=len, reverse=True))),
    )


def last_match_end(pattern: re.Pattern[str], text: str, lo: int, hi: int, default: int) -> int:
    """Where the last match of ``pattern`` inside ``text[lo:hi]`` ends, or ``default``: read backwards
    from ``hi`` in widening windows, as sentences and clauses are short and paragraphs may be long."""
    window = 64
    while True:
        start = max(lo, hi - window)
        last = None
        for m in pattern.finditer(text, start, hi):
            last = m.end()
        if last is not None:
            return last
        if start == lo:
            return default
        window *= 4


@cache
def _cue_kind(cue: str) -> str:
    """The ending a word referring back names its kind by (该集团: 集团), or ""."""
    kind = _rules().first_suffix_re.search(cue)
    return kind.group(0) if kind else ""


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with those that overlap joined."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# What may follow a signature's line: a date alone (2021.2.26, 2021年5月24日), blanks around it.
_SIGNATURE_DATE = re.compile(r"\s*\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?\s*")


@cache
def _venue_words() -> tuple[str, ...]:
    """Words after which a body is a venue, not an actor (rules/orgs.toml, [actors] venue_words)."""
    return tuple(load_rules("orgs")["actors"]["venue_words"])


@cache
def _notice_title() -> re.Pattern[str]:
    """Words of a notice's title (rules/orgs.toml, [actors] notice_title_words)."""
    return re.compile("|".join(load_rules("orgs")["actors"]["notice_title_words"]))


# A signature's line is a name alone, no sentence (中国地震局紧急印发了…。 is a paragraph).
_SIGNATURE_TEXT = re.compile(r"[,，。;；:：!！?？]")


class ActorIndex:
    """Where organisations are named in one text, found in one pass, then read span by span:
    who acts in a stretch of text, leaving out bodies only cited (按照市国资委部署)."""

    def __init__(self, text: str, orgs: list[Organisation], title: str = "", head: str = "") -> None:
        """``head``: the page's lines above its title (a filing's 证券简称:…), read when the title names no one."""
        self.text = text
        self._main = [o.name for o in orgs]  # the report's own organisations first (title, then mentions)
        self._orgs, self._title, self._head = orgs, title, head
        self._own_names: list[str] | None = None
        owner = {a: o.name for o in orgs for a in o.aliases}
        hits: list[tuple[int, int, str]] = []
        if owner:
            aliases = list(owner)
            automaton = ahocorasick_rs.AhoCorasick(
                aliases,
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.NoncontiguousNFA,  # 4x quicker to build than the DFA
            )
            # The longest alias at each place, so 城投 inside 城投环境公司 does not also name 城投集团.
            words, ended = _lexicon().words, [bool(_suffix_of(a)) for a in aliases]
            hits = [(h[1], h[2], owner[aliases[h[0]]]) for h in automaton.find_matches_as_indexes(text)
                    # 公交 (市公交公司's short form) in 公交车 names no company.
                    if ended[h[0]] or not any(text[h[1]:h[2] + n] in words for n in (1, 2))]
        cited, self._carry = _actor_rules()
        self._clause_break = re.compile(f"[{load_rules('orgs')['actors']['clause_breaks']}]")
        self._sentence_break = re.compile(f"[{load_rules('orgs')['actors']['sentence_breaks']}]")
        self._named_spans = [(s, e) for s, e, _ in hits]  # cited or not: a cue inside a name is no cue
        self._named_starts = [s for s, _ in self._named_spans]
        spans = _merged(sorted(m.span() for pattern in cited for m in pattern.finditer(text))) if hits else []
        self._cited, self._cited_starts = spans, [a for a, _ in spans]
        venue = _venue_words()
        self.hits = [h for h in hits if not self._is_cited(h[0], h[1]) and not text.startswith(venue, h[1])]
        self._starts = [h[0] for h in self.hits]
        # A notice (停水公告, 关于召开…股东大会通知) speaks for the one issuing it: its signer, else its own.
        notice = _notice_title().search(title or head)
        self._signer = self._signed_by() or (self._own() if notice else [])

    def _is_cited(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies in a citation (the spans do not overlap: only the last one
        starting at or before it can hold it)."""
        i = bisect_right(self._cited_starts, start) - 1
        return i >= 0 and end <= self._cited[i][1]

    def between(self, start: int, end: int) -> list[str]:
        """Organisations named (not cited) inside ``[start, end)``, in order of first appearance."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return list(dict.fromkeys(name for s, e, name in self.hits[lo:hi] if e <= end))

    def acting(self, start: int, end: int, sentence_start: int | None = None,
               date: tuple[int, int] | None = None) -> list[str]:
        """Those named in the stretch and those it refers back to (该集团, 公司: the last one of that kind
        named before it, or else the report's own one of that kind). A stretch that names nobody acts
        through the subject carried over: those named in its sentence before it (22日,五局三公司联系院方,
        并在当天上午送往医院); else, when its sentence has no subject of its own (the clause of ``date``
        and the sentence open with a verb or an adverb: 截止3月28日,已完成…), the first later clause of
        its sentence naming any (从3月20日接到任务,到23日完成,华建集团…), or those acting in the last
        earlier sentence naming or referring to any. In a notice a stretch left with nobody is the act of
        the one signing it, else of the report's own organisation (停水公告: 3月1日、3月5日 / 塔岭村…). A sentence
        with a subject of its own that is no organisation (24日基础完成) acts through the one organisation its
        paragraph named before it, if only one."""
        named = self.between(start, end)
        lo = bisect_left(self._starts, start)
        referred = [r for cue in dict.fromkeys(self._cues(start, end)) for r in self._referent(cue, lo)]
        if named or referred:
            return list(dict.fromkeys(named + referred))
        if sentence_start is None:
            return []
        earlier = self._earlier_clause(sentence_start, lo)
        if earlier or date is None or not self._subject_carried(sentence_start, start, *date):
            if earlier or self._counted_subject(date[1] if date else end):
                return earlier or self._signer[:]  # a copy: events add to their list
            return self._paragraph_single(sentence_start) or self._signer[:]
        return self._later_clause(end) or self._earlier_sentence(sentence_start) or self._signer[:]

    def _counted_subject(self, pos: int) -> bool:
        """Whether the words after a date open with a count (43家企业…, 首批物资…, 有…): a subject of its own."""
        text, rules = self.text, _actor_words()
        while m := rules.date_tails.match(text, pos):
            pos = m.end()
        while pos < len(text) and text[pos] in " ,，、":
            pos += 1
        word = self._word_at(pos)
        return pos < len(text) and (text[pos].isdigit() or bool(rules.new_subject.match(text, pos))
                                    or word is not None and _lexicon().first_words[word] == "m")

    def _paragraph_single(self, sentence_start: int) -> list[str]:
        """The one organisation named earlier in the paragraph of a sentence naming none (中建八一践行铁军担当,
        …每小组负责一栋箱房。24日基础完成: 中建八一 builds); none when the paragraph names several."""
        para = self.text.rfind("\n", 0, sentence_start) + 1
        names = list(dict.fromkeys(h[2] for h in self.hits[bisect_left(self._starts, para): bisect_left(self._starts, sentence_start)]))
        return names if len(names) == 1 else []

    def _signed_by(self) -> list[str]:
        """The organisation signing the text at its end (its name opening a line, then only a date:
        象山县第三自来水有限公司墙头营业所 / 2021.2.26): a notice's stretches naming nobody are its acts."""
        if not self.hits:
            return []
        start, _, name = self.hits[-1]
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", start)
        if self.text[line_start:start].strip() or line_end < 0 or _SIGNATURE_TEXT.search(self.text, start, line_end) \
                or not _SIGNATURE_DATE.fullmatch(self.text, line_end):
            return []
        return [name]

    def _earlier_clause(self, sentence_start: int, lo: int) -> list[str]:
        """All named in the sentence before the stretch (该局派出国家地震现场应急工作队,与…国家地震灾害紧急
        救援队,共计216人已于当晚奔赴灾区: both teams and the bureau)."""
        return list(dict.fromkeys(h[2] for h in self.hits[bisect_left(self._starts, sentence_start): lo]))

    def _later_clause(self, end: int) -> list[str]:
        """Those named in the first clause naming any after ``end``, within its sentence."""
        stop = self._sentence_break.search(self.text, end)
        stop_at = stop.start() if stop else len(self.text)
        i = bisect_left(self._starts, end)
        if i == len(self.hits) or self.hits[i][0] >= stop_at:
            return []
        clause = self._clause_break.search(self.text, self.hits[i][1], stop_at)
        clause_end = clause.start() if clause else stop_at
        return list(dict.fromkeys(h[2] for h in self.hits[i:bisect_left(self._starts, clause_end)]))

    def _earlier_sentence(self, sentence_start: int) -> list[str]:
        """Those acting in the last sentence before ``sentence_start`` that names any or refers back
        (18日,集团…召开;当日,董事长…: 集团's referent); with none, the report's own organisation."""
        i = bisect_left(self._starts, sentence_start)
        floor = self.hits[i - 1][0] if i else 0
        end = sentence_start
        for _ in range(load_rules("orgs")["actors"]["carry_max_sentences"]):
            if end <= floor:
                break
            begin = self._last_break(self._sentence_break, end - 1, 0)
            referred = [r for cue in dict.fromkeys(self._cues(begin, end)) for r in self._referent(cue, i)]
            if referred:
                return referred
            end = begin
        if i == 0:
            return self._own()
        begin = self._last_break(self._sentence_break, floor, 0)
        return list(dict.fromkeys(h[2] for h in self.hits[bisect_left(self._starts, begin): i]))

    def _last_break(self, breaks: re.Pattern[str], pos: int, floor: int) -> int:
        """Where the last break before ``pos`` ends (``floor`` if none after it)."""
        return last_match_end(breaks, self.text, floor, pos, floor)

    def _subject_carried(self, sentence_start: int, stretch_start: int, date_start: int, date_end: int) -> bool:
        """Whether the sentence of a date goes on without a subject of its own: its first clause and the
        date's clause both open with a verb or an adverb (截止3月28日,已完成…; 出发后,…,准时于8月17日抵达),
        not with a noun, a name or a number (次日凌晨,首批物资运抵…; 截至8月6日,31户企业…)."""
        clause = self._last_break(self._clause_break, date_start, stretch_start)
        return self._opens_without_subject(clause, date_start, date_end) and (
            clause <= sentence_start or self._opens_without_subject(sentence_start, date_start, date_end))

    def _opens_without_subject(self, pos: int, date_start: int, date_end: int) -> bool:
        """Whether the words from ``pos`` start with a verb or an adverb, reading through prepositions,
        conjunctions, time words and the date (with what may follow it: 起, 以来, a comma)."""
        text, words, rules = self.text, _lexicon().first_words, _actor_words()
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos == date_start:
                pos = date_end
                while m := rules.date_tails.match(text, pos):
                    pos = m.end()
                continue
            word = self._word_at(pos)
            if word is None:  # a name or a number is a subject; the end of the sentence is none
                return pos >= len(text) or bool(self._sentence_break.match(text, pos))
            if words[word] in rules.skipped_tags or word in rules.date_leads:
                pos += len(word)
                continue
            # 至少有11家央企…: 有 brings in a subject of its own.
            if rules.new_subject.match(text, pos) or rules.new_subject.match(text, pos + len(word)):
                return False
            return words[word] in rules.subjectless_tags or word in rules.subjectless_words

    def _word_at(self, pos: int) -> str | None:
        """The longest common dictionary word at ``pos``."""
        words = _lexicon().first_words
        return next((w for n in (4, 3, 2, 1) if (w := self.text[pos:pos + n]) in words), None)

    def _cues(self, start: int, end: int) -> list[str]:
        """The words in ``[start, end)`` that refer back (该集团, 公司), but not those ending a name (城投公司)."""
        cues = []
        for m in self._carry.finditer(self.text, start, end):
            i = bisect_right(self._named_starts, m.start()) - 1
            if (i < 0 or self._named_spans[i][1] <= m.start()) and not self._is_cited(*m.span()):
                cues.append(m.group(0))  # 按照集团部署 cites 集团
        return cues

    def _referent(self, cue: str, first: int) -> list[str]:
        """Who 该集团/公司 refers to from hit ``first`` on: 该集团 the last group named, 公司 the last
        company; with none named before (公司董事长赴…, 我公司定于…), the report's own one of that kind,
        not the bank visited the sentence before."""
        kind = _cue_kind(cue)
        if kind:
            same_kind = next((self.hits[j][2] for j in range(first - 1, -1, -1) if kind in self.hits[j][2]), None)
            if same_kind:
                return [same_kind]
            own = next((n for n in self._main if kind in n), None)
            if own:
                return [own]
        # With none of its kind, the report's own (天桥起重:… 公司股票停牌), not just any body named
        # (集团党委书记…学习贯彻省国资委部署: 集团 is an unnamed group, not 省国资委).
        return self._own()

    def _named_in(self, line: str) -> list[str]:
        """The first of the report's organisations ``line`` names, as a list (none: empty)."""
        return [o.name for o in self._orgs if any(a in line for a in o.aliases)][:1]

    def _own(self) -> list[str]:
        """The report's own organisation: the one its title names, else its page's head (证券简称:长园集团),
        or the only one it names (and not only cites: 学习贯彻省国资委部署 does not make the report 省国资委's)."""
        if self._own_names is None:
            self._own_names = self._named_in(self._title) or self._named_in(self._head) \
                or self._main[:1] * (len(self._orgs) == 1 and bool(self.hits))
        return self._own_names[:]  # a copy: events add to their list
