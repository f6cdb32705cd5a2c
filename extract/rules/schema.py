"""The shape every rule table must have, checked once when a table is loaded.

A typo'd key or a regex that does not compile must stop the run before any report is
read, naming the file, the entry and the key (dateparser refuses unknown settings the
same way), instead of failing every report in turn. The shapes are plain values
(types, lists, maps), so a reader can see a table's layout here at a glance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class RuleError(ValueError):
    """A rule table that cannot be used: which file, where in it, and what is wrong."""

    def __init__(self, table: str, where: str, problem: str) -> None:
        self.table, self.where, self.problem = table, where, problem
        super().__init__(f"rule table extract/rules/{table}.toml: {where}: {problem}")


class Regex:
    """A string that must compile as a regular expression (``pieces`` ones are checked by their stage)."""


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class MapOf:
    """A table with free keys (words, years) whose values all have one shape."""

    value: Any


@dataclass(frozen=True)
class OneOf:
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """Fixed keys: ``required`` must all be there, ``optional`` may be; nothing else may."""

    required: dict[str, Any]
    optional: dict[str, Any] = field(default_factory=dict)
    name_key: str | None = None  # the key that names an entry in messages ("pattern 'iso'")


#: Date examples: the text (run through the whole engine under ``published``, default
#: EXAMPLE_PUBLISHED) must give an event whose mention is ``mention`` (default: the whole
#: text) dated ``date`` (YYYY-MM-DD, or --MM-DD when only month and day are checked).
DATE_EXAMPLE = Table(
    required={"text": str, "date": str},
    optional={"mention": str, "end": str, "kind": OneOf(("point", "since", "until", "range", "published")),
              "published": str},
)
#: Texts in which the rule must find nothing: durations, numbers, names.
COUNTER_EXAMPLES = ListOf(str)
#: Table-level examples for stages whose rules are word lists: text -> expected output.
TEXT_EXAMPLE = Table(required={"text": str}, optional={"city": str, "organizations": ListOf(str), "absent": ListOf(str)})

SCHEMAS: dict[str, Table] = {
    "dates": Table(
        required={
            "start_chars": str,
            "pieces": MapOf(str),
            "pattern": ListOf(Table(
                required={"name": str, "regex": str, "examples": ListOf(DATE_EXAMPLE)},
                optional={
                    "month_only": bool,
                    "day_only": bool,
                    "relative_to": OneOf(("previous", "published")),
                    "context_only": bool,
                    "month": int,  # a fixed month and day the words mean (最后一天: 12, 31)
                    "day": int,
                    "lunar": bool,
                    "counter_examples": COUNTER_EXAMPLES,
                },
                name_key="name",
            )),
            "relative_days": MapOf(int),
            "relative_time": MapOf(str),
            "year_offsets": MapOf(int),
            "month_offsets": MapOf(int),
            "week_offsets": MapOf(int),
            "weekdays": MapOf(int),
            "lunar_months": MapOf(int),
            # A festival's day: a lunar or solar month-day, the lunar year's eve, a solar term (清明), Easter,
            # or the n-th weekday of a month ([5, 2, 6]: the second Sunday of May).
            "festivals": MapOf(Table(required={}, optional={
                "lunar": ListOf(int), "solar": ListOf(int), "eve": bool, "solar_term": str, "easter": bool,
                "nth_weekday": ListOf(int),
            })),
            "day_count": Table(required={
                "not_after": ListOf(str), "not_before": ListOf(str), "not_before_ok": ListOf(str), "duration_cues": ListOf(str),
                "duration_window": int,
            }),
            "cues": Table(required={
                "since_before": ListOf(str), "since_after": ListOf(str), "since_clause": ListOf(str),
                "until_before": ListOf(str), "until_after": ListOf(str), "clause_end": str,
                "relative_not_in_clause_with": ListOf(str), "definition_words": ListOf(str), "plan_before": ListOf(str), "plan_after": ListOf(str), "statement_cues": ListOf(str), "relative_not_after": ListOf(str), "relative_not_before": ListOf(str), "relative_ok_before": ListOf(str),
            }),
            "resolve": Table(required={
                "relative_max_gap": int, "rollover_min_month_drop": int, "future_tolerance_days": int, "plan_horizon_days": int,
                "carried_year_max_age_days": int,
            }),
        },
    ),
    "years": Table(required={
        "written_year": Regex, "reviewed_year": Regex,
        "context": ListOf(Table(
            required={"year": int, "all": ListOf(Regex), "reason": str, "examples": ListOf(str)},
            optional={"counter_examples": COUNTER_EXAMPLES},
            name_key="reason",
        )),
        "era": ListOf(Table(
            required={"years": ListOf(int), "likely": int, "any": ListOf(Regex), "reason": str, "examples": ListOf(str)},
            optional={"counter_examples": COUNTER_EXAMPLES},
            name_key="reason",
        )),
        "typhoons": Table(required={
            "numbered": Regex, "names": MapOf(MapOf(int)),
            "examples": ListOf(Table(required={"text": str, "year": int})),
        }),
    }),
    "decode": Table(required={
        "magic": MapOf(str),
        "html": Table(required={"hidden_elements": ListOf(str), "block_elements": ListOf(str)}),
        "legacy": Table(required={"common_chars": str, "min_common_share": float}),
    }),
    "normalize": Table(required={"conversion_garbage": Regex, "fold_punctuation": str, "variants": MapOf(str)}),
    "document": Table(required={
        "boilerplate_max_chars": int, "boilerplate_markers": ListOf(str), "header_labels": ListOf(str), "bare_header_labels": ListOf(str),
        "header_max_chars": int, "sentence_punctuation": str, "link_list_markers": ListOf(str),
        "link_title_max_chars": int, "boilerplate_lines": ListOf(str), "published_labels": ListOf(str),
        "source_labels": ListOf(str), "author_labels": ListOf(str), "byline_labels": ListOf(str),
        "label_separators": str, "published_search_lines": int, "edition_line": Regex, "statement_lines": Regex, "date_line_rest_chars": int,
        "title_max_chars": int, "title_search_lines": int, "title_forbidden_endings": str,
        "furniture_patterns": ListOf(Regex), "nav_separators": ListOf(str), "nav_min_separators": int,
        "spam_markers": ListOf(str), "spam_min_hits": int, "title_min_han": int, "not_title_patterns": ListOf(Regex),
        "title_trailing_date": Regex, "title_site_suffix": Regex, "title_trailing_widget": Regex, "headline_follows_patterns": ListOf(Regex), "text_openings": ListOf(Regex), "title_leading_marks": str, "site_markers": ListOf(str), "summary_labels": ListOf(str),
        "example": ListOf(Table(required={"text": str, "title": str})),
    }),
    "orgs": Table(required={
        "suffixes": ListOf(str), "place_prefix_chars": str, "place_named_suffixes": ListOf(str), "max_prefix": int,
        "max_core": int, "branch_heads": ListOf(str), "branch_words": ListOf(str), "list_heads": ListOf(str),
        "list_separators": str, "list_closer": str, "list_count_word": str, "list_count": str, "min_core": int, "stop_words": ListOf(str), "lexicon_cut_tags": ListOf(str),
        "lexicon_min_frequency": int, "bare_suffixes": ListOf(str), "whole_core_tags": ListOf(str),
        "whole_core_min_frequency": int, "key_endings": MapOf(str), "subsidiary_words": ListOf(str),
        "generic_names": ListOf(str), "generic_prefixes": ListOf(str), "place_named_heads": ListOf(str),
        "registered_suffixes": ListOf(str), "registered_max_core": int, "registered_place_heads": ListOf(str), "lead_in_chars": str,
        "self_reference_endings": ListOf(str), "self_reference_exempt": ListOf(str),
        "place_core_suffixes": ListOf(str), "name_patterns": ListOf(str), "inserted_quote": str,
        "government_words": ListOf(str), "counter_chars": str, "proper_noun_tags": ListOf(str),
        "known_names": ListOf(str), "place_brands": ListOf(str), "bare_forms": ListOf(str),
        "trade_suffixes": ListOf(str), "spam_markers": ListOf(str), "standalone_suffixes": ListOf(str),
        "false_endings": ListOf(str), "facility_suffixes": ListOf(str), "verb_tags": ListOf(str),
        "name_contexts": ListOf(Table(required={"word": str, "pattern": Regex}, optional={"min_chars": int})), "type_word_tags": ListOf(str), "type_word_min_frequency": int,
        "plural_prefixes": ListOf(str), "short_form_tags": ListOf(str), "not_in_name_tags": ListOf(str), "name_opening_tags": ListOf(str),
        "name_before_marks": ListOf(Table(required={"mark": Regex, "min_chars": int})),
        "name_after_marks": ListOf(Table(required={"mark": Regex, "min_chars": int})),
        "actors": Table(required={
            "cited_openers": ListOf(str), "cited_closers": ListOf(str), "cited_max_chars": int, "cited_joiners": str,
            "cited_under": Table(required={"opener": str, "closers": ListOf(str), "after": str}),
            "clause_breaks": str, "venue_words": ListOf(str), "notice_title_words": ListOf(str), "carry_over_words": ListOf(str), "carry_over_not_after": str, "this_words": ListOf(str),
            "longer_word_min_frequency": int, "sentence_breaks": str, "carry_max_sentences": int, "first_word_min_frequency": int, "single_character_tags": ListOf(str),
            "subjectless_tags": ListOf(str), "subjectless_words": ListOf(str), "skipped_tags": ListOf(str),
            "date_leads": ListOf(str), "date_tails": ListOf(str), "new_subject_words": ListOf(str),
            "example": ListOf(Table(required={"text": str, "date": str, "actors": ListOf(str)})),
        }),
        "example": ListOf(TEXT_EXAMPLE),
    }),
    "categories": Table(required={
        "category": ListOf(Table(
            required={"key": str, "zh": str, "en": str, "cues": ListOf(str), "examples": ListOf(str)},
            optional={"counter_examples": COUNTER_EXAMPLES, "weight": float},
            name_key="key",
        )),
    }),
    "places": Table(required={
        "prefecture_suffixes": ListOf(str), "province_suffixes": ListOf(str), "county_suffixes": ListOf(str),
        "municipalities": ListOf(str), "not_places": ListOf(str), "generic_county_names": ListOf(str),
        "not_place_before": ListOf(str), "ambiguous_short_names": ListOf(str), "ambiguous_ok_before": ListOf(str),
        "nicknames": MapOf(str), "merged_prefectures": MapOf(str), "dateline_abbreviations": MapOf(str), "dateline": Regex, "local_markers": ListOf(str), "clause_openers": str, "venue_before": ListOf(str), "spam_brand_before": Regex, "not_subject_before": ListOf(str),
        "institution_before": ListOf(str), "organisation_after": Regex, "registered_in": Regex, "destination_before": ListOf(str),
        "signature": Regex, "signature_lines": int,
        "weights": Table(required={
            "title": int, "full_name": int, "short_name": int, "county": int, "province_hint": float, "minimum": int,
            "dateline": int, "site": float, "minimum_local": int, "lead": float, "national_provinces": int, "dominant_score": int, "dominant_share": float,
            "organisation": int, "institution": int, "destination": int, "signature": int,
        }),
        "example": ListOf(TEXT_EXAMPLE),
    }),
}


def validate(table: str, data: dict[str, Any]) -> None:
    """Raise RuleError at the first value of ``data`` that does not fit the table's shape."""
    if table not in SCHEMAS:
        raise RuleError(table, "(file)", "no schema declares this table; add it to extract/rules/schema.py")
    _check(table, "", data, SCHEMAS[table])


def _check(table: str, where: str, value: Any, shape: Any) -> None:
    here = where or "(top level)"
    if isinstance(shape, Table):
        if not isinstance(value, dict):
            raise RuleError(table, here, f"expected a table, found {_kind(value)}")
        for key in value:
            if key not in shape.required and key not in shape.optional:
                known = ", ".join(sorted({*shape.required, *shape.optional}))
                raise RuleError(table, here, f"unknown key '{key}' (known keys: {known})")
        for key in shape.required:
            if key not in value:
                raise RuleError(table, here, f"missing key '{key}'")
        for key, item in value.items():
            _check(table, f"{where}.{key}" if where else key, item, shape.required.get(key, shape.optional.get(key)))
    elif isinstance(shape, ListOf):
        if not isinstance(value, list):
            raise RuleError(table, here, f"expected a list, found {_kind(value)}")
        for index, item in enumerate(value):
            name = item.get(shape.item.name_key) if isinstance(shape.item, Table) and shape.item.name_key and isinstance(item, dict) else None
            _check(table, f"{where}[{index}]" + (f" ({name!r})" if name else ""), item, shape.item)
    elif isinstance(shape, MapOf):
        if not isinstance(value, dict):
            raise RuleError(table, here, f"expected a table, found {_kind(value)}")
        for key, item in value.items():
            _check(table, f"{where}.{key}", item, shape.value)
    elif isinstance(shape, OneOf):
        if value not in shape.choices:
            raise RuleError(table, here, f"{value!r} is not one of {', '.join(shape.choices)}")
    elif shape is Regex:
        _check(table, where, value, str)
        try:
            re.compile(value)
        except re.error as exc:
            raise RuleError(table, here, f"regex does not compile: {exc}") from None
    elif shape is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleError(table, here, f"expected a number, found {_kind(value)}")
    elif isinstance(value, bool) != (shape is bool) or not isinstance(value, shape):
        raise RuleError(table, here, f"expected {shape.__name__}, found {_kind(value)}")


def _kind(value: Any) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    ) + (f" {value!r}" if isinstance(value, (str, int, float)) and len(repr(value)) < 40 else "")
