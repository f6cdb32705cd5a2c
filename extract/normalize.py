"""Normalise stage: a matching copy of the text, with a map back to the original offsets.

The copy is simplified Chinese (OpenCC t2s plus a variant table), has converter
garbage such as ``集團(tuán)`` removed and full-width digits, letters and date
separators folded to ASCII. Only deletions change positions, so the map is a
short list of breakpoints rather than one integer per character: it stays small
for a 50 MB report.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import opencc

from .rules import load_rules


@dataclass(frozen=True)
class Normalized:
    """The matching text; ``to_original`` turns its offsets into the original's."""

    text: str
    norm_starts: tuple[int, ...]  # each kept run starts here in ``text`` ...
    orig_starts: tuple[int, ...]  # ... and here in the original

    def to_original(self, index: int) -> int:
        run = bisect_right(self.norm_starts, index) - 1
        return self.orig_starts[run] + index - self.norm_starts[run]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering normalised ``[start, end)`` (garbage inside it included)."""
        if end <= start:
            pos = self.to_original(start)
            return pos, pos
        return self.to_original(start), self.to_original(end - 1) + 1


@cache
def _garbage() -> re.Pattern[str]:
    return re.compile(load_rules("normalize")["conversion_garbage"])


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _fold_table() -> dict[int, str]:
    """Full-width digits, letters and date separators to ASCII, plus the variant table."""
    rules = load_rules("normalize")
    wide = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *map(ord, rules["fold_punctuation"])]
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in wide}
    table.update({ord(k): v for k, v in rules["variants"].items()})
    return {k: v for k, v in table.items() if len(v) == 1}


@cache
def _traditional_chars() -> frozenset[str]:
    """Every character OpenCC's t2s changes on its own (about 4,600), found once by converting them all.

    Most reports are simplified already: a text with none of these is left as it is, which
    saves the conversion (about a tenth of the engine's time). Checked on 2,261 reports: the only
    difference is a phrase rule rewriting simplified text (沈下路 -> 沉下路), which skipping avoids.
    """
    chars = [chr(cp) for cp in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00), *range(0x20000, 0x2A6E0))]
    converted = _converter().convert("\n".join(chars)).split("\n")
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


@cache
def _maybe_traditional() -> re.Pattern[str]:
    """A class of the traditional characters of the BMP, and the whole range of those beyond it.

    ``re`` tests a character against a class of BMP characters in constant time, ten times
    faster than ``frozenset.isdisjoint`` (which makes a string of each character), but a class
    that lists characters beyond the BMP is tried member by member: those are one range here.
    """
    chars = _traditional_chars()
    bmp = "".join(sorted(ch for ch in chars if ord(ch) <= 0xFFFF))
    beyond = sorted(ch for ch in chars if ord(ch) > 0xFFFF)
    return re.compile(f"[{re.escape(bmp)}{beyond[0]}-{beyond[-1]}]" if beyond else f"[{re.escape(bmp)}]")


def _has_traditional(text: str) -> bool:
    found = _maybe_traditional().search(text)
    if found is None:
        return False
    # A character beyond the BMP is in the range but maybe not traditional: then look at them all.
    return found.group() in _traditional_chars() or not _traditional_chars().isdisjoint(text)


def to_simplified(text: str) -> str:
    """Simplified form of ``text`` with exactly one output character per input character."""
    if not _has_traditional(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert line by line, char by char where needed.
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        conv = _converter().convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "".join(out)


def normalize(text: str) -> Normalized:
    """Matching text for ``text`` and the offset map back to it."""
    pieces: list[str] = []
    norm_starts = [0]
    orig_starts = [0]
    kept = 0
    pos = 0
    for m in (_garbage().finditer(text) if "(" in text or "（" in text else ()):
        start = m.start()
        while start > pos and text[start - 1] in " \t":
            start -= 1
        if start == 0 or not "\u3400" <= text[start - 1] <= "\u9fff":  # garbage only ever follows a character
            continue
        pieces.append(text[pos:start])
        kept += start - pos
        pos = m.end()
        norm_starts.append(kept)
        orig_starts.append(pos)
    pieces.append(text[pos:])
    joined = "".join(pieces)
    folds = len(_foldable().findall(joined))  # most reports have nothing or little to fold
    if folds * 20 < len(joined):  # a few characters: replaced where they are (translate reads every one)
        table = _fold_table()
        joined = _foldable().sub(lambda m: table[ord(m.group())], joined) if folds else joined
    else:
        joined = joined.translate(_fold_table())
    return Normalized(to_simplified(joined), tuple(norm_starts), tuple(orig_starts))


@cache
def _foldable() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _fold_table()) + "]")
