"""A deterministic, varied corpus of Chinese reports built from the seed reports.

Five seeds are too few to measure throughput or memory, and repeating them verbatim
would let any cache flatter the numbers. Each generated report is one seed rewritten
the way real reports differ: another prefecture city (from cpca's table, through the
engine's gazetteer), other company names, dates moved consistently (every 4-digit year by one offset, every
month by one offset chosen so that days stay valid and no month wraps the year, days
left alone so that day-only mentions like 25日 still fit their month), paragraphs
shuffled, duplicated or dropped, web-page boilerplate around the body, and, for some,
traditional characters (OpenCC s2t), converter garbage such as 集團(tuán), full-width
digits or CRLF line ends.

Report ``i`` depends only on ``i`` and the corpus seed, never on how many reports are
asked for, so ``make_report(i)`` reproduces any one of them on its own.
"""
from __future__ import annotations

import calendar
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

from extract.places import gazetteer

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED_DIR = REPO_ROOT / "seeds"
DEFAULT_CORPUS_SEED = 20240601

# Shares of reports that get each variation (independent draws).
P_TRADITIONAL = 0.25
P_GARBAGE = 0.10  # traditional plus pinyin left behind by a converter: 集團(tuán)
P_FULL_WIDTH_DIGITS = 0.10
P_CRLF = 0.10
P_SHUFFLE = 0.25
P_DUPLICATE = 0.30
P_DROP = 0.30
P_GARBAGE_PER_CHAR = 0.6  # of the characters that s2t changed
YEAR_SHIFTS = range(-4, 4)
# Organisation names are varied as well as cities: the engine memoises name cleaning, and a
# corpus repeating the seeds' few company names would flatter it.
SEED_ORG_CORES = ("城投", "交投", "国运", "保安", "农投", "创投", "利康", "鼎恒", "燃气", "博兴",
                  "鼎通", "产投", "城发", "金盾", "金源", "金钼", "石化")
ORG_CORE_POOL = ("建投", "文旅", "国投", "金控", "农发", "水投", "港务", "旅投", "物流", "粮储", "热力",
                 "公交", "地铁", "铁投", "电投", "煤业", "钢铁", "化工", "医药", "机场", "轨道", "城建",
                 "水利", "林业", "盐业", "供销", "数科", "科创", "资管", "融资", "担保", "租赁", "置业",
                 "康养", "冷链", "商贸", "环保", "矿业", "华宇", "恒信", "瑞丰", "安泰", "宏达", "兴业",
                 "隆盛", "祥和", "永安", "泰和", "德润", "新材") + SEED_ORG_CORES
HEAD_PARAGRAPHS = 2  # title lines stay first, whatever happens to the body

_HEADER_LINES = (
    "首页 > 新闻中心 > 国资动态",
    "当前位置：首页 > 要闻",
    "字号：大 中 小",
    "【打印本页】【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "来源：{city}日报 作者：记者 张明",
)
_FOOTER_LINES = (
    "责任编辑：李华",
    "版权所有 {city}市人民政府 {icp}",
    "扫一扫在手机打开当前页",
    "浏览次数：{views}",
    "相关链接：国务院国资委 | 省国资委 | {city}市政府网",
    "主办单位：{city}市人民政府办公室 联系电话：0{phone}",
)

# One pass over every date-like number the shift rewrites: ISO dates, years, month(-day)s.
_DATE_WORDS = re.compile(
    r"(?P<iso>(?<![\d.])(?P<iy>(?:19|20)\d{2})(?P<sep>[-/.])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?!\d))"
    r"|(?P<year>(?<![\d.])(?:19|20)\d{2}(?=\s?年))"
    r"|(?P<md>(?<![\d.])(?P<m>\d{1,2})(?P<msep>\s?月)(?:(?P<dsep>\s?)(?P<d>\d{1,2})(?P<dend>\s?[日号]))?)"
)
_BARE_DAY = re.compile(r"(?<![\d.月])(\d{1,2})\s?日")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class SeedReport:
    name: str
    text: str
    traditional: bool  # written in traditional characters already


@cache
def load_seeds(seed_dir: Path = DEFAULT_SEED_DIR) -> tuple[SeedReport, ...]:
    """The seed reports, read once; traditional ones are marked so inserted names match them."""
    seeds = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        seeds.append(SeedReport(path.stem, text, _looks_traditional(text)))
    if not seeds:
        raise FileNotFoundError(f"no seed reports (*.txt) in {seed_dir}")
    return tuple(seeds)


def generate_reports(count: int, seed: int = DEFAULT_CORPUS_SEED,
                     seed_dir: Path = DEFAULT_SEED_DIR) -> list[tuple[str, str]]:
    """``count`` generated reports as (file name, text) pairs."""
    return list(iter_reports(count, seed, seed_dir))


def iter_reports(count: int, seed: int = DEFAULT_CORPUS_SEED,
                 seed_dir: Path = DEFAULT_SEED_DIR) -> Iterator[tuple[str, str]]:
    """The same reports one at a time, so a streaming run never holds the corpus."""
    for index in range(count):
        yield make_report(index, seed, seed_dir)


def make_report(index: int, seed: int = DEFAULT_CORPUS_SEED,
                seed_dir: Path = DEFAULT_SEED_DIR) -> tuple[str, str]:
    """Generated report number ``index``: its name says which seed it came from."""
    seeds = load_seeds(seed_dir)
    source = seeds[index % len(seeds)]
    rng = random.Random(f"{seed}:{index}")
    city = _random_city(rng)
    text = swap_cities(source.text, city)
    text = vary_organisations(text, rng)
    text = shift_dates(text, rng)
    text = vary_paragraphs(text, rng)
    text = add_boilerplate(text, rng, city)
    if source.traditional or rng.random() < P_TRADITIONAL + P_GARBAGE:
        text = _s2t().convert(text)
        if rng.random() < P_GARBAGE / (P_TRADITIONAL + P_GARBAGE):
            text = add_converter_garbage(text, rng)
    if rng.random() < P_FULL_WIDTH_DIGITS:
        text = text.translate(_FULL_WIDTH_DIGITS)
    if rng.random() < P_CRLF:
        text = text.replace("\n", "\r\n")
    return f"gen_{index:05d}_{source.name[:3]}.txt", text


def swap_cities(text: str, new_city: str) -> str:
    """Every prefecture city the text names as ``X市`` becomes ``new_city``, short forms included."""
    named = sorted((short for short in _city_shorts() if f"{short}市" in text), key=len, reverse=True)
    if not named:
        return text
    return re.sub("|".join(map(re.escape, named)), new_city, text)


def vary_organisations(text: str, rng: random.Random) -> str:
    """Give the seeds' companies other names (城投公司 -> 康养公司), one consistent mapping per report."""
    present = [core for core in SEED_ORG_CORES if core in text]
    if not present:
        return text
    mapping = dict(zip(present, rng.sample(ORG_CORE_POOL, len(present))))
    return re.sub("|".join(map(re.escape, present)), lambda m: mapping[m.group(0)], text)


def shift_dates(text: str, rng: random.Random) -> str:
    """Move every written year by one offset and every written month by another.

    The month offset is drawn among those that keep each month inside its year and each
    day valid in its new month, so date order and day-only mentions (25日) stay consistent.
    """
    year_shift = rng.choice(YEAR_SHIFTS)
    month_shift = rng.choice(_valid_month_shifts(text) or [0])

    def rewrite(m: re.Match[str]) -> str:
        if m.group("iso"):
            month = int(m.group("im")) + month_shift
            return f"{int(m.group('iy')) + year_shift}{m.group('sep')}{month:02d}{m.group('sep')}{m.group('id')}"
        if m.group("year"):
            return str(int(m.group("year")) + year_shift)
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return m.group(0)
        day = f"{m.group('dsep')}{m.group('d')}{m.group('dend')}" if m.group("d") else ""
        return f"{month + month_shift}{m.group('msep')}{day}"

    return _DATE_WORDS.sub(rewrite, text)


def vary_paragraphs(text: str, rng: random.Random) -> str:
    """Shuffle, duplicate and drop body paragraphs; the head (title lines) stays first."""
    joiner = "\n\n" if "\n\n" in text else "\n"
    paragraphs = [p for p in text.split("\n") if p.strip()]
    head, body = paragraphs[:HEAD_PARAGRAPHS], paragraphs[HEAD_PARAGRAPHS:]
    if len(body) > 2 and rng.random() < P_SHUFFLE:
        tail = body[len(body) // 3:]  # the opening paragraphs usually set the scene: keep them
        rng.shuffle(tail)
        body[len(body) // 3:] = tail
    if body and rng.random() < P_DUPLICATE:
        body.insert(rng.randrange(len(body) + 1), rng.choice(body))
    if len(body) > 3 and rng.random() < P_DROP:
        for _ in range(rng.randint(1, 2)):
            body.pop(rng.randrange(len(body)))
    return joiner.join(head + body) + "\n"


def add_boilerplate(text: str, rng: random.Random, city: str) -> str:
    """Navigation lines above the report and footer lines below it, as a saved web page has."""
    fill = {"city": city, "icp": f"ICP备{rng.randint(10**7, 10**8 - 1)}号",
            "views": rng.randint(12, 98765), "phone": rng.randint(10**9, 10**10 - 1)}
    header = rng.sample(_HEADER_LINES, rng.randint(0, 3))
    footer = rng.sample(_FOOTER_LINES, rng.randint(0, 4))
    lines = [line.format(**fill) for line in header] + [text.rstrip("\n")] + [line.format(**fill) for line in footer]
    return "\n".join(lines) + "\n"


def add_converter_garbage(traditional: str, rng: random.Random) -> str:
    """Pinyin in brackets after traditional characters, as some converters leave it: 集團(tuán)."""
    simplified = _t2s().convert(traditional)
    if len(simplified) != len(traditional):
        return traditional
    out = []
    for index, (trad, simp) in enumerate(zip(traditional, simplified)):
        out.append(trad)
        already_marked = traditional.startswith("(", index + 1)
        if trad != simp and not already_marked and rng.random() < P_GARBAGE_PER_CHAR:
            out.append(f"({pinyin(simp, style=Style.TONE)[0][0]})")
    return "".join(out)


def _valid_month_shifts(text: str) -> list[int]:
    """Month offsets (not 0) under which every month stays in 1..12 and every day stays valid."""
    months, dated = set(), []
    for m in _DATE_WORDS.finditer(text):
        if m.group("iso"):
            dated.append((int(m.group("im")), int(m.group("id"))))
        elif m.group("md") and 1 <= int(m.group("m")) <= 12:
            months.add(int(m.group("m")))
            if m.group("d"):
                dated.append((int(m.group("m")), int(m.group("d"))))
    months.update(month for month, _ in dated)
    bare_days = [int(d) for d in _BARE_DAY.findall(text)]
    shifts = []
    for shift in range(-11, 12):
        if shift == 0 or not all(1 <= month + shift <= 12 for month in months):
            continue
        if any(day > _days_in(month + shift) for month, day in dated):
            continue
        if bare_days and months and max(bare_days) > min(_days_in(month + shift) for month in months):
            continue
        shifts.append(shift)
    return shifts


def _days_in(month: int) -> int:
    return calendar.monthrange(2021, month)[1]  # a common year: 29 February is never produced


def _random_city(rng: random.Random) -> str:
    return rng.choice(_city_shorts())


@cache
def _city_shorts() -> tuple[str, ...]:
    """Short names of prefecture cities whose official name is the short name plus 市."""
    cities = gazetteer().cities.values()
    return tuple(sorted(c.short for c in cities if c.name == f"{c.short}市" and len(c.short) >= 2))


def _looks_traditional(text: str) -> bool:
    """More than 2% of the characters change under t2s."""
    changed = sum(a != b for a, b in zip(text, _t2s().convert(text)))
    return changed > len(text) // 50


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
