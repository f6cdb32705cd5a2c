"""The real app (streamlit_app.py) driven by Streamlit's AppTest on a temporary copy of the seeds."""
import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
SEED_CITIES = ["吴忠 Wuzhong", "渭南 Weinan", "怀化 Huaihua", "西安 Xi'an", "Unknown city"]
NEW_REPORT = "咸阳市国资委组织开展疫情防控工作\n\n2022年3月5日，咸阳市产投集团组织职工下沉社区，协助开展核酸检测。\n"
SCRIPT_REPORT = "宝鸡：国企战疫\n\n2022年4月2日，宝鸡市国资委<script>alert(1)</script>组织宝鸡市城投公司支援社区防控。\n"


def start(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.query_params.update(query or {})
    return app.run()


def widget(app: AppTest, kind: str, label: str):
    return next(w for w in getattr(app.sidebar, kind) if w.label.startswith(label))


def table(app: AppTest):
    return app.dataframe[0].value


def rerun_with(app: AppTest, kind: str, label: str, value) -> AppTest:
    widget(app, kind, label).set_value(value)
    return app.run()


def passages(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown if "<mark" in m.value]


def test_first_start_extracts_the_seeds_and_renders_every_city(seeds):
    app = start()
    assert not app.exception
    assert (seeds.parent / "store" / "timeline.sqlite").exists()
    assert set(SEED_CITIES) <= {re.sub(r" \(\d+\)$", "", o) for o in widget(app, "multiselect", "City").options}
    assert len(app.get("plotly_chart")) == 1


def test_choosing_a_city_leaves_only_that_citys_events(seeds):
    app = rerun_with(start(), "multiselect", "City", ["吴忠"])
    assert set(table(app)["City"]) == {"吴忠 Wuzhong"}
    assert app.query_params["city"] == "吴忠"


def test_choosing_a_company_leaves_only_events_naming_it(seeds):
    app = rerun_with(start(), "multiselect", "Company", ["怀化市城发集团"])
    rows = table(app)
    assert len(rows) > 0
    assert all("怀化市城发集团" in companies for companies in rows["Companies"])


def test_date_range_narrows_the_list(seeds):
    import datetime as dt

    app = start()
    before = len(table(app))
    app = rerun_with(app, "date_input", "Date range", (dt.date(2022, 9, 1), dt.date(2022, 9, 30)))
    dates = table(app)["Date"]
    assert 0 < len(dates) < before
    assert all(d.startswith("2022-09") for d in dates)


def test_text_search_narrows_the_list(seeds):
    app = start()
    before = len(table(app))
    app = rerun_with(app, "text_input", "Search", "交投公司")
    assert 0 < len(table(app)) < before


def test_filter_state_comes_from_the_url(seeds):
    app = start({"city": "渭南", "certain": "1"})
    assert set(table(app)["City"]) == {"渭南 Weinan"}
    assert widget(app, "multiselect", "City").value == ["渭南"]


def test_passage_shows_its_date_mention_highlighted(seeds):
    app = rerun_with(start(), "multiselect", "City", ["西安"])
    assert any(re.search(r"<mark[^>]*>2021年12月21日</mark>", p) for p in passages(app))


def test_a_filter_matching_nothing_says_what_to_do(seeds):
    app = rerun_with(start(), "text_input", "Search", "no such words anywhere")
    assert any("No event matches these filters" in w.value for w in app.warning)


def test_uploaded_report_appears_in_the_city_list(seeds):
    app = start()
    widget(app, "file_uploader", "Add reports").set_value(("xianyang.txt", NEW_REPORT.encode(), "text/plain"))
    app.run()
    assert not app.exception
    assert (seeds / "xianyang.txt").read_text() == NEW_REPORT
    assert any(o.startswith("咸阳 Xianyang") for o in widget(app, "multiselect", "City").options)


def test_upload_that_is_not_text_is_refused_with_the_reason(seeds):
    app = start()
    widget(app, "file_uploader", "Add reports").set_value(("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "text/plain"))
    app.run()
    assert not (seeds / "photo.txt").exists()
    assert any("not added" in c.value and "not text" in c.value for c in app.sidebar.caption)


def test_report_containing_script_is_shown_as_text(seeds):
    app = start()
    widget(app, "file_uploader", "Add reports").set_value(("baoji.txt", SCRIPT_REPORT.encode(), "text/plain"))
    app.run()
    app.radio[0].set_value("report").run()
    report = next(o for o in app.selectbox[0].options if "baoji.txt" in o)
    app.selectbox[0].select_index(app.selectbox[0].options.index(report)).run()
    html = "".join(m.value for m in app.markdown)
    assert "<script" not in html
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in html


def test_report_view_shows_the_facts_and_marks_every_mention(seeds):
    app = start({"view": "report"})
    text = next(m.value for m in app.markdown if "line-height" in m.value)
    facts = next(m.value for m in app.markdown if m.value.startswith("<table>"))
    assert text.count("<mark") >= 1
    assert all(label in facts for label in ("City and province", "Year", "Published", "Organisations", "Events"))


def test_rescan_picks_up_a_new_file_in_the_seeds_folder(seeds):
    app = start()
    (seeds / "new.txt").write_text(NEW_REPORT)
    next(b for b in app.sidebar.button if b.label == "Re-scan reports").click()
    app.run()
    assert any(o.startswith("咸阳 Xianyang") for o in widget(app, "multiselect", "City").options)


def test_reports_that_could_not_be_read_are_listed_with_the_reason(seeds):
    (seeds / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    app = start({"view": "reports"})
    failures = app.dataframe[0].value
    assert list(failures["File"]) == ["broken.txt"]
    assert "not text" in failures["Reason"][0]


def test_no_reports_says_how_to_add_them(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    monkeypatch.setenv("TIMELINE_SEEDS", str(tmp_path / "seeds"))
    monkeypatch.setenv("TIMELINE_STORE", str(tmp_path / "timeline.sqlite"))
    app = start()
    assert not app.exception
    assert any("No events yet" in i.value for i in app.info)


def test_a_questionable_date_says_why_in_its_passage(seeds):
    """发布 2022-10-30 and 10月31日 told as done: the passage warns that the date is after publication."""
    (seeds / "late.txt").write_text("发布时间：2022-10-30\n宁夏吴忠市国资委通报\n10月31日,吴忠市城投公司完成转运。\n",
                                     encoding="utf-8")
    app = rerun_with(start(), "text_input", "Search", "完成转运")
    shown = [html.unescape(m.value) for m in app.markdown]
    assert any("Questionable date" in m and "publication date (2022-10-30)" in m for m in shown)


def test_the_timeline_leaves_it_to_plotly_in_the_browser_to_show_labels_where_they_fit(seeds):
    """The figure the browser gets: labels are bar text that Plotly hides where it does not fit at the current zoom,
    on an axis locked to the time axis, at most one per event; the markers carry the event ids a selection reads."""
    app = start()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["uniformtext"]["mode"] == "hide" and spec["layout"]["xaxis2"]["matches"] == "x"
    labels = [t for t in spec["data"] if t["type"] == "bar"]
    assert labels and all(t["xaxis"] == "x2" and t["textposition"] == "inside" and "customdata" not in t
                          for t in labels)
    events = int(re.match(r"(\d+) of", app.caption[0].value).group(1))
    assert 0 < sum(len(t["text"]) for t in labels) <= events
