"""Document facts: lines, page furniture, title, publication date, source and authors.

Works on the normalised text. Boilerplate lines (客户端, 分享到, 请先登录 …) are
marked so they yield no events; the publication line is recognised by its label
or by being a short date line near the top or bottom of the page.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from .decode import _common_share
from .models import Mention
from .recognise import recognise
from .rules import load_rules

_HAN = re.compile(r"[\u3400-\u9fff]")
_AUTHOR_SPLIT = re.compile(r"[\s、,，;；/]+")


class Line(NamedTuple):
    """One non-empty line of the normalised text; a line is a paragraph.

    A named tuple: made for every line of every report, it is built twice as fast as a frozen dataclass.
    """

    start: int
    end: int
    text: str
    boilerplate: bool


@dataclass
class DocumentFacts:
    lines: list[Line]
    title: str = ""
    title_line: int | None = None
    # The content lines the headline search passed over (证券代码:600525 证券简称:长园集团 公告编号:…, the
    # issuer's name above a filing's title): they can name whose report it is when the title does not.
    head: str = ""
    published: dt.date | None = None
    published_span: tuple[int, int] | None = None  # normalised offsets of the date words
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    site: str = ""  # furniture lines that name the publisher (版权所有:…, 欢迎访问…, 大同日报数字版)


@cache
def _rules() -> dict:
    return load_rules("document")


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets, each marked as furniture or content."""
    furniture_rules = _furniture_rules()
    link_title_max = _rules()["link_title_max_chars"]
    lines = []
    pos = 0
    in_links = False
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            furniture = furniture_rules.holds(stripped)
            if in_links and not furniture:
                # A link list ends where a paragraph starts again.
                in_links = len(stripped) <= link_title_max and not stripped.endswith("。")
                furniture = in_links
            if furniture and furniture_rules.link_list.search(stripped):
                in_links = True
            lines.append(Line(start, start + len(stripped), stripped, furniture))
        pos += len(raw)
    return lines


def is_boilerplate(line: str) -> bool:
    """Whether a (normalised, stripped) line is page furniture rather than report text."""
    return _furniture_rules().holds(line)


@dataclass(frozen=True)
class _FurnitureRules:
    """document.toml's furniture rules, compiled once: a report's every line is tried against them."""

    lines: frozenset[str]  # furniture whatever else they hold
    header_max: int
    boilerplate_max: int
    nav_min: int
    spam_min: int
    sentence: re.Pattern[str]
    header: re.Pattern[str]
    nav: re.Pattern[str]
    furniture: re.Pattern[str]
    spam: re.Pattern[str]
    markers: re.Pattern[str]
    link_list: re.Pattern[str]
    statement: re.Pattern[str]

    def holds(self, line: str) -> bool:
        if line in self.lines or self.statement.match(line):
            return True
        short = len(line) <= self.header_max
        # A header (来源: … 字号) or a navigation bar (首页 > 新闻中心 > 公司新闻): no sentence punctuation.
        if not self.sentence.search(line) and (short and self.header.search(line)
                                               or len(self.nav.findall(line)) >= self.nav_min):
            return True
        # Injected spam (久久精品…国产…一区二区): many spam words and no full stop.
        if short and self.furniture.search(line) or "。" not in line and len(self.spam.findall(line)) >= self.spam_min:
            return True
        if len(line) > self.boilerplate_max:
            return False
        return bool(self.markers.search(line)) or not _HAN.search(line) and len(line) < 12


def _any_word(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


@cache
def _furniture_rules() -> _FurnitureRules:
    rules = _rules()
    # A bare label is one only as a word of its own: 时间:2022-03-28 heads a page, 召开的日期时间:… is a notice's.
    labels = "|".join([*map(re.escape, rules["header_labels"]),
                       *(f"(?<![\u4e00-\u9fff]){re.escape(label)}" for label in rules["bare_header_labels"])])
    return _FurnitureRules(
        lines=frozenset(rules["boilerplate_lines"]),
        header_max=rules["header_max_chars"],
        boilerplate_max=rules["boilerplate_max_chars"],
        nav_min=rules["nav_min_separators"],
        spam_min=rules["spam_min_hits"],
        sentence=_sentence(),
        header=re.compile(f"(?:{labels})[:：]"),
        nav=_any_word(rules["nav_separators"]),
        furniture=re.compile("|".join(f"(?:{p})" for p in rules["furniture_patterns"])),
        spam=_any_word(rules["spam_markers"]),
        markers=_any_word(rules["boilerplate_markers"]),
        link_list=_any_word(rules["link_list_markers"]),
        statement=re.compile(rules["statement_lines"]),
    )


@cache
def _site_marker() -> re.Pattern[str]:
    return _any_word(_rules()["site_markers"])


@cache
def _not_title() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["not_title_patterns"]))


@cache
def _sentence() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(_rules()['sentence_punctuation'])}]")


def read_facts(text: str, mentions: Sequence[Mention] | None = None) -> DocumentFacts:
    """Title, publication date, source and authors of a normalised report text.

    ``mentions``: the text's date mentions when already recognised (the pipeline scans once).
    """
    facts = DocumentFacts(lines=split_lines(text))
    _find_title(facts)
    _find_published(text, facts, mentions)
    _find_source_and_authors(facts)
    facts.site = "\n".join(line.text for line in facts.lines if line.boilerplate and _site_marker().search(line.text))
    return facts


def _find_title(facts: DocumentFacts) -> None:
    """The first headline-like content line near the top: short, no sentence ending, ordinary Chinese.

    The search starts below a breadcrumb or an e-paper's edition line, when one comes before the text.
    Section names, site names, captions, bylines, a summary under its label (内容简介) and lines
    with little Chinese are passed over (the content ones kept as the page's head);
    a paragraph met first means the page has no headline.
    """
    rules = _rules()
    after_summary_label = False
    start = _headline_start(facts.lines[: rules["title_search_lines"]])
    passed_over: list[str] = []
    for index, line in enumerate(facts.lines[start: start + rules["title_search_lines"]], start):
        text = line.text.lstrip(rules["title_leading_marks"] + " \t\u3000")
        if line.boilerplate or _label_value(text, rules["source_labels"] + rules["published_labels"]):
            continue
        if after_summary_label or text in rules["summary_labels"]:
            after_summary_label = not after_summary_label  # the label, then the summary under it
            continue
        if not _at_least_han().match(text) or _not_title().search(text):
            passed_over.append(text)
            continue
        if _paragraph(text) or text[-1] in rules["title_forbidden_endings"]:
            break  # a paragraph: the page starts without a headline
        if _common_share(text) < load_rules("decode")["legacy"]["min_common_share"]:
            continue  # mojibake (鎮ㄥ彲浠ュ幓), not a headline
        facts.title = _title_ends().sub("", text)
        facts.title_line = index
        break
    facts.head = "\n".join(passed_over)


def _headline_start(lines: Sequence[Line]) -> int:
    """Where the headline search starts: after the last breadcrumb (当前位置:首页>社会) or e-paper edition
    line (第4版:要闻) met before the report's text, for the lines above it are the site's banners and menus."""
    start = 0
    for index, line in enumerate(lines):
        if _headline_follows().search(line.text):
            start = index + 1
        elif not line.boilerplate and _paragraph(line.text):
            break
    return start


def _paragraph(text: str) -> bool:
    """A line of report text: too long for a headline, holding a full stop (a headline has none), or
    opening as a chronicle's entry does (2日,集团公司举行…)."""
    return len(text) > _rules()["title_max_chars"] or "。" in text or bool(_text_opening().match(text))


@cache
def _text_opening() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["text_openings"]))


@cache
def _headline_follows() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["headline_follows_patterns"]))


@cache
def _title_ends() -> re.Pattern[str]:
    """What a page appends to its headline: the publication date, the site's name, a share widget's word."""
    rules = _rules()
    return re.compile("|".join(f"(?:{rules[key]})" for key in ("title_trailing_date", "title_site_suffix", "title_trailing_widget")))


@cache
def _at_least_han() -> re.Pattern[str]:
    """Matches a line holding at least title_min_han Chinese characters, stopping at the last one needed."""
    return re.compile(f"(?:[^\u3400-\u9fff]*[\u3400-\u9fff]){{{_rules()['title_min_han']}}}")


def _find_published(text: str, facts: DocumentFacts, mentions: Sequence[Mention] | None) -> None:
    rules = _rules()
    n = rules["published_search_lines"]
    candidates = facts.lines[:n] + facts.lines[max(n, len(facts.lines) - n):]
    # A newspaper page's line (第4版:要闻 2022-12-24) dates the edition: it wins over a site's clock above it.
    edition = re.compile(rules["edition_line"])
    candidates.sort(key=lambda line: not edition.search(line.text))
    has_edition = bool(candidates) and bool(edition.search(candidates[0].text))
    starts = [m.start for m in mentions] if mentions is not None else []
    for line in candidates:
        labelled = _label_value(line.text, rules["published_labels"]) is not None
        if mentions is None:
            in_line = recognise(text, line.start, line.end)
        else:
            in_line = (m for m in mentions[bisect_left(starts, line.start):bisect_left(starts, line.end)] if m.end <= line.end)
        for mention in in_line:
            if not (_labelled_date(text, line, mention.start) or _date_line(line, mention.start, mention.end)):
                continue
            if mention.year and mention.month and mention.day and not mention.end_day:
                try:
                    facts.published = dt.date(mention.year, mention.month, mention.day)
                except ValueError:
                    continue
                # The publication mention is the date part only: 2022年10月30日 17:35 -> 2022年10月30日.
                words = text[mention.start:mention.end]
                end = mention.start + max(words.rfind("日"), words.rfind("号")) + 1 if mention.time_of_day else mention.end
                facts.published_span = (mention.start, end if end > mention.start else mention.end)
                if has_edition:
                    _mark_site_clocks(text, facts, mentions, line)
                return
        if labelled:
            parsed = _parse_with_dateparser(_label_value(line.text, rules["published_labels"]) or "")
            if parsed:
                facts.published = parsed
                return


def _mark_site_clocks(text: str, facts: DocumentFacts, mentions: Sequence[Mention] | None, edition: Line) -> None:
    """Above a newspaper page's edition line, a line holding only a date (2025年05月21日 星期三) is the site's
    clock, not the story's: furniture."""
    for i, line in enumerate(facts.lines):
        if line.start >= edition.start:
            break
        in_line = recognise(text, line.start, line.end) if mentions is None else \
            [m for m in mentions if line.start <= m.start and m.end <= line.end]
        if any(m.year and m.day and _date_line(line, m.start, m.end) for m in in_line):
            facts.lines[i] = line._replace(boilerplate=True)


def _date_line(line: Line, start: int, end: int) -> bool:
    """A header line around its date (2022-10-30 17:35:03 字号:, 大同日报 | 2019-01-08 | 第02版),
    not a sentence holding one."""
    rest = line.text[: start - line.start] + line.text[end - line.start:]
    return len(rest) <= _rules()["date_line_rest_chars"] and not _sentence().search(rest)


def _labelled_date(text: str, line: Line, start: int) -> bool:
    """A date right after a publication label anywhere in its line (来源：… 时间：2019.09.26)."""
    before = text[line.start:start].rstrip(_rules()["label_separators"])
    for label in _rules()["published_labels"]:
        if before.endswith(label):
            head = before[: -len(label)]
            # 报名截止时间:, 会议时间: name another day: the label must stand as a word of its own
            return not head or not ("\u3400" <= head[-1] <= "\u9fff")
    return False


def _parse_with_dateparser(value: str) -> dt.date | None:
    """Fallback for labelled dates our grammar does not cover (e.g. 'Oct 30, 2022')."""
    import dateparser  # imported late: it costs half a second and is rarely needed

    parsed = dateparser.parse(value, languages=["zh", "en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _label_value(line: str, labels: list[str]) -> str | None:
    """The text after ``label:`` when the line starts with one of ``labels``."""
    if not line.startswith(tuple(labels)):  # most lines: one check instead of one per label
        return None
    seps = _rules()["label_separators"]
    for label in labels:
        if line.startswith(label) and len(line) > len(label) and line[len(label)] in seps:
            return line[len(label) + 1:].strip()
    return None


@cache
def _byline() -> re.Pattern[str]:
    labels = "|".join(map(re.escape, _rules()["byline_labels"]))
    return re.compile(f"[(（]((?:{labels})[^()（）]{{1,60}})[)）]\\s*$")


def _find_source_and_authors(facts: DocumentFacts) -> None:
    rules = _rules()
    for line in facts.lines:
        if len(line.text) > rules["boilerplate_max_chars"] * 3:  # labels sit on short lines
            continue
        source = _label_value(line.text, rules["source_labels"])
        if source and facts.source is None:
            facts.source = source.split()[0]
            continue
        authors = _label_value(line.text, rules["author_labels"])
        if authors:
            facts.authors.extend(a for a in _AUTHOR_SPLIT.split(authors) if a)
            continue
        byline = _byline().search(line.text)
        if byline:
            words = _AUTHOR_SPLIT.split(byline.group(1))
            labels = rules["author_labels"] + rules["byline_labels"]
            facts.authors.extend(w for w in words if w and w not in labels)
    facts.authors = list(dict.fromkeys(facts.authors))
