/* Confidence before and after: on each module's questions page the learner
 * rates, from 1 to 5, how confident they feel doing the module's core task,
 * once before their first answer and again once the module is complete. The
 * ratings go in the record (record.modules[id].confidence), so they travel in
 * the exported JSON. The "before" rating closes at the first answer: after
 * that it would no longer be a rating from before. */
import * as store from "./store.js";

export var LABELS = ["not at all confident", "slightly confident", "fairly confident", "quite confident", "very confident"];
var listening = false;

function moduleById(id) { return store.catalogue().modules.filter(function (m) { return m.id === id; })[0]; }
function rating(record, id, when) { return ((record.modules[id] || {}).confidence || {})[when] || null; }
function describe(r) { return r.value + " out of 5 (" + LABELS[r.value - 1] + ")"; }

function layout(box) {
  var id = box.getAttribute("data-module"), when = box.getAttribute("data-when"), module = moduleById(id);
  if (!module) return;
  var record = store.load(), mine = rating(record, id, when), before = rating(record, id, "before");
  var st = store.moduleStatus(record, module);
  var started = st.answered > 0 || !!(record.modules[id] || {}).started; // a fresh attempt is not "before"
  var open = when === "before" ? !started : st.state === "completed";
  var note = box.querySelector("[data-role=confidence-note]");
  box.querySelector("fieldset").hidden = !open;
  Array.prototype.forEach.call(box.querySelectorAll("input[type=radio]"), function (input) {
    input.checked = !!mine && String(mine.value) === input.value;
  });
  var message = "";
  if (when === "before" && !open) {
    message = mine ? "Before you started, you rated your confidence " + describe(mine) + "."
                   : "You did not rate your confidence before you started this module.";
  } else if (when === "after" && !open) {
    message = "When you complete the module, you can rate your confidence again here and compare it with before.";
  } else if (when === "after" && before) {
    message = "Before you started, you rated it " + describe(before) + ".";
  }
  note.textContent = message;
  note.hidden = !message;
}

function setUp(box) {
  if (box.getAttribute("data-ready") === "true") { layout(box); return; }
  var id = box.getAttribute("data-module"), when = box.getAttribute("data-when");
  var status = box.querySelector("[data-role=confidence-status]");
  box.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || !input.checked) return;
    var record = store.load(), value = parseInt(input.value, 10);
    var m = record.modules[id] = record.modules[id] || {};
    m.confidence = m.confidence || {};
    m.confidence[when] = { value: value, at: new Date().toISOString() };
    store.save(record);
    status.textContent = "Saved in your CPD record: " + describe(m.confidence[when]) + ".";
  });
  box.setAttribute("data-ready", "true");
  layout(box);
}

export function init() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-role=confidence]"), setUp);
  if (!listening) {
    // a committed answer can close "before" and, on completion, open "after"
    document.addEventListener("mskcpd:committed", function () {
      Array.prototype.forEach.call(document.querySelectorAll("[data-role=confidence]"), layout);
    });
    listening = true;
  }
}

