"""Decode stage: report file bytes -> text, with the encoding detected rather than assumed.

Order: byte-order marks; NUL bytes mean UTF-16 without a mark or not text; strict
UTF-8 (most reports); UTF-8 with a few bad bytes (a damaged or half-downloaded file);
GB18030 and Big5, whichever reading is ordinary Chinese (common characters), with
a few bad bytes allowed; last charset-normalizer's guess among a few Western and
Japanese codecs. Bytes replaced are counted in a warning. Binary files are recognised
by their magic numbers, and anything no codec reads as text fails with a reason,
never as mojibake. HTML is reduced to its visible text, one line per block element.
"""
from __future__ import annotations

import codecs
import html
import re
from functools import cache
from html.parser import HTMLParser

from .models import DecodedText
from .rules import load_rules


class UnreadableReport(ValueError):
    """The file cannot be a report; the message says why in plain words."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_TEXT_SUFFIXES = (".txt", ".md", ".text", "") + _HTML_SUFFIXES
# A decode that needs more replacement characters than this share is not a text.
_MAX_REPLACED_SHARE = 0.1


def is_supported(name: str) -> bool:
    """Whether a file name has an ending we read as a report."""
    lower = name.lower()
    return any(lower.endswith(s) for s in _TEXT_SUFFIXES if s) or "." not in lower.rsplit("/", 1)[-1]


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file ``data`` starts like (\"a PNG image\"), or None."""
    for magic, kind in _magic_numbers():
        if data.startswith(magic):
            return kind
    return None


@cache
def _magic_numbers() -> tuple[tuple[bytes, str], ...]:
    """The table's magic numbers as bytes, decoded once (not for every file)."""
    return tuple((codecs.decode(magic, "unicode_escape").encode("latin-1"), kind)
                 for magic, kind in load_rules("decode")["magic"].items())


def decode_bytes(data: bytes, name: str = "") -> DecodedText:
    """Decode a report file's bytes; raise UnreadableReport when it is not text."""
    if not data.strip():
        raise UnreadableReport("empty file")
    kind = sniff_binary(data)
    if kind:
        raise UnreadableReport(f"not text: looks like {kind}")
    text, encoding, warnings = _decode_text(data)
    if name.lower().endswith(_HTML_SUFFIXES) or (not name and _looks_like_html(text)):
        text = html_to_text(text)
        if not text.strip():
            raise UnreadableReport("HTML page with no visible text")
    return DecodedText(text=text, encoding=encoding, warnings=tuple(warnings))


def _decode_text(data: bytes) -> tuple[str, str, list[str]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text, codec, _replacement_warning(text, codec)
    if b"\x00" in data[:4096]:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few bad bytes (or cut off in the middle of a character): its multi-byte
    # sequences are so distinctive that many valid ones and a few broken ones mean UTF-8.
    text = data.decode("utf-8", errors="replace")
    if _few_replaced(text) and _looks_like_text(text):
        return text, "utf-8", _replacement_warning(text, "utf-8")
    # The Chinese legacy codecs: both readings are tried and the one that reads as ordinary
    # Chinese wins (GB18030 and Big5 each "decode" most of the other's bytes into nonsense).
    readings = []
    for codec in _LEGACY:
        text = data.decode(codec, errors="replace")
        if _few_replaced(text) and _looks_like_text(text):
            readings.append((_common_share(text), -text.count("\ufffd"), codec, text))
    if readings:
        share, _, codec, text = max(readings)
        if share >= load_rules("decode")["legacy"]["min_common_share"]:
            return text, codec, _replacement_warning(text, codec)
    # Not Chinese text: another encoding charset-normalizer recognises (Latin-1, Shift-JIS ...).
    from charset_normalizer import from_bytes  # imported here: it costs every scan 20 ms at start-up and
    # is asked only about the rare report that no Chinese codec reads
    guess = from_bytes(data[:200_000]).best()
    if guess and guess.encoding in _OTHER_CODECS:
        try:
            text = data.decode(guess.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _looks_like_text(text) and not _cjk_count(text):
                return text, guess.encoding, []
    raise UnreadableReport(f"could not decode: tried {_TRIED}")


_LEGACY = ("gb18030", "big5")
# Other encodings a stray report may come in, taken only on charset-normalizer's word (never a
# UTF-16 or EBCDIC guess: those read any bytes at all).
_OTHER_CODECS = frozenset({"cp1252", "latin_1", "iso8859_15", "shift_jis", "cp932", "euc_jp"})
_TRIED = "UTF-8, GB18030, Big5, UTF-16"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SAMPLE_CHARS = 200_000


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str, list[str]]:
    """Text with NUL bytes: UTF-16 written without a byte-order mark, or not text at all."""
    head = data[:4096]
    zeros_odd, zeros_even = head[1::2].count(0), head[0::2].count(0)
    if zeros_odd > zeros_even:
        order = ("utf-16-le", "utf-16-be")
    else:
        order = ("utf-16-be", "utf-16-le")
    for codec in order:
        text = data.decode(codec, errors="replace")
        if _few_replaced(text) and _looks_like_text(text) and (
            not _cjk_count(text) or _common_share(text) >= load_rules("decode")["legacy"]["min_common_share"]
        ):
            return text, codec, _replacement_warning(text, codec)
    raise UnreadableReport("not text: contains NUL bytes")


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text, 0, _SAMPLE_CHARS))


def _few_replaced(text: str) -> bool:
    """Bad sequences are rare among the characters that are not plain ASCII: at most one in
    ten (two in a short text), and a wrong codec, which breaks nearly every one, fails."""
    sample = text[:_SAMPLE_CHARS]
    bad = sample.count("\ufffd")
    if not bad:
        return True
    good = sum(1 for ch in sample if ord(ch) > 127) - bad
    return bad <= max(2.0, good * _MAX_REPLACED_SHARE) and good >= 4 * bad


@cache
def _common_chars() -> frozenset[str]:
    return frozenset(load_rules("decode")["legacy"]["common_chars"]) - {"\n"}


def _common_share(text: str) -> float:
    """Share of the Chinese characters (in a sample) that are among the common ones."""
    found = _CJK.findall(text, 0, _SAMPLE_CHARS)
    if not found:
        return 0.0
    common = _common_chars()
    return sum(1 for ch in found if ch in common) / len(found)


def _looks_like_text(text: str) -> bool:
    """Few control characters: a wrong codec on binary data produces many."""
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls <= len(sample) * 0.01


def _replacement_warning(text: str, codec: str) -> list[str]:
    bad = text.count("\ufffd")
    return [f"{bad} undecodable byte sequence(s) replaced (read as {codec})"] if bad else []


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, breaking lines at block elements."""

    def __init__(self, rules: dict) -> None:
        super().__init__(convert_charrefs=True)
        self._hidden = set(rules["hidden_elements"])
        self._blocks = set(rules["block_elements"])
        self._skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._hidden:
            self._skip += 1
        elif tag in self._blocks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            self._skip = max(0, self._skip - 1)
        elif tag in self._blocks:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_BLANK_RUNS = re.compile(r"[ \t\u3000]*\n\s*")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page (scripts and styles dropped), one block per line."""
    parser = _VisibleText(load_rules("decode")["html"])
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return _BLANK_RUNS.sub("\n", text).strip() + "\n"
