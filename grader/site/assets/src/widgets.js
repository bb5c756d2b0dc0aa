/* Question widgets. Initialised through mkdocs-material's
 * document$ (instant navigation), idempotently: a widget is set up once. What
 * differs by question type lives in grader/items/<type>/widget.js, listed in the
 * registry item-widgets.js that `make js` generates: each exports
 *   read(w) -> {response} or {error}, show(w, response), details(w, response, ev) -> HTML,
 * and optionally setUp(w) (once, before the answer is restored), clear(w) (before
 * the inputs are emptied), beforeCommit(w) (on Check; false stops it there) and
 * answered(w, response, ev) (with the feedback: marks what was right in the inputs,
 * with widget-kit's answerMark; the marks are cleared for a fresh attempt). Progress bars: progress.js. */
import { WIDGETS } from "./item-widgets.js";
import { later } from "./page.js";
import * as pager from "./pager.js";
import { refresh as refreshProgress } from "./progress.js";
import * as scoring from "./scoring.js";
import * as store from "./store.js";
import { clearAnswerMarks, pct } from "./widget-kit.js";

export { hash, shuffled } from "./widget-kit.js"; // the window.MSKCPD facade offers them

// --- the parts that differ by question type ------------------------------
/* A type with no widget module: nothing to read, so Check says so. */
var UNKNOWN_TYPE = {
  read: function () { return { error: "Unknown question type." }; },
  show: function () {},
  details: function () { return ""; }
};
function kind(w) {
  return Object.prototype.hasOwnProperty.call(WIDGETS, w.item.type) ? WIDGETS[w.item.type] : UNKNOWN_TYPE;
}

/* Empty the inputs (a fresh attempt), after the type's own clear(w). */
function clearResponse(w) {
  if (kind(w).clear) kind(w).clear(w);
  clearAnswerMarks(w.form);
  Array.prototype.forEach.call(w.form.querySelectorAll("input"), function (i) {
    if (i.type === "text") i.value = ""; else i.checked = false;
  });
  Array.prototype.forEach.call(w.form.querySelectorAll("select"), function (s) { s.value = ""; });
}

// --- feedback ------------------------------------------------------------
var VERDICTS = {
  correct: ["\u2714", "Correct."],
  partial: ["\u25D0", "Partly correct."],
  incorrect: ["\u2718", "Not correct."],
  unsafe: ["\u26A0", "Unsafe answer."],
  unit_mismatch: ["\u2718", "Not correct: check the unit."]
};

// --- where answers go ------------------------------------------------------
/* A widget's first answer goes to the record (the recorded score); on a
 * spaced-review page it goes to the review instead (reviews.js), so a review
 * never changes the first-answer record. */
var RECORD = {
  recorded: function (w) { return store.load().items[w.item.id]; },
  commit: function (w, response, ev) { return store.commit(w.item.id, w.module, response, ev, w.key); },
  note: function (practice, score) {
    return practice
      ? "Practice attempt: your recorded score for this question stays at " + pct(score) + "."
      : "Recorded score for this question: " + pct(score) + ".";
  }
};
var reviewAnswers = null;
/* On a page with spaced reviews, where a review widget's answers go (reviews.js). */
export function useReviewAnswers(reviewStore) { reviewAnswers = reviewStore; }
function answers(w) { return w.review && reviewAnswers ? reviewAnswers : RECORD; }

function showFeedback(w, response, ev, recorded, practice) {
  var v = VERDICTS[ev.status] || VERDICTS.incorrect;
  var scoreNote = ev.status === "partial" ? " Score " + pct(ev.score) + "." : "";
  var recordNote = answers(w).note(practice, recorded.score);
  w.feedbackBox.className = "mskcpd-feedback mskcpd-feedback--" + ev.status;
  w.feedbackBox.innerHTML =
    '<p class="mskcpd-verdict"><span aria-hidden="true">' + v[0] + "</span> " + v[1] + scoreNote + "</p>" +
    '<p class="mskcpd-recorded">' + recordNote + "</p>" + kind(w).details(w, response, ev);
  clearAnswerMarks(w.form);
  if (kind(w).answered) kind(w).answered(w, response, ev);
}

// --- state ---------------------------------------------------------------
function lock(w, locked) {
  w.fieldset.disabled = locked;
  w.checkButton.hidden = locked;
  w.retryButton.hidden = !locked;
}

function commit(w, event) {
  event.preventDefault();
  if (kind(w).beforeCommit && !kind(w).beforeCommit(w)) return;
  var read = kind(w).read(w);
  if (read.error) { w.errorBox.textContent = read.error; return; }
  w.errorBox.textContent = "";
  var ev = scoring.evaluate(w.item, read.response);
  var practice = !!answers(w).recorded(w);
  var recorded = answers(w).commit(w, read.response, ev);
  showFeedback(w, read.response, ev, recorded, practice);
  lock(w, true);
  w.retryButton.focus();
  refreshProgress();
  w.section.dispatchEvent(new CustomEvent("mskcpd:committed", { bubbles: true, detail: { item: w.item.id } }));
}

function retry(w) {
  clearResponse(w);
  w.feedbackBox.innerHTML = "";
  w.errorBox.textContent = "";
  lock(w, false);
  var first = w.fieldset.querySelector("input, select, button");
  if (first) first.focus();
}

function setUp(section) {
  if (section.getAttribute("data-ready") === "true") return;
  var data = JSON.parse(section.getAttribute("data-item"));
  var w = {
    section: section, item: data.item, feedback: data.feedback, module: data.module, key: data.key,
    form: section.querySelector("form"), fieldset: section.querySelector("fieldset"),
    checkButton: section.querySelector("[data-role=check]"), retryButton: section.querySelector("[data-role=retry]"),
    feedbackBox: section.querySelector("[data-role=feedback]"), errorBox: section.querySelector("[data-role=error]"),
    announce: section.querySelector("[data-role=announce]")
  };
  if (kind(w).setUp) kind(w).setUp(w);
  w.form.addEventListener("submit", function (e) { commit(w, e); });
  w.retryButton.addEventListener("click", function () { retry(w); });
  w.review = !!section.closest("[data-review-module]");
  section.mskcpdWidget = w;
  if (!w.review) restore(section); // reviews.js restores a review's answers once it knows which review is open
  section.setAttribute("data-ready", "true");
}

/* Show a widget's committed answer with its feedback, or a fresh widget if there is none. */
export function restore(section) {
  var w = section.mskcpdWidget;
  if (!w) return;
  var entry = answers(w).recorded(w);
  if (entry) {
    var ev = scoring.evaluate(w.item, entry.response), was = entry.score;
    // an answer given before the question's answer key changed is marked again by the current key
    var rekeyed = !w.review && w.key && entry.key !== w.key ? store.rekey(w.item.id, ev, w.key) : null;
    if (rekeyed) entry = rekeyed.entry;
    kind(w).show(w, entry.response);
    showFeedback(w, entry.response, ev, entry, false);
    if (rekeyed && rekeyed.changed) {
      w.feedbackBox.insertAdjacentHTML("afterbegin", '<p class="mskcpd-rescored">The course has corrected this ' +
        "question's answer key since you answered, so your answer has been marked again: your recorded score for it " +
        "is now " + pct(entry.score) + " (it was " + pct(was) + ").</p>");
      refreshProgress();
      section.dispatchEvent(new CustomEvent("mskcpd:committed", { bubbles: true, detail: { item: w.item.id } }));
    }
    lock(w, true);
  } else {
    clearResponse(w);
    w.feedbackBox.innerHTML = "";
    w.errorBox.textContent = "";
    lock(w, false);
  }
}

/* A fresh attempt at `module` (after the learner confirms it on the results screen):
 * its answers move to the record's earlier attempts and the page's questions are cleared. */
function restartModule(module) {
  store.restartModule(module);
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-bank[data-module='" + module.id + "'] .mskcpd-item"), function (section) {
    var w = section.mskcpdWidget;
    if (w) { retry(w); }
  });
  refreshProgress();
}

export function init() {
  var hooks = { restart: restartModule, ready: setUp };
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-bank"), function (bank) {
    if (!pager.waiting(bank)) { pager.setUp(bank, hooks); return; } // paged already, or it cannot be
    // the question the learner sees first now, before the pager shows it (so its options never move on screen);
    // the pager in a task of its own (page.js later), since on a phone the two together were a long task
    var first = pager.opening(bank);
    if (first) setUp(first);
    later(function () { pager.setUp(bank, hooks); });
  });
  // A question a paged bank hides is set up when the pager shows it (pager.js calls setUp then): setting up two
  // dozen questions nobody sees yet would keep a phone busy while the learner starts on the first. Any other
  // question on show (a case study's, a review's) is set up in a step of its own. (A bank still without data-paged
  // is one whose pager is to come: pager.setUp marks every other.)
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-item"), function (section) {
    if (!section.hidden && !section.closest(".mskcpd-bank:not([data-paged])")) later(function () { setUp(section); });
  });
}

/* Set one question up now, if it is not yet (reviews.js, as it shows a review's questions). */
export { setUp as setUpQuestion };
