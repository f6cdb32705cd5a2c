"""Random and adversarial strings never make the text stages raise, and every offset they
give back points at the words it names."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.pipeline import extract_text
from extract.normalize import normalize
from extract.recognise import recognise
from extract.resolve import resolve, year_from_content

# Pieces of date expressions and of the text around them, including what breaks naive code:
# impossible values, full-width digits, converter garbage, odd line breaks, NUL, replacement marks.
FRAGMENTS = [
    "2022", "二〇二二", "1999", "0", "00", "1", "2", "9", "10", "12", "13", "29", "30", "31", "32", "99",
    "年", "月", "日", "号", "月份", "一", "二", "十", "十二", "十三", "三十", "三十一", "三十二", "〇", "两",
    "-", "/", ".", "至", "到", "—", "～", "－", " ", "\u3000", "，", "。", "、", "：", "(", "（", ")", "）",
    "次日", "翌日", "当天", "当晚", "今天", "昨日", "上午", "晚", "8时30分", "17:35", "许",
    "截至", "自", "以来", "起", "为止", "近", "内", "发布时间：", "来源：", "客户端",
    "集團(tuán)", "黨(dang)", "（七）", "１０", "月", "２", "臺北", "銀川", "陜西", "㈠",
    "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\ufffd", "\ufeff",
    "𠀀", "é", "e\u0301", "银川市", "公司", "有限公司", "集团",
]
CN = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numeral for 0..39 as reports write days and months (十七, 二十, 三十一)."""
    tens, units = divmod(n, 10)
    return (CN[tens] if tens > 1 else "") + ("十" if tens else "") + (CN[units] if units or not tens else "")


numbers = st.integers(min_value=0, max_value=39)
written = st.one_of(numbers.map(str), numbers.map(_cn), numbers.map(lambda n: f"{n:02d}"),
                    numbers.map(lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))))
years = st.sampled_from(["", "2022年", "2021 年", "二〇二二年", "1999年", "2100年", "0000年"])
# Date expressions, possible and impossible: 2022年2月30日, 13月5日, 0日, 12月31日至1月3日, 2022-02-30.
date_like = st.one_of(
    st.tuples(years, written, written, st.sampled_from(["日", "号", "日晚", "日上午8时"])).map(
        lambda t: f"{t[0]}{t[1]}月{t[2]}{t[3]}"),
    st.tuples(written, written, written, written).map(lambda t: f"{t[0]}月{t[1]}日至{t[2]}月{t[3]}日"),
    st.tuples(written, written).map(lambda t: f"{t[0]}月{t[1]}日—{t[1]}日"),
    st.tuples(written, st.sampled_from(["日", "日晚", "日—3日"])).map("".join),
    st.tuples(st.integers(1990, 2030), st.integers(0, 14), st.integers(0, 33)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(years, written).map(lambda t: f"{t[0]}{t[1]}月份"),
    st.sampled_from(["次日", "翌日", "当天", "当晚", "今天上午，", "昨日，", "第二天"]),
)
adversarial = st.lists(st.one_of(st.sampled_from(FRAGMENTS), date_like), max_size=40).map("".join)
texts = st.one_of(
    st.text(max_size=300),
    adversarial,
    st.lists(st.one_of(st.text(max_size=5), adversarial, date_like), max_size=8).map("".join),
)
published_days = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
@example("集團(tuán)2月30日")
@example("13月5日，0日，2022年2月29日，2月30日至3月1日，31日")
def test_normaliser_maps_every_position_back_inside_the_text(text):
    norm = normalize(text)
    assert len(norm.text) <= len(text)
    previous = 0
    for i in range(len(norm.text) + 1):
        pos = norm.to_original(i)
        assert previous <= pos <= len(text)
        previous = pos
    for start in range(len(norm.text)):
        o_start, o_end = norm.span_to_original(start, start + 1)
        assert 0 <= o_start < o_end <= len(text)


@SETTINGS
@given(texts, published_days)
@example("2月30日，13月5日，0日，2022年2月29日。", dt.date(2022, 3, 1))
@example("2022年12月31日，会议召开。次日，再次召开。", dt.date(2100, 12, 31))
@example("31日，召开会议。", dt.date(2022, 2, 10))
def test_recogniser_and_resolver_never_raise_and_give_real_days_inside_the_text(text, published):
    norm = normalize(text)
    mentions = list(recognise(norm.text))
    for m in mentions:
        assert 0 <= m.start < m.end <= len(norm.text)
    warnings: list[str] = []
    for r in resolve(mentions, published, year_from_content(norm.text), warnings):
        day = dt.date.fromisoformat(r.date)  # a real calendar day, never 2月30日
        if r.mention.day is not None and r.mention.relative_days is None:
            assert day.day == r.mention.day
        if r.mention.month is not None and r.mention.relative_days is None:
            assert day.month == r.mention.month
        if r.date_end is not None:
            assert dt.date.fromisoformat(r.date_end) >= day


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("银川市通报\n2022年2月28日，会议召开。30日，再次召开。次日\x85晚上，13月5日0日")
@example("集團(tuán)(tuán)10月(yue)17日")
def test_every_event_names_words_inside_the_text(text):
    for ev in extract_text(text).events:
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.mention
        assert ev.passage_start <= ev.start and ev.end <= ev.passage_end
        assert text[ev.passage_start:ev.passage_end] == ev.passage
        dt.date.fromisoformat(ev.date)


@pytest.mark.parametrize("text, published", [
    ("12月31日，会议召开。次日，再次召开。", dt.date(9999, 12, 31)),
    ("昨天，会议召开。", dt.date(1, 1, 1)),
])
def test_resolver_does_not_raise_for_a_relative_day_at_the_ends_of_the_calendar(text, published):
    norm = normalize(text).text
    resolve(list(recognise(norm)), published, year_from_content(norm), [])
