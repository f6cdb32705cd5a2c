#!/usr/bin/env python3
"""Build heldout2_gold.json from the hand annotations below; offsets are computed, never typed.

Each date annotation is (text, date, end, kind, anchor[, ctx]). Annotations are in text
order; each is searched for starting at the end of the previous one (inside `ctx` when
given, to pin down the right occurrence). Run from anywhere:

    python3 tests/heldout2/build_gold.py          # writes heldout2_gold.json
    python3 tests/heldout2/build_gold.py --show   # also lists each mention in context and
                                                  # every date-like string left unannotated
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
P, S, U, R, PUB = "point", "since", "until", "range", "published"
IM, ND, SD = "inherit-month", "next-day", "same-day"

ANN = [
    dict(doc="s01_wuhu.txt", title="市属国企春季专场招聘会“揽才”1800余人",
         city="芜湖", province="安徽", year=2023, year_basis="text",  # year only in the 2023-03-09 web line
         organizations=["芜湖建投集团", "市国资委", "芜湖交投集团", "芜湖远大集团", "芜湖宜居集团",
                        "芜湖市公用事业集团"],
         dates=[("2023-03-09", "2023-03-09", None, PUB, None),
                ("3月8日上午", "2023-03-08", None, P, None),
                ("当天下午", "2023-03-08", None, P, SD),
                ("3月8日", "2023-03-08", None, U, None, "截至3月8日"),
                ("3月15日至17日", "2023-03-15", "2023-03-17", R, None)]),
    dict(doc="s02_zunyi.txt", title="遵义市国资委2024年上半年工作总结",
         city="遵义", province="贵州", year=2024, year_basis="text",
         organizations=["遵义市国资委", "遵义产业投资集团", "遵义工业投资集团", "遵义市产业发展投资集团有限公司",
                        "遵义道桥建设集团", "遵义交通旅游投资集团", "遵义水务集团"],
         # bare months without a year (2月，… 3月，… 4月至5月 … 6月，…) are not date mentions
         # under GOLD_FORMAT (only "month-only mentions with a year"); 2024年1月 is.
         dates=[("2024-07-05", "2024-07-05", None, PUB, None),
                ("6月30日", "2024-06-30", None, U, None),
                ("2024年1月", "2024-01-01", "2024-01-31", R, None),
                ("3月28日", "2024-03-28", None, P, None),
                ("6月12日至14日", "2024-06-12", "2024-06-14", R, None),
                ("2024年7月3日", "2024-07-03", None, P, None)]),
    dict(doc="s03_xinxiang.txt", title="新乡市城投集团：风雨中挺起国企脊梁",
         city="新乡", province="河南", year=2021, year_basis="text",
         organizations=["新乡市城投集团", "城投建设公司", "城投物业公司"],
         dates=[("2021年07月31日", "2021-07-31", None, PUB, None),
                ("7月20日16时", "2021-07-20", None, P, None),
                ("当晚", "2021-07-20", None, P, SD),
                ("次日凌晨", "2021-07-21", None, P, ND),
                ("7月22日", "2021-07-22", None, P, None),
                ("同日", "2021-07-22", None, P, SD),
                ("7月27日上午", "2021-07-27", None, P, None),
                ("当天下午", "2021-07-27", None, P, SD),
                ("7月30日", "2021-07-30", None, U, None)]),
    dict(doc="s04_dongguan.txt", title="東莞國企加碼布局新型儲能 首個百兆瓦級項目並網運行",
         city="东莞", province="广东", year=2024, year_basis="text",
         organizations=["东实新能源公司", "东莞实业投资控股集团", "东莞市国资委", "东莞交投集团", "东莞金控集团"],
         dates=[("2024年06月18日", "2024-06-18", None, PUB, None),
                ("6月15日晚", "2024-06-15", None, P, None),
                ("2023年11月", "2023-11-01", "2023-11-30", R, None),
                ("6月20號", "2024-06-20", None, S, None),
                ("5月13日至15日", "2024-05-13", "2024-05-15", R, None),
                ("7月1日", "2024-07-01", None, S, None)]),
    dict(doc="s05_datong.txt", title="寒潮中守护万家温暖——市属国企全力做好冬季供热保障工作纪实",
         city="大同", province="山西", year=2018, year_basis="text",
         organizations=["市热力公司", "大同煤业集团", "市城投集团"],
         dates=[("2019-01-08", "2019-01-08", None, PUB, None),
                ("2018年12月27日", "2018-12-27", None, P, None),
                ("当日", "2018-12-27", None, P, SD),
                ("12月29日凌晨", "2018-12-29", None, P, None),
                ("30日下午", "2018-12-30", None, P, IM),
                ("12月31日晚", "2018-12-31", None, P, None),
                ("1月3日", "2019-01-03", None, P, None),      # crosses into 2019
                ("1月6日", "2019-01-06", None, U, None)]),
    dict(doc="s06_qiqihar.txt", title="鹤城国企“暖”护春运路 冰雪游持续升温",
         city="齐齐哈尔", province="黑龙江", year=2025, year_basis="text",
         organizations=["齐齐哈尔市公交集团", "齐齐哈尔市文旅投资集团", "市国资委", "市热电公司"],
         # 次日零时30分 is generic (every day until 0:30 the next day), not a dated day
         dates=[("2025年01月16日", "2025-01-16", None, PUB, None),
                ("元月8号", "2025-01-08", None, P, None),
                ("元月14号", "2025-01-14", None, P, None),
                ("元月10号至12号", "2025-01-10", "2025-01-12", R, None),
                ("元月15号", "2025-01-15", None, U, None)]),
    dict(doc="s07_yantai.txt", title="烟台市属国企扎实开展安全生产“大排查大整治”行动",
         city="烟台", province="山东", year=2022, year_basis="text",
         organizations=["烟台市国资委", "烟台国丰投资控股集团", "烟台城市发展集团", "烟台交运集团",
                        "山东港口烟台港集团"],
         dates=[("2022-06-02", "2022-06-02", None, PUB, None),
                ("3月1日", "2022-03-01", None, S, None, "自3月1日起"),
                ("3月1日—15日", "2022-03-01", "2022-03-15", R, None),
                ("4月6日", "2022-04-06", None, P, None),
                ("5月10日至12日", "2022-05-10", "2022-05-12", R, None),
                ("5月31日", "2022-05-31", None, U, None)]),
    dict(doc="s08_yancheng.txt", title="盐城国投集团与远景能源签约 百亿级零碳产业园落户大丰",
         city="盐城", province="江苏", year=2019, year_basis="text",
         organizations=["盐城市国有资产投资集团有限公司", "远景能源有限公司"],
         dates=[("2019.09.26", "2019-09-26", None, PUB, None),
                ("今天上午", "2019-09-26", None, P, SD),
                ("当天下午", "2019-09-26", None, P, SD),
                ("9月20日", "2019-09-20", None, P, None),
                ("同日", "2019-09-20", None, P, SD),
                ("9月24日", "2019-09-24", None, P, None),
                ("次日", "2019-09-25", None, P, ND),
                ("当晚", "2019-09-25", None, P, SD)]),
    dict(doc="s09_shaoxing.txt", title="杭绍甬高速绍兴段控制性工程曹娥江特大桥顺利合龙",
         city="绍兴", province="浙江", year=2020, year_basis="text",
         organizations=["绍兴交投集团", "中铁大桥局"],
         # the 相关推荐 / 上一篇 / 下一篇 block lists other articles: not this report's dates
         dates=[("2020-11-23", "2020-11-23", None, PUB, None),
                ("11月20日上午10时18分", "2020-11-20", None, P, None),
                ("2019年6月12日", "2019-06-12", None, S, None),
                ("11月16日至18日", "2020-11-16", "2020-11-18", R, None),
                ("19日晚", "2020-11-19", None, P, IM),
                ("10月31日", "2020-10-31", None, U, None)]),
    dict(doc="s10_nocity.txt", title="定制公交“接”上学生 “送”来安心",
         city=None, province=None, year=2021, year_basis="text",
         organizations=["市公交集团"],
         dates=[("2021年9月1日", "2021-09-01", None, S, None),
                ("8月25日至27日", "2021-08-25", "2021-08-27", R, None),
                ("8月30日", "2021-08-30", None, P, None),
                ("9月1日早上6时40分", "2021-09-01", None, P, None),
                ("当天", "2021-09-01", None, P, SD),
                ("9月10日", "2021-09-10", None, U, None)]),
    dict(doc="s11_zhangzhou.txt", title="漳州九龙江集团与厦门建发集团签约 携手打造古雷港口物流枢纽",
         city="漳州", province="福建", year=2023, year_basis="text",
         organizations=["漳州市九龙江集团", "厦门建发集团", "漳州市国资委", "漳州交发集团", "漳州城投集团"],
         dates=[("2023-08-21", "2023-08-21", None, PUB, None),
                ("8月18日下午", "2023-08-18", None, P, None),
                ("8月3日至4日", "2023-08-03", "2023-08-04", R, None),
                ("8月10日", "2023-08-10", None, P, None),
                ("同日", "2023-08-10", None, P, SD)]),
    dict(doc="s12_tianshui.txt", title="花牛苹果“触网”出山 国企搭台助农增收",
         city="天水", province="甘肃", year=2018, year_basis="context",  # 首届中国农民丰收节, 改革开放40周年
         organizations=["天水农业产业投资集团", "天水市国资委", "天水交通发展集团", "天水公路港物流公司"],
         dates=[("9月23日", "2018-09-23", None, P, None),
                ("当天", "2018-09-23", None, P, SD),
                ("9月15日", "2018-09-15", None, S, None),
                ("10月8日至12日", "2018-10-08", "2018-10-12", R, None),
                ("9月28日", "2018-09-28", None, U, None)]),
]

# Anything that looks like a date, to list what was deliberately left out (--show).
DATEISH = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|(?:\d{4}年)?(?:\d{1,2}|元)月(?:\d{1,2}[日号號])?|\d{1,2}[日号號]"
                     r"|[今当當同次昨]日|[今当當]天|当晚|當晚|\d{4}年")


def build(show=False):
    out = []
    for a in ANN:
        with open(os.path.join(DOCS, a["doc"]), encoding="utf-8") as fh:
            text = fh.read()
        pos, dates = 0, []
        for item in a["dates"]:
            mention, date, end, kind, anchor = item[:5]
            ctx = item[5] if len(item) > 5 else mention
            i = text.find(ctx, pos)
            if i < 0:
                sys.exit(f"{a['doc']}: {ctx!r} not found after offset {pos}")
            off = i + ctx.index(mention)
            assert text[off:off + len(mention)] == mention
            dates.append(dict(text=mention, offset=off, date=date, end=end, kind=kind, anchor=anchor))
            pos = off + len(mention)
        out.append(dict(doc=a["doc"], source="", title=a["title"], city=a["city"], province=a["province"],
                        year=a["year"], year_basis=a["year_basis"], organizations=a["organizations"],
                        dates=dates))
        if show:
            print(f"== {a['doc']}  ({len(text)} chars)")
            spans = [(d["offset"], d["offset"] + len(d["text"])) for d in dates]
            for d in dates:
                o = d["offset"]
                print(f"   + {d['text']:<16} {d['date']} {d['end'] or '':<10} {d['kind']:<9} {d['anchor'] or '':<13}"
                      f" …{text[max(0, o - 12):o + len(d['text']) + 8]!r}")
            for m in DATEISH.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e in spans):
                    print(f"   - {m.group():<16} …{text[max(0, m.start() - 12):m.end() + 8]!r}")
    with open(os.path.join(HERE, "heldout2_gold.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return out


if __name__ == "__main__":
    gold = build(show="--show" in sys.argv)
    print(f"wrote {len(gold)} documents, {sum(len(g['dates']) for g in gold)} date mentions")
