"""Every encoding a report folder holds is read correctly (checked by the dates extracted);
damaged text is read with a warning; what is not text fails with a plain reason."""
import codecs
import random

import pytest

from extract.decode import UnreadableReport, decode_bytes
from extract.pipeline import extract_report
from reportfiles import (
    PNG_HEADER, SIMPLIFIED, SIMPLIFIED_DATES, TRADITIONAL, TRADITIONAL_DATES, after, utf16, with_bad_bytes,
)


def _dates(result):
    return {e.date for e in result.events}


def _event(result, mention):
    return next(e for e in result.events if e.mention == mention)


@pytest.mark.parametrize("label, data", [
    ("utf-8", SIMPLIFIED.encode("utf-8")),
    ("utf-8 with BOM", codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8")),
    ("utf-16 LE with BOM", utf16(SIMPLIFIED, "le")),
    ("utf-16 BE with BOM", utf16(SIMPLIFIED, "be")),
    ("gbk", SIMPLIFIED.encode("gbk")),
    ("gb18030", SIMPLIFIED.encode("gb18030")),
])
def test_simplified_report_in_any_common_encoding_yields_its_dates(label, data):
    result = extract_report(data, "report.txt")
    assert result.text == SIMPLIFIED, label
    assert _dates(result) == SIMPLIFIED_DATES
    assert result.warnings == []


def test_gbk_report_is_decoded_and_its_dates_extracted():
    result = extract_report(SIMPLIFIED.encode("gbk"), "gbk.txt")
    assert result.encoding in ("gb18030", "gbk")
    event = _event(result, "10月17日")
    assert event.date.endswith("-10-17")
    assert result.text[event.start:event.end] == "10月17日"
    assert "银川市兴庆区" in event.passage


def test_big5_report_is_decoded_as_traditional_text_and_its_dates_extracted():
    result = extract_report(TRADITIONAL.encode("big5"), "big5.txt")
    assert result.encoding == "big5"
    assert result.text == TRADITIONAL
    assert _dates(result) == TRADITIONAL_DATES
    assert "臺中市政府消防局" in _event(result, "2022年9月21日").passage


def test_a_short_gbk_note_is_not_mistaken_for_another_legacy_encoding():
    # A few characters give encoding guessers little to go on (one used to answer Korean).
    note = "10月17日，银川市发现病例。\n"
    assert decode_bytes(note.encode("gbk"), "note.txt").text == note


def test_a_short_big5_note_is_not_read_as_gbk_nonsense():
    note = "10月17日，臺北市發現確診。\n"
    assert decode_bytes(note.encode("big5"), "note.txt").text == note


def test_utf16_without_bom_is_still_read():
    result = extract_report(utf16(SIMPLIFIED, "le", bom=False), "windows.txt")
    assert result.text == SIMPLIFIED
    assert _dates(result) == SIMPLIFIED_DATES


def assert_read_with_replacements(result, encoding: str, text: str, dates: set[str]) -> None:
    """Read in ``encoding`` with the bad bytes replaced, a warning saying so, and every date found."""
    assert result.encoding == encoding
    assert result.text.replace("\ufffd", "") == text
    assert result.warnings and "replaced" in result.warnings[0]
    assert _dates(result) == dates


def test_utf8_with_a_few_invalid_bytes_is_read_with_them_replaced_and_a_warning():
    data = SIMPLIFIED.encode()
    broken = with_bad_bytes(data, after(data, "。".encode()), after(data, "\n".encode(), 3), bad=b"\xff\xfe")
    assert_read_with_replacements(extract_report(broken, "broken.txt"), "utf-8", SIMPLIFIED, SIMPLIFIED_DATES)


def test_gbk_with_an_invalid_byte_is_read_as_gbk_with_a_warning_not_dropped():
    data = SIMPLIFIED.encode("gbk")
    broken = with_bad_bytes(data, after(data, b"\n", 2))
    assert_read_with_replacements(extract_report(broken, "broken-gbk.txt"), "gb18030", SIMPLIFIED, SIMPLIFIED_DATES)


def test_big5_with_an_invalid_byte_is_read_as_big5_with_a_warning():
    data = TRADITIONAL.encode("big5")
    broken = with_bad_bytes(data, after(data, b"\n"))
    result = extract_report(broken, "broken-big5.txt")
    assert result.encoding == "big5"
    assert result.text.replace("\ufffd", "") == TRADITIONAL
    assert result.warnings
    assert _dates(result) == TRADITIONAL_DATES


def test_utf8_cut_off_in_the_middle_of_a_character_is_read_as_utf8_not_as_nonsense():
    data = SIMPLIFIED.encode()
    cut = data[: after(data, "个".encode()) - 1]  # the last character lost its last byte
    result = extract_report(cut, "half-downloaded.txt")
    assert result.encoding == "utf-8"
    assert result.text.rstrip("\ufffd") == SIMPLIFIED[: SIMPLIFIED.index("个")]
    assert _dates(result) == SIMPLIFIED_DATES
    assert result.warnings


def test_truncated_html_page_is_read_up_to_where_it_stops():
    body = "".join(f"<p>{line}</p>\n" for line in SIMPLIFIED.splitlines()[1:])
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>银川市连夜开展核酸检测筛查</title>"
        "<script>var x = '2099年1月1日';</script></head><body><div class='article'>" + body
    ).encode()
    cut = page[: after(page, "第二轮".encode())] + b"\xe5\x85"  # stops inside a character, no closing tags
    result = extract_report(cut, "page.html")
    assert "<p>" not in result.text and "var x" not in result.text
    assert {"2022-10-17", "2022-10-18", "2022-10-19"} <= _dates(result)
    assert not any(d.startswith("2099") for d in _dates(result))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \r\n\t\n", "empty file"),
    (PNG_HEADER + bytes(range(256)) * 4, "not text: looks like a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "not text: looks like a JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not text: looks like a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(100), "not text: looks like a ZIP archive (or an Office document)"),
    (b"\x01\x02\x00\x00\x07\x00\x13\x00" * 50, "not text: contains NUL bytes"),
], ids=["empty", "blank", "png", "jpeg", "pdf", "zip", "nul-bytes"])
def test_files_that_are_not_text_fail_with_a_plain_reason(data, reason):
    with pytest.raises(UnreadableReport) as info:
        extract_report(data, "report.txt")
    assert str(info.value) == reason


def test_random_bytes_are_refused_rather_than_read_as_nonsense():
    rng = random.Random(20221017)
    for size in (40, 400, 4000):
        for _ in range(30):
            data = bytes(rng.randrange(1, 256) for _ in range(size))
            with pytest.raises(UnreadableReport) as info:
                decode_bytes(data, "noise.txt")
            assert str(info.value) in ("could not decode: tried UTF-8, GB18030, Big5, UTF-16",
                                       "not text: contains NUL bytes")


def test_html_page_with_no_visible_text_fails_with_a_reason():
    with pytest.raises(UnreadableReport, match="HTML page with no visible text"):
        extract_report(b"<html><head><script>var a = 1;</script></head><body></body></html>", "blank.html")
