"""City stage: which prefecture-level city a report is about.

The gazetteer is cpca's table of every Chinese administrative division (adcode,
name, coordinates); the adcode hierarchy maps counties and districts to their
prefecture and prefectures to their province. Names are found in one pass with a
leftmost-longest Aho-Corasick automaton (ahocorasick-rs, about 8 times faster here
than pyahocorasick). Evidence is weighed (title, full names, short names,
counties); when it is thin, the city is left empty instead of guessed.
"""
from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs
import cpca

from .rules import load_rules


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
    weight_kind: str  # full_name | short_name | ambiguous_short | county | province
    targets: tuple[str, ...]  # city keys, or province codes for province hits


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[str, City]
    automaton: ahocorasick_rs.AhoCorasick
    hits: tuple[_Hit, ...]  # what each of the automaton's names is


def _strip(name: str, suffixes: list[str], nations: list[str]) -> str:
    """吴忠市 -> 吴忠, 湘西土家族苗族自治州 -> 湘西, 宁夏回族自治区 -> 宁夏."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    changed = True
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
    base = os.path.join(os.path.dirname(cpca.__file__), "resources")
    with open(os.path.join(base, "56_nations.csv"), encoding="utf-8") as fh:
        nations = [n.strip() for n in fh if n.strip()]
    nations += [n[:-1] for n in nations if n.endswith("族") and len(n) > 2]
    with open(os.path.join(base, "adcodes.csv"), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] not in rules["not_places"]]

    provinces = {r["adcode"][:2]: r for r in rows if r["adcode"][2:] == "0" * 10}
    province_short = {code: _strip(r["name"], rules["province_suffixes"], nations) for code, r in provinces.items()}
    municipal = set(rules["municipalities"])

    def city_key(code: str) -> str:
        if code[:2] in municipal:
            return code[:2]
        return code[:6] if code[2:4] == "90" else code[:4]

    cities: dict[str, City] = {}
    for r in rows:
        code = r["adcode"]
        is_prefecture = code[4:] == "0" * 8 and code[2:4] not in ("00", "90")
        is_direct_county = code[2:4] == "90" and code[6:] == "000000" and code[4:6] != "00"
        is_municipality = code[:2] in municipal and code[2:] == "0" * 10
        if not (is_prefecture and code[:2] not in municipal or is_direct_county or is_municipality):
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
    for code, r in provinces.items():
        if code in municipal:  # 北京市 is a city as much as a province
            names[province_short[code]]["short_name"].add(code)
        else:
            names[r["name"]]["province"].add(code)
            names[province_short[code]]["province"].add(code)

    words, hits = [], []
    for name, kinds in names.items():
        # One kind per name, the most telling: a bare 吉林 is the province, 吉林市 the city.
        kind = next(k for k in ("province", "full_name", "county", "short_name", "ambiguous_short") if k in kinds)
        words.append(name)
        hits.append(_Hit(kind, tuple(sorted(kinds[kind]))))
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return Gazetteer(cities=cities, automaton=automaton, hits=tuple(hits))


def _hits(text: str) -> list[tuple[int, int, _Hit]]:
    """Longest non-overlapping place names in ``text`` that are not part of a street or estate name."""
    g = gazetteer()
    blocked, named_after = _blocked_after(), _ambiguous_ok_before()
    out = []
    for index, start, end in g.automaton.find_matches_as_indexes(text):
        hit = g.hits[index]
        if text.startswith(blocked, end):
            continue
        if hit.weight_kind == "ambiguous_short":
            if not text.startswith(named_after, end):
                continue
            hit = _Hit("short_name", hit.targets)
        out.append((start, end, hit))
    return out


@cache
def _ambiguous_ok_before() -> tuple[str, ...]:
    return tuple(load_rules("places")["ambiguous_ok_before"])


@cache
def _blocked_after() -> tuple[str, ...]:
    return tuple(load_rules("places")["not_place_before"])


def locate(text: str, title: str = "") -> City | None:
    """The city ``text`` (normalised) is about, or None when the text does not say."""
    g = gazetteer()
    rules = load_rules("places")
    weights = rules["weights"]
    scores: dict[str, float] = defaultdict(float)
    province_mentions: set[str] = set()
    for source, factor in ((title, weights["title"]), (text, 1)):
        for _, _, hit in _hits(source):
            if hit.weight_kind == "province":
                province_mentions.update(hit.targets)
                continue
            share = weights[hit.weight_kind] * factor / len(hit.targets)
            for key in hit.targets:
                scores[key] += share
    for key in scores:
        if g.cities[key].key[:2] in province_mentions:
            scores[key] += weights["province_hint"]
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < weights["minimum"]:
        return None
    return g.cities[best]
