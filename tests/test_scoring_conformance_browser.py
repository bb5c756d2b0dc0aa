"""The same conformance cases, run against the browser's scoring code in Chromium."""

from __future__ import annotations

import pytest

from helpers.conformance import CASES, ITEM_ADAPTER, _item_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_results(browser, fixture_url):
    page = browser.new_page()
    page.goto(fixture_url + "/modules/example/questions.html")  # a page with questions loads scoring.js
    # the item exactly as the site embeds it in a page
    payload = [
        {
            "name": c["name"],
            "item": ITEM_ADAPTER.validate_python(_item_data(c)).model_dump(mode="json", exclude_none=True),
            "response": c["response"],
        }
        for c in CASES
    ]
    results = page.evaluate(
        "cases => Object.fromEntries(cases.map(c => [c.name, MSKCPD.scoring.evaluate(c.item, c.response)]))", payload
    )
    page.close()
    return results


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_in_browser(case, browser_results):
    result, expected = browser_results[case["name"]], case["expected"]
    assert result["status"] == expected["status"]
    assert result["score"] == pytest.approx(expected["score"], abs=1e-4)
    if "unsafe_band" in expected:
        assert result["unsafe_band"] == expected["unsafe_band"]
