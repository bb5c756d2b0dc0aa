// The dates the learner reads ("3 December 2026"): widget-kit's longDate writes them without Intl (a page's
// first Intl date formatter is a long task on a phone), so it must say exactly what en-GB's long format says.
import assert from "node:assert/strict";
import { test } from "node:test";

import { longDate } from "../../grader/site/assets/src/widget-kit.js";

const EN_GB = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });

test("longDate says what en-GB's long date format says, every day of two years", () => {
  const day = new Date(2026, 0, 1);
  for (let n = 0; n < 731; n++) {
    assert.equal(longDate(day), EN_GB.format(day), `on day ${n}`);
    day.setDate(day.getDate() + 1);
  }
});

test("longDate reads the local calendar day, as the course's review days are kept", () => {
  assert.equal(longDate(new Date(2027, 10, 3, 23, 59)), "3 November 2027");
  assert.equal(longDate(new Date(1999, 11, 31, 0, 0)), "31 December 1999");
});
