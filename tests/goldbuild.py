"""Builds a gold file from hand annotations, computing every offset (never typed by hand).

Each date annotation is (text, date, end, kind, anchor[, ctx]), in text order; each is searched
for from the end of the previous one (inside ``ctx`` when given, to pin down a repeated string).
Used by tests/heldout*/build_gold.py, which hold the annotations of their own set.
"""
import json
import re
import sys
from pathlib import Path

P, S, U, R, PUB = "point", "since", "until", "range", "published"
IM, ND, SD = "inherit-month", "next-day", "same-day"

# Anything that looks like a date, to list what was deliberately left out (--show).
DATEISH = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|(?:\d{4}年)?(?:\d{1,2}|元)月(?:\d{1,2}[日号號])?|\d{1,2}[日号號]"
                     r"|[今当當同次昨]日|[今当當]天|当晚|當晚|\d{4}年")


def _dates(doc: str, text: str, items: list[tuple]) -> list[dict]:
    pos, dates = 0, []
    for item in items:
        mention, date, end, kind, anchor = item[:5]
        ctx = item[5] if len(item) > 5 else mention
        i = text.find(ctx, pos)
        if i < 0:
            sys.exit(f"{doc}: {ctx!r} not found after offset {pos}")
        off = i + ctx.index(mention)
        assert text[off:off + len(mention)] == mention
        dates.append(dict(text=mention, offset=off, date=date, end=end, kind=kind, anchor=anchor))
        pos = off + len(mention)
    return dates


def _show(doc: str, text: str, dates: list[dict]) -> None:
    print(f"== {doc}  ({len(text)} chars)")
    spans = [(d["offset"], d["offset"] + len(d["text"])) for d in dates]
    for d in dates:
        o = d["offset"]
        print(f"   + {d['text']:<16} {d['date']} {d['end'] or '':<10} {d['kind']:<9} {d['anchor'] or '':<13}"
              f" …{text[max(0, o - 12):o + len(d['text']) + 8]!r}")
    for m in DATEISH.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in spans):
            print(f"   - {m.group():<16} …{text[max(0, m.start() - 12):m.end() + 8]!r}")


def build(annotations: list[dict], docs: Path, out: Path, show: bool = False) -> list[dict]:
    """Write the gold file ``out`` for the documents in ``docs``; returns its records."""
    records = []
    for a in annotations:
        text = (docs / a["doc"]).read_text(encoding="utf-8")
        dates = _dates(a["doc"], text, a["dates"])
        records.append(dict(doc=a["doc"], source="", title=a["title"], city=a["city"], province=a["province"],
                            year=a["year"], year_basis=a["year_basis"], organizations=a["organizations"],
                            dates=dates))
        if show:
            _show(a["doc"], text, dates)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"wrote {len(records)} documents, {sum(len(r['dates']) for r in records)} date mentions")
    return records
