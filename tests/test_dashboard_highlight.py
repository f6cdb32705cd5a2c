"""Report text is untrusted: it is escaped before any HTML is built; dates and companies are marked."""
import html
import re

from hypothesis import given
from hypothesis import strategies as st

from dashboard.highlight import escape_text, highlight_passage, mark_report


def visible_text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, line breaks back to newlines."""
    return html.unescape(re.sub(r"<(?!br>)[^>]+>", "", markup).replace("<br>", "\n"))


def test_date_mention_is_marked():
    out = highlight_passage("4月5日，吴忠市开展核酸检测。", 0, 4, [])
    assert re.search(r"<mark[^>]*>4月5日</mark>", out)


def test_every_occurrence_of_a_company_is_marked():
    out = highlight_passage("国能集团捐赠物资，国能集团员工下沉社区。", 0, 0, ["国能集团"])
    assert len(re.findall(r"<mark[^>]*>国能集团</mark>", out)) == 2


def test_company_inside_the_date_mention_is_not_marked_twice():
    out = highlight_passage("自3月起国能集团值守", 0, 4, ["3月"])
    assert out.count("<mark") == 1


def test_script_tags_in_report_text_are_shown_as_text():
    out = highlight_passage("<script>alert(1)</script>3月5日", 25, 29, [])
    assert "<script" not in out
    assert visible_text(out).startswith("<script>alert(1)</script>")


def test_markdown_and_math_characters_are_neutralised():
    out = escape_text("**bold** [link](javascript:x) $x$ :red[a]")
    assert not set("*[]()$:") & set(out)
    assert visible_text(out) == "**bold** [link](javascript:x) $x$ :red[a]"


def test_report_marks_each_mention_with_its_date_as_title():
    out = mark_report("甲3月5日乙3月6日", [(1, 5, "2022-03-05"), (6, 10, "2022-03-06")])
    assert re.findall(r'<mark[^>]*title="([^"]+)"[^>]*>', out) == ["2022&#45;03&#45;05", "2022&#45;03&#45;06"]


def test_overlapping_or_out_of_range_mentions_are_skipped():
    out = mark_report("3月5日", [(0, 4, "a"), (1, 3, "b"), (2, 99, "c")])
    assert out.count("<mark") == 1


@given(st.text(), st.data())
def test_highlighting_never_changes_the_visible_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    companies = data.draw(st.lists(st.text(min_size=1, max_size=3), max_size=3))
    assert visible_text(highlight_passage(text, start, end, companies)) == text.replace("\r\n", "\n")


def test_company_in_a_traditional_passage_is_marked_where_it_stands():
    """西北有色地礦集團(tuán) holds the stored name 西北有色地矿集团."""
    from dashboard.highlight import highlight_passage

    html = highlight_passage("西北有色地礦集團(tuán)快速響應", 0, 0, ["西北有色地矿集团"])
    assert html.startswith('<mark style="background:#b3e5fc') and "快速響應" in html.split("</mark>")[1]
