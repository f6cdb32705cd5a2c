"""City stage: which prefecture-level city a report is about.

The gazetteer is cpca's table of every Chinese administrative division (adcode,
name, coordinates); the adcode hierarchy maps counties and districts to their
prefecture and prefectures to their province. Names are found in one pass with a
leftmost-longest Aho-Corasick automaton (ahocorasick-rs, about 8 times faster here
than pyahocorasick). Besides official names it holds county names without their
ending (嵊州, 建阳: counted after their province, 浙江嵊州, or before a company or
paper named after them, 建阳城投集团) and the cities' nicknames (杭城, 榕城) from
places.toml. Evidence is weighed (title, dateline, the site's own lines, full names,
short names, counties); when it is thin, shared by several cities, or the report
names many provinces (a national report), the city is left empty instead of guessed.
"""
from __future__ import annotations

import csv
import importlib.util
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs

from .rules import RuleError, load_rules


@dataclass(frozen=True)
class City:
    """A prefecture-level city (or municipality) with its province and coordinates."""

    key: str
    name: str  # official name, 吴忠市
    short: str  # 吴忠
    province: str  # short province name, 宁夏
    longitude: float
    latitude: float


@dataclass(frozen=True)
class _Hit:
    weight_kind: str  # full_name | short_name | ambiguous_short | county | county_short | province | organisation | institution | destination
    targets: tuple[str, ...]  # city keys, or province codes for province hits


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[str, City]
    automaton: ahocorasick_rs.AhoCorasick
    hits: tuple[_Hit, ...]  # what each of the automaton's names is
    abbreviations: dict[str, str]  # one-character names used in datelines (甬, 穗) -> city key


def _strip(name: str, suffixes: list[str], nations: tuple[str, ...]) -> str:
    """吴忠市 -> 吴忠, 湘西土家族苗族自治州 -> 湘西, 宁夏回族自治区 -> 宁夏."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    changed = name.endswith(nations)  # most names end with none: one test instead of one per nation
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) > len(nation) + 1:
                name, changed = name[: -len(nation)], True
    return name


@cache
def gazetteer() -> Gazetteer:
    """Cities and the name automaton, built once from cpca's data files."""
    rules = load_rules("places")
    # cpca's data files, found without importing cpca (its import costs every scan 16 ms at start-up).
    base = os.path.join(os.path.dirname(importlib.util.find_spec("cpca").origin), "resources")
    with open(os.path.join(base, "56_nations.csv"), encoding="utf-8") as fh:
        nations = [n.strip() for n in fh if n.strip()]
    nations = (*nations, *(n[:-1] for n in nations if n.endswith("族") and len(n) > 2))
    with open(os.path.join(base, "adcodes.csv"), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] not in rules["not_places"]]

    provinces = {r["adcode"][:2]: r for r in rows if r["adcode"][2:] == "0" * 10}
    province_short = {code: _strip(r["name"], rules["province_suffixes"], nations) for code, r in provinces.items()}
    municipal = set(rules["municipalities"])

    # Prefectures merged since cpca's data were made: their districts belong to the city that took them in.
    code_of = {r["name"]: r["adcode"][:4] for r in rows}
    merged = {code_of[old]: code_of[new] for old, new in rules["merged_prefectures"].items()}

    def city_key(code: str) -> str:
        if code[:2] in municipal:
            return code[:2]
        return code[:6] if code[2:4] == "90" else merged.get(code[:4], code[:4])

    cities: dict[str, City] = {}
    for r in rows:
        code = r["adcode"]
        is_prefecture = code[4:] == "0" * 8 and code[2:4] not in ("00", "90")
        is_direct_county = code[2:4] == "90" and code[6:] == "000000" and code[4:6] != "00"
        is_municipality = code[:2] in municipal and code[2:] == "0" * 10
        if not (is_prefecture and code[:2] not in municipal or is_direct_county or is_municipality) or code[:4] in merged:
            continue
        short = _strip(r["name"], rules["prefecture_suffixes"] if not is_direct_county else rules["county_suffixes"], nations)
        cities[city_key(code)] = City(
            key=city_key(code), name=r["name"], short=short, province=province_short[code[:2]],
            longitude=float(r["longitude"] or 0), latitude=float(r["latitude"] or 0),
        )

    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    ambiguous = set(rules["ambiguous_short_names"])
    for city in cities.values():
        names[city.name]["full_name"].add(city.key)
        if city.short != city.name and len(city.short) >= 2:
            names[city.short]["ambiguous_short" if city.short in ambiguous else "short_name"].add(city.key)
    generic = set(rules["generic_county_names"])
    for r in rows:
        code = r["adcode"]
        if code[6:] == "000000" and code[4:6] != "00" and code[2:4] != "90" and r["name"] not in generic:
            names[r["name"]]["county"].add(city_key(code))
    county_endings = [e for e in rules["county_suffixes"] if len(e) == 1]
    for r in rows:
        code = r["adcode"]
        if code[6:] == "000000" and code[4:6] != "00" and code[2:4] != "90" and r["name"] not in generic:
            stem = _strip(r["name"], rules["county_suffixes"], nations)
            # Renamed counties keep their stem (长乐市 is now 长乐区, 建阳市 建阳区): any one-character ending names it.
            for ending in county_endings if stem != r["name"] else ():
                if stem + ending not in names:
                    names[stem + ending]["county"].add(city_key(code))
            if len(stem) >= 2 and stem != r["name"] and stem not in generic:
                names[stem]["county_short"].add(city_key(code))
    for old, new in rules["merged_prefectures"].items():
        key = city_key(code_of[new] + "0" * 8)
        names[old]["full_name"].add(key)
        names[_strip(old, rules["prefecture_suffixes"], nations)]["short_name"].add(key)
    by_short = {city.short: city.key for city in cities.values()}
    for nickname, short in rules["nicknames"].items():
        if short not in by_short:
            raise RuleError("places", f"nicknames.{nickname}", f"{short!r} is not the short name of a prefecture-level city")
        names[nickname]["short_name"].add(by_short[short])
    for code, r in provinces.items():
        if code in municipal:  # 北京市 is a city as much as a province
            names[province_short[code]]["short_name"].add(code)
        else:
            names[r["name"]]["province"].add(code)
            names[province_short[code]]["province"].add(code)

    words, hits = [], []
    for name, kinds in names.items():
        # One kind per name, the most telling: a bare 吉林 is the province, 吉林市 the city.
        kind = next(k for k in ("province", "full_name", "county", "short_name", "ambiguous_short", "county_short") if k in kinds)
        words.append(name)
        hits.append(_Hit(kind, tuple(sorted(kinds[kind]))))
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    abbreviations = {}
    for abbreviation, short in rules["dateline_abbreviations"].items():
        if short not in by_short:
            raise RuleError("places", f"dateline_abbreviations.{abbreviation}", f"{short!r} is not the short name of a prefecture-level city")
        abbreviations[abbreviation] = by_short[short]
    return Gazetteer(cities=cities, automaton=automaton, hits=tuple(hits), abbreviations=abbreviations)


def city_named(name: str) -> City | None:
    """The prefecture or municipality called ``name``, short (吴忠) or official (吴忠市), or None."""
    return next((c for c in gazetteer().cities.values() if name in (c.short, c.name)), None)


def _hits(text: str) -> list[tuple[int, int, _Hit]]:
    """Longest non-overlapping place names in ``text`` that are not part of a street or estate name.

    Names that are also words (大同, and county names without their ending) count only after their
    province (山西大同, 浙江嵊州), where they are as telling as a full name, or before a paper or
    company named after them (大同日报, 建阳城投集团). A city inside an organisation's name
    (国网莆田供电公司, 黄石市自来水有限公司) or after a word of going to help (驰援哈尔滨) says more
    than a passing mention; one in an institution's name (安康宾馆) says less.
    """
    g = gazetteer()
    blocked, named_after, institution = _words("not_place_before"), _words("ambiguous_ok_before"), _words("institution_before")
    organisation, destination = _pattern("organisation_after"), _words("destination_before")
    registered = _pattern("registered_in")
    venues = _words("venue_before")
    spam_brand = _pattern("spam_brand_before")
    out: list[tuple[int, int, _Hit]] = []
    previous: tuple[int, tuple[str, ...]] = (-1, ())  # end and targets of the last city or county name, kept or not
    for index, start, end in g.automaton.find_matches_as_indexes(text):
        hit = g.hits[index]
        kind = hit.weight_kind
        glued_to = previous
        if kind != "province":
            previous = (end, hit.targets)
        if kind == "county_short" and glued_to[0] == start and not set(hit.targets) & set(glued_to[1]):
            continue  # 襄阳路桥公司: a word of the name after the city (路桥), not 台州's 路桥区
        if text.startswith(venues, end):
            continue  # 上海证券交易所上市公司股东大会: where a company trades, whatever follows
        if spam_brand.search(text, max(0, start - 8), start):
            continue  # ng28南宫集团: a gambling site's brand put in a company's place, not the city 南宫
        if text.startswith(blocked, end) and not (kind != "province" and organisation.match(text, end)):
            continue  # 中山路, 朝阳小区; but 襄阳路桥公司 is a company named after its city
        if kind == "province":
            if not text.startswith(institution, end):  # 浙江大学 does not name its province
                out.append((start, end, hit))
            continue
        after_province = out and out[-1][1] == start and out[-1][2].weight_kind == "province"
        in_province = tuple(k for k in hit.targets if k[:2] in out[-1][2].targets) if after_province else ()
        if in_province:
            hit = _Hit("full_name", in_province)
        elif (text.startswith(named_after, end) or kind not in ("county_short", "ambiguous_short") and organisation.match(text, end)
              or start and text[start - 1] in "(（" and registered.match(text, end)):
            hit = _Hit("organisation", hit.targets)
        elif text.startswith(institution, end):
            hit = _Hit("institution", hit.targets)
        elif kind in ("county_short", "ambiguous_short"):
            continue
        if text.endswith(destination, 0, out[-1][0] if after_province else start):  # 赶赴(湖南)岳阳
            hit = _Hit("destination", hit.targets)
        out.append((start, end, hit))
    return out


@cache
def _words(key: str) -> tuple[str, ...]:
    """A word list of places.toml, as str.startswith and str.endswith take it."""
    return tuple(load_rules("places")[key])


@cache
def _pattern(key: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(load_rules("places")[key], flags)


def _dateline_places(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """Where datelines name their place (大众网菏泽7月20讯, 新华社杭州3月1日电, 本报甬5月2日讯): (end, city keys)."""
    g = gazetteer()
    found = []
    for match in _pattern("dateline", re.MULTILINE).finditer(text):
        head_start, head_end = match.span("head")
        head = text[head_start:head_end]
        names = [(end, g.hits[i]) for i, _, end in g.automaton.find_matches_as_indexes(head)]
        if names and names[-1][0] == len(head) and names[-1][1].weight_kind != "province":
            found.append((head_end, names[-1][1].targets))
        elif head[-1:] in g.abbreviations:
            found.append((head_end, (g.abbreviations[head[-1]],)))
    return found


def _signature_spans(text: str) -> list[tuple[int, int]]:
    """Lines near the end that are an organisation's name alone: who signs the notice (黄石市自来水有限公司)."""
    start = len(text)
    for _ in range(load_rules("places")["signature_lines"]):
        start = text.rfind("\n", 0, start)
        if start < 0:
            break
    return [m.span() for m in _pattern("signature", re.MULTILINE).finditer(text, max(start, 0))]


def locate(text: str, title: str = "", site: str = "") -> City | None:
    """The city ``text`` (normalised) is about, or None when the text does not say.

    ``site`` holds the page's own furniture lines (copyright, welcome and paper-header lines),
    which name the publisher: weak evidence, but often the only one on a local site.
    """
    g = gazetteer()
    weights = load_rules("places")["weights"]
    scores: dict[str, float] = defaultdict(float)
    province_mentions: set[str] = set()

    def add(targets: tuple[str, ...], weight: float) -> None:
        for key in targets:
            scores[key] += weight / len(targets)

    datelines = _dateline_places(text)
    for end, targets in datelines:
        add(targets, weights["dateline"])
    dateline_ends = {end for end, _ in datelines}
    signatures = _signature_spans(text)
    named: set[str] = {key for _, targets in datelines for key in targets}
    helped: set[str] = set()  # where help was sent (驰援青海玉树)
    companies_of: set[str] = set()  # cities an acting organisation is named after (滁州格锐矿业有限公司)
    counties_of: set[str] = set()  # cities named in full as a clause's subject, or one of their districts (北仑区)
    for source, factor in ((title, weights["title"]), (text, 1), (site, weights["site"])):
        for start, end, hit in _hits(source):
            if hit.weight_kind == "province":
                province_mentions.update(hit.targets)
            elif source is text and any(a <= start < b for a, b in signatures):
                add(hit.targets, weights["signature"])
                named.update(hit.targets)
            elif not (source is text and end in dateline_ends):
                add(hit.targets, weights[hit.weight_kind] * factor)
                if hit.weight_kind != "destination":
                    named.update(hit.targets)
                else:
                    helped.update(hit.targets)
                if hit.weight_kind == "organisation":
                    companies_of.update(hit.targets)
                if hit.weight_kind == "county" and len(hit.targets) == 1 or \
                        hit.weight_kind == "full_name" and _opens_clause(source, start, end):
                    counties_of.update(hit.targets)
    for key in [k for k in scores if k not in named]:
        del scores[key]  # only ever a destination (捐款支援武汉): where help went, not what the report is about
    if not scores:
        return None
    for key in scores:
        if key[:2] in province_mentions:
            scores[key] += weights["province_hint"]
    ranked = sorted(scores, key=lambda k: scores[k], reverse=True)
    best = ranked[0]
    local = len(ranked) == 1 and (best in companies_of | counties_of
                                  or any(marker in text for marker in load_rules("places")["local_markers"]))
    if scores[best] < weights["minimum_local" if local else "minimum"]:
        return None
    if len(ranked) > 1 and scores[best] < weights["lead"] * scores[ranked[1]]:
        return None  # several cities equally: the report is not about one of them
    other_provinces = province_mentions | {k[:2] for k in scores}
    dominant = scores[best] >= weights["dominant_score"] and scores[best] >= weights["dominant_share"] * sum(scores.values())
    if len(other_provinces - {best[:2]}) >= weights["national_provinces"] and not _in_title(best, title) \
            and best not in helped and not dominant:
        return None  # a national report (国务院国资委 and the provinces' SASACs), unless all of them help one city
    return g.cities[best]


def _opens_clause(text: str, start: int, end: int) -> bool:
    """近日,连云港市开展…, 地点:河南省洛阳市…: a city named in full opening a clause, or written after its
    province as an address, is what the clause is about (not 在福州市…, 向齐齐哈尔市捐赠, 武汉市等多个地区)."""
    rules = load_rules("places")
    opens = start == 0 or text[start - 1] in rules["clause_openers"] or text.endswith(("省", "自治区"), 0, start)
    return opens and not text.startswith(tuple(rules["not_subject_before"]), end)


def _in_title(key: str, title: str) -> bool:
    return any(key in hit.targets for _, _, hit in _hits(title))
