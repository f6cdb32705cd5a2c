"""Filters narrow the events as the sidebar says, and their state round-trips through the URL."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bench.synthetic import sample_dataset
from dashboard.filters import Filters, apply_filters, company_counts, from_query_params, to_query_params


DATA = sample_dataset()


def ids(filters: Filters) -> list[int]:
    return sorted(apply_filters(DATA, filters)["id"])


def test_no_filter_keeps_every_event():
    assert ids(Filters()) == [1, 2, 3, 4]


def test_city_filter_keeps_only_that_city():
    assert ids(Filters(cities=("吴忠",))) == [1]


def test_unknown_city_can_be_chosen_like_any_city():
    assert ids(Filters(cities=("unknown",))) == [3]


def test_company_filter_keeps_only_events_naming_it():
    assert ids(Filters(companies=("华药集团",))) == [2, 4]


def test_date_range_keeps_events_overlapping_it():
    assert ids(Filters(start=dt.date(2022, 4, 2), end=dt.date(2022, 4, 30))) == [2, 4]


def test_text_search_is_case_insensitive_over_summary_and_passage():
    assert ids(Filters(text="testing")) == [1]


def test_kind_filter():
    assert ids(Filters(kinds=("since", "range"))) == [3, 4]


def test_certain_only_hides_guessed_years():
    assert ids(Filters(certain_only=True)) == [1, 2, 4]


def test_filters_combine_with_and():
    assert ids(Filters(companies=("国能集团",), cities=("渭南",))) == [2]


def test_company_counts_count_events_per_company():
    assert company_counts(DATA).to_dict() == {"国能集团": 2, "华药集团": 2}


def test_unfiltered_view_has_no_query_parameters():
    assert to_query_params(Filters()) == {}


def test_malformed_query_parameters_are_ignored():
    assert from_query_params({"from": "yesterday", "certain": "maybe"}) == Filters()


words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)


@given(st.builds(
    Filters,
    cities=st.lists(words, unique=True, max_size=3).map(tuple),
    companies=st.lists(words, unique=True, max_size=3).map(tuple),
    start=st.none() | st.dates(), end=st.none() | st.dates(),
    text=st.text(max_size=10).map(str.strip),
    kinds=st.lists(st.sampled_from(["point", "since", "until", "range", "published"]), unique=True).map(tuple),
    certain_only=st.booleans(),
))
def test_filters_round_trip_through_query_parameters(filters):
    assert from_query_params(to_query_params(filters)) == filters
