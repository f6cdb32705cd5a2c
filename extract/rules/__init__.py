"""Rule tables kept as data: one TOML file per stage, read once, checked against its shape, cached.

Patterns, cue words, gazetteer exceptions and boilerplate markers live here so a
new rule is an entry in a table (with its examples), not a change to the code.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .schema import SCHEMAS, RuleError, validate

RULES_DIR = Path(__file__).parent

__all__ = ["RULES_DIR", "RuleError", "load_rules", "table_names"]


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed table ``rules/<name>.toml``; RuleError if it is malformed."""
    try:
        with open(RULES_DIR / f"{name}.toml", "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise RuleError(name, "(file)", "the file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(name, "(file)", f"not valid TOML: {exc}") from None
    validate(name, data)
    return data


def table_names() -> list[str]:
    """Every rule table the engine reads."""
    return sorted(SCHEMAS)
