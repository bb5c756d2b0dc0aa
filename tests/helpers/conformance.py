"""The shared scoring conformance cases (conformance/scoring-cases.json), run against every copy of the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pydantic

from grader.content.models import CaseItem as Item

CASES_PATH = Path(__file__).resolve().parents[2] / "conformance" / "scoring-cases.json"
ITEM_ADAPTER = pydantic.TypeAdapter(Item)


def _load() -> dict:
    return json.loads(CASES_PATH.read_text(encoding="utf-8"))


DATA = _load()
CASES = DATA["cases"]
NAMED_ITEMS = DATA.get("items", {})


def _item_data(case: dict) -> dict:
    """The item as a dict: inline, or looked up by name in the top-level `items` map."""
    item = case["item"]
    if isinstance(item, str):
        assert item in NAMED_ITEMS, f"case {case['name']!r} names unknown item {item!r}"
        return NAMED_ITEMS[item]
    return item
