"""What scrapers know about a report besides its text: its address, date, title and city.

A reports folder may hold a manifest, ``manifest.csv`` or ``manifest.jsonl``, one row per
report with the columns ``file`` (the report's file name, or its path relative to the
folder), and any of ``url``, ``published`` (YYYY-MM-DD), ``title`` and ``city``. A value
given there wins over what the engine would read from the text and is shown as coming
from the manifest. Without a manifest date, a date in the report's address
(``/2020-02/14/``, ``/20200214/``, ``t20200214_``, ``/art/2020/2/14/``) is taken as its
publication date when the text gives none.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
COLUMNS = ("file", "url", "published", "title", "city")

# Dates as sites put them in addresses; each pattern captures year, month and day.
_URL_DATES = tuple(re.compile(p) for p in (
    r"(?<!\d)((?:19|20)\d{2})-(0[1-9]|1[0-2])/([0-2]\d|3[01])(?!\d)",        # /2020-02/14/
    r"(?<!\d)((?:19|20)\d{2})-(0[1-9]|1[0-2])-([0-2]\d|3[01])(?!\d)",        # /2020-02-14/
    r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)",        # /20200214/, t20200214_
    r"/((?:19|20)\d{2})/(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(?=/)",       # /art/2020/2/14/
    r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])([0-2]\d|3[01])(?=/)",                # /2020/0214/
))


class ManifestError(ValueError):
    """A manifest that cannot be used: the file and the row say where."""


@dataclass(frozen=True)
class ReportMeta:
    """One manifest row (or what a bare address gives)."""

    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    city: str | None = None
    source: str = "manifest"  # where ``published`` came from: manifest | url


def date_in_url(url: str) -> dt.date | None:
    """The first real calendar date written in an address, or None."""
    for pattern in _URL_DATES:
        for match in pattern.finditer(url):
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def meta_for(path: Path) -> ReportMeta | None:
    """The manifest row of a report file, from a manifest in its folder or a folder above it."""
    return _meta_in(path, _manifest)


def metas_for(paths: Iterable[Path]) -> dict[Path, ReportMeta | None]:
    """``meta_for`` of every file of a scan, each folder looked at once (not once per file in it)."""
    manifests: dict[Path, dict[str, ReportMeta] | None] = {}

    def manifest(folder: Path) -> dict[str, ReportMeta] | None:
        if folder not in manifests:
            manifests[folder] = _manifest(folder)
        return manifests[folder]

    return {path: _meta_in(path, manifest) for path in paths}


def _meta_in(path: Path, manifest: Callable[[Path], dict[str, ReportMeta] | None]) -> ReportMeta | None:
    for folder in path.parents:
        rows = manifest(folder)
        if rows is None:
            continue
        for key in (path.relative_to(folder).as_posix(), path.name):
            if key in rows:
                return rows[key]
        return None
    return None


def _manifest(folder: Path) -> dict[str, ReportMeta] | None:
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.is_file():
            stat = path.stat()
            return _read(path, stat.st_mtime_ns, stat.st_size)  # read again when the file changes
    return None


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> dict[str, ReportMeta]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ManifestError(f"{path}: line {number} is not JSON ({exc.msg})") from None
    out = {}
    for number, row in enumerate(rows, 1):
        where = f"{path}: row {number}"
        if not isinstance(row, dict) or not row.get("file"):
            raise ManifestError(f"{where}: no 'file' (the columns are {', '.join(COLUMNS)})")
        unknown = set(row) - set(COLUMNS)
        if unknown:
            raise ManifestError(f"{where}: unknown column(s) {', '.join(sorted(unknown))} (the columns are {', '.join(COLUMNS)})")
        out[row["file"]] = _meta(row, where)
    return out


def _meta(row: dict, where: str) -> ReportMeta:
    published, source = None, "manifest"
    if row.get("published"):
        try:
            published = dt.date.fromisoformat(str(row["published"]).strip()[:10])
        except ValueError:
            raise ManifestError(f"{where}: published {row['published']!r} is not a date (YYYY-MM-DD)") from None
    elif row.get("url"):
        published, source = date_in_url(row["url"]), "url"
    return ReportMeta(
        url=row.get("url") or None, published=published, title=row.get("title") or None,
        city=row.get("city") or None, source=source,
    )
