"""Events stage: whole reports in, events with offsets, passages, summaries and companies out."""
from extract.events import SUMMARY_MAX_CHARS
from extract.pipeline import extract_text

TRADITIONAL_REPORT = """首頁 > 新聞中心
上海城投集團全力保障抗疫物資運輸
發布時間：2022年4月12日 10:30  來源：上海國資
4月1日，上海城投集團(tuán)黨委召開專題會議，部署疫情防控工作。3日，集團(tuán)下屬上海城投水務公司啟動閉環管理。次日凌晨，首批物資運抵浦東新區。
4月5日至10日，城投環境公司累計清運生活垃圾3萬噸。截至4月11日24時，集團共派出志願者1200人次。
分享到：
"""


def events_of(text: str):
    result = extract_text(text)
    facts, events = result.facts, result.events
    return facts, events


def test_unseen_traditional_report_gives_the_right_days():
    _, events = events_of(TRADITIONAL_REPORT)
    got = [(e.mention, e.date, e.date_end, e.kind) for e in events]
    assert got == [
        ("2022年4月12日", "2022-04-12", None, "published"),
        ("4月1日", "2022-04-01", None, "point"),
        ("3日", "2022-04-03", None, "point"),
        ("次日凌晨", "2022-04-04", None, "point"),
        ("4月5日至10日", "2022-04-05", "2022-04-10", "range"),
        ("4月11日24時", "2022-04-11", None, "until"),
    ]


def test_every_offset_points_at_its_mention_in_the_original_text():
    _, events = events_of(TRADITIONAL_REPORT)
    for e in events:
        assert TRADITIONAL_REPORT[e.start:e.end] == e.mention
        assert TRADITIONAL_REPORT[e.passage_start:e.passage_end] == e.passage
        assert e.passage_start <= e.start and e.end <= e.passage_end


def test_report_facts_are_simplified_and_placed():
    facts, _ = events_of(TRADITIONAL_REPORT)
    assert facts.title == "上海城投集团全力保障抗疫物资运输"
    assert (facts.city, facts.province, facts.year, facts.year_basis) == ("上海", "上海", 2022, "published")
    assert facts.organizations[0] == "上海城投集团"


def test_summary_is_the_clause_with_the_date_in_simplified_form():
    _, events = events_of(TRADITIONAL_REPORT)
    until = events[-1]
    assert until.summary == "截至4月11日24时，集团共派出志愿者1200人次。"


def test_summary_of_a_long_sentence_is_cut_to_the_clauses_around_the_date():
    text = "会议指出," + "要求各单位坚决落实防控措施、" * 10 + "9月23日交投公司组建车队" + "并持续做好保障工作、" * 10 + "。"
    _, events = events_of(text)
    assert len(events[0].summary) <= SUMMARY_MAX_CHARS + 1 and "9月23日" in events[0].summary


def test_event_companies_are_those_acting_in_its_own_sentence():
    """4月5日至10日,城投环境公司累计清运: only 城投环境公司, not the whole report's list."""
    _, events = events_of(TRADITIONAL_REPORT)
    assert events[4].companies == ["城投环境公司"]


def test_event_in_a_sentence_referring_back_gets_the_carried_over_subject():
    """截至4月11日24时,集团共派出志愿者: 集团 is the last group named, 上海城投集团."""
    _, events = events_of(TRADITIONAL_REPORT)
    assert events[5].companies == ["上海城投集团"]


def test_event_of_a_sentence_with_no_actor_has_no_companies():
    """次日凌晨,首批物资运抵浦东新区: nobody acts."""
    _, events = events_of(TRADITIONAL_REPORT)
    assert events[3].companies == []


def test_published_event_stands_for_the_report_with_all_its_organisations():
    facts, events = events_of(TRADITIONAL_REPORT)
    assert events[0].kind == "published" and events[0].companies == facts.organizations


def test_two_dates_in_one_sentence_split_it_at_the_clause_of_the_second():
    """7月20日,城投公司清障,21日,交投公司恢复通行: each date gets the company of its clause."""
    _, events = events_of("发布时间:2022年7月22日\n7月20日,城投公司清障,21日,交投公司恢复通行。\n")
    assert [e.companies for e in events if e.kind != "published"] == [["城投公司"], ["交投公司"]]


def test_furniture_lines_yield_no_events():
    _, events = events_of("某市城投集团抗疫纪实\n相关推荐 9月1日\n9月2日,城投集团组织志愿者。\n")
    assert [e.mention for e in events] == ["9月2日"]


def test_one_very_long_line_gets_a_bounded_passage():
    text = "各单位认真落实防控措施。" * 2000 + "10月26日,城投集团保障居民生活。" + "各单位认真落实防控措施。" * 2000
    _, events = events_of(text)
    assert len(events) == 1 and len(events[0].passage) <= 700 and "10月26日" in events[0].passage


def test_a_date_that_cannot_exist_gives_a_warning_quoting_it_and_no_event():
    result = extract_text("银川市召开会议\n2022年2月30日,市指挥部召开会议。\n")
    assert result.events == [] and result.warnings == ["left out a date that cannot exist: 2022年2月30日"]


def test_dates_side_by_side_share_their_clause():
    """9月21日中秋节,闽鑫建工集团带队参与核酸检测: both dates get 闽鑫建工集团."""
    _, events = events_of("发布时间:2022年9月22日\n9月21日中秋节,闽鑫建工集团总经理带队参与核酸检测。\n")
    assert [e.companies for e in events if e.kind != "published"] == [["闽鑫建工集团"], ["闽鑫建工集团"]]


def test_with_no_publication_date_an_undated_organisation_joins_the_event_of_its_own_paragraph():
    """山西省国资委坚持复工。截至2月11日,28家企业恢复生产: 山西省国资委 goes on 2月11日 of its own
    paragraph, not on 2月12日 of the paragraph before, though that date is as near."""
    text = ("上海市国资委采取措施。截至2月12日,复工率约为80%。\n"
            "山西省国资委坚持疫情防控和恢复生产,以及企业正常经营。截至2月11日,28家企业恢复生产。\n")
    _, events = events_of(text)
    assert [(e.mention, "山西省国资委" in e.companies) for e in events] == [("2月12日", False), ("2月11日", True)]


def test_with_no_publication_date_an_organisation_of_an_undated_paragraph_joins_the_first_event():
    """2月11日,城投公司复工。⏎…⏎中建三局成立指挥部: 中建三局 acts in no dated sentence and its paragraph
    has no event, so it goes on the report's first event (2月11日), not on the nearest (2月13日)."""
    text = ("2月11日,城投公司复工复产。\n2月12日,交投公司恢复通行。\n中建三局成立指挥部,保证医院建设。\n"
            "2月13日,水务公司完成抢修。\n")
    _, events = events_of(text)
    assert [(e.mention, "中建三局" in e.companies) for e in events] == [
        ("2月11日", True), ("2月12日", False), ("2月13日", False)]


def test_with_no_publication_date_a_body_only_cited_joins_no_event():
    """2月4日下午,集团召开会议,学习贯彻省国资委党委部署要求: 省国资委 is only cited, so no event gets it."""
    _, events = events_of("2月4日下午,集团召开会议,学习贯彻省委省政府、省国资委党委对疫情防控工作的有关部署要求。\n")
    assert [e.companies for e in events] == [[]]


def test_filing_speaks_for_the_company_its_header_names():
    """A filing's header (证券代码:… 证券简称:长园集团 公告编号:…) is no headline but names whose notice it is:
    a date in a sentence naming nobody is the issuer's."""
    text = ("证券代码:600525 证券简称:长园集团 公告编号:2020010\n"
            "本公司董事会及全体董事保证本公告内容不存在任何虚假记载。\n"
            "原股东大会召开日期:2020年2月7日\n")
    result = extract_text(text, "filing.txt")
    assert result.facts.title == ""
    assert [e.companies for e in result.events] == [["长园集团"]]
