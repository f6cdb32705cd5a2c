#!/usr/bin/env python3
"""Build the peer-derived evaluation set (docs/peer_NNN.txt + gold.json).

Every case below is an expression copied from a peer project's own test file,
with the day the peer's test expects for it under the peer's reference time.
Offsets are computed here (str.find on the written text), never by hand.

    python3 tests/peers/build_peers.py
    python3 /work/shared/eval/check_gold.py tests/peers/gold.json tests/peers/docs
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")

SRC = {
    "duckling": "https://github.com/facebook/duckling/blob/0499d00167c0615a2745041fe925e6e5feb11528/Duckling/Time/ZH/Corpus.hs",
    "jionlp": "https://github.com/dongrixinyu/JioNLP/blob/0ac7975852008f52ea0d692b016eeda6e675f7ce/test/test_time_parser.py",
    "mcp": "https://github.com/wyl116/mcp-chinese-time/blob/43089cad1ca65bb35841576e62dbb48913ffb840/tests/test_parser.py",
    "bububa": "https://github.com/bububa/TimeNLP/blob/0c4b443e72aefa540c33285d1676227e4222007f/parse_test.go",
}

FRAMES = {
    # before / around the publication day
    "past": [
        "某集团于{e}召开年度工作会议。",
        "{e}，某公司与合作方签署了战略合作协议。",
        "据悉，某国企{e}启动了安全生产大检查。",
        "某市国资委{e}组织召开专题培训会。",
        "记者了解到，某企业{e}完成了主要设备检修。",
    ],
    # after the publication day
    "fut": [
        "某公司将于{e}举行新品发布会。",
        "某集团计划{e}召开职工代表大会。",
        "按照安排，某国企{e}将启动年度审计。",
        "某市国资委定于{e}组织专项督查。",
    ],
    "rpast": [
        "某集团于{e}开展了专项检查。",
        "{e}，某公司组织开展了质量提升活动。",
        "某国企{e}完成了系统升级改造。",
    ],
    "rfut": [
        "某集团将于{e}开展专项检查。",
        "某国企定于{e}进行系统升级。",
    ],
    "since": [
        "某公司{e}实行新的考核办法。",
        "某集团{e}全面推行数字化管理。",
    ],
}


def P(expr, date, frame, text=None, kind="point", end=None, anchor=None):
    """One case: the expression as the peer wrote it, one mention in it."""
    return {"expr": expr, "frame": frame,
            "mentions": [(text or expr, date, end, kind, anchor)]}


def R(expr, date, end, text=None, frame="rpast"):
    return P(expr, date, frame, text=text, kind="range", end=end)


def S(expr, date, text):
    return P(expr, date, "since", text=text, kind="since")


# ---------------------------------------------------------------- Duckling ZH
# reference time 2013-02-12 04:30 (Tuesday); datetimeInterval ends are exclusive,
# so the closed end day is the day before the interval end.
D = "2013-02-12"
duckling = [
    P("今天", "2013-02-12", "past"), P("今日", "2013-02-12", "past"),
    P("昨天", "2013-02-11", "past"), P("昨日", "2013-02-11", "past"),
    P("明天", "2013-02-13", "fut"), P("明日", "2013-02-13", "fut"),
    P("后天", "2013-02-14", "fut"), P("後天", "2013-02-14", "fut"),
    P("前天", "2013-02-10", "past"), P("前日", "2013-02-10", "past"),
    # bare weekdays later in the same week (星期一/星期二 left out: Duckling picks next week)
    P("星期三", "2013-02-13", "fut"), P("礼拜三", "2013-02-13", "fut"),
    P("周四", "2013-02-14", "fut"), P("星期五", "2013-02-15", "fut"),
    P("週五", "2013-02-15", "fut"), P("周六", "2013-02-16", "fut"),
    P("星期日", "2013-02-17", "fut"), P("星期天", "2013-02-17", "fut"),
    P("周日", "2013-02-17", "fut"),
    P("上周日", "2013-02-10", "past"), P("上星期天", "2013-02-10", "past"),
    P("上礼拜天", "2013-02-10", "past"), P("上周二", "2013-02-05", "past"),
    P("上星期二", "2013-02-05", "past"), P("上礼拜二", "2013-02-05", "past"),
    P("十月第一个星期一", "2013-10-07", "fut"), P("十月的第一个星期一", "2013-10-07", "fut"),
    P("三月一号", "2013-03-01", "fut"), P("三月一日", "2013-03-01", "fut"),
    P("2015年3月3号", "2015-03-03", "fut"), P("2015年三月三号", "2015-03-03", "fut"),
    P("2015年3月三号", "2015-03-03", "fut"), P("2015-3-3", "2015-03-03", "fut"),
    P("2015-03-03", "2015-03-03", "fut"), P("二零一五年三月三號", "2015-03-03", "fut"),
    P("2013年2月15号", "2013-02-15", "fut"), P("2013年二月十五号", "2013-02-15", "fut"),
    P("2月15号", "2013-02-15", "fut"), P("二月十五号", "2013-02-15", "fut"),
    P("2月15號", "2013-02-15", "fut"), P("二零一三年二月十五號", "2013-02-15", "fut"),
    P("二月十五号早上", "2013-02-15", "fut"), P("2月15号早晨", "2013-02-15", "fut"),
    P("下周二", "2013-02-19", "fut"), P("下星期二", "2013-02-19", "fut"),
    P("下礼拜二", "2013-02-19", "fut"),
    P("这周三", "2013-02-13", "fut"), P("这礼拜三", "2013-02-13", "fut"),
    P("这周二", "2013-02-12", "past"),
    P("2015年4月14号", "2015-04-14", "fut"),
    P("今晚8点", "2013-02-12", "fut"),
    R("二零一三年六月十二號至二零一三年七月三號", "2013-06-12", "2013-07-03", frame="rfut"),
    R("6月12號到7月3號", "2013-06-12", "2013-07-03", frame="rfut"),
    R("六月十二號到七月三號", "2013-06-12", "2013-07-03", frame="rfut"),
    R("六月十二日-七月三日", "2013-06-12", "2013-07-03", frame="rfut"),
    R("二零一三年十二月一號至二零一四年一月一號", "2013-12-01", "2014-01-01", frame="rfut"),
    R("12月1號到1月1號", "2013-12-01", "2014-01-01", frame="rfut"),
    R("十二月一號至一月一號", "2013-12-01", "2014-01-01", frame="rfut"),
    R("十二月一日~一月一日", "2013-12-01", "2014-01-01", frame="rfut"),
    R("星期三至星期五", "2013-02-13", "2013-02-15", frame="rfut"),
    R("二月十三號到十五號", "2013-02-13", "2013-02-15", frame="rfut"),
    R("二月十三到十五號", "2013-02-13", "2013-02-15", frame="rfut"),
    R("星期三至四", "2013-02-13", "2013-02-14", frame="rfut"),
    # holidays (Duckling resolves to the next occurrence after the reference time)
    P("妇女节", "2013-03-08", "fut"), P("劳动节", "2013-05-01", "fut"),
    P("五一国际劳动节", "2013-05-01", "fut"), P("儿童节", "2013-06-01", "fut"),
    P("国际儿童节", "2013-06-01", "fut"), P("建军节", "2013-08-01", "fut"),
    P("圣诞节", "2013-12-25", "fut"), P("元旦", "2014-01-01", "fut"),
    P("情人节", "2013-02-14", "fut"), P("国际消费者权益日", "2013-03-15", "fut"),
    P("愚人节", "2013-04-01", "fut"), P("复活节", "2013-03-31", "fut"),
    P("春节", "2014-01-31", "fut"), P("儿童节下午三点十五", "2013-06-01", "fut"),
    P("情人节晚上", "2013-02-14", "fut"), P("澳门回归纪念日", "2013-12-20", "fut"),
    P("万圣节", "2013-10-31", "fut"),
]

# ---------------------------------------------------------------- JioNLP
# _ts_1 = 1623604000 -> 2021-06-14 01:06:40 (UTC+8, Monday); other bases per case.
J = "2021-06-14"
jionlp = [
    (J, P("2019/04/19", "2019-04-19", "past")),
    (J, P("2018-11-29 18:59", "2018-11-29", "past")),
    (J, P("2019-05-27 09:36:46", "2019-05-27", "past")),
    (J, P("2019.9.6", "2019-09-06", "past")),
    (J, R("2019.05.29 15:20-2020.01.12 12:10", "2019-05-29", "2020-01-12")),
    (J, P("6·30", "2021-06-30", "fut")),
    (J, P("2015年8月12日", "2015-08-12", "past")),
    (J, P("15年3月2日", "2015-03-02", "past")),
    ("2021-05-06", P("03年2月28日", "2003-02-28", "past")),          # datetime(2021, 5, 6)
    ("2008-03-13", P("9月30日", "2008-09-30", "fut")),               # [2008, 3, 13]
    ("1997-07-01", R("98年4月", "1998-04-01", "1998-04-30", frame="rfut")),        # [1997, 7, 1, 12, 30, 0]
    ("2017-10-30", P("零七年八月二十九号", "2007-08-29", "past")),    # 1509329124.
    ("1973-06-19", P("九零年9月十号", "1990-09-10", "fut")),          # 109329124.
    ("1973-06-19", P("十二月20号", "1973-12-20", "fut")),             # 109329124.
    (J, R("二零零三年十二月", "2003-12-01", "2003-12-31")),
    (J, R("二〇〇六年十二月", "2006-12-01", "2006-12-31")),
    (J, R("91年5月", "1991-05-01", "1991-05-31")),
    (J, P("上个月15号", "2021-05-15", "past")),
    (J, P("下月九号", "2021-07-09", "fut")),
    (J, P("本月9日", "2021-06-09", "past")),
    (J, R("2017年8月11日至8月22日", "2017-08-11", "2017-08-22")),
    (J, R("2017年8月15日至2018年3月29日", "2017-08-15", "2018-03-29")),
    (J, R("2017年8月至11月", "2017-08-01", "2017-11-30")),
    (J, R("2017年五月至2018年四月", "2017-05-01", "2018-04-30")),
    (J, S("二〇一九年5月8日起", "2019-05-08", "二〇一九年5月8日")),
    (J, S("从去年9月起", "2020-09-01", "去年9月")),
    (J, R("从2015年1月至12月", "2015-01-01", "2015-12-31", text="2015年1月至12月")),
    (J, R("从2018年12月九号到十五号", "2018-12-09", "2018-12-15", text="2018年12月九号到十五号", frame="{e}，某公司开展了年度安全培训。")),
    (J, R("2018年2——4月", "2018-02-01", "2018-04-30")),
    (J, R("2018年1－9月份", "2018-01-01", "2018-09-30")),
    (J, R("明年3月份", "2022-03-01", "2022-03-31", frame="rfut")),
    # JioNLP returns one span 09-10..09-13; written as four days, the last three inherit the month
    (J, {"expr": "9月10号，11号，12号，13号", "frame": "fut", "mentions": [
        ("9月10号", "2021-09-10", None, "point", None),
        ("11号", "2021-09-11", None, "point", "inherit-month"),
        ("12号", "2021-09-12", None, "point", "inherit-month"),
        ("13号", "2021-09-13", None, "point", "inherit-month")]}),
    (J, P("二零一二年农历正月十五", "2012-02-06", "past")),
    (J, P("下周六", "2021-06-26", "fut")),
    (J, P("下周周六", "2021-06-26", "fut")),
    (J, P("星期天", "2021-06-20", "fut")),
    (J, P("下个星期一", "2021-06-21", "fut")),
    (J, P("八月份的第一个周二", "2021-08-03", "fut")),
    (J, P("周二早上", "2021-06-15", "fut")),
    (J, P("上个礼拜天", "2021-06-13", "past")),
    ("2021-09-01", P("前天", "2021-08-30", "past")),                 # _ts_2 = 1630480532
    (J, P("后天", "2021-06-16", "fut")),
    (J, P("今天", "2021-06-14", "past")),
    (J, P("昨晚8时35分", "2021-06-13", "past")),
    (J, P("大年初十", "2021-02-21", "past")),
    (J, P("下月15号下午6点", "2021-07-15", "fut")),
    (J, P("上周六中午12点", "2021-06-12", "past")),
    (J, P("下个月9号早上8点到中午12点", "2021-07-09", "fut")),
    (J, P("昨天9点20", "2021-06-13", "past")),
    (J, P("上个月23号晚上九点零九", "2021-05-23", "past")),
    (J, P("上月30号12:37", "2021-05-30", "past")),
    (J, P("2019年6月28日下午3:00", "2019-06-28", "past")),
    (J, P("2019年6月28日9:30~11:30", "2019-06-28", "past")),
    (J, P("4月26日20时1刻", "2021-04-26", "past")),
    (J, P("去年十一月廿九下午4点半", "2021-01-12", "past")),
    (J, P("大前天晚上9~11点", "2021-06-11", "past")),
    (J, P("30日", "2021-06-30", "fut", anchor="inherit-month")),
    (J, P("20天后", "2021-07-04", "fut")),
    ("2019-02-18", P("17天后", "2019-03-07", "fut")),               # [2019, 2, 18]
    ("2019-02-18", P("30天后", "2019-03-20", "fut")),               # [2019, 2, 18, 7]
]

# ---------------------------------------------------------------- mcp-chinese-time
# fixed_now = 2024-01-15 10:30 Asia/Shanghai (Monday)
M = "2024-01-15"
mcp = [
    P("今天", "2024-01-15", "past"), P("昨天", "2024-01-14", "past"),
    P("明天", "2024-01-16", "fut"), P("前天", "2024-01-13", "past"),
    P("后天", "2024-01-17", "fut"), P("三天前", "2024-01-12", "past"),
    P("5天前", "2024-01-10", "past"), P("三天后", "2024-01-18", "fut"),
    P("7天后", "2024-01-22", "fut"), P("2024年1月1日", "2024-01-01", "past"),
    P("1月20日", "2024-01-20", "fut"),
    P("20号", "2024-01-20", "fut", anchor="inherit-month"),
    P("周三", "2024-01-17", "fut"), P("上周三", "2024-01-10", "past"),
    P("下周五", "2024-01-26", "fut"),
    R("昨天到今天", "2024-01-14", "2024-01-15"), R("昨天至今天", "2024-01-14", "2024-01-15"),
    P("元旦", "2024-01-01", "past"), P("清明节", "2024-04-04", "fut"),
]

# ---------------------------------------------------------------- bububa/TimeNLP
# tests use timeBase = time.Now(); expected days are formulas of timeBase.
# We fix timeBase = 2024-07-24 (a Wednesday, after 7月18日) and evaluate the formulas.
B = "2024-07-24"
bububa = [
    P("2013年二月二十八日下午四点三十分二十九秒", "2013-02-28", "past"),
    P("今年儿童节晚上九点一刻", "2024-06-01", "past"),
    P("下周一下午三点", "2024-07-29", "fut"),      # AddDate(7+1-Weekday)
    P("下下周一", "2024-08-05", "fut"),            # AddDate(14+1-Weekday)
    P("明天早上", "2024-07-25", "fut"),
    P("三日", "2024-07-03", "past", anchor="inherit-month"),  # Date(year, month, 3)
    P("今年春分", "2024-03-20", "past"),
    P("周四下午三点到五点", "2024-07-25", "fut"),  # Weekday <= Thursday: AddDate(4-Weekday)
]
# the peer's own sentence (TestLongText2), two mentions
bububa_long = {"sentence": "《辽宁日报》今日报道，7月18日辽宁召开省委常委扩大会，会议从下午两点半开到六点半，主要议题为：落实中央巡视整改要求。",
               "mentions": [("今日", "2024-07-24", None, "point", None),
                            ("7月18日", "2024-07-18", None, "point", None)]}


def main():
    cases = []  # (peer, ref, case)
    cases += [("duckling", D, c) for c in duckling]
    cases += [("jionlp", ref, c) for ref, c in jionlp]
    cases += [("mcp", M, c) for c in mcp]
    cases += [("bububa", B, c) for c in bububa]
    cases.append(("bububa", B, {"sentence": bububa_long["sentence"], "mentions": bububa_long["mentions"]}))

    os.makedirs(DOCS, exist_ok=True)
    for f in os.listdir(DOCS):
        if f.startswith("peer_") and f.endswith(".txt"):
            os.remove(os.path.join(DOCS, f))
    counters = {k: 0 for k in FRAMES}
    gold = []
    for n, (peer, ref, case) in enumerate(cases, 1):
        if "sentence" in case:
            sentence = case["sentence"]
        else:
            if case["frame"] in FRAMES:
                frames = FRAMES[case["frame"]]
                sentence = frames[counters[case["frame"]] % len(frames)].format(e=case["expr"])
                counters[case["frame"]] += 1
            else:  # a literal template for an expression the shared frames do not fit
                sentence = case["frame"].format(e=case["expr"])
        head = f"发布时间：{ref}"
        text = head + "\n" + sentence + "\n"
        name = f"peer_{n:03d}.txt"
        with open(os.path.join(DOCS, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        dates = [{"text": ref, "offset": text.index(ref), "date": ref, "end": None,
                  "kind": "published", "anchor": None}]
        pos = len(head)
        for mtext, date, end, kind, anchor in case["mentions"]:
            off = text.index(mtext, pos)
            dates.append({"text": mtext, "offset": off, "date": date, "end": end,
                          "kind": kind, "anchor": anchor})
            pos = off + len(mtext)
        gold.append({"doc": name, "source": SRC[peer], "title": "", "city": None, "province": None,
                     "year": int(ref[:4]), "year_basis": "text", "organizations": [], "dates": dates})
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as fh:
        json.dump(gold, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    by_peer = {}
    for peer, _, _ in cases:
        by_peer[peer] = by_peer.get(peer, 0) + 1
    print(len(cases), "docs", by_peer)


if __name__ == "__main__":
    main()
