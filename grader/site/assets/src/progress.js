/* Progress bars (.mskcpd-progress; progress.html.j2 draws each at its final height): each module's answered
 * questions and state, and on a module's overview the next step (Start, Resume at question N, or the result).
 * Its own part, so pages that only show progress (home, My CPD record) load no question widgets. */
import * as results from "./results.js";
import * as store from "./store.js";
import { pct, text } from "./widget-kit.js";

var STATES = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "below-pass-mark": "All answered, below the pass mark",
  "completed": "\u2714 Completed"
};
var progressCount = 0;

/* The module's first unanswered question (its number and id), or null. */
function resumePoint(record, m) {
  for (var n = 0; n < m.items.length; n++) if (!record.items[m.items[n]]) return { number: n + 1, id: m.items[n] };
  return null;
}

/* On a module's overview: where to go next (Start, Resume at question N, or the results). */
function nextStep(record, m, s) {
  var questions = store.siteUrl(m.questions);
  if (s.state === "not-started") {
    var again = ((record.modules[m.id] || {}).attempts || []).length > 0;
    var first = again ? null : (m.pages || [])[1]; // the first lesson, after the overview
    var href = first && first.path !== m.questions ? store.siteUrl(first.path) : questions;
    return '<p class="mskcpd-next-step"><a class="md-button md-button--primary" href="' + text(href) + '">' +
      (again ? "Start your fresh attempt" : "Start") + "</a>" +
      (first && !again ? " with the first lesson, " + text(first.title) + "." : "") + "</p>";
  }
  if (s.state === "in-progress") {
    var at = resumePoint(record, m);
    return '<p class="mskcpd-next-step"><a class="md-button md-button--primary" href="' + text(questions + "#q-" + at.id) + '">' +
      "Resume at question " + at.number + "</a></p>";
  }
  return '<p class="mskcpd-next-step">' + (s.state === "completed"
    ? "Result: passed, with a recorded score of " + pct(s.score) + " (pass mark " + pct(store.catalogue().pass_mark) + "). "
    : "Result: not passed yet, with a recorded score of " + pct(s.score) + " (pass mark " + pct(store.catalogue().pass_mark) + "). ") +
    '<a href="' + text(questions + "#results") + '">See your results</a></p>';
}

function renderProgress(box) {
  var record = store.load(), cat = store.catalogue();
  var wanted = box.getAttribute("data-module");
  var onQuestions = wanted && document.querySelector(".mskcpd-bank[data-module='" + wanted + "']");
  var modules = cat.modules.filter(function (m) { return !wanted || m.id === wanted; });
  box.innerHTML = modules.map(function (m) {
    var s = store.moduleStatus(record, m), id = "mskcpd-progress-" + (++progressCount);
    var finished = s.answered === s.total && s.total > 0;
    // while an attempt is under way, how it is going; never the score over the whole bank, which looks like failing
    var how = finished ? ", recorded score " + pct(s.score) + ". " : ". " + (s.answered ? results.soFar(record, m) + " " : "");
    return '<div class="mskcpd-progress-row mskcpd-progress--' + s.state + '">' +
      '<p id="' + id + '" class="mskcpd-progress-label"><a href="' + text(store.siteUrl(m.overview)) + '">Module ' + m.number + ": " + text(m.title) + "</a></p>" +
      '<progress max="' + s.total + '" value="' + s.answered + '" aria-labelledby="' + id + '" aria-describedby="' + id + '-text"></progress>' +
      '<p id="' + id + '-text" class="mskcpd-progress-text">' + s.answered + " of " + s.total + " questions answered" + how + STATES[s.state] + "</p>" +
      (s.state === "below-pass-mark" && onQuestions
        ? "<p>Your recorded score is below the pass mark of " + pct(cat.pass_mark) + '. <a href="#results">Your results</a> ' +
          "offer a fresh attempt.</p>"
        : "") +
      (wanted && !onQuestions ? nextStep(record, m, s) : "") + "</div>";
  }).join("");
}

/* Draw the page's progress bars: only them (a part that redraws with them, onRefresh, draws itself when set up). */
export function init() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-progress"), renderProgress);
}

var listeners = [];
/* Run `listener` after the progress bars are redrawn (the record page redraws with them). */
export function onRefresh(listener) { listeners.push(listener); }

/* Redraw the progress bars after an answer, an import or a fresh attempt, and whatever redraws with them. */
export function refresh() {
  init();
  listeners.forEach(function (listener) { listener(); });
}
