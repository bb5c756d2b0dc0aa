/* The home page's course map (widgets.course_map_widget): the page works without
 * JavaScript (every module and case study with its time, and a Start link); this
 * adds the learner's progress on each, turns the one button into "Carry on" once
 * anything is answered (to the first module not completed: its questions page if
 * started, else its first page), and says whose answers this browser holds. */
import * as store from "./store.js";

var FORGET = "my-cpd-record.html#forget"; // the record page's section for clearing this browser

function moduleProgress(s) {
  if (s.state === "completed") return "\u2714 Completed";
  if (s.state === "below-pass-mark") return "All " + s.total + " answered, recorded score below the pass mark";
  if (s.state === "in-progress") return "In progress: " + s.answered + " of " + s.total + " answered";
  return "Not started";
}

/* A case study counts as done once the learner has finished it (every question they see
 * answered: store.caseStatus), whether or not they downloaded a submission for a CPD lead. */
function caseProgress(record, row) {
  var c = { id: row.getAttribute("data-case-id"), cpd_minutes: 0, items: JSON.parse(row.getAttribute("data-items") || "[]") };
  var s = store.caseStatus(record, c);
  if (s.finished) return { done: true, text: "\u2714 Finished" };
  if (s.answered) return { done: false, started: true, text: "In progress: " + s.answered + " of " + s.total + " answered" };
  return { done: false, started: false, text: "Not started" };
}

function setProgress(row, words) {
  var cell = row.querySelector("[data-role=map-progress]");
  cell.textContent = words;
  cell.hidden = false;
}

function link(a, path) {
  a.setAttribute("data-path", path);
  a.href = store.siteUrl(path);
}

/* "Saved on this computer for <name>. Not you?", or someone's answers; nothing for an empty record. */
function savedFor(box, record) {
  var line = box.querySelector("[data-role=saved-for]");
  if (!line) return;
  var name = ((record.learner || {}).name || "").trim();
  if (!name && !Object.keys(record.items || {}).length) { line.hidden = true; line.replaceChildren(); return; }
  var who = name ? "Saved on this computer for " : "Saved on this computer: someone\u2019s answers. ";
  var parts = [document.createTextNode(who)];
  if (name) {
    var strong = document.createElement("strong");
    strong.textContent = name;
    parts.push(strong, document.createTextNode(". "));
  }
  var a = document.createElement("a");
  a.setAttribute("data-role", "not-you");
  link(a, FORGET);
  a.textContent = "Not you?";
  parts.push(a);
  line.replaceChildren.apply(line, parts);
  line.hidden = false;
}

function render(box) {
  var record = store.load(), cat = store.catalogue(), next = null, anything = Object.keys(record.items || {}).length > 0;
  var completed = 0;
  cat.modules.forEach(function (m) {
    var row = box.querySelector("tr[data-module-id='" + m.id + "']");
    var s = store.moduleStatus(record, m);
    if (row) setProgress(row, moduleProgress(s));
    if (s.state === "completed") completed++;
    else if (!next) next = { path: s.answered ? m.questions : m.overview, what: "Module " + m.number + ": " + m.title + (s.answered ? ", its questions" : "") };
  });
  Array.prototype.forEach.call(box.querySelectorAll("tr[data-case-id]"), function (row) {
    var c = caseProgress(record, row);
    setProgress(row, c.text);
    if (!next && !c.done) next = { path: row.getAttribute("data-path"), what: "Case study: " + row.getAttribute("data-title") };
  });
  var total = box.querySelector("tfoot [data-role=map-progress]");
  if (total) { total.textContent = completed + " of " + cat.modules.length + " modules completed"; total.hidden = false; }
  Array.prototype.forEach.call(box.querySelectorAll("[data-role=map-progress-head]"), function (th) { th.hidden = false; });
  var action = box.querySelector("[data-role=map-action]"), hint = box.querySelector("[data-role=map-next]");
  if (anything) {
    if (next) {
      action.textContent = "Carry on";
      link(action, next.path);
      hint.textContent = "Next: " + next.what + ".";
    } else {
      action.textContent = "See your CPD record";
      link(action, "my-cpd-record.html");
      hint.textContent = "You have completed every module and case study.";
    }
  }
  savedFor(box, record);
  box.setAttribute("data-ready", "true");
}

export function refresh() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-role=course-map]"), render);
}

export function init() { refresh(); }
