"""Rule tables kept as data: one TOML file per stage, read once and cached.

Patterns, cue words, gazetteer exceptions and boilerplate markers live here so a
new rule is a line in a table (plus a test), not a change to the code.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed table ``rules/<name>.toml``."""
    with open(RULES_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)
