"""Every rule's examples, kept beside it in extract/rules/*.toml, run as one parametrised test.

A date pattern's example must give its event under a publication date of 2022-10-30 (or its
own); its counter-examples must give no event at all. A year rule's examples must give its
year and its counter-examples must not. Organisation and place tables carry text examples.
"""
from __future__ import annotations

import pytest

from extract.normalize import normalize
from extract.orgs import find_organisations
from extract.pipeline import extract_text
from extract.places import locate
from extract.resolve import year_from_content
from extract.rules import load_rules

EXAMPLE_PUBLISHED = "2022-10-30"


def _cases(table: str, array: str, key: str) -> list:
    return [
        pytest.param(rule, item, id=f"{rule.get('name') or rule.get('reason', '')[:30]}: {item if isinstance(item, str) else item['text']}")
        for rule in load_rules(table)[array] for item in rule.get(key, [])
    ]


def _content_events(text: str, published: str = EXAMPLE_PUBLISHED):
    """The events of ``text`` under a publication line (none when ``published`` is empty)."""
    header = f"发布时间：{published}\n" if published else ""
    return [e for e in extract_text(f"{header}{text}\n").events if e.kind != "published"]


@pytest.mark.parametrize("table, array", [("dates", "pattern"), ("years", "context"), ("years", "era")])
def test_every_rule_carries_examples(table, array):
    assert [r.get("name") or r["reason"] for r in load_rules(table)[array] if not r.get("examples")] == []


@pytest.mark.parametrize("rule, example", _cases("dates", "pattern", "examples"))
def test_date_pattern_example_gives_its_event(rule, example):
    events = _content_events(example["text"], example.get("published", EXAMPLE_PUBLISHED))
    mention = example.get("mention", example["text"])
    found = [(e.mention, e.date, e.date_end, e.kind) for e in events if e.mention == mention]
    assert found, f"no event for {mention!r}; got {[(e.mention, e.date) for e in events]}"
    _, date, date_end, kind = found[0]
    assert date == example["date"]
    if "end" in example:
        assert date_end == example["end"]
    if "kind" in example:
        assert kind == example["kind"]


@pytest.mark.parametrize("rule, text", _cases("dates", "pattern", "counter_examples"))
def test_date_pattern_counter_example_gives_no_event(rule, text):
    assert [e.mention for e in _content_events(text)] == []


@pytest.mark.parametrize("rule, text", _cases("years", "context", "examples") + _cases("years", "era", "examples"))
def test_year_rule_example_gives_its_year(rule, text):
    assert year_from_content(normalize(text).text).year == rule.get("year", rule.get("likely"))


@pytest.mark.parametrize("example", load_rules("years")["typhoons"]["examples"], ids=lambda e: e["text"])
def test_numbered_typhoon_example_gives_its_year(example):
    assert year_from_content(normalize(example["text"]).text).year == example["year"]


@pytest.mark.parametrize("rule, text", _cases("years", "context", "counter_examples") + _cases("years", "era", "counter_examples"))
def test_year_rule_counter_example_does_not_fire(rule, text):
    assert year_from_content(normalize(text).text).reason != rule["reason"]


@pytest.mark.parametrize("example", load_rules("orgs")["example"], ids=lambda e: e["text"])
def test_organisation_example(example):
    names = [o.name for o in find_organisations(normalize(example["text"]).text)]
    assert set(example.get("organizations", [])) <= set(names)
    assert not set(example.get("absent", [])) & set(names)


@pytest.mark.parametrize("example", load_rules("orgs")["actors"]["example"], ids=lambda e: e["text"])
def test_actor_example(example):
    events = [e for e in _content_events(example["text"]) if e.mention == example["date"]]
    assert events, f"no event for {example['date']!r}"
    assert events[0].companies == example["actors"]


@pytest.mark.parametrize("example", load_rules("places")["example"], ids=lambda e: e["text"])
def test_place_example(example):
    city = locate(normalize(example["text"]).text)
    assert (city.short if city else "") == example["city"]
