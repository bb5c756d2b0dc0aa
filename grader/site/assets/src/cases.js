/* Case-study pages: the learner's details (asked once, kept locally), stages
 * revealed one at a time, questions chosen by profession, the case's completion in
 * the learner's record once every question is answered (case-review.js: the model
 * answers and self-assessment of written answers, and the printable summary), the
 * page opened again at the part reached, and the download of an nbgrader-compatible
 * submission notebook for a CPD lead. */
import { renderSummary, showSelfAssessment } from "./case-review.js";
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
  notebook.metadata.mskcpd.learner = { name: me.name || "", email: me.email || "", registration: me.registration || "", profession: me.profession || "" };
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
  store.noteCase(caseId, { downloaded: new Date().toISOString() });
  status.textContent = "Downloaded " + name + ". Send this file to your CPD lead.";
}

// --- finishing -------------------------------------------------------------------
/* The case as the store counts it, from the page: its questions (with the professions
 * they are for) and its CPD minutes. */
function caseOf(box) {
  return {
    id: box.getAttribute("data-case-id"), cpd_minutes: Number(box.getAttribute("data-cpd-minutes")) || 0,
    items: Array.prototype.map.call(box.querySelectorAll(".mskcpd-item"), function (s) {
      var q = { id: s.getAttribute("data-item-id") }, only = s.getAttribute("data-professions");
      if (only) q.professions = only.split(" ");
      if (s.getAttribute("data-item-type") === "free_text") q.self_assessed = true;
      return q;
    })
  };
}

/* Record the case as finished once every question is answered; returns the case's status. */
function finish(box) {
  return store.completeCase(caseOf(box));
}

function refreshFinish(box) {
  var status = store.caseStatus(store.load(), caseOf(box));
  renderSummary(box, status, applicable);
  return status;
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
  return lastShown ? lastShown.stage : null;
}

/* A link to a place on the page is followed; a reload is not a link (the theme puts the
 * heading scrolled past in the address as the learner reads, so the address says nothing then). */
function addressed() {
  if (!location.hash) return false;
  var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  return !(nav && nav.type === "reload");
}

/* Opened again after a reload: at the summary if the case is finished, else at the part
 * the learner had reached (focus and scroll), unless a link brought them to a place on it. */
function reopen(box, reached, status) {
  if (addressed() || !(learner().name && learner().email)) return;
  var started = Object.keys(store.load().items).some(function (id) { return !!box.querySelector("[data-item-id='" + id + "']"); });
  if (!started) return;
  var target = status.finished ? box.querySelector("[data-role=case-summary] h2") : reached && reached.querySelector("h2");
  if (!target) return;
  // the browser's own restoring of the scroll position (or of a heading's address) would undo this
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
  if (document.readyState !== "complete") {
    window.addEventListener("load", function () { if (document.activeElement === target) target.scrollIntoView({ block: "start" }); }, { once: true });
  }
}

/* The details saved, in words: only the ones there are (a name and profession set on My CPD
 * record leave the email to add here). */
export function savedDetails(me) {
  var parts = [me.name, me.email].filter(function (v) { return typeof v === "string" && v.trim(); });
  if (!parts.length && !me.profession) return "";
  var saved = parts.length ? "Saved: " + parts.join(", ") + "." : "Saved: your profession.";
  var missing = [!me.profession && "your profession", !me.name && "your full name", !me.email && "your work email"].filter(Boolean);
  return saved + (missing.length ? " Add " + missing.join(" and ") + ", then choose Save and start." : " You can change these at any time.");
}

function fillForm(form) {
  var me = learner();
  ["profession", "name", "email", "registration"].forEach(function (k) {
    if (me[k]) form.elements[k].value = me[k];
  });
  form.querySelector("[data-role=learner-status]").textContent = savedDetails(me);
}

function setUpCase(box) {
  if (box.getAttribute("data-ready") === "true") { layout(box); refreshFinish(box); return; }
  var caseId = box.getAttribute("data-case-id");
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
  // a stage is "continued" once the learner chooses to read on (kept in the record as the
  // furthest part reached), or already has answers beyond it
  var stages = box.querySelectorAll(".mskcpd-stage");
  var reachedPart = ((store.load().cases || {})[caseId] || {}).stage || 0;
  Array.prototype.forEach.call(stages, function (stage, i) {
    var later = Array.prototype.slice.call(stages, i + 1).some(function (st) {
      return Array.prototype.some.call(st.querySelectorAll(".mskcpd-item"), answered);
    });
    if (later || i < reachedPart) stage.setAttribute("data-continued", "true");
    var button = stage.querySelector("[data-role=continue]");
    if (button) button.addEventListener("click", function () {
      stage.setAttribute("data-continued", "true");
      var entry = (store.load().cases || {})[caseId] || {};
      if (!(entry.stage >= i + 1)) store.noteCase(caseId, { stage: i + 1 });
      layout(box, true);
    });
  });
  var announce = box.querySelector("[data-role=case-finished-status]"), finishedBefore = false;
  box.addEventListener("mskcpd:committed", function (e) {
    layout(box);
    var section = box.querySelector("[data-item-id='" + e.detail.item + "']");
    if (section) showSelfAssessment(section, caseId, function () { refreshFinish(box); });
    finish(box);
    var status = refreshFinish(box);
    if (status.finished && !finishedBefore && announce) {
      announce.textContent = "You have finished this case study. Its " + status.minutes +
        " CPD minutes are in My CPD record, and your summary is below.";
    }
    finishedBefore = status.finished;
  });
  box.querySelector("[data-role=download]").addEventListener("click", function () { download(box); });
  var print = box.querySelector("[data-role=print-summary]");
  if (print) print.addEventListener("click", function () { window.print(); });
  box.setAttribute("data-ready", "true");
  var reached = layout(box);
  Array.prototype.forEach.call(box.querySelectorAll(".mskcpd-item[data-item-type=free_text]"), function (section) {
    if (applicable(section)) showSelfAssessment(section, caseId, function () { refreshFinish(box); });
  });
  finish(box); // an older record: the answers were all there before completion was recorded
  var status = refreshFinish(box);
  finishedBefore = status.finished;
  reopen(box, reached, status);
}

export function init() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-case"), setUpCase);
}

