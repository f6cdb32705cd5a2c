"""Report text made safe to show, with date expressions and company names marked.

Report text is untrusted: every character of it is escaped before any HTML is
built, including the characters Markdown would interpret, because Streamlit
renders our HTML through its Markdown renderer.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from extract.normalize import normalize

DATE_STYLE = "background:#ffd54f;color:#000;padding:0 2px;border-radius:3px;font-weight:600"
COMPANY_STYLE = "background:#b3e5fc;color:#000;padding:0 2px;border-radius:3px"
SEARCH_STYLE = "background:#c8e6c9;color:#000;padding:0 2px;border-radius:3px;outline:1px solid #43a047"
# HTML's own specials and every character Markdown (or Streamlit's :directives: and $math$) acts on.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~$:=%"}


def escape_text(text: str) -> str:
    """Plain text -> HTML that shows exactly that text (no tags, no Markdown, no math)."""
    return text.translate(_ENTITIES).replace("\r\n", "\n").replace("\n", "<br>")


def _mark(text: str, style: str, title: str | None = None) -> str:
    title_attr = f' title="{escape_text(title)}"' if title else ""
    return f'<mark style="{style}"{title_attr}>{escape_text(text)}</mark>'


Span = tuple[int, int, str, str | None]  # start, end, style, title


def _render(text: str, spans: Iterable[Span]) -> str:
    """Escape ``text`` with the given non-overlapping spans wrapped in marks."""
    out, pos = [], 0
    for start, end, style, title in sorted(spans):
        out.append(escape_text(text[pos:start]))
        out.append(_mark(text[start:end], style, title))
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _, _ in spans)


def company_spans(text: str, companies: Sequence[str], taken: list[Span]) -> list[Span]:
    """Every occurrence of each company name not overlapping an earlier mark; longer names win.

    Names are stored simplified and garbage-free, so they are looked for in the normalised
    text and mapped back: 集團(tuán) in a traditional report is marked as 集团.
    """
    norm = normalize(text)
    found: list[Span] = []
    for name in sorted({c for c in companies if c}, key=len, reverse=True):
        pos = norm.text.find(name)
        while pos >= 0:
            start, end = norm.span_to_original(pos, pos + len(name))
            if _free(taken + found, start, end):
                found.append((start, end, COMPANY_STYLE, None))
            pos = norm.text.find(name, pos + len(name))
    return found


def search_spans(text: str, query: str, taken: list[Span]) -> list[Span]:
    """Every case-insensitive occurrence of the search text not overlapping an earlier mark."""
    needle = query.strip().lower()
    found: list[Span] = []
    if not needle:
        return found
    lowered = text.lower()
    pos = lowered.find(needle)
    while pos >= 0:
        if _free(taken + found, pos, pos + len(needle)):
            found.append((pos, pos + len(needle), SEARCH_STYLE, "search hit"))
        pos = lowered.find(needle, pos + len(needle))
    return found


def highlight_passage(passage: str, mention_start: int, mention_end: int, companies: Sequence[str],
                      query: str = "") -> str:
    """The passage as safe HTML with its date mention (offsets within the passage), search hits and companies marked."""
    spans: list[Span] = []
    if 0 <= mention_start < mention_end <= len(passage):
        spans.append((mention_start, mention_end, DATE_STYLE, None))
    spans += search_spans(passage, query, spans)
    spans += company_spans(passage, companies, spans)
    return _render(passage, spans)


def mark_report(text: str, mentions: Iterable[tuple[int, int, str]]) -> str:
    """The full report as safe HTML with every extracted mention marked (title: the resolved date)."""
    spans: list[Span] = []
    for start, end, date in sorted(mentions):
        if 0 <= start < end <= len(text) and _free(spans, start, end):
            spans.append((start, end, DATE_STYLE, date))
    return _render(text, spans)
