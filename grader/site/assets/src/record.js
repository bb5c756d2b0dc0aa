/* "My CPD record": the learner's modules, scores and dates, with export and
 * import; their name and profession; a reflection per module, with prompts
 * that fit their profession; and a certificate to print or save as PDF. */
import { LABELS as confidenceLabels } from "./confidence.js";
import { download, later } from "./page.js";
import * as progress from "./progress.js";
import * as store from "./store.js";
import { hash, longDate } from "./widget-kit.js";

var STATES = { "not-started": "Not started", "in-progress": "In progress", "below-pass-mark": "Below the pass mark", "completed": "Completed" };
/* Each profession's name, and the CPD record its reflection prompts are shaped like, come
 * from the catalogue (grader/content/professions.py): one list for the site and the tools. */
function professions() { return store.catalogue().professions || {}; }
export function templateOf(profession) {
  var p = professions()[profession] || professions().other;
  return p ? { name: p.record, prompts: p.prompts } : { name: "reflective notes", prompts: [] };
}

function text(s) { var d = document.createElement("div"); d.textContent = String(s); return d.innerHTML; }
function day(iso) {
  return iso ? longDate(new Date(iso)) : "\u2014";
}
function learner() { return store.load().learner || {}; }
function moduleName(m) { return "Module " + m.number + ": " + m.title; }
function duration(minutes) {
  var h = Math.floor(minutes / 60), m = minutes % 60;
  return minutes + " minutes" + (h ? " (" + h + " hour" + (h === 1 ? "" : "s") + (m ? " " + m + " minute" + (m === 1 ? "" : "s") : "") + ")" : "");
}

// --- the modules table -----------------------------------------------------
/* A cell labelled with its column's heading: on a narrow screen each row is shown as a
 * stacked list (mskcpd.css, reflow), and the label, drawn from data-label, says what each value is. */
function cell(label, html) { return '<td data-label="' + text(label) + '">' + html + "</td>"; }

function renderTable(container) {
  var record = store.load(), cat = store.catalogue(), minutes = 0;
  var box = container.querySelector("[data-role=record-modules]") || container;
  var heads = Array.prototype.map.call(box.querySelectorAll("thead th"), function (th) { return th.textContent; });
  box.querySelector("tbody").innerHTML = cat.modules.map(function (m) {
    var s = store.moduleStatus(record, m);
    var earned = s.state === "completed" ? m.cpd_minutes : 0;
    minutes += earned;
    return "<tr><th scope=\"row\">Module " + m.number + ": " + text(m.title) + "</th>" + cell(heads[1], STATES[s.state]) +
      cell(heads[2], s.answered + " of " + s.total) + cell(heads[3], s.answered ? Math.round(s.score * 100) + "%" : "\u2014") +
      cell(heads[4], day(s.started)) + cell(heads[5], day(s.state === "completed" ? s.completed : null)) +
      cell(heads[6], earned ? earned : "0 of " + m.cpd_minutes) + "</tr>";
  }).join("");
  box.querySelector("tfoot").innerHTML = "<tr><th scope=\"row\" colspan=\"6\">CPD minutes from completed modules</th><td>" + minutes + "</td></tr>";
  var cases = container.querySelector("[data-role=record-cases]");
  if (cases) renderCases(cases, record, cat);
}

// --- the case studies table -------------------------------------------------------
/* A finished case's written answers: the CPD lead's confirmed score where the record holds
 * one, else the learner's self-assessment, marked as such. */
function writtenText(s, c) {
  if (s.confirmed) return "Confirmed by your CPD lead: " + Math.round(s.confirmed.score * 100) + "% (the case as a whole)";
  var written = (c.items || []).filter(function (q) { return q.self_assessed; }).length;
  if (!written) return "None in this case";
  var own = Object.keys(s.self_assessed);
  if (!own.length) return "Not self-assessed yet";
  var mean = own.reduce(function (sum, k) { return sum + s.self_assessed[k].score; }, 0) / own.length;
  return Math.round(mean * 100) + "% of the rubric points, self-assessed" + (own.length < written ? " (" + own.length + " of " + written + " answers)" : "");
}

function renderCases(table, record, cat) {
  var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
  var minutes = 0;
  table.querySelector("tbody").innerHTML = (cat.cases || []).map(function (c) {
    var s = store.caseStatus(record, c);
    if (s.finished) minutes += s.minutes;
    var state = s.finished ? "Finished" : (s.answered ? "In progress: " + s.answered + " of " + s.total + " answered" : "Not started");
    return "<tr><th scope=\"row\">" + text(c.title) + "</th>" + cell(heads[1], state) + cell(heads[2], day(s.finished ? s.completed : null)) +
      cell(heads[3], s.finished && s.score !== null ? Math.round(s.score * 100) + "%" : "\u2014") +
      cell(heads[4], s.finished ? text(writtenText(s, c)) : "\u2014") +
      cell(heads[5], s.finished ? s.minutes : "0 of " + c.cpd_minutes) + "</tr>";
  }).join("");
  table.querySelector("tfoot").innerHTML = "<tr><th scope=\"row\" colspan=\"5\">CPD minutes from finished case studies</th><td>" + minutes + "</td></tr>";
}

// --- about you ---------------------------------------------------------------
function saveLearner(field, value) {
  var details = {};
  details[field] = value;
  store.saveLearner(details);
}

function setUpProfile(box) {
  var name = box.querySelector("[name=name]"), profession = box.querySelector("[name=profession]");
  var status = box.querySelector("[data-role=profile-status]");
  name.value = learner().name || "";
  profession.value = learner().profession || "";
  if (box.getAttribute("data-ready") === "true") return;
  name.addEventListener("input", function () {
    saveLearner("name", name.value.trim());
    status.textContent = "Your name is saved in this browser.";
    renderCertificate();
  });
  profession.addEventListener("change", function () {
    saveLearner("profession", profession.value);
    var t = professions()[profession.value] ? templateOf(profession.value) : null;
    status.textContent = t ? "Saved. The reflection prompts now fit your " + t.name + "." : "Saved.";
    render(); // the prompts, and the case studies' questions this learner sees
  });
  box.setAttribute("data-ready", "true");
}

// --- reflections ---------------------------------------------------------------
function promptsHtml(m) {
  var profession = learner().profession, t = professions()[profession] ? templateOf(profession) : null;
  var lead = t ? "Prompts for your " + t.name + " (check your regulator's current guidance for what it asks):"
               : "Prompts to start from (choose your profession under About you for prompts that fit your regulator's records):";
  var list = (t || templateOf("other")).prompts.concat(m.reflection_prompts || []);
  return "<p>" + text(lead) + "</p><ul>" + list.map(function (p) { return "<li>" + text(p) + "</li>"; }).join("") + "</ul>";
}

function confidenceText(record, m) {
  var c = (record.modules[m.id] || {}).confidence || {};
  var labels = confidenceLabels;
  function one(r) { return r ? r.value + " out of 5" + (labels[r.value - 1] ? " (" + labels[r.value - 1] + ")" : "") : "not rated"; }
  if (!c.before && !c.after) return "";
  return "Your confidence " + (m.confidence_question || "").replace(/^how confident do you feel /, "").replace(/\?$/, "") +
    ": before the module, " + one(c.before) + "; after it, " + one(c.after) + ".";
}

function renderPrompts() {
  var box = document.querySelector("[data-role=reflections]");
  if (!box) return;
  var record = store.load();
  store.catalogue().modules.forEach(function (m) {
    var section = box.querySelector("[data-module='" + m.id + "']");
    if (!section) return;
    section.querySelector("[data-role=prompts]").innerHTML = promptsHtml(m);
    var confidence = section.querySelector("[data-role=confidence-summary]");
    confidence.textContent = confidenceText(record, m);
    confidence.hidden = !confidence.textContent;
  });
}

function buildReflections(box) {
  var record = store.load(), mine = record.reflections || {};
  box.innerHTML = store.catalogue().modules.map(function (m) {
    var id = "mskcpd-reflection-" + m.id;
    return '<section class="mskcpd-reflection" data-module="' + m.id + '" aria-labelledby="' + id + '-title">' +
      '<h3 id="' + id + '-title">' + text(moduleName(m)) + "</h3>" +
      '<p class="mskcpd-confidence-summary" data-role="confidence-summary" hidden></p>' +
      '<div id="' + id + '-prompts" data-role="prompts"></div>' +
      '<div class="mskcpd-free-text"><label for="' + id + '">Your reflection on module ' + m.number + "</label>" +
      '<textarea id="' + id + '" rows="6" aria-describedby="' + id + '-prompts"></textarea></div>' +
      '<p class="mskcpd-saved" role="status" aria-live="polite" data-role="reflection-status"></p></section>';
  }).join("");
  store.catalogue().modules.forEach(function (m) {
    var section = box.querySelector("[data-module='" + m.id + "']");
    var area = section.querySelector("textarea"), status = section.querySelector("[data-role=reflection-status]");
    area.value = (mine[m.id] || {}).text || "";
    area.addEventListener("input", function () {
      var record = store.load();
      record.reflections = record.reflections || {};
      record.reflections[m.id] = { text: area.value, updated: new Date().toISOString() };
      store.save(record);
      status.textContent = "Your reflection on module " + m.number + " is saved in this browser.";
      renderCertificate();
    });
  });
  renderPrompts();
}

// --- the certificate -------------------------------------------------------------
/* The course's one-line description: the site's own (mkdocs.yml's site_description). */
function courseDescription() {
  var meta = document.querySelector('meta[name="description"]');
  return meta ? meta.getAttribute("content") || "" : "";
}

/* MSKCPD-XXXX-XXXX-XXXX: a digest of the learner and what the certificate lists, so the
 * same record gives the same id and a changed certificate a new one (the browser's
 * counterpart of grader/reports/certificates.py, which digests the gradebook's view). */
function certificateId(me, lines) {
  var source = [me.id || "", me.name || ""].concat(lines.map(function (l) {
    return [l.kind, l.id, l.completed, l.percent === null ? "" : l.percent, l.minutes].join("|");
  })).join("\n");
  var hex = ("00000000" + hash(source).toString(16)).slice(-8) + ("00000000" + hash("id:" + source).toString(16)).slice(-4);
  hex = hex.toUpperCase();
  return "MSKCPD-" + hex.slice(0, 4) + "-" + hex.slice(4, 8) + "-" + hex.slice(8, 12);
}

/* What the certificate lists: each completed module, and each case study the learner has
 * finished (every question answered; downloading a submission is not needed). */
function certificateLines(record, cat) {
  var lines = [];
  cat.modules.forEach(function (m) {
    var s = store.moduleStatus(record, m);
    if (s.state !== "completed") return;
    lines.push({ kind: "module", id: m.id, title: moduleName(m), completed: s.completed, percent: Math.round(s.score * 100),
                 minutes: m.cpd_minutes, outcomes: m.outcomes || [], module: m });
  });
  (cat.cases || []).forEach(function (c) {
    var s = store.caseStatus(record, c);
    if (!s.finished) return;
    var percent = s.confirmed ? Math.round(s.confirmed.score * 100) : (s.score === null ? null : Math.round(s.score * 100));
    lines.push({ kind: "case", id: c.id, title: "Case study: " + c.title, completed: s.completed, percent: percent,
                 minutes: s.minutes, outcomes: [], scoreText: caseScoreText(s, c) });
  });
  return lines;
}

/* A case study's score on the certificate: the CPD lead's confirmed score, or the
 * auto-marked questions' score with the written answers marked self-assessed. */
function caseScoreText(s, c) {
  if (s.confirmed) return Math.round(s.confirmed.score * 100) + "%, confirmed by the CPD lead";
  if (!s.answered && s.downloaded) return "Sent to your CPD lead for marking"; // an older record: only the download
  var parts = [];
  if (s.score !== null) parts.push(Math.round(s.score * 100) + "% on auto-marked questions");
  if ((c.items || []).some(function (q) { return q.self_assessed; })) parts.push("written answers " + writtenText(s, c).replace(/^Not self-assessed yet$/, "not yet self-assessed"));
  return parts.length ? parts.join("; ") : (s.downloaded ? "Sent to your CPD lead for marking" : "\u2014");
}

function certificateRow(l) {
  return "<tr><th scope=\"row\">" + text(l.title) + "</th>" +
    '<td data-label="Completed on">' + day(l.completed) + "</td>" +
    '<td data-label="Recorded score">' + text(l.scoreText !== undefined ? l.scoreText : l.percent + "%") + "</td>" +
    '<td data-label="CPD minutes">' + l.minutes + "</td></tr>";
}

function renderCertificate() {
  var panel = document.querySelector("[data-role=certificate-panel]");
  if (!panel) return;
  var record = store.load(), cat = store.catalogue(), me = record.learner || {};
  var lines = certificateLines(record, cat);
  var modules = lines.filter(function (l) { return l.kind === "module"; });
  var hasCases = lines.length > modules.length;
  var minutes = lines.reduce(function (sum, l) { return sum + l.minutes; }, 0);
  var withReflections = panel.querySelector("[data-role=certificate-reflections]").checked;
  var reflections = withReflections ? modules.filter(function (l) { return ((record.reflections || {})[l.id] || {}).text; }) : [];
  var profession = (professions()[me.profession] || {}).noun;
  var description = courseDescription();
  var html =
    '<div class="mskcpd-certificate-head">' +
    '<p class="mskcpd-certificate-kicker">Certificate of continuing professional development</p>' +
    '<p class="mskcpd-certificate-course">' + text(cat.course_title || "") + "</p>" +
    (description ? '<p class="mskcpd-certificate-description">' + text(description) + "</p>" : "") +
    "</div>" +
    '<p class="mskcpd-certificate-lead">This certifies that</p>' +
    '<p class="mskcpd-certificate-name">' + (me.name ? text(me.name) : "Your name goes here: add it under About you.") + "</p>" +
    (profession ? '<p class="mskcpd-certificate-profession">' + text(profession.charAt(0).toUpperCase() + profession.slice(1)) + "</p>" : "") +
    (lines.length
      ? '<p class="mskcpd-certificate-lead">completed the following, as recorded by the course from their own answers:</p>' +
        '<table class="mskcpd-certificate-table"><caption>' + (hasCases ? "Modules and case studies completed" : "Modules completed") +
        '</caption><thead><tr><th scope="col">' + (hasCases ? "Module or case study" : "Module") + "</th>" +
        '<th scope="col">Completed on</th><th scope="col">Recorded score</th><th scope="col">CPD minutes</th></tr></thead><tbody>' +
        lines.map(certificateRow).join("") +
        '</tbody><tfoot><tr><th scope="row" colspan="3">Total CPD time</th><td>' + duration(minutes) + "</td></tr></tfoot></table>"
      : "<p>No modules completed yet. A module appears here when you complete it.</p>") +
    (modules.length
      ? '<section class="mskcpd-certificate-outcomes" aria-labelledby="mskcpd-certificate-outcomes-title">' +
        '<h3 id="mskcpd-certificate-outcomes-title">Learning outcomes of the modules completed</h3>' +
        modules.map(function (l) {
          return "<h4>" + text(l.title) + "</h4><ul>" + l.outcomes.map(function (o) { return "<li>" + text(o) + "</li>"; }).join("") + "</ul>";
        }).join("") + "</section>"
      : "") +
    (reflections.length
      ? '<section class="mskcpd-certificate-reflections"><h3>Reflections</h3>' + reflections.map(function (l) {
          return "<h4>" + text(l.title) + '</h4><p class="mskcpd-certificate-reflection">' + text(record.reflections[l.id].text) + "</p>";
        }).join("") + "</section>"
      : "") +
    '<dl class="mskcpd-certificate-issue">' +
    "<div><dt>Provider</dt><dd>" + text(cat.course_title || "") + "</dd></div>" +
    "<div><dt>Issued on</dt><dd>" + day(new Date().toISOString()) + "</dd></div>" +
    "<div><dt>Certificate id</dt><dd>" + certificateId(me, lines) + "</dd></div>" +
    "</dl>" +
    '<p class="mskcpd-certificate-note">Issued from the learner\'s own course record, kept in their browser. ' +
    "A module is completed when every question has been answered and the recorded score (the first answer to each question) is at least " +
    Math.round(cat.pass_mark * 100) + "%." + (hasCases ? " A case study is listed once every question in it is answered; written answers marked \u201cself-assessed\u201d were marked by the learner against the case\u2019s rubric, unless a CPD lead\u2019s confirmed score is shown." : "") +
    " The certificate id changes whenever what is listed changes.</p>";
  panel.querySelector("[data-role=certificate]").innerHTML = html;
}

/* The certificate's controls; setUp draws it. */
function setUpCertificate(panel) {
  if (panel.getAttribute("data-ready") === "true") return;
  var error = panel.querySelector("[data-role=certificate-error]");
  panel.querySelector("[data-role=certificate-reflections]").addEventListener("change", renderCertificate);
  panel.querySelector("[data-role=print]").addEventListener("click", function () {
    if (!(learner().name || "").trim()) {
      error.textContent = "Add your full name under About you first: it goes on your certificate.";
      var name = document.querySelector("[data-role=profile] [name=name]");
      if (name) name.focus();
      return;
    }
    error.textContent = "";
    renderCertificate();
    window.print();
  });
  panel.setAttribute("data-ready", "true");
}

// --- export and import ----------------------------------------------------------
var renderListeners = [];
/* Run `listener` after the record page is redrawn (its spaced-review parts). */
export function onRender(listener) { renderListeners.push(listener); }

/* Redraw the record page: its own parts, then the parts that redraw with it (onRender). */
export function render() {
  draw();
  renderListeners.forEach(function (listener) { listener(); });
}

function draw() {
  var box = document.querySelector("[data-role=record]");
  if (box) renderTable(box);
  renderPrompts();
  renderCertificate();
}

function setUpRecord(box) {
  var status = box.querySelector("[data-role=record-status]");
  box.querySelector("[data-role=export]").addEventListener("click", function () {
    var stamp = new Date().toISOString().slice(0, 10);
    download("my-cpd-record-" + stamp + ".json", JSON.stringify(store.exportRecord(), null, 2), "application/json");
    status.textContent = "Your record was exported as my-cpd-record-" + stamp + ".json.";
  });
  var input = box.querySelector("[data-role=import]");
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try { data = JSON.parse(reader.result); }
      catch { status.textContent = "Could not import " + file.name + ": it is not a JSON file. Your record is unchanged."; return; }
      var result = store.importRecord(data);
      status.textContent = result.ok ? result.message : "Could not import " + file.name + ": " + result.message + " Your record is unchanged.";
      input.value = "";
      var reflections = document.querySelector("[data-role=reflections]");
      if (result.ok && reflections) buildReflections(reflections);
      var profile = document.querySelector("[data-role=profile]");
      if (result.ok && profile) setUpProfile(profile);
      progress.refresh();
      render();
    };
    reader.onerror = function () { status.textContent = "Could not read " + file.name + ". Your record is unchanged."; };
    reader.readAsText(file);
  });
  box.setAttribute("data-ready", "true");
}

// --- forget me on this computer ----------------------------------------------------
/* For shared computers: remove everything the course keeps in this browser, after a
 * confirmation that offers the export first when the learner has not exported during
 * this visit. */
var exportedThisVisit = false;
var FORGOTTEN = "Everything this course stored on this computer has been removed.";

function exportBeforeForgetting() {
  var name = "my-cpd-record-" + new Date().toISOString().slice(0, 10) + ".json";
  download(name, JSON.stringify(store.exportRecord(), null, 2), "application/json");
  exportedThisVisit = true;
  return name;
}

/* Every part of the record page drawn again from the (now empty) record. */
function redrawAfterForgetting() {
  var profile = document.querySelector("[data-role=profile]");
  if (profile) {
    setUpProfile(profile);
    profile.querySelector("[data-role=profile-status]").textContent = "";
  }
  var reflections = document.querySelector("[data-role=reflections]");
  if (reflections) buildReflections(reflections);
  var box = document.querySelector("[data-role=record]");
  if (box) {
    box.querySelector("[data-role=record-status]").textContent = "";
    box.querySelector("[data-role=import]").value = "";
  }
  progress.refresh();
  render();
}

function setUpForget(section) {
  var dialog = section.querySelector("[data-role=forget-dialog]");
  var open = section.querySelector("[data-role=forget-open]");
  var status = section.querySelector("[data-role=forget-status]");
  var exportStatus = dialog.querySelector("[data-role=forget-export-status]");
  var unexported = dialog.querySelector("[data-role=forget-unexported]");
  var confirmed = false;
  var mainExport = document.querySelector("[data-role=record] [data-role=export]");
  if (mainExport) mainExport.addEventListener("click", function () { exportedThisVisit = true; });
  Array.prototype.forEach.call(section.querySelectorAll("[data-role=forget-export]"), function (button) {
    var inDialog = dialog.contains(button);
    button.addEventListener("click", function () {
      var name = exportBeforeForgetting();
      var message = "Your record was exported as " + name + ". Check it is in your downloads before you forget it here.";
      if (inDialog) {
        unexported.querySelector("p").hidden = true;
        exportStatus.textContent = message;
      } else {
        status.textContent = message;
      }
    });
  });
  open.addEventListener("click", function () {
    confirmed = false;
    unexported.hidden = exportedThisVisit;
    unexported.querySelector("p").hidden = false;
    exportStatus.textContent = "";
    dialog.showModal();
    dialog.querySelector("[data-role=forget-cancel]").focus(); // the safer choice first
  });
  dialog.querySelector("[data-role=forget-cancel]").addEventListener("click", function () { dialog.close(); });
  // Escape fires "cancel" and closes the dialog; either way, focus goes back to the button
  dialog.addEventListener("close", function () { if (!confirmed) open.focus(); });
  dialog.querySelector("[data-role=forget-confirm]").addEventListener("click", function () {
    confirmed = true;
    dialog.close();
    store.forgetEverything();
    exportedThisVisit = false;
    redrawAfterForgetting();
    status.textContent = "";
    status.textContent = FORGOTTEN;
    status.focus();
  });
  section.setAttribute("data-ready", "true");
}

export function setUp() {
  // each part in a step of its own (page.js later): on a phone they were one long task together
  var box = document.querySelector("[data-role=record]");
  if (box && box.getAttribute("data-ready") !== "true") later(function () { setUpRecord(box); });
  var profile = document.querySelector("[data-role=profile]");
  if (profile) later(function () { setUpProfile(profile); });
  var reflections = document.querySelector("[data-role=reflections]");
  if (reflections && reflections.getAttribute("data-ready") !== "true") later(function () {
    buildReflections(reflections);
    reflections.setAttribute("data-ready", "true");
  });
  var panel = document.querySelector("[data-role=certificate-panel]");
  if (panel) later(function () { setUpCertificate(panel); });
  var forget = document.querySelector("[data-role=forget]");
  if (forget && forget.getAttribute("data-ready") !== "true") later(function () { setUpForget(forget); });
  // its own parts once (the parts that redraw with it, reviews and banner, draw themselves when set up), then shown
  later(function () {
    try { draw(); }
    finally { showParts(); }
  });
}

/* The stylesheet leaves the record page's parts unrendered until this (the theme restyles the whole page several
 * times as it starts; the parts are half the page's elements): shown once the learner's own record is in them.
 * Each part is shown and laid out in a step of its own: shown together, the next frame laid out the whole record
 * page in one task, a long one on a phone. */
function showParts() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-record-part"), function (part) {
    later(function () {
      part.setAttribute("data-drawn", "true");
      part.getBoundingClientRect(); // its layout now, in this step
    });
  });
}

