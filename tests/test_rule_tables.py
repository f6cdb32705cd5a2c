"""A broken rule table stops the engine before any report is read, naming the file, the entry and the key."""
from __future__ import annotations

import pytest

from extract import cli, pipeline, recognise, rules
from extract.rules.schema import RuleError, validate
from extract.store import Store


def _dates() -> dict:
    return rules.load_rules("dates")


def _with_pattern(**changes) -> dict:
    table = dict(_dates())
    table["pattern"] = [dict(table["pattern"][0], **changes), *table["pattern"][1:]]
    return table


def test_unknown_key_in_a_pattern_is_named_with_the_pattern():
    """day_onyl = true (a typo for day_only) is refused, not silently ignored."""
    with pytest.raises(RuleError, match=r"dates\.toml: pattern\[0\] \('iso_range'\): unknown key 'day_onyl'"):
        validate("dates", _with_pattern(day_onyl=True))


def test_missing_key_is_named():
    table = dict(_dates())
    del table["resolve"]
    with pytest.raises(RuleError, match="missing key 'resolve'"):
        validate("dates", table)


def test_wrong_type_is_named_with_its_key():
    table = dict(_dates(), resolve=dict(_dates()["resolve"], relative_max_gap="400"))
    with pytest.raises(RuleError, match=r"resolve\.relative_max_gap: expected int, found a string '400'"):
        validate("dates", table)


def test_a_pattern_without_examples_is_refused():
    table = dict(_dates())
    table["pattern"] = [{k: v for k, v in table["pattern"][0].items() if k != "examples"}]
    with pytest.raises(RuleError, match="missing key 'examples'"):
        validate("dates", table)


def test_relative_to_takes_only_known_anchors():
    with pytest.raises(RuleError, match="'yesterday' is not one of previous, published"):
        validate("dates", _with_pattern(relative_to="yesterday"))


def test_regex_that_does_not_compile_is_named():
    table = dict(rules.load_rules("normalize"), conversion_garbage="[(（")
    with pytest.raises(RuleError, match="normalize.toml: conversion_garbage: regex does not compile"):
        validate("normalize", table)


@pytest.fixture
def broken_dates(monkeypatch):
    """The engine as it would load with {MONTH} (an undefined piece) in the first date pattern."""
    broken = _with_pattern(regex="(?P<m>{MONTH})月")
    monkeypatch.setattr(recognise, "load_rules", lambda name: broken if name == "dates" else rules.load_rules(name))
    recognise.grammar.cache_clear()
    pipeline.load_engine.cache_clear()
    yield
    recognise.grammar.cache_clear()
    pipeline.load_engine.cache_clear()


def test_undefined_piece_stops_the_scan_and_records_nothing(broken_dates, tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.txt").write_text("9月23日,集团召开会议。", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(RuleError, match=r"pattern\[0\] \('iso_range'\)\.regex: unknown piece \{MONTH\}"):
            pipeline.scan([tmp_path / "r"], store)
        assert store.failures() == [] and store.reports() == []


def test_command_line_exits_non_zero_naming_the_table(broken_dates, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("9月23日,集团召开会议。", encoding="utf-8")
    assert cli.main([str(tmp_path / "a.txt"), "--store", str(tmp_path / "s.sqlite"), "-q"]) == 3
    assert "extract/rules/dates.toml" in capsys.readouterr().err
