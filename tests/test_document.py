"""Document facts: page furniture, title, publication date, source and authors."""
import datetime as dt

import pytest

from extract.document import is_boilerplate, read_facts
from extract.normalize import normalize
from extract.rules import load_rules


def facts(text: str):
    return read_facts(normalize(text).text)


def test_web_furniture_lines_are_boilerplate():
    for line in ["客户端", "分享到:", "相关推荐", "请先登录", "回顶部", "看吴忠app", "位置:首页 >城事", "1.png"]:
        assert is_boilerplate(line), line


def test_report_sentences_are_not_boilerplate():
    assert not is_boilerplate("9月23日,交投公司组建了一支由11台公交车辆组成的车队。")


def test_a_sites_rights_statement_is_furniture_however_long():
    """版权声明:凡注明“来源:中国西藏网”…(a long line): the site's, not the report's."""
    assert is_boilerplate("版权声明:凡注明“来源:中国西藏网”或“中国西藏网文”的所有作品,版权归高原(北京)文化传播有限公司。"
                          "任何媒体转载、摘编、引用,须注明来源中国西藏网和署著作者名,否则将追究相关法律责任。")


def test_a_notices_time_label_is_content_not_a_page_header():
    """召开的日期时间:2020年2月14日 14点00 分 is the meeting's time; 时间:2022-03-28 heads a page."""
    assert not is_boilerplate("召开的日期时间:2020年2月14日 14点00 分")
    assert not is_boilerplate("网络投票的起止时间:自2020年2月14日")
    assert is_boilerplate("时间:2022-03-28")


def test_title_is_the_first_content_line_after_the_furniture():
    assert facts("客户端\n微信\n西安城投集团抗疫纪实\n12月28日晚,集团捐赠物资。").title == "西安城投集团抗疫纪实"


def test_no_title_when_the_report_starts_with_a_paragraph():
    assert facts("在疫情防控一线,一名党员就是一面旗帜。\n积极响应,筑牢政治保障\n").title == ""


def test_publication_date_from_a_date_line_under_the_title():
    doc = facts("立即下载\n怀化市城发集团落实会议精神\n2022-10-30 17:35:03 字号:\n正文。")
    assert doc.published == dt.date(2022, 10, 30)


def test_publication_label_in_traditional_gives_the_date_part_only():
    text = "上海城投集團抗疫\n發布時間：2022年4月12日 10:30  來源：上海國資\n正文。"
    norm = normalize(text).text
    doc = read_facts(norm)
    assert doc.published == dt.date(2022, 4, 12)
    assert norm[slice(*doc.published_span)] == "2022年4月12日"


def test_publication_label_in_a_form_the_grammar_lacks_uses_dateparser():
    assert facts("标题在这里很长的标题\n发布时间: Oct 30, 2022\n正文。").published == dt.date(2022, 10, 30)


def test_source_and_authors_lines_are_read():
    doc = facts("正文。\n来源:时刻新闻客户端\n作者:林八一 向立辰 杨蒋辉\n")
    assert doc.source == "时刻新闻客户端" and doc.authors == ["林八一", "向立辰", "杨蒋辉"]


def test_byline_in_brackets_at_the_end_gives_authors():
    assert facts("贡献力量!(记者 马宏萍 通讯员 金晓斌)\n").authors == ["马宏萍", "金晓斌"]


def test_short_sentence_with_a_full_date_near_the_top_is_not_the_publication_date():
    doc = facts("深圳国企战疫纪实\n2020年2月3日,深圳市国资委召开视频会议。\n")
    assert doc.published is None


def test_headlines_listed_after_related_articles_are_furniture():
    lines = facts("正文第一段。\n相关推荐\n株洲交投集团召开安全生产会议\n市国资委部署防汛工作\n").lines
    assert [line.boilerplate for line in lines] == [False, True, True, True]


def test_a_paragraph_after_a_link_list_is_content_again():
    text = "正文。\n上一篇\n某集团召开会议\n" + "这是一段很长的正文,讲述了集团在防汛工作中的具体措施和成效。" * 2 + "\n"
    assert facts(text).lines[-1].boilerplate is False


def test_header_line_with_source_and_author_gives_the_publication_date():
    doc = facts("市属国企春季专场招聘会\n2023-03-09 08:30　来源：芜湖日报　作者：记者 汪晓东\n本报讯 3月8日上午,招聘会举行。\n")
    assert doc.published == dt.date(2023, 3, 9)


def test_publication_label_after_a_source_label_gives_the_publication_date():
    doc = facts("盐城国投集团签约\n来源：盐城新闻网　　时间：2019.09.26 18:30　　编辑：周敏\n正文。\n")
    assert doc.published == dt.date(2019, 9, 26)


def test_newspaper_page_header_gives_the_publication_date():
    assert facts("大同日报数字版 | 2019-01-08 | 第02版：要闻\n标题在此\n").published == dt.date(2019, 1, 8)


def test_header_and_breadcrumb_lines_are_furniture():
    for line in ["2022-06-02 09:30　来源：烟台市国资委　　【打印】【关闭】", "绍兴市国资委 > 国企动态"]:
        assert is_boilerplate(line), line


@pytest.mark.parametrize("example", load_rules("document")["example"], ids=lambda e: e["text"][:40])
def test_title_example(example):
    """document.toml's examples: the page's headline, past section names, welcome lines, spam and captions."""
    assert facts(example["text"]).title == example["title"]


def test_a_deadline_labelled_with_a_time_word_is_not_the_publication_date():
    """三、报名截止时间:2015年9月18日: 时间 inside 截止时间 names the deadline, not the page's date."""
    assert facts("比赛选拔赛的通知\n各部门工会:\n三、报名截止时间:2015年9月18日18:00。\n").published is None
