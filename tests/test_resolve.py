"""Resolve stage: calendar days from mentions and their context."""
import datetime as dt

from extract.normalize import normalize
from extract.recognise import recognise
from extract.resolve import YearCue, resolve, year_from_content

UNKNOWN = YearCue(2022, "unknown", "test guess")


def dates(text: str, published: dt.date | None = None, cue: YearCue = UNKNOWN, rejected=None):
    norm = normalize(text).text
    return [(r.date, r.date_end, r.year_basis, r.anchor) for r in resolve(list(recognise(norm)), published, cue, rejected)]


def test_day_only_takes_the_month_of_the_previous_date():
    """1月24日…25日 -> 25 January."""
    assert dates("2020年1月24日召开会议,25日启动响应")[1] == ("2020-01-25", None, "explicit", "inherit-month")


def test_next_day_counts_from_the_previous_dated_day():
    """2月6日晚…次日一早 -> 7 February."""
    assert dates("2020年2月6日晚接到通知。次日一早召开会议")[1][0] == "2020-02-07"
    assert dates("2020年2月6日晚接到通知。次日一早召开会议")[1][3] == "next-day"


def test_same_day_refers_to_the_previous_dated_day():
    assert dates("2020年1月30日发出倡议书。倡议发出当日,即收到捐款")[1][:1] == ("2020-01-30",)


def test_next_day_after_a_whole_month_names_no_day():
    """2020年3月…不过次日,公司再发澄清公告: a month has no day for 次日 to follow."""
    assert [d[0] for d in dates("2020年3月,公司建议更名。不过次日,公司再发澄清公告")] == ["2020-03-01"]


def test_relative_day_far_from_any_date_is_dropped():
    text = "2020年1月30日发出倡议书。" + "各单位认真落实防控措施。" * 40 + "当天下午,大家回到岗位"
    assert len(dates(text)) == 1


def test_written_year_carries_to_later_dates():
    assert dates("2021年12月21日封控。12月28日晚捐赠物资")[1][:3] == ("2021-12-28", None, "explicit")


def test_december_then_january_rolls_into_the_next_year():
    assert dates("2021年12月28日捐赠物资。1月3日方舱交付")[1][0] == "2022-01-03"


def test_year_written_later_in_the_text_is_used_for_earlier_dates():
    assert dates("3月5日开会。2023年3月8日复工")[0][:3] == ("2023-03-05", None, "explicit")


def test_publication_date_gives_the_year():
    assert dates("10月17日疫情发生", published=dt.date(2022, 10, 30))[0][:3] == ("2022-10-17", None, "published")


def test_month_day_well_after_publication_belongs_to_the_year_before():
    """Published 5 January 2022; 12月28日 is 28 December 2021."""
    assert dates("12月28日开会", published=dt.date(2022, 1, 5))[0][0] == "2021-12-28"


def test_month_day_just_after_publication_is_an_announced_plan_in_the_same_year():
    assert dates("11月1日起实施", published=dt.date(2022, 10, 30))[0][0] == "2022-11-01"


def test_yesterday_counts_from_the_publication_date():
    assert dates("昨日,市委召开会议", published=dt.date(2022, 3, 9))[0][0] == "2022-03-08"


def test_content_cue_20th_congress_ahead_fixes_2022():
    cue = year_from_content("全力以赴,喜迎党的二十大胜利召开")
    assert (cue.year, cue.basis) == (2022, "context")


def test_content_cue_provisional_name_of_covid_fixes_2020():
    """新型冠状病毒感染的肺炎 was the disease's name only from 20 January to 8 February 2020."""
    cue = year_from_content("新型冠状病毒感染的肺炎疫情发生后,全体干部放弃春节休假")
    assert (cue.year, cue.basis) == (2020, "context")


def test_no_cue_leaves_the_year_unknown_with_a_guess_and_a_reason():
    cue = year_from_content("组织志愿者开展核酸检测", today=dt.date(2030, 1, 1))
    assert cue.basis == "unknown" and cue.year == 2022 and "assumed" in cue.reason


def test_carried_year_gives_way_to_a_recent_publication_date():
    """2023年12月28日完工 … 6月1日试运行, published 2024-06-28: June 2024, not June 2023."""
    got = dates("2023年12月28日,水厂完工。6月1日,水厂试运行", published=dt.date(2024, 6, 28))
    assert got[1][:3] == ("2024-06-01", None, "published")


def test_context_year_is_used_when_nothing_else_is_written():
    cue = YearCue(2020, "context", "test")
    assert dates("1月24日召开专题会议", cue=cue)[0][:3] == ("2020-01-24", None, "context")


def test_impossible_date_2月30日_yields_no_event_and_is_handed_back():
    rejected: list = []
    assert dates("2022年2月30日召开会议", rejected=rejected) == []
    assert [(m.month, m.day) for m in rejected] == [(2, 30)]


def test_day_only_with_no_month_anywhere_yields_no_event():
    assert dates("25日我市启动一级响应") == []


def test_day_only_without_earlier_month_takes_the_publication_month():
    assert dates("25日,我市启动一级响应", published=dt.date(2022, 3, 26))[0][0] == "2022-03-25"


def test_range_gets_its_end_day():
    assert dates("2022年4月5日至10日清运垃圾")[0][:2] == ("2022-04-05", "2022-04-10")


def test_month_only_range_runs_to_the_last_day_of_the_month():
    assert dates("2024年2月疫情平稳")[0][:2] == ("2024-02-01", "2024-02-29")


def test_same_day_right_after_the_publication_line_is_the_day_of_publication():
    text = "发布时间:2022-03-09\n当日,集团召开会议"
    norm = normalize(text).text
    mentions = [m for m in recognise(norm) if m.relative_days is not None]
    got = resolve(mentions, dt.date(2022, 3, 9), UNKNOWN, None, published_at=norm.index("\n"))
    assert [(r.date, r.year_basis, r.anchor) for r in got] == [("2022-03-09", "published", "same-day")]


def test_carried_year_does_not_run_backwards_past_a_recent_publication_date():
    """2023年11月开工 … 6月20号起交易, published 2024-06-18: 20 June 2024."""
    got = dates("2023年11月5日,电站开工。电站将于6月20号起参与交易", published=dt.date(2024, 6, 18))
    assert got[1][0] == "2024-06-20"


def test_content_cue_40th_anniversary_of_reform_fixes_2018():
    assert year_from_content("庆祝改革开放40周年").year == 2018


def test_a_date_after_publication_not_announced_is_questionable():
    """发布 2022-10-30: 将于12月15日 is a plan, this year, not doubted; 11月3日 told as done is last year's;
    10月31日 told as done, a day after publication, stays this year but is doubted."""
    from extract.pipeline import extract_text

    text = "发布时间：2022-10-30\n公司将于12月15日完工。11月3日,集团召开会议。10月31日,公司完成转运。\n"
    by_mention = {e.mention: e for e in extract_text(text).events}
    assert by_mention["12月15日"].date == "2022-12-15" and by_mention["12月15日"].doubt is None
    assert by_mention["11月3日"].date == "2021-11-03" and by_mention["11月3日"].doubt is None
    assert by_mention["10月31日"].date == "2022-10-31" and "publication date" in by_mention["10月31日"].doubt


def test_with_no_cue_the_latest_year_written_anywhere_is_the_guess():
    """总裁与集团2017管理培训生座谈: 2017 is written only inside a name, still a better guess than today's year."""
    cue = year_from_content("总裁与集团2017管理培训生座谈交流", today=dt.date(2030, 1, 1))
    assert (cue.year, cue.basis) == (2017, "unknown") and "latest year written" in cue.reason


def test_a_year_reviewed_makes_the_report_a_year_later():
    """一月 / 2日,集团公司举行2011年度总结表彰大会: the review of 2011 is held in 2012."""
    cue = year_from_content("一月\n2日,集团公司举行2011年度总结表彰大会", today=dt.date(2030, 1, 1))
    assert cue.year == 2012


def test_a_year_after_today_is_not_a_guess():
    cue = year_from_content("规划到2035年建成", today=dt.date(2026, 1, 1))
    assert cue.year == 2026


def test_without_publication_the_first_today_fixes_the_reports_today():
    """菏泽7月20讯 今天…19日晚…昨晚…今天凌晨: 昨晚 is 19 July and 今天 stays 20 July, not counted from 19日晚."""
    got = dates("2016年7月20日讯 今天上午11点,村庄从19日晚开始断电。从昨晚起共接到报修669起。今天凌晨5时许,暴雨退去。")
    assert [d for d, *_ in got] == ["2016-07-20", "2016-07-20", "2016-07-19", "2016-07-19", "2016-07-20"]


def test_a_year_written_inside_the_eras_interval_beats_the_eras_likely_year():
    """疫情防控 (2020-2022, likely 2022) with 2020年以来 written: 2020."""
    assert year_from_content("2020年以来,项目面临工期压力,抓好疫情防控工作").year == 2020


def test_narrow_era_cues_outvote_broad_ones():
    """外防输入、内防反弹 and 阻击战 (early 2020 wording) against 疫情防控 (2020-2022, likely 2022): 2020."""
    assert year_from_content("坚持外防输入、内防反弹,打赢疫情防控阻击战").year == 2020


def test_next_year_counts_from_the_year_just_dated():
    """2005年3月成立,次年4月投产 -> April 2006."""
    assert dates("2005年3月公司成立,次年4月投产")[1][:2] == ("2006-04-01", "2006-04-30")
