// The registry of question types, browser side: every folder in grader/items that holds a
// model.py (a question type) has its scoring rule and its widget, and the registries that
// `make js` generates (grader/site/assets/src/item-*.js) name exactly those folders.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

import { ITEMS, registries } from "../../grader/site/assets/build.mjs";
import { SCORING } from "../../grader/site/assets/src/item-scoring.js";
import { WIDGETS } from "../../grader/site/assets/src/item-widgets.js";
import { RULES } from "../../grader/site/assets/src/scoring.js";

/* What each browser part of a type must export (all functions). */
export const PARTS = { "scoring.js": ["score"], "widget.js": ["read", "show", "details"] };

/* The question types: the folders in `itemsDir` that hold a model.py, sorted. */
export function typeFolders(itemsDir) {
  return readdirSync(itemsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(itemsDir, entry.name, "model.py")))
    .map((entry) => entry.name)
    .sort();
}

/* One sentence per missing part, naming the folder (as `label/<type>`) and the part. */
export async function missingParts(itemsDir, label = "grader/items") {
  const problems = [];
  for (const type of typeFolders(itemsDir)) {
    for (const [part, names] of Object.entries(PARTS)) {
      const file = join(itemsDir, type, part);
      if (!existsSync(file)) {
        problems.push(`${label}/${type} has no ${part}`);
        continue;
      }
      const module = await import(pathToFileURL(file).href);
      for (const name of names) {
        if (typeof module[name] !== "function") problems.push(`${label}/${type}/${part} does not export a function ${name}`);
      }
    }
  }
  return problems;
}

test("there are question types, short_answer among them", () => {
  assert.ok(typeFolders(ITEMS).includes("short_answer"), typeFolders(ITEMS).join(", "));
});

test("every question type has its scoring rule and its widget", async () => {
  assert.deepEqual(await missingParts(ITEMS), []);
});

test("the generated registries name exactly the question types' folders", () => {
  const types = typeFolders(ITEMS);
  assert.deepEqual(Object.keys(SCORING).sort(), types, "item-scoring.js is stale: run `make js`");
  assert.deepEqual(Object.keys(WIDGETS).sort(), types, "item-widgets.js is stale: run `make js`");
  assert.deepEqual(Object.keys(RULES).sort(), types);
});

test("the registries list each type's own modules", () => {
  for (const type of typeFolders(ITEMS)) {
    assert.equal(typeof SCORING[type].score, "function", type);
    for (const name of PARTS["widget.js"]) assert.equal(typeof WIDGETS[type][name], "function", `${type}: ${name}`);
  }
});

test("the check fails on a folder missing a part, naming the folder and the part", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "item-types-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const folder = (name, files) => {
    mkdirSync(join(dir, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  };
  const widget = "export function read() {}\nexport function show() {}\nexport function details() {}\n";
  folder("complete", { "model.py": "", "scoring.js": "export function score() {}\n", "widget.js": widget });
  folder("no_widget", { "model.py": "", "scoring.js": "export function score() {}\n" });
  folder("no_scoring", { "model.py": "", "widget.js": widget });
  folder("no_details", { "model.py": "", "scoring.js": "export function score() {}\n", "widget.js": "export function read() {}\nexport function show() {}\n" });
  folder("not_a_type", { "notes.txt": "no model.py, so not a question type" });
  assert.deepEqual(await missingParts(dir, "items"), [
    "items/no_details/widget.js does not export a function details",
    "items/no_scoring has no scoring.js",
    "items/no_widget has no widget.js",
  ]);
});

test("the build refuses a type with a scoring rule but no widget, naming the folder", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "item-types-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "lonely"));
  writeFileSync(join(dir, "lonely", "scoring.js"), "export function score() {}\n");
  assert.throws(() => registries(dir), /grader\/items\/lonely has no widget\.js/);
});

test("the generated registries are the same text on every run, types sorted by name", () => {
  const first = registries(), second = registries();
  assert.deepEqual(first, second);
  const imports = first["item-scoring.js"].split("\n").filter((line) => line.startsWith("import"));
  assert.deepEqual(imports, imports.slice().sort());
  assert.match(first["item-scoring.js"], /do not edit/);
});

test("numeric: the out-of-range message names only the limits the item has", async () => {
  const { rangeError } = await import("../../grader/items/numeric/widget.js");
  assert.equal(rangeError({ min: 0, max: 1000 }), "Type a number between 0 and 1000.");
  assert.equal(rangeError({ min: 5 }), "Type a number of at least 5.");
  assert.equal(rangeError({ max: 120, min: null }), "Type a number of at most 120.");
});
