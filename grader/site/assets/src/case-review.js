/* After a case-study answer is submitted (cases.js): for a written answer, the model
 * answer and the rubric, with the learner's self-assessment against it; and, once the
 * case is finished, a readable summary to print or save as PDF.
 *
 * The model answers are not in the case page (its source, the DOM, the search index):
 * they are a script of their own (render.model_answer_scripts) that this loads only
 * once the learner has submitted a written answer. A script, not a fetch, so that it
 * loads from disk too. */
import { WIDGETS } from "./item-widgets.js";
import * as scoring from "./scoring.js";
import * as store from "./store.js";
import { longDate, text } from "./widget-kit.js";

export var SELF_ASSESSED = "self-assessed";

// --- model answers ------------------------------------------------------------------
var waiting = {};
/* Call `done(answers)` with the case's model answers by question id (null if they cannot be loaded). */
export function modelAnswers(caseId, done) {
  var loaded = (window.MSKCPD_MODEL_ANSWERS || {})[caseId];
  if (loaded) { done(loaded); return; }
  if (waiting[caseId]) { waiting[caseId].push(done); return; }
  waiting[caseId] = [done];
  var script = document.createElement("script");
  function finish() {
    var answers = (window.MSKCPD_MODEL_ANSWERS || {})[caseId] || null, calls = waiting[caseId];
    delete waiting[caseId];
    calls.forEach(function (call) { call(answers); });
  }
  script.onload = finish;
  script.onerror = function () { script.remove(); finish(); };
  script.src = store.siteUrl("mskcpd/model-answers/" + encodeURIComponent(caseId) + ".js");
  document.head.appendChild(script);
}

// --- self-assessment ----------------------------------------------------------------
function points(c) { return c.points === undefined ? 1 : c.points; }

/* The share of the rubric's points in the criteria `met`. */
export function rubricScore(item, met) {
  var got = 0, total = 0;
  item.rubric.forEach(function (c) { total += points(c); if (met.indexOf(c.id) >= 0) got += points(c); });
  return total ? got / total : 0;
}

function pointsText(item, met) {
  var got = 0, total = 0;
  item.rubric.forEach(function (c) { total += points(c); if (met.indexOf(c.id) >= 0) got += points(c); });
  return got + " of " + total + " rubric point" + (total === 1 ? "" : "s") + " met";
}

function assessmentOf(caseId, itemId) {
  var entry = (store.load().cases || {})[caseId] || {};
  return (entry.self_assessed || {})[itemId] || null;
}

/* A written answer's panel, below its feedback: the model answer and the rubric as a
 * checklist the learner ticks. Shown only once the answer is recorded. `onSaved` runs
 * after the learner saves and once the model answer is in. */
export function showSelfAssessment(section, caseId, onSaved) {
  var w = section.mskcpdWidget;
  if (!w || w.item.type !== "free_text" || !store.load().items[w.item.id]) return;
  var panel = section.querySelector("[data-role=self-assess]");
  if (panel) return;
  var id = "q-" + w.item.id + "-self", saved = assessmentOf(caseId, w.item.id), met = saved ? saved.met : [];
  panel = document.createElement("div");
  panel.className = "mskcpd-self-assess";
  panel.setAttribute("data-role", "self-assess");
  panel.innerHTML =
    '<h4 id="' + id + '-model-title">Model answer</h4>' +
    '<div class="mskcpd-model-answer" data-role="model-answer" aria-labelledby="' + id + '-model-title"><p>Loading the model answer\u2026</p></div>' +
    '<form data-role="self-assess-form" novalidate><fieldset><legend>Check your answer against the rubric</legend>' +
    '<p class="mskcpd-hint" id="' + id + '-hint">Compare your answer with the model answer, then tick each point of the rubric your answer met. ' +
    "This is your own assessment: it is recorded as self-assessed, and a CPD lead\u2019s confirmed score replaces it.</p>" +
    w.item.rubric.map(function (c, i) {
      var box = id + "-" + i;
      return '<div class="mskcpd-check"><input type="checkbox" id="' + box + '" value="' + text(c.id) + '" aria-describedby="' + id + '-hint"' +
        (met.indexOf(c.id) >= 0 ? " checked" : "") + '><label for="' + box + '">' + w.feedback.rubric[c.id].criterion +
        " (" + points(c) + " point" + (points(c) === 1 ? "" : "s") + ")</label></div>";
    }).join("") +
    '</fieldset><div class="mskcpd-actions"><button type="submit" class="md-button">Save my self-assessment</button></div>' +
    '<p class="mskcpd-saved" role="status" aria-live="polite" data-role="self-assess-status">' +
    (saved ? "Saved: " + pointsText(w.item, met) + " (" + SELF_ASSESSED + ")." : "") + "</p></form>";
  section.appendChild(panel);
  var form = panel.querySelector("form"), status = panel.querySelector("[data-role=self-assess-status]");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var ticked = Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    store.selfAssess(caseId, w.item.id, ticked, rubricScore(w.item, ticked));
    status.textContent = "Saved: " + pointsText(w.item, ticked) + " (" + SELF_ASSESSED + ").";
    if (onSaved) onSaved();
  });
  modelAnswers(caseId, function (answers) {
    var box = panel.querySelector("[data-role=model-answer]");
    box.innerHTML = answers && answers[w.item.id]
      ? answers[w.item.id]
      : "<p>The model answer could not be loaded. Reload the page to try again; your answer and your ticks are kept.</p>";
    if (onSaved) onSaved(); // the summary shows the model answer too
  });
}

// --- the summary ----------------------------------------------------------------------
function day(iso) {
  return iso ? longDate(new Date(iso)) : "";
}
function pct(x) { return Math.round(x * 100) + "%"; }

/* A recorded response in words, from the question's own data. */
export function describe(item, response) {
  function option(id) {
    var list = item.options || item.choices || [];
    var found = list.filter(function (o) { return o.id === id; })[0];
    if (found) return found.text;
    (item.nodes || []).forEach(function (n) { n.choices.forEach(function (c) { if (c.id === id) found = c; }); });
    return found ? found.text : String(id);
  }
  if (response === null || response === undefined) return "<p>No answer.</p>";
  if (typeof response === "string") {
    return "<p>" + text(item.options || item.nodes ? option(response) : response).replace(/\n/g, "<br>") + "</p>";
  }
  if (Array.isArray(response)) return "<ol>" + response.map(function (id) { return "<li>" + text(option(id)) + "</li>"; }).join("") + "</ol>";
  if (typeof response === "object" && "value" in response) {
    return "<p>" + text(String(response.value) + (response.unit ? " " + response.unit : "")) + "</p>";
  }
  if (typeof response === "object") {
    return "<ul>" + (item.premises || []).map(function (p) {
      return "<li>" + text(p.text) + ": " + text(response[p.id] ? option(response[p.id]) : "no match chosen") + "</li>";
    }).join("") + "</ul>";
  }
  return "<p>" + text(String(response)) + "</p>";
}

function feedbackHtml(w, response) {
  var ev = scoring.evaluate(w.item, response), kind = WIDGETS[w.item.type];
  var words = { correct: "Correct.", partial: "Partly correct.", incorrect: "Not correct.", unsafe: "Unsafe answer.", unit_mismatch: "Not correct: check the unit." };
  var details = "";
  try { details = kind && kind.details ? kind.details(w, response, ev) : ""; } catch { details = ""; }
  return '<p class="mskcpd-verdict">' + (words[ev.status] || words.incorrect) + " Recorded score " + pct(ev.score) + ".</p>" + details;
}

function questionSummary(section, caseId, number, total) {
  var w = section.mskcpdWidget, entry = store.load().items[w.item.id];
  var stem = section.querySelector("legend").innerHTML;
  var html = '<section class="mskcpd-summary-question"><h4>Question ' + number + " of " + total + "</h4>" +
    '<div class="mskcpd-summary-stem">' + stem + "</div>" +
    "<h5>Your answer</h5>" + (entry ? describe(w.item, entry.response) : "<p>Not answered.</p>");
  if (entry) html += "<h5>Feedback</h5>" + feedbackHtml(w, entry.response);
  if (w.item.type === "free_text") {
    var answers = (window.MSKCPD_MODEL_ANSWERS || {})[caseId] || {}, mine = assessmentOf(caseId, w.item.id);
    if (answers[w.item.id]) html += "<h5>Model answer</h5>" + answers[w.item.id];
    html += "<h5>Your self-assessment</h5>" + (mine
      ? "<p>" + pointsText(w.item, mine.met) + " (" + SELF_ASSESSED + ").</p><ul>" + w.item.rubric.map(function (c) {
          return "<li>" + (mine.met.indexOf(c.id) >= 0 ? "Met: " : "Not met: ") + w.feedback.rubric[c.id].criterion + "</li>";
        }).join("") + "</ul>"
      : "<p>Not self-assessed yet: tick the rubric points you met under the question.</p>");
  }
  return html + "</section>";
}

/* The case's figures as the record holds them, in words. */
export function figuresHtml(status) {
  var rows = [["Finished on", day(status.completed)]];
  if (status.confirmed) rows.push(["Score confirmed by your CPD lead", pct(status.confirmed.score)]);
  else {
    rows.push(["Score on the auto-marked questions", status.score === null ? "None in this case" : pct(status.score) + " (" + status.scored + " question" + (status.scored === 1 ? "" : "s") + ")"]);
    var own = Object.keys(status.self_assessed);
    if (own.length) {
      var mean = own.reduce(function (sum, k) { return sum + status.self_assessed[k].score; }, 0) / own.length;
      rows.push(["Written answers", pct(mean) + " of the rubric points (" + SELF_ASSESSED + ")"]);
    }
  }
  rows.push(["CPD minutes", String(status.minutes)]);
  return '<dl class="mskcpd-summary-figures">' + rows.map(function (r) { return "<div><dt>" + text(r[0]) + "</dt><dd>" + text(r[1]) + "</dd></div>"; }).join("") + "</dl>";
}

/* Fill the case's summary (the parts, the learner's answers, the feedback, the self-assessment). */
export function renderSummary(box, status, applicable) {
  var summary = box.querySelector("[data-role=case-summary]");
  if (!summary) return;
  summary.hidden = !status.finished;
  if (!status.finished) return;
  var caseId = box.getAttribute("data-case-id"), me = store.load().learner || {};
  var shown = Array.prototype.filter.call(box.querySelectorAll(".mskcpd-item"), applicable), number = 0;
  var html = "<p>Case study: <strong>" + text(box.getAttribute("data-case-title") || "") + "</strong>" +
    (me.name ? ", by " + text(me.name) : "") + ".</p>" + figuresHtml(status);
  Array.prototype.forEach.call(box.querySelectorAll(".mskcpd-stage"), function (stage) {
    var mine = shown.filter(function (s) { return stage.contains(s); });
    if (!mine.length) return;
    html += "<h3>" + text(stage.querySelector("h2").textContent) + "</h3>" +
      mine.map(function (s) { number++; return questionSummary(s, caseId, number, shown.length); }).join("");
  });
  summary.querySelector("[data-role=summary-body]").innerHTML = html;
}
