"""Report files the robustness tests make for themselves: texts with known dates, in every
encoding and state of damage a real report folder holds. Nothing here is copied from seeds/."""
from __future__ import annotations

import codecs
import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

# A simplified-Chinese report: a publication line and three dated paragraphs.
SIMPLIFIED = (
    "银川市连夜开展核酸检测筛查\n"
    "发布时间：2022年10月20日\n"
    "10月17日，银川市兴庆区在例行检测中发现1例核酸检测阳性人员，市疫情防控指挥部随即启动应急响应。\n"
    "次日，宁夏交通投资集团有限公司组织40辆货车向封控小区转运生活物资，社区工作人员逐户登记。\n"
    "10月19日上午，银川市开展第二轮全员核酸检测，全市共设采样点1200个。\n"
)
SIMPLIFIED_DATES = {"2022-10-20", "2022-10-17", "2022-10-18", "2022-10-19"}

# A traditional-Chinese report (what a Big5 file from Taiwan or Hong Kong holds).
TRADITIONAL = (
    "臺中市舉辦防災演練\n"
    "2022年9月21日，臺中市政府消防局在港區舉行地震防災演練，各區公所與醫院共同參與。\n"
    "演練結束後，市長表示將於9月28日前完成全部避難場所的檢查，並向議會報告。\n"
)
TRADITIONAL_DATES = {"2022-09-21", "2022-09-28"}

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00"

# Paragraph pieces combined into long reports: many distinct sentences, a date in each paragraph.
_PLACES = ["兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市", "利通区", "青铜峡市"]
_ACTORS = ["市疫情防控指挥部", "区卫生健康局", "社区工作人员", "志愿者服务队", "市交通运输局", "街道办事处"]
_ACTS = [
    "组织开展入户排查，登记外来人员信息",
    "向居民发放蔬菜包和生活必需品",
    "对重点场所进行全面消杀",
    "增设便民核酸采样点并延长服务时间",
    "协调运输车辆保障物资供应",
    "召开专题会议部署下一阶段工作",
]


def paragraph(i: int, year: int = 2022) -> tuple[str, str]:
    """The ``i``-th varied paragraph and the ISO day its date mention stands for."""
    day = dt.date(year, 1, 1) + dt.timedelta(days=i % 365)
    text = (
        f"{day.month}月{day.day}日，{_PLACES[i % len(_PLACES)]}{_ACTORS[i % len(_ACTORS)]}"
        f"{_ACTS[(i // 7) % len(_ACTS)]}，累计服务群众{1000 + i}人次。"
    )
    return text, day.isoformat()


def long_report(target_bytes: int, *, one_line: bool = False, year: int = 2022) -> tuple[str, list[str]]:
    """A UTF-8 report of about ``target_bytes`` bytes and the dates of its paragraphs in order.

    Starts with a year so every month-day resolves to ``year``; paragraphs run through
    the year in order (so no roll-over), one per line unless ``one_line``."""
    parts = [f"{year}年全市疫情防控工作纪实\n{year}年1月1日，全市疫情防控工作全面启动。" + ("" if one_line else "\n")]
    dates = [f"{year}-01-01"]
    size = len(parts[0].encode())
    i = 0
    sep = "" if one_line else "\n"
    while size < target_bytes:
        # Paragraph days move forward through the year and stop at its end: no roll-over.
        text, day = paragraph(min(i * 365 // max(1, target_bytes // 150), 364), year)
        parts.append(text + sep)
        dates.append(day)
        size += len(text.encode()) + len(sep)
        i += 1
    return "".join(parts) + ("\n" if one_line else ""), dates


def numbered_report(i: int) -> str:
    """A short report unique to ``i`` with two dated paragraphs (for folders of many reports)."""
    first, _ = paragraph(i)
    second, _ = paragraph(i + 3)
    return f"第{i}号疫情防控工作简报\n2022年{1 + i % 12}月{1 + i % 28}日发布\n{first}\n{second}\n"


def write(folder: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write one report file (``str`` is encoded with ``encoding``) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def utf16(text: str, order: str = "le", bom: bool = True) -> bytes:
    """``text`` as Windows tools write UTF-16: little or big endian, usually with a BOM."""
    body = text.encode(f"utf-16-{order}")
    if not bom:
        return body
    return (codecs.BOM_UTF16_LE if order == "le" else codecs.BOM_UTF16_BE) + body


def with_bad_bytes(data: bytes, *positions: int, bad: bytes = b"\xff") -> bytes:
    """``data`` with ``bad`` inserted before each of ``positions`` (offsets in ``data``;
    pass character boundaries, e.g. from :func:`after`)."""
    out = bytearray()
    last = 0
    for pos in sorted(positions):
        out += data[last:pos] + bad
        last = pos
    return bytes(out + data[last:])


def after(data: bytes, marker: bytes, nth: int = 1) -> int:
    """Offset just past the ``nth`` occurrence of ``marker`` in ``data``."""
    pos = -1
    for _ in range(nth):
        pos = data.index(marker, pos + 1)
    return pos + len(marker)


def assert_consistent(store) -> None:
    """Every report in ``store`` (a Store) has exactly its events; no event, file or report hangs loose."""
    with closing(sqlite3.connect(store.path)) as db:
        _check_tables(db)


def _check_tables(db: sqlite3.Connection) -> None:
    for doc_hash, n_events in db.execute("SELECT doc_hash, n_events FROM reports"):
        assert db.execute("SELECT COUNT(*) FROM events WHERE doc_hash = ?", (doc_hash,)).fetchone()[0] == n_events
    assert db.execute("SELECT COUNT(*) FROM events WHERE doc_hash NOT IN (SELECT doc_hash FROM reports)").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM files WHERE doc_hash NOT IN (SELECT doc_hash FROM reports)").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM reports WHERE doc_hash NOT IN (SELECT doc_hash FROM files)").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM failures WHERE path IN (SELECT path FROM files)").fetchone()[0] == 0
