// The learner's record (grader/site/assets/src/store.js) without a browser: merge,
// import and migration. tests/test_record_roundtrip.py checks the same in Chromium,
// through the record page, with generated records.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";

import * as store from "../../grader/site/assets/src/store.js";

/* localStorage as the browser keeps it, in memory; `broken` throws as a blocked one does. */
class MemoryStorage {
  constructor(broken = false) { this.values = new Map(); this.broken = broken; }
  getItem(key) { if (this.broken) throw new Error("blocked"); return this.values.has(key) ? this.values.get(key) : null; }
  setItem(key, value) { if (this.broken) throw new Error("blocked"); this.values.set(key, String(value)); }
  removeItem(key) { this.values.delete(key); }
}

const CATALOGUE = {
  pass_mark: 0.8,
  modules: [{ id: "m1", number: 1, title: "One", items: ["q1", "q2"], overview: "modules/m1/index.html" }],
};

function useStorage(storage) {
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true, writable: true });
  globalThis[Symbol.for("mskcpd.record.memory")] = null;
}

function stored() { return JSON.parse(globalThis.localStorage.getItem(store.KEY)); }

function answer(at, score, extra = {}) {
  return { module: "m1", response: "a", score, status: score === 1 ? "correct" : "incorrect", at, practice: 0, ...extra };
}

/* A record as another browser exported it. */
function exported(parts = {}) {
  return {
    format: "mskcpd-record", version: 1, exported: "2025-06-01T00:00:00.000Z",
    learner: { id: "theirs", created: "2025-01-01T00:00:00.000Z" }, items: {}, modules: {}, ...parts,
  };
}

beforeEach(() => {
  useStorage(new MemoryStorage());
  globalThis.MSKCPD_CATALOGUE = structuredClone(CATALOGUE);
});

describe("loading and migration", () => {
  test("a first visit makes an empty record of this version and keeps it", () => {
    const record = store.load();
    assert.equal(record.format, "mskcpd-record");
    assert.equal(record.version, 1);
    assert.match(record.learner.id, /^[0-9a-f]{32}$/);
    assert.deepEqual(record.items, {});
    assert.deepEqual(stored(), record);
  });

  test("a stored record of another version or format is replaced, not misread", () => {
    for (const old of [{ format: "mskcpd-record", version: 0, items: { q1: answer("2025-01-01T00:00:00Z", 1) } },
      { format: "something-else", version: 1 }, "not json {"]) {
      globalThis.localStorage.setItem(store.KEY, typeof old === "string" ? old : JSON.stringify(old));
      const record = store.load();
      assert.equal(record.version, 1);
      assert.deepEqual(record.items, {});
    }
  });

  test("an export from a later version is refused with the versions named", () => {
    const result = store.importRecord(exported({ version: 2 }));
    assert.equal(result.ok, false);
    assert.equal(result.message, "This record is version 2; this course reads version 1.");
  });

  test("an older export without reviews, reflections or confidence still imports", () => {
    const older = { format: "mskcpd-record", version: 1, items: { q1: answer("2025-01-01T00:00:00.000Z", 1) } };
    const result = store.importRecord(older);
    assert.equal(result.ok, true);
    assert.equal(result.added, 1);
    assert.equal(store.load().items.q1.score, 1);
  });

  test("a damaged part is refused whole and named, and the record is unchanged", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    const before = stored();
    const cases = [
      [exported({ items: { q2: { at: "2025-01-01T00:00:00Z", score: 2 } } }), "The answer to question q2 is damaged."],
      [exported({ learner: "Zoë" }), "The learner's details in the record are damaged."],
      [exported({ reflections: { m1: { text: 3, updated: "2025-01-01T00:00:00Z" } } }), "The reflection on module m1 is damaged."],
      [exported({ modules: { m1: { attempts: [{ ended: "never" }] } } }), "The earlier attempts at module m1 are damaged."],
      [exported({ modules: { m1: { confidence: { before: { value: 6, at: "2025-01-01T00:00:00Z" } } } } }),
        "The confidence ratings for module m1 are damaged."],
      [exported({ reviews: { m1: { done: { 1: { at: "2025-01-01T00:00:00Z", score: 1.5 } } } } }), "Review 1 of module m1 is damaged."],
      [[], "This file is not a course record."],
    ];
    for (const [data, message] of cases) {
      assert.deepEqual(store.importRecord(data), { ok: false, message });
      assert.deepEqual(stored(), before);
    }
  });
});

describe("answers", () => {
  test("the first committed answer is the recorded one; later ones are practice", () => {
    store.commit("q1", "m1", "b", { score: 0, status: "incorrect" });
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    const entry = store.load().items.q1;
    assert.equal(entry.response, "b");
    assert.equal(entry.score, 0);
    assert.equal(entry.practice, 1);
    assert.ok(entry.last_practice);
  });

  test("a module is completed when every answer is in and the score reaches the pass mark", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    assert.equal(store.moduleStatus(store.load(), CATALOGUE.modules[0]).state, "in-progress");
    store.commit("q2", "m1", "a", { score: 1, status: "correct" });
    const status = store.moduleStatus(store.load(), CATALOGUE.modules[0]);
    assert.equal(status.state, "completed");
    assert.equal(status.completed, store.load().items.q2.at);
  });

  test("a fresh attempt keeps the earlier answers as an attempt", () => {
    store.commit("q1", "m1", "a", { score: 0, status: "incorrect" });
    store.restartModule(CATALOGUE.modules[0]);
    const record = store.load();
    assert.deepEqual(record.items, {});
    assert.equal(record.modules.m1.attempts.length, 1);
    assert.equal(record.modules.m1.attempts[0].items.q1.score, 0);
  });

  test("when storage is blocked the tab keeps working from memory", () => {
    useStorage(new MemoryStorage(true));
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    assert.equal(store.load().items.q1.score, 1);
  });
});

describe("merging an imported record", () => {
  test("for each question the earliest recorded answer wins, with the most practice", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" }); // answered now
    store.commit("q1", "m1", "a", { score: 1, status: "correct" }); // one practice
    const theirs = exported({
      items: {
        q1: answer("2025-01-01T00:00:00.000Z", 0, { practice: 3, last_practice: "2025-01-02T00:00:00.000Z" }),
        q2: answer("2025-01-01T00:00:00.000Z", 1),
      },
    });
    const result = store.importRecord(theirs);
    assert.equal(result.ok, true);
    assert.equal(result.added, 1);
    const items = store.load().items;
    assert.equal(items.q1.at, "2025-01-01T00:00:00.000Z");
    assert.equal(items.q1.score, 0);
    assert.equal(items.q1.practice, 3);
    assert.notEqual(items.q1.last_practice, "2025-01-02T00:00:00.000Z", "the later practice time is kept");
  });

  test("importing the same file twice changes nothing", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    const theirs = exported({
      items: { q2: answer("2025-01-01T00:00:00.000Z", 1, { practice: 2, last_practice: "2025-02-01T00:00:00.000Z" }) },
      modules: { m1: { started: "2025-01-01T00:00:00.000Z", attempts: [{ ended: "2024-12-01T00:00:00.000Z", score: 0, items: {} }] } },
      reviews: { m1: { done: { 1: { at: "2025-03-01T00:00:00.000Z", score: 1, items: ["q1"] } } } },
      reflections: { m1: { text: "I learned", updated: "2025-03-01T00:00:00.000Z" } },
      cases: { c1: { downloaded: "2025-03-02T00:00:00.000Z" } },
    });
    store.importRecord(theirs);
    const once = stored();
    const again = store.importRecord(structuredClone(theirs));
    assert.equal(again.added, 0);
    assert.equal(again.message, "Record imported: 0 new answer(s) added.");
    assert.deepEqual(stored(), once);
  });

  test("the older identity is kept and the newer details taken; a detail one side lacks comes from the other", () => {
    store.saveLearner({ name: "Mine", profession: "nurse" });
    const mine = store.load().learner;
    const theirs = exported({
      learner: { id: "older", created: "2020-01-01T00:00:00.000Z", updated: "2020-01-02T00:00:00.000Z", name: "Theirs", email: "t@nhs.net" },
    });
    store.importRecord(theirs);
    const learner = store.load().learner;
    assert.equal(learner.id, "older");
    assert.equal(learner.created, "2020-01-01T00:00:00.000Z");
    assert.equal(learner.name, "Mine", "my details are newer");
    assert.equal(learner.profession, "nurse");
    assert.equal(learner.email, "t@nhs.net", "a detail I lack is taken");
    assert.equal(learner.updated, mine.updated);
  });

  test("earlier attempts are each kept once, in time order", () => {
    const a = { ended: "2025-01-01T00:00:00.000Z", score: 0.5, items: { q1: answer("2024-12-01T00:00:00.000Z", 0) } };
    const b = { ended: "2024-06-01T00:00:00.000Z", score: 0, items: {} };
    store.importRecord(exported({ modules: { m1: { attempts: [a] } } }));
    store.importRecord(exported({ modules: { m1: { attempts: [a, b] } } }));
    assert.deepEqual(store.load().modules.m1.attempts, [b, a]);
  });

  test("a completion date survives only if the merged answers still earn it", () => {
    const theirs = exported({
      items: { q1: answer("2025-01-01T00:00:00.000Z", 0) },
      modules: { m1: { started: "2025-01-01T00:00:00.000Z", completed: "2025-01-02T00:00:00.000Z" } },
    });
    store.importRecord(theirs);
    assert.equal(store.load().modules.m1.completed, undefined);
  });

  test("reviews keep the earliest result per review, reflections the newer text, confidence the earliest before and newest after", () => {
    const record = store.load();
    record.reviews = { m1: { done: { 1: { at: "2025-03-05T00:00:00.000Z", score: 0.5 } } } };
    record.reflections = { m1: { text: "newer", updated: "2025-04-01T00:00:00.000Z" } };
    record.modules.m1 = { confidence: { before: { value: 2, at: "2025-01-02T00:00:00.000Z" }, after: { value: 3, at: "2025-04-01T00:00:00.000Z" } } };
    store.save(record);
    const result = store.importRecord(exported({
      reviews: { m1: { done: { 1: { at: "2025-03-01T00:00:00.000Z", score: 1 }, 2: { at: "2025-03-10T00:00:00.000Z", score: 0.8 } } } },
      reflections: { m1: { text: "older", updated: "2025-02-01T00:00:00.000Z" } },
      modules: { m1: { confidence: { before: { value: 1, at: "2025-01-01T00:00:00.000Z" }, after: { value: 5, at: "2025-05-01T00:00:00.000Z" } } } },
    }));
    assert.equal(result.reviews, 2);
    assert.equal(result.reflections, 0);
    const merged = store.load();
    assert.equal(merged.reviews.m1.done[1].score, 1);
    assert.equal(merged.reviews.m1.done[2].score, 0.8);
    assert.equal(merged.reflections.m1.text, "newer");
    assert.deepEqual(merged.modules.m1.confidence, { before: { value: 1, at: "2025-01-01T00:00:00.000Z" }, after: { value: 5, at: "2025-05-01T00:00:00.000Z" } });
  });

  test("parts this version does not know, and case studies, are kept; the export's own stamps are not", () => {
    const record = store.load();
    record.cases = { c1: { downloaded: "2025-01-01T00:00:00.000Z" } };
    store.save(record);
    store.importRecord(exported({ cases: { c1: { note: "x" }, c2: { downloaded: "2025-02-01T00:00:00.000Z" } }, later: { part: [1, 2] } }));
    const merged = store.load();
    assert.deepEqual(merged.cases, { c1: { downloaded: "2025-01-01T00:00:00.000Z", note: "x" }, c2: { downloaded: "2025-02-01T00:00:00.000Z" } });
    assert.deepEqual(merged.later, { part: [1, 2] });
    assert.equal(merged.exported, undefined);
  });

  test("imported scores are recomputed from the responses where the question is known", () => {
    store.importRecord(exported({ items: { q1: answer("2025-01-01T00:00:00.000Z", 1), q9: answer("2025-01-01T00:00:00.000Z", 1) } }),
      (id) => (id === "q1" ? { score: 0, status: "incorrect" } : null));
    const items = store.load().items;
    assert.equal(items.q1.score, 0);
    assert.equal(items.q1.status, "incorrect");
    assert.equal(items.q9.score, 1);
  });

  test("an exported record imports into an empty browser as it was", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    store.saveLearner({ name: "Zoë O\u2019Brien" });
    const copy = store.exportRecord();
    assert.ok(copy.exported);
    copy.learner.created = "2025-01-01T00:00:00.000Z"; // made on the first computer, before the second's
    useStorage(new MemoryStorage());
    store.importRecord(copy);
    delete copy.exported; // the moment of the export is not part of the record
    assert.deepEqual(store.load(), copy);
  });
});

// forget me: "Forget me on this computer" (store.forgetEverything) on a shared computer
describe("forgetting everything on this computer", () => {
  /* Storage with the Web Storage API's listing of keys (length and key(i)), as browsers have it. */
  class ListedStorage extends MemoryStorage {
    get length() { return this.values.size; }
    key(i) { return [...this.values.keys()][i] ?? null; }
  }
  const FRESH = Symbol.for("mskcpd.record.fresh");
  let session;

  beforeEach(() => {
    useStorage(new ListedStorage());
    session = new ListedStorage();
    Object.defineProperty(globalThis, "sessionStorage", { value: session, configurable: true, writable: true });
  });
  afterEach(() => {
    globalThis[FRESH] = null;
    delete globalThis.sessionStorage;
    delete globalThis.__md_scope;
  });

  test("removes the course's keys from both storages and keeps every other key", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    store.saveLearner({ name: "Alex Example", profession: "nurse" });
    session.setItem("mskcpd.scorm.session", JSON.stringify({ module: "m1", start: 1 }));
    localStorage.setItem("another-app.settings", "keep me");
    localStorage.setItem("record", "not ours either");
    session.setItem("another-app.tab", "keep me too");
    const removed = store.forgetEverything();
    assert.deepEqual(removed.sort(), ["localStorage:mskcpd.record.v1", "sessionStorage:mskcpd.scorm.session"]);
    assert.deepEqual([...localStorage.values.keys()].sort(), ["another-app.settings", "record"]);
    assert.equal(localStorage.getItem("another-app.settings"), "keep me");
    assert.deepEqual([...session.values.keys()], ["another-app.tab"]);
  });

  test("the empty record that follows is not written until the learner saves something", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" });
    const before = store.load().learner.id;
    store.forgetEverything();
    const after = store.load();
    assert.deepEqual(after.items, {});
    assert.equal(after.learner.name, undefined);
    assert.notEqual(after.learner.id, before, "a new learner, not the one forgotten");
    assert.equal(store.load().learner.id, after.learner.id, "the same new learner until the page is left");
    assert.equal(localStorage.getItem(store.KEY), null);
    store.commit("q2", "m1", "b", { score: 0, status: "incorrect" });
    assert.deepEqual(Object.keys(stored().items), ["q2"]);
    assert.equal(stored().learner.id, after.learner.id);
  });

  test("the theme's keys for this site go too, another site's on the same host stay", () => {
    globalThis.__md_scope = new URL("http://127.0.0.1/course/");
    localStorage.setItem("/course/.__palette", "{}");
    localStorage.setItem("/other-course/.__palette", "{}");
    store.forgetEverything();
    assert.equal(localStorage.getItem("/course/.__palette"), null);
    assert.equal(localStorage.getItem("/other-course/.__palette"), "{}");
  });

  test("a record kept in memory because storage is blocked is forgotten as well", () => {
    useStorage(new ListedStorage(true));
    store.saveLearner({ name: "Alex Example" });
    assert.equal(store.load().learner.name, "Alex Example");
    store.forgetEverything();
    assert.equal(store.load().learner.name, undefined);
  });
});

// cases: a case study counts once every question the learner sees is answered
describe("case studies in the record", () => {
  const CASE = {
    id: "c1", title: "A case", cpd_minutes: 20,
    items: [{ id: "c-single" }, { id: "c-dose", professions: ["doctor"] }, { id: "c-text", self_assessed: true }],
  };
  const at = (minute) => `2025-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
  function caseAnswer(minute, score) { return { module: "c1", response: "a", score, status: "correct", at: at(minute), practice: 0 }; }

  beforeEach(() => { globalThis.MSKCPD_CATALOGUE.cases = [structuredClone(CASE)]; });

  test("finishing records the date of the last answer, the auto-marked score and the minutes, once", () => {
    store.saveLearner({ profession: "nurse" }); // the dose question is for doctors: a nurse sees two
    store.commit("c-single", "c1", "a", { score: 0.5, status: "partial" });
    assert.equal(store.caseStatus(store.load(), CASE).finished, false);
    assert.equal(store.load().cases, undefined);
    store.commit("c-text", "c1", "words", { score: 0, status: "incorrect" });
    const entry = store.load().cases.c1;
    assert.deepEqual(entry, { completed: store.load().items["c-text"].at, question_set: ["c-single", "c-text"], score: 0.5, scored: 1, minutes: 20 });
    store.commit("c-single", "c1", "b", { score: 1, status: "correct" }); // practice changes nothing
    store.saveLearner({ profession: "doctor" }); // nor does a new profession, once finished
    assert.deepEqual(store.load().cases.c1, entry);
    const status = store.caseStatus(store.load(), CASE);
    assert.equal(status.finished, true);
    assert.equal(status.minutes, 20);
  });

  test("a self-assessment is kept per written answer, the newest standing", () => {
    store.selfAssess("c1", "c-text", ["a"], 0.5);
    store.selfAssess("c1", "c-text", ["a", "b"], 1);
    const assessed = store.load().cases.c1.self_assessed["c-text"];
    assert.deepEqual(assessed.met, ["a", "b"]);
    assert.equal(assessed.score, 1);
    assert.ok(assessed.at);
  });

  test("an older record, with the answers but no completion, is migrated on import", () => {
    const older = exported({
      learner: { id: "theirs", created: "2025-01-01T00:00:00.000Z", profession: "nurse" },
      items: { "c-single": caseAnswer(1, 1), "c-text": caseAnswer(5, 0) },
      cases: { c1: { downloaded: at(9) } },
    });
    assert.equal(store.importRecord(older).ok, true);
    assert.deepEqual(store.load().cases.c1, { downloaded: at(9), completed: at(5), question_set: ["c-single", "c-text"], score: 1, scored: 1, minutes: 20 });
  });

  test("a record with only the download of a submission counts as finished, with no score", () => {
    const record = store.load();
    record.cases = { c1: { downloaded: at(9) } };
    const status = store.caseStatus(record, CASE);
    assert.equal(status.finished, true);
    assert.equal(status.completed, at(9));
    assert.equal(status.score, null);
  });

  test("merging keeps the first finish's figures, the newer self-assessment, the newer confirmed score", () => {
    const record = store.load();
    record.cases = { c1: { completed: at(30), question_set: ["c-single"], score: 1, scored: 1, minutes: 20,
      self_assessed: { "c-text": { met: ["a"], score: 0.5, at: at(40) } }, confirmed: { score: 0.7, at: at(50) }, stage: 2 } };
    store.save(record);
    store.importRecord(exported({ cases: { c1: { completed: at(10), question_set: ["c-single", "c-text"], score: 0, scored: 1, minutes: 20,
      self_assessed: { "c-text": { met: [], score: 0, at: at(20) }, "c-other": { met: ["x"], score: 1, at: at(21) } },
      confirmed: { score: 0.9, at: at(55) }, stage: 1 } } }));
    assert.deepEqual(store.load().cases.c1, {
      completed: at(10), question_set: ["c-single", "c-text"], score: 0, scored: 1, minutes: 20,
      self_assessed: { "c-text": { met: ["a"], score: 0.5, at: at(40) }, "c-other": { met: ["x"], score: 1, at: at(21) } },
      confirmed: { score: 0.9, at: at(55) }, stage: 2,
    });
    const status = store.caseStatus(store.load(), CASE);
    assert.equal(status.confirmed.score, 0.9, "a CPD lead's confirmed score is read back");
  });

  test("the CPD lead's file of confirmed scores is taken once, says so, and never replaces the learner", () => {
    const record = store.load();
    record.learner = { ...record.learner, name: "Dr A Khan", email: "a.khan@nhs.net", created: at(1) };
    record.cases = { c1: { completed: at(30), question_set: ["c-single", "c-text"], score: 1, scored: 1, minutes: 20,
      self_assessed: { "c-text": { met: ["a"], score: 0.5, at: at(40) } } } };
    store.save(record);
    const id = record.learner.id;
    // as `grader certificates` writes it (grader/reports/confirmed.py)
    const lead = exported({ learner: { id: "0123456789abcdef", created: at(58), name: "A Khan", email: "a.khan@nhs.net" },
      cases: { c1: { completed: at(35), question_set: ["c-single", "c-text"], minutes: 20, confirmed: { score: 0.85, at: at(58) } } } });
    const first = store.importRecord(lead);
    assert.equal(first.ok, true, first.message);
    assert.equal(first.confirmed, 1);
    assert.match(first.message, /1 case study score\(s\) confirmed by your CPD lead taken\./);
    const after = store.load();
    assert.equal(after.learner.id, id, "the learner's own identity stays");
    assert.equal(after.learner.name, "Dr A Khan", "the learner's own details stay");
    assert.deepEqual(after.cases.c1.confirmed, { score: 0.85, at: at(58) });
    assert.equal(after.cases.c1.completed, at(30), "the learner's own finish stands");
    assert.deepEqual(after.cases.c1.self_assessed, record.cases.c1.self_assessed, "the self-assessment is kept");
    assert.equal(store.caseStatus(after, CASE).confirmed.score, 0.85);
    const again = store.importRecord(lead);
    assert.equal(again.confirmed, 0, "the same file again changes nothing");
    assert.doesNotMatch(again.message, /confirmed/);
    const older = store.importRecord(exported({ cases: { c1: { confirmed: { score: 0.5, at: at(50) } } } }));
    assert.equal(older.confirmed, 0);
    assert.equal(store.load().cases.c1.confirmed.score, 0.85, "an older confirmation never replaces a newer one");
    const before = stored();
    const someoneElse = store.importRecord(exported({ learner: { id: "0123456789abcdef", created: at(58), email: "B.Jones@nhs.net" },
      cases: { c1: { confirmed: { score: 1, at: at(59) } } } }));
    assert.deepEqual(someoneElse, { ok: false,
      message: "This file holds scores confirmed for b.jones@nhs.net, and this record is a.khan@nhs.net\u2019s: import only your own." });
    assert.deepEqual(stored(), before, "another learner's confirmed scores change nothing");
  });

  test("a damaged case study is refused whole and named", () => {
    const before = stored();
    for (const [cases, message] of [
      [[], "The record's case studies are damaged."],
      [{ c1: { completed: "soon" } }, "The record of case study c1 is damaged."],
      [{ c1: { score: 2 } }, "The record of case study c1 is damaged."],
      [{ c1: { self_assessed: { "c-text": { met: "a", score: 1, at: at(1) } } } }, "The self-assessment of question c-text in case study c1 is damaged."],
      [{ c1: { confirmed: { score: 1.5, at: at(1) } } }, "The confirmed score of case study c1 is damaged."],
    ]) {
      assert.deepEqual(store.importRecord(exported({ cases })), { ok: false, message });
      assert.deepEqual(stored(), before);
    }
  });
});

describe("answer-key versions", () => {
  test("an answer keeps the version of the key it was marked by", () => {
    store.commit("q1", "m1", "a", { score: 1, status: "correct" }, "k1k1k1k1k1");
    assert.equal(stored().items.q1.key, "k1k1k1k1k1");
    store.commit("q1", "m1", "b", { score: 0, status: "incorrect" }, "k2k2k2k2k2"); // practice keeps the first
    assert.equal(stored().items.q1.key, "k1k1k1k1k1");
  });

  test("after a key change the answer is marked again, keeping what and when, with the old score kept aside", () => {
    store.commit("q1", "m1", "a", { score: 0, status: "incorrect" }, "old0000000");
    const at = stored().items.q1.at;
    const result = store.rekey("q1", { score: 1, status: "correct" }, "new0000000");
    assert.equal(result.changed, true);
    const entry = stored().items.q1;
    assert.deepEqual([entry.response, entry.at, entry.score, entry.status, entry.key], ["a", at, 1, "correct", "new0000000"]);
    assert.equal(entry.rescored.score, 0);
    assert.equal(entry.rescored.status, "incorrect");
    const same = store.rekey("q1", { score: 1, status: "correct" }, "newer00000");
    assert.equal(same.changed, false);
    assert.equal(stored().items.q1.rescored.score, 0, "a key change that changes no score leaves the last re-marking");
    assert.equal(store.rekey("q2", { score: 1, status: "correct" }, "x"), null);
  });

  test("a re-marked answer survives export and import into an empty browser", () => {
    store.commit("q1", "m1", "a", { score: 0, status: "incorrect" }, "old0000000");
    store.rekey("q1", { score: 1, status: "correct" }, "new0000000");
    const out = store.exportRecord();
    useStorage(new MemoryStorage());
    assert.equal(store.importRecord(out).ok, true);
    assert.deepEqual(stored().items.q1, out.items.q1);
  });
});
