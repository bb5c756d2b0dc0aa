/* Case-study pages: the learner's details (asked once, kept locally), stages
 * revealed one at a time, questions chosen by profession, and the download of
 * an nbgrader-compatible submission notebook. */
import { download as saveFile } from "./page.js";
import * as store from "./store.js";

var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function learner() { return store.load().learner || {}; }


function applicable(section) {
  var only = section.getAttribute("data-professions");
  return !only || only.split(" ").indexOf(learner().profession) >= 0;
}

function answered(section) {
  return !!store.load().items[section.getAttribute("data-item-id")];
}

/* Python literal for a JSON value: what the gradebook reads back with ast.literal_eval. */
export function pythonLiteral(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return isFinite(value) ? JSON.stringify(value) : "None";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(pythonLiteral).join(", ") + "]";
  return "{" + Object.keys(value).map(function (k) { return JSON.stringify(k) + ": " + pythonLiteral(value[k]); }).join(", ") + "}";
}

function submission(box) {
  var notebook = JSON.parse(box.getAttribute("data-notebook"));
  var record = store.load(), me = learner(), shown = [];
  Array.prototype.forEach.call(box.querySelectorAll(".mskcpd-item"), function (section) {
    if (applicable(section)) shown.push(section.getAttribute("data-item-id"));
  });
  notebook.cells.forEach(function (cell) {
    var id = ((cell.metadata.nbgrader || {}).grade_id || "");
    if (id.indexOf("answer-") !== 0) return;
    var itemId = id.slice("answer-".length), entry = record.items[itemId];
    var variable = "answer_" + itemId.replace(/-/g, "_");
    cell.source = variable + " = " + pythonLiteral(entry ? entry.response : null) + "\n";
  });
  notebook.metadata.mskcpd.learner = { name: me.name, email: me.email, registration: me.registration || "", profession: me.profession };
  notebook.metadata.mskcpd.question_set = shown;
  notebook.metadata.mskcpd.submitted_at = new Date().toISOString();
  return notebook;
}

function download(box) {
  var status = box.querySelector("[data-role=download-status]");
  var missing = Array.prototype.filter.call(box.querySelectorAll(".mskcpd-item"), function (s) { return applicable(s) && !answered(s); });
  if (missing.length) {
    status.textContent = "Answer every question first: " + missing.length + " still to answer.";
    return;
  }
  var caseId = box.getAttribute("data-case-id");
  var who = (learner().email || "learner").split("@")[0].replace(/[^A-Za-z0-9]+/g, "-");
  var name = caseId + "-" + who + ".ipynb";
  saveFile(name, JSON.stringify(submission(box), null, 1), "application/x-ipynb+json");
  var record = store.load();
  record.cases = record.cases || {};
  record.cases[caseId] = record.cases[caseId] || {};
  record.cases[caseId].downloaded = new Date().toISOString();
  store.save(record);
  status.textContent = "Downloaded " + name + ". Send this file to your CPD lead.";
}

/* Show stages up to the first one with an unanswered question; hide the rest. */
/* Number the questions this learner sees: some are for other professions. */
function renumber(box) {
  var shown = Array.prototype.filter.call(box.querySelectorAll(".mskcpd-item"), applicable);
  shown.forEach(function (section, i) {
    section.querySelector("h3").textContent = "Question " + (i + 1) + " of " + shown.length;
  });
}

function layout(box, focusNew) {
  var ready = !!(learner().profession && learner().name && learner().email);
  renumber(box);
  var stages = box.querySelectorAll(".mskcpd-stage"), open = ready, lastShown = null;
  Array.prototype.forEach.call(stages, function (stage, i) {
    Array.prototype.forEach.call(stage.querySelectorAll(".mskcpd-item"), function (section) {
      section.hidden = !applicable(section);
    });
    var wasHidden = stage.hidden;
    stage.hidden = !open;
    if (open) lastShown = { stage: stage, wasHidden: wasHidden };
    var done = Array.prototype.every.call(stage.querySelectorAll(".mskcpd-item"), function (s) { return !applicable(s) || answered(s); });
    var next = stage.querySelector("[data-role=stage-next]");
    var unlocked = stage.getAttribute("data-continued") === "true";
    if (next) next.hidden = !(open && done && i < stages.length - 1 && !unlocked);
    open = open && done && unlocked;
  });
  box.querySelector("[data-role=submit]").hidden = !(ready && Array.prototype.every.call(stages, function (st) { return !st.hidden; }) &&
    Array.prototype.every.call(box.querySelectorAll(".mskcpd-item"), function (s) { return !applicable(s) || answered(s); }));
  if (focusNew && lastShown && lastShown.wasHidden) lastShown.stage.querySelector("h2").focus();
}

function fillForm(form) {
  var me = learner();
  ["profession", "name", "email", "registration"].forEach(function (k) {
    if (me[k]) form.elements[k].value = me[k];
  });
  if (me.profession) form.querySelector("[data-role=learner-status]").textContent = "Saved: " + me.name + ", " + me.email + ". You can change these at any time.";
}

function setUpCase(box) {
  if (box.getAttribute("data-ready") === "true") { layout(box); return; }
  var form = box.querySelector("[data-role=learner-form]");
  fillForm(form);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var error = form.querySelector("[data-role=learner-error]");
    var details = {
      profession: form.elements.profession.value, name: form.elements.name.value.trim(),
      email: form.elements.email.value.trim(), registration: form.elements.registration.value.trim()
    };
    if (!details.profession) { error.textContent = "Choose your profession."; form.elements.profession.focus(); return; }
    if (!details.name) { error.textContent = "Enter your full name."; form.elements.name.focus(); return; }
    if (!EMAIL.test(details.email)) { error.textContent = "Enter a work email address, like name@nhs.net."; form.elements.email.focus(); return; }
    error.textContent = "";
    store.saveLearner(details);
    fillForm(form);
    layout(box, true);
  });
  // a stage is "continued" once the learner chooses to read on (or already has answers beyond it)
  var stages = box.querySelectorAll(".mskcpd-stage");
  Array.prototype.forEach.call(stages, function (stage, i) {
    var later = Array.prototype.slice.call(stages, i + 1).some(function (st) {
      return Array.prototype.some.call(st.querySelectorAll(".mskcpd-item"), answered);
    });
    if (later) stage.setAttribute("data-continued", "true");
    var button = stage.querySelector("[data-role=continue]");
    if (button) button.addEventListener("click", function () {
      stage.setAttribute("data-continued", "true");
      layout(box, true);
    });
  });
  box.addEventListener("mskcpd:committed", function () { layout(box); });
  box.querySelector("[data-role=download]").addEventListener("click", function () { download(box); });
  box.setAttribute("data-ready", "true");
  layout(box);
}

export function init() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-case"), setUpCase);
}

