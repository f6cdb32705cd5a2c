"""Saving uploaded reports into the seeds folder without letting a file name or its bytes do harm.

Names are reduced to a plain base name inside the folder (no ``../``, no absolute
paths, no hidden files), an existing file is never overwritten (a numeric suffix
is added, or the upload is skipped when the same bytes are already there), and
bytes that are too large or not text are refused with the reason.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w\u3000-\u303f\uff00-\uffef.\-()（）]+")


class UploadRefused(ValueError):
    """The upload was not saved; the message says why in plain words."""


def safe_name(name: str) -> str:
    """A harmless base name for ``name``: last path part only, no leading dots, no odd characters."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base.strip()).lstrip("._-")
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in ALLOWED_SUFFIXES:
        raise UploadRefused(f"only {', '.join(ALLOWED_SUFFIXES)} files can be added")
    stem = stem.rstrip("._-")[: MAX_NAME_CHARS] or "report"
    return f"{stem}.{suffix.lower()}"


def check_content(data: bytes, name: str, max_bytes: int) -> None:
    """Refuse what the extractor would refuse, before it lands in the seeds folder."""
    from extract.decode import UnreadableReport, decode_bytes

    if len(data) > max_bytes:
        raise UploadRefused(f"too large: {len(data) / 2**20:.1f} MB, the limit is {max_bytes / 2**20:.0f} MB")
    try:
        decode_bytes(data, name)
    except UnreadableReport as exc:
        raise UploadRefused(str(exc)) from exc


def save_upload(name: str, data: bytes, folder: Path, max_bytes: int) -> Path | None:
    """Write an uploaded report into ``folder``; returns its path, or None if identical bytes are already there.

    Raises UploadRefused for names or contents that cannot be a report.
    """
    clean = safe_name(name)
    check_content(data, clean, max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    for existing in root.iterdir():
        if existing.is_file() and existing.stat().st_size == len(data) and existing.read_bytes() == data:
            return None
    stem, suffix = clean.rsplit(".", 1)
    for n in range(1000):
        candidate = root / (clean if n == 0 else f"{stem}-{n}.{suffix}")
        if candidate.parent != root:  # cannot happen after safe_name; kept as the last line of defence
            raise UploadRefused("file name points outside the reports folder")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return candidate
    raise UploadRefused("too many files with this name already")
