// The browser's scoring rules (grader/site/assets/src/scoring.js) against every case of
// the conformance file that the Python rules and the browser (in Chromium) also run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { evaluate } from "../../grader/site/assets/src/scoring.js";

const conformance = JSON.parse(readFileSync(new URL("../../conformance/scoring-cases.json", import.meta.url), "utf8"));
const named = conformance.items || {};

function itemOf(c) {
  if (typeof c.item !== "string") return c.item;
  assert.ok(c.item in named, `case ${c.name} names unknown item ${c.item}`);
  return named[c.item];
}

test("the conformance file has cases", () => {
  assert.ok(conformance.cases.length >= 60);
});

for (const c of conformance.cases) {
  test(`conformance: ${c.name}`, () => {
    const result = evaluate(itemOf(c), c.response);
    assert.equal(result.status, c.expected.status);
    assert.ok(Math.abs(result.score - c.expected.score) <= 1e-4, `score ${result.score} is not ${c.expected.score}`);
    if ("unsafe_band" in c.expected) assert.equal(result.unsafe_band, c.expected.unsafe_band);
  });
}

test("an item type with no rule is an error, not a silent zero", () => {
  assert.throws(() => evaluate({ type: "no-such-type" }, "a"), /unknown item type no-such-type/);
});
