"""Report metadata from a manifest beside the reports, and dates in report addresses."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from extract import cli
from extract.metadata import ManifestError, ReportMeta, date_in_url, meta_for
from extract.pipeline import extract_text, scan
from extract.store import Store

BODY = "2月14日,集团组织物资驰援。次日,运抵现场。\n"


@pytest.mark.parametrize("url, day", [
    ("http://www.xinhuanet.com/2020-02/14/c_1125574.htm", "2020-02-14"),
    ("http://example.cn/news/20200214/abc.html", "2020-02-14"),
    ("http://www.gov.cn/xinwen/t20200214_12345.htm", "2020-02-14"),
    ("http://yader.cn/art/2020/2/14/art_89_198024.html", "2020-02-14"),
])
def test_date_in_an_address(url, day):
    assert date_in_url(url) == dt.date.fromisoformat(day)


def test_address_without_a_date_gives_none():
    assert date_in_url("http://ranglian.cn/news/newsinfo.html?id=2288") is None


def test_manifest_date_fixes_the_year_of_month_days():
    """2月14日 in a report the manifest dates 2021-03-01 is 2021-02-14, and the report says where the date came from."""
    result = extract_text(BODY, meta=ReportMeta(published=dt.date(2021, 3, 1)))
    assert [e.date for e in result.events] == ["2021-02-14", "2021-02-15"]
    assert "from the manifest" in result.facts.year_note


def test_address_date_is_used_only_when_the_text_has_none():
    """发布时间 2020-02-20 in the text beats a 2019 date in the address; without it the address dates the report."""
    meta = ReportMeta(url="http://x.cn/2019-02/14/a.htm", published=dt.date(2019, 2, 14), source="url")
    assert extract_text("发布时间：2020-02-20\n" + BODY, meta=meta).events[1].date == "2020-02-14"
    assert extract_text(BODY, meta=meta).events[0].date == "2019-02-14"


def test_manifest_title_and_city_win(tmp_path):
    meta = ReportMeta(title="城投集团驰援一线", city="吴忠")
    facts = extract_text("首页 > 新闻中心\n" + BODY, meta=meta).facts
    assert (facts.title, facts.city, facts.province) == ("城投集团驰援一线", "吴忠", "宁夏")


def test_scan_reads_a_csv_manifest_and_skips_it_as_a_report(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,url,published,title,city\na.txt,http://x.cn/a,2021-03-01,,\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([folder], store)
        assert summary.extracted == ["a.txt"] and summary.failures == []
        assert [e["date"] for e in store.events()] == ["2021-02-14", "2021-02-15"]


def test_jsonl_manifest_row_found_by_relative_path(tmp_path):
    (tmp_path / "sub").mkdir()
    report = tmp_path / "sub" / "a.txt"
    report.write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file": "sub/a.txt", "published": "2020-02-20"}) + "\n", encoding="utf-8")
    assert meta_for(report).published == dt.date(2020, 2, 20)


def test_broken_manifest_stops_the_run_naming_the_row(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,published,author\na.txt,2021-13-01,x\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="row 1: unknown column"):
        meta_for(tmp_path / "a.txt")
    assert cli.main([str(tmp_path), "--store", str(tmp_path / "s.sqlite"), "-q", "--workers", "1"]) == 3
    assert "manifest.csv: row 1" in capsys.readouterr().err
