"""Run the shared scoring conformance cases against the Python rules.

`conformance/scoring-cases.json` is also run against the browser copy of the
rules, so both implementations must agree on every case. Expected values in the
file are computed by hand from the rules documented in `grader.scoring`.
"""

from __future__ import annotations

from collections import Counter

import pytest

from grader.content.models import CASE_ITEM_TYPES as ITEM_TYPES
from grader.scoring import evaluate
from helpers.conformance import CASES, DATA, ITEM_ADAPTER, NAMED_ITEMS, _item_data

STATUSES = (
    "correct",
    "partial",
    "incorrect",
    "unanswered",
    "invalid",
    "out_of_range",
    "unit_mismatch",
    "unsafe",
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    item = ITEM_ADAPTER.validate_python(_item_data(case))
    expected = case["expected"]
    result = evaluate(item, case["response"])
    assert result.status == expected["status"], f"status {result.status!r} != {expected['status']!r}"
    assert result.score == pytest.approx(expected["score"], abs=1e-4)
    if "unsafe_band" in expected:
        assert result.unsafe_band == expected["unsafe_band"]


def test_file_header():
    assert DATA["schema_version"] == 1
    assert isinstance(DATA.get("description"), str) and DATA["description"]


def test_enough_cases():
    assert len(CASES) >= 60


def test_case_names_unique_and_kebab():
    names = [c["name"] for c in CASES]
    duplicates = sorted(n for n, k in Counter(names).items() if k > 1)
    assert not duplicates
    for name in names:
        assert name and name == name.lower() and " " not in name and "_" not in name, name


def test_every_item_type_has_ten_cases():
    counts = Counter(_item_data(c)["type"] for c in CASES)
    for item_type in ITEM_TYPES:
        assert counts[item_type] >= 10, (item_type, counts[item_type])


def test_every_status_appears():
    seen = {c["expected"]["status"] for c in CASES}
    assert set(STATUSES) <= seen, set(STATUSES) - seen
    assert seen <= set(STATUSES), seen - set(STATUSES)


def test_case_shape():
    for case in CASES:
        assert {"name", "item", "response", "expected"} <= set(case), case.get("name")
        expected = case["expected"]
        assert 0 <= expected["score"] <= 1, case["name"]
        # unsafe_band is given whenever the status is unsafe, and otherwise only with unit_mismatch
        if expected["status"] == "unsafe" or "unsafe_band" in expected:
            assert "unsafe_band" in expected and expected["status"] in {"unsafe", "unit_mismatch"}, case["name"]


def test_named_items_all_valid_and_used():
    used = {c["item"] for c in CASES if isinstance(c["item"], str)}
    assert used <= set(NAMED_ITEMS)
    assert set(NAMED_ITEMS) <= used, set(NAMED_ITEMS) - used
    for data in NAMED_ITEMS.values():
        ITEM_ADAPTER.validate_python(data)
