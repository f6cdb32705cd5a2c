"""City labels: Chinese name plus pinyin, so non-Chinese readers can follow."""
from dashboard.cities import UNKNOWN_CITY, city_key, city_label


def test_city_label_adds_capitalised_pinyin():
    assert city_label("吴忠") == "吴忠 Wuzhong"


def test_city_label_separates_syllables_starting_with_a_vowel():
    assert city_label("西安") == "西安 Xi'an"


def test_city_label_reads_polyphonic_characters_as_in_place_names():
    assert city_label("重庆") == "重庆 Chongqing"


def test_missing_city_is_labelled_unknown():
    assert city_key(None) == UNKNOWN_CITY
    assert city_label(city_key(None)) == "Unknown city"
