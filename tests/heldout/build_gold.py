#!/usr/bin/env python3
"""Build heldout_gold.json from the hand annotations below (offsets computed, never typed).

Each date annotation is (text, date, end, kind, anchor[, ctx]). Annotations are listed in
text order; each is searched for from the end of the previous one (inside `ctx` when given,
to pin down a repeated string). Run from anywhere:  python3 tests/heldout/build_gold.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
P, S, U, R, PUB = "point", "since", "until", "range", "published"
IM, ND, SD = "inherit-month", "next-day", "same-day"

ANN = [
    dict(doc="h01_zhuzhou.txt", title="闻令而动守初心 逆行出征显担当——株洲城发集团全力支援社区疫情防控",
         city="株洲", province="湖南", year=2022, year_basis="text",
         organizations=["株洲城发集团", "市国资委", "城发物业公司", "城发保安公司", "城发商业公司"],
         dates=[("2022-11-08", "2022-11-08", None, PUB, None),
                ("10月28日晚", "2022-10-28", None, P, None),
                ("当晚", "2022-10-28", None, P, SD),
                ("次日清晨6时", "2022-10-29", None, P, ND),
                ("10月29日", "2022-10-29", None, S, None),
                ("11月1日至3日", "2022-11-01", "2022-11-03", R, None),
                ("11月2日下午", "2022-11-02", None, P, None),
                ("当日", "2022-11-02", None, P, SD),
                ("11月6日", "2022-11-06", None, U, None),
                ("11月5日", "2022-11-05", None, P, None)]),
    dict(doc="h02_mianyang.txt", title="绵阳交投集团：闻“汛”而动 筑牢防汛“安全堤”",
         city="绵阳", province="四川", year=2020, year_basis="text",
         organizations=["绵阳交投集团", "绵阳水务集团", "市国资委"],
         dates=[("2020年8月11日", "2020-08-11", None, S, None),
                ("8月15日", "2020-08-15", None, P, None),
                ("当晚", "2020-08-15", None, P, SD),
                ("8月16日凌晨2时", "2020-08-16", None, P, None),
                ("当日下午", "2020-08-16", None, P, SD),
                ("次日", "2020-08-17", None, P, ND),
                ("17日晚", "2020-08-17", None, P, IM),
                ("8月11日", "2020-08-11", None, S, None),
                ("8月18日至19日", "2020-08-18", "2020-08-19", R, None),
                ("8月20日上午", "2020-08-20", None, P, None),
                ("8月25日18时", "2020-08-25", None, U, None)]),
    dict(doc="h03_yichang.txt", title="宜昌城投集團(tuán)：堅守抗疫一線 彰顯國企擔當",
         city="宜昌", province="湖北", year=2020, year_basis="context",
         organizations=["宜昌城投集团", "公交集团", "水务公司"],
         dates=[("1月23日", "2020-01-23", None, P, None),
                ("1月24日", "2020-01-24", None, P, None),
                ("25日", "2020-01-25", None, S, IM),
                ("1月24日", "2020-01-24", None, S, None),
                ("1月29日", "2020-01-29", None, P, None),
                ("2月10日", "2020-02-10", None, U, None),
                ("2月3日凌晨3時", "2020-02-03", None, P, None),
                ("當日上午8時", "2020-02-03", None, P, SD),
                ("2月6日", "2020-02-06", None, S, None)]),
    dict(doc="h04_luoyang.txt", title="风雨中挺膺担当——洛阳市属国企全力以赴抗洪抢险保民生",
         city="洛阳", province="河南", year=2021, year_basis="text",
         organizations=["洛阳市国资委", "洛阳城投集团", "洛阳水务集团", "洛阳建工集团"],
         dates=[("2021年7月", "2021-07-01", "2021-07-31", R, None),
                ("7月20日至22日", "2021-07-20", "2021-07-22", R, None),
                ("7月20日晚", "2021-07-20", None, P, None),
                ("当晚", "2021-07-20", None, P, SD),
                ("7月21日凌晨4时许", "2021-07-21", None, P, None),
                ("当日14时", "2021-07-21", None, P, SD),
                ("同日", "2021-07-21", None, P, SD),
                ("22日", "2021-07-22", None, P, IM),
                ("7月26日", "2021-07-26", None, P, None),
                ("26日—31日", "2021-07-26", "2021-07-31", R, IM),
                ("8月2日", "2021-08-02", None, U, None)]),
    dict(doc="h05_ganzhou.txt", title="战高温 保供水 稳供电——赣州市属国企全力应对持续高温干旱天气",
         city="赣州", province="江西", year=2022, year_basis="text",
         organizations=["赣州水务集团", "市国资委", "赣州发投集团", "赣州能源公司", "赣州城投集团", "城投物业公司"],
         dates=[("２０２２年８月４日", "2022-08-04", None, S, None),
                ("８月１２日", "2022-08-12", None, P, None),
                ("当天下午", "2022-08-12", None, P, SD),
                ("８月１５日至２０日", "2022-08-15", "2022-08-20", R, None),
                ("１８日晚２０时", "2022-08-18", None, P, IM),
                ("８月２３日", "2022-08-23", None, U, None)]),
    dict(doc="h06_baotou.txt", title="包头市国资委扎实推进“安全生产月”活动",
         city="包头", province="内蒙古", year=2019, year_basis="text",
         organizations=["包头市国资委", "包头城投集团", "包头交通投资集团", "包头水务集团", "包头能源集团"],
         dates=[("二〇一九年六月", "2019-06-01", "2019-06-30", R, None),
                ("六月一日", "2019-06-01", None, S, None),
                ("六月十二日上午", "2019-06-12", None, P, None),
                ("当日下午", "2019-06-12", None, P, SD),
                ("六月十六日", "2019-06-16", None, P, None),
                ("当天", "2019-06-16", None, P, SD),
                ("六月二十日至二十二日", "2019-06-20", "2019-06-22", R, None),
                ("六月二十八日", "2019-06-28", None, U, None)]),
    dict(doc="h07_liuzhou.txt", title="保供稳价护民生——柳州市属国企全力做好疫情防控转段期间保障工作",
         city="柳州", province="广西", year=2022, year_basis="text",
         organizations=["柳州产投集团", "医药公司", "柳州公交集团", "柳州保安服务公司", "市国资委"],
         dates=[("2022年12月", "2022-12-01", "2022-12-31", R, None),
                ("12月13日", "2022-12-13", None, P, None),
                ("当天晚上", "2022-12-13", None, P, SD),
                ("12月20日", "2022-12-20", None, S, None),
                ("12月27日", "2022-12-27", None, P, None),
                ("12月31日晚", "2022-12-31", None, P, None),
                ("1月3日", "2023-01-03", None, P, None),
                ("1月8日", "2023-01-08", None, S, None),
                ("1月10日", "2023-01-10", None, U, None)]),
    dict(doc="h08_huhehaote.txt", title="首府國企：衆志成城戰疫情 同心協力保民生",
         city="呼和浩特", province="内蒙古", year=2022, year_basis="context",
         organizations=["呼和浩特市国资委", "城发集团", "春华水务集团", "公交集团", "物业公司", "保安公司"],
         dates=[("9月28日", "2022-09-28", None, S, None),
                ("10月1日", "2022-10-01", None, P, None),
                ("10月3日晚", "2022-10-03", None, P, None),
                ("當晚11時", "2022-10-03", None, P, SD),
                ("10月5日至7日", "2022-10-05", "2022-10-07", R, None),
                ("10月12日", "2022-10-12", None, U, None),
                ("10月16日", "2022-10-16", None, P, None),
                ("當天", "2022-10-16", None, P, SD)]),
    dict(doc="h09_quanzhou.txt", title="迎戰“杜蘇芮” 泉州國企在行動",
         city="泉州", province="福建", year=2023, year_basis="text",
         organizations=["泉州市国资委", "泉州城建集团", "泉州水务集团", "泉州交发集团", "物业公司"],
         dates=[("2023年7月31日", "2023-07-31", None, PUB, None),
                ("7月27日", "2023-07-27", None, P, None),
                ("7月28日9時55分", "2023-07-28", None, P, None),
                ("當日下午", "2023-07-28", None, P, SD),
                ("次日", "2023-07-29", None, P, ND),
                ("29日傍晚", "2023-07-29", None, P, IM),
                ("7月28日至30日", "2023-07-28", "2023-07-30", R, None),
                ("7月30日18時", "2023-07-30", None, U, None)]),
    dict(doc="h10_chongqing.txt", title="重庆国资国企：战高温、斗山火 彰显国企担当",
         city="重庆", province="重庆", year=2022, year_basis="text",
         organizations=["市国资委", "重庆城投集团", "重庆水务集团", "重庆交运集团", "重庆保安集团"],
         dates=[("2022年8月", "2022-08-01", "2022-08-31", R, None),
                ("8月17日", "2022-08-17", None, S, None),
                ("8月21日晚", "2022-08-21", None, P, None),
                ("当晚", "2022-08-21", None, P, SD),
                ("8月22日凌晨3时", "2022-08-22", None, P, None),
                ("8月21日—26日", "2022-08-21", "2022-08-26", R, None),
                ("8月24日", "2022-08-24", None, P, None),
                ("25日晚", "2022-08-25", None, P, IM),
                ("8月26日12时", "2022-08-26", None, U, None)]),
    dict(doc="h11_xiangxi.txt", title="湘西州中心城区第二水厂正式通水 20万居民喝上“放心水”",
         city="湘西", province="湖南", year=2024, year_basis="text",
         organizations=["湘西州城投集团", "湘西州建工集团", "湘西州国资委"],
         dates=[("2024年6月28日", "2024-06-28", None, PUB, None),
                ("6月26日上午10时", "2024-06-26", None, P, None),
                ("2022年3月", "2022-03-01", "2022-03-31", R, None),
                ("2023年12月28日", "2023-12-28", None, P, None),
                ("6月1日—8日", "2024-06-01", "2024-06-08", R, None),
                ("6月25日", "2024-06-25", None, U, None)]),
    dict(doc="h12_unnamed.txt", title="抗疫一线的“物业蓝”——市城投集团物业公司全力守护居民平安",
         city=None, province=None, year=None, year_basis="unknown",
         organizations=["市城投集团", "物业公司", "保安公司"],
         dates=[("2月10日", "XXXX-02-10", None, S, None),
                ("2月14日", "XXXX-02-14", None, P, None),
                ("当晚", "XXXX-02-14", None, P, SD),
                ("次日", "XXXX-02-15", None, P, ND),
                ("16日凌晨1时", "XXXX-02-16", None, P, IM),
                ("当天上午", "XXXX-02-16", None, P, SD),
                ("2月18日", "XXXX-02-18", None, S, None),
                ("2月25日", "XXXX-02-25", None, U, None)]),
]


def build():
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
                raise SystemExit(f"{a['doc']}: {ctx!r} not found after {pos}")
            off = i + ctx.index(mention)
            dates.append(dict(text=mention, offset=off, date=date, end=end, kind=kind, anchor=anchor))
            pos = off + len(mention)
        rec = dict(doc=a["doc"], source="", title=a["title"], city=a["city"], province=a["province"],
                   year=a["year"], year_basis=a["year_basis"], organizations=a["organizations"], dates=dates)
        out.append(rec)
    with open(os.path.join(HERE, "heldout_gold.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return out


if __name__ == "__main__":
    gold = build()
    print(f"wrote {len(gold)} documents, {sum(len(g['dates']) for g in gold)} date mentions")
