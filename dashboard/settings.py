"""Where the dashboard reads and writes, overridable so tests never touch the repository's data."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STORE_ENV = "TIMELINE_STORE"
SEEDS_ENV = "TIMELINE_SEEDS"
MAX_UPLOAD_ENV = "TIMELINE_MAX_UPLOAD_BYTES"


@dataclass(frozen=True)
class Settings:
    store_path: Path
    seeds_dir: Path
    max_upload_bytes: int


def load_settings() -> Settings:
    """Paths from TIMELINE_STORE / TIMELINE_SEEDS, else the extractor's defaults."""
    from extract.store import DEFAULT_STORE

    max_bytes = os.environ.get(MAX_UPLOAD_ENV)
    return Settings(
        store_path=Path(os.environ.get(STORE_ENV) or DEFAULT_STORE),
        seeds_dir=Path(os.environ.get(SEEDS_ENV) or "seeds"),
        max_upload_bytes=int(max_bytes) if max_bytes else _extractor_max_bytes(),
    )


def _extractor_max_bytes() -> int:
    """The extractor's own file size limit, so an upload is never accepted and then refused."""
    from extract.pipeline import DEFAULT_MAX_BYTES

    return DEFAULT_MAX_BYTES
