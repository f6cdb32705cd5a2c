"""Event categories: every example and counter-example in rules/categories.toml, and how cues are weighed."""
import pytest

from extract.categories import CATCH_ALL, categories, categorise

EXAMPLES = [(c.key, text) for c in categories() for text in c.examples]
COUNTER_EXAMPLES = [(c.key, text) for c in categories() for text in c.counter_examples]


@pytest.mark.parametrize(("key", "sentence"), EXAMPLES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(EXAMPLES)])
def test_example_gets_its_category(key, sentence):
    assert categorise(sentence, sentence) == key


@pytest.mark.parametrize(("key", "sentence"), COUNTER_EXAMPLES,
                         ids=[f"not-{k}-{i}" for i, (k, _) in enumerate(COUNTER_EXAMPLES)])
def test_counter_example_does_not_get_the_category(key, sentence):
    assert categorise(sentence, sentence) != key


def test_every_category_has_examples():
    assert all(c.examples for c in categories())


def test_clause_with_the_date_outweighs_the_rest_of_the_passage():
    """摘要「3月5日，开展核酸检测」 is testing even when the paragraph goes on about supplies."""
    passage = "3月5日，开展核酸检测。随后配送物资、运输蔬菜、保供粮油。"
    assert categorise("3月5日，开展核酸检测。", passage) == "testing"


def test_passage_speaks_when_the_clause_has_no_cue():
    assert categorise("3月5日上午。", "3月5日上午。公司向社区捐赠口罩一万只。") == "donations"


def test_no_cue_anywhere_is_the_catch_all():
    assert categorise("3月5日。", "3月5日。") == CATCH_ALL
