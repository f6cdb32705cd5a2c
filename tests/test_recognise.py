"""Recognise stage: which expressions are date mentions, and what they say."""
import pytest

from extract.normalize import normalize
from extract.recognise import chinese_number, recognise


def mentions(text: str):
    norm = normalize(text).text
    return [(norm[m.start:m.end], m) for m in recognise(norm)]


def only(text: str):
    found = mentions(text)
    assert len(found) == 1, found
    return found[0]


def test_full_date_2021年12月21日_gives_year_month_day():
    words, m = only("2021年12月21日,在接到指令后")
    assert words == "2021年12月21日" and (m.year, m.month, m.day) == (2021, 12, 21)


def test_month_day_9月23号_with_hao_is_a_date():
    words, m = only("9月23号,公司组建车队")
    assert words == "9月23号" and (m.month, m.day) == (9, 23)


def test_day_only_25日_is_a_mention_without_month():
    words, m = only("会议后,25日我市启动响应")
    assert words == "25日" and m.month is None and m.day == 25


def test_time_of_day_10月29日晚_is_part_of_the_mention():
    words, m = only("10月29日晚,董事长赶赴社区")
    assert words == "10月29日晚" and m.time_of_day == "晚"


def test_afternoon_2月4日下午_is_part_of_the_mention():
    words, m = only("2月4日下午,再次召开会议")
    assert words == "2月4日下午" and m.time_of_day == "下午"


def test_clock_time_9月27日11点32分_is_part_of_the_mention():
    words, m = only("9月27日11点32分,居民拨打热线")
    assert words == "9月27日11点32分" and m.time_of_day == "11点32分"


def test_day_range_1日至8日_is_a_range():
    words, m = only("1日—8日,集团开展排查")
    assert words == "1日—8日" and m.kind == "range" and (m.day, m.end_day) == (1, 8)


def test_month_day_range_1月24日至25日_is_a_range():
    words, m = only("1月24日至25日,连续召开会议")
    assert words == "1月24日至25日" and (m.month, m.day, m.end_day) == (1, 24, 25)


def test_range_across_years_2021年12月21日至2022年1月3日():
    _, m = only("2021年12月21日至2022年1月3日,全市封控")
    assert (m.year, m.month, m.day, m.end_year, m.end_month, m.end_day) == (2021, 12, 21, 2022, 1, 3)


def test_month_with_year_二〇二二年三月_is_the_whole_month():
    words, m = only("二〇二二年三月,疫情反弹")
    assert words == "二〇二二年三月" and m.month_only and (m.year, m.month) == (2022, 3)


def test_chinese_numerals_十月十七日():
    words, m = only("十月十七日,疫情发生")
    assert words == "十月十七日" and (m.month, m.day) == (10, 17)


def test_iso_date_2022_10_30_leaves_the_clock_outside():
    words, m = only("2022-10-30 17:35:03 字号")
    assert words == "2022-10-30" and (m.year, m.month, m.day) == (2022, 10, 30)


@pytest.mark.parametrize("text", ["自10月17日疫情发生以来,形势严峻", "3月6日以来,每天配送盒饭", "8月4日起,实行闭环管理"])
def test_since_cues_make_a_since_mention(text):
    assert only(text)[1].kind == "since"


def test_until_cue_截至9月28日_makes_an_until_mention():
    words, m = only("截至9月28日,累计处置医疗废物80余吨")
    assert words == "9月28日" and m.kind == "until"


def test_from_without_since_word_is_a_point():
    """从9月1日的会议中 has 从 but no 以来/起 in its clause: a point in time."""
    assert only("从9月1日的会议中了解到")[1].kind == "point"


@pytest.mark.parametrize("word,days", [("次日", 1), ("翌日", 1), ("当日", 0), ("同日", 0), ("当天", 0), ("当晚", 0)])
def test_relative_day_words_are_mentions_counting_days(word, days):
    _, m = only(f"会议结束。{word},集团行动")
    assert m.relative_days == days


def test_relative_day_with_time_次日一早_is_one_mention():
    words, m = only("次日一早,党委会议研究")
    assert words == "次日一早" and m.relative_days == 1 and m.time_of_day == "一早"


@pytest.mark.parametrize(
    "text",
    [
        "城投公司第一时间安排部署",  # idiom 第一时间 holds 一时
        "志愿者张中秋协助警察",  # a name holding 中秋
        "作者:林八一 向立辰",  # a name holding 八一
        "十一是关键节点",  # a list number
        "24小时无间隙巡检",  # duration
        "每天消毒通风",  # frequency
        "近3日无新增病例",  # count of days
        "3日内完成排查",  # count of days
        "岳麓欧城1-4期",  # phase numbers
        "市委组织部12号文件精神",  # document number
        "3000多名群众",  # a number
        "减免两个月租金",  # duration
        "20分钟后送达",  # duration
        "13月5日",  # impossible month
    ],
)
def test_things_that_look_like_dates_are_not_mentions(text):
    assert mentions(text) == []


@pytest.mark.parametrize("word,value", [("十七", 17), ("十", 10), ("二十三", 23), ("三十一", 31), ("二〇二二", 2022), ("9", 9)])
def test_chinese_numbers_are_read(word, value):
    assert chinese_number(word) == value


def test_chinese_clock_time_10月30日零时_is_part_of_the_mention():
    words, m = only("10月30日零时起,全市实行静态管理")
    assert words == "10月30日零时" and m.kind == "since"


def test_quarantine_duration_隔离14日_is_not_a_date():
    assert mentions("入境人员集中隔离14日") == []


def test_month_with_since_cue_2022年3月以来_is_a_since():
    assert only("2022年3月以来,疫情多点散发")[1].kind == "since"


def test_days_counted_after_a_verb_连续奋战15日_are_not_a_date():
    assert mentions("抢险队员已连续奋战15日") == []


def test_chinese_numeral_range_六月二十日至二十二日():
    words, m = only("六月二十日至二十二日,开展应急演练")
    assert words == "六月二十日至二十二日" and (m.month, m.day, m.end_day) == (6, 20, 22)


def test_clock_with_a_full_width_colon_is_part_of_the_mention():
    words, m = only("９月２７日１１：３２，居民拨打热线")
    assert words == "9月27日11：32" and m.time_of_day == "11：32"


def test_yuanyue_元月5日_is_the_fifth_of_january():
    words, m = only("元月5日,集团召开会议")
    assert words == "元月5日" and (m.month, m.day) == (1, 5)


def test_next_day_in_a_timetable_每天运营至次日零时_is_not_a_mention():
    assert mentions("公交集团每天延长运营至次日零时30分") == []


@pytest.mark.parametrize("text", ["大同日报记者", "合同日期为准", "国企担当日益彰显", "相当日常的工作"])
def test_relative_words_inside_other_words_are_not_mentions(text):
    assert mentions(text) == []
