/* The results screen at the end of a module's questions (pager.js shows it when the
 * learner's first answer to the last unanswered question is in): the recorded score
 * against the pass mark, passed or not yet, the CPD minutes earned, the first spaced
 * review's date (the rule of reviews.js: completion day + the first interval), links
 * to the reflection and the certificate, and, below the pass mark, a fresh attempt
 * after a confirmation (a native <dialog>: focus starts on Cancel, Escape cancels). */
import * as reviews from "./reviews.js";
import * as store from "./store.js";
import { pct, text } from "./widget-kit.js";

function minutes(n) { return n + " minute" + (n === 1 ? "" : "s"); }

/* How many of the answered questions were right, and partly right. */
export function tally(record, module) {
  var right = 0, partly = 0, answered = 0;
  module.items.forEach(function (id) {
    var e = record.items[id];
    if (!e) return;
    answered++;
    if (e.score >= 1 - 1e-9) right++; else if (e.score > 0) partly++;
  });
  return { answered: answered, right: right, partly: partly };
}

/* "2 of 4 answered correctly so far (1 more partly correct)": progress within this attempt. */
export function soFar(record, module) {
  var t = tally(record, module);
  if (!t.answered) return "";
  return t.right + " of " + t.answered + " answered correctly so far" +
    (t.partly ? " (" + t.partly + " more partly correct)" : "") + ".";
}

function reviewLine(record, module) {
  var st = reviews.status(record, module);
  if (st.state === "locked") return "Spaced reviews start when you pass.";
  if (st.state === "finished") return "You have done all " + st.total + " spaced reviews of this module.";
  var when = st.state === "due" ? "is due now" : "falls due on " + reviews.longDay(st.due);
  return (st.slot === 1 ? "Your first spaced review " : "Your next spaced review (" + st.slot + " of " + st.total + ") ") + when + ".";
}

/* Fill the results screen from the learner's record. */
export function render(box, module) {
  if (!module) return;
  var record = store.load(), cat = store.catalogue(), s = store.moduleStatus(record, module), t = tally(record, module);
  var passed = s.state === "completed";
  var rows = [
    ["Your recorded score", pct(s.score) + " (" + t.right + " of " + s.total + " answered correctly" + (t.partly ? ", " + t.partly + " partly" : "") + ")"],
    ["Pass mark", pct(cat.pass_mark)],
    ["Result", passed ? '<span aria-hidden="true">\u2714 </span>Passed: module completed' : "Not passed yet"],
    ["CPD time earned", passed ? minutes(module.cpd_minutes || 0) + ", now in your CPD record"
      : "None yet: the module's " + minutes(module.cpd_minutes || 0) + " count once your recorded score reaches the pass mark"],
    ["Spaced review", text(reviewLine(record, module))]
  ];
  box.querySelector("[data-role=results-summary]").innerHTML =
    '<p class="mskcpd-results-verdict mskcpd-results-verdict--' + (passed ? "passed" : "not-yet") + '">' +
    (passed ? "You passed this module." : "You have answered every question. Your recorded score is below the pass mark.") + "</p>" +
    '<dl class="mskcpd-results-facts">' + rows.map(function (r) { return "<dt>" + r[0] + "</dt><dd>" + r[1] + "</dd>"; }).join("") + "</dl>";
  box.querySelector("[data-role=restart-offer]").hidden = passed;
}

/* Wire the fresh-attempt button and its confirmation; `restart()` does the fresh attempt. */
export function setUp(box, restart) {
  if (box.getAttribute("data-ready") === "true") return;
  var open = box.querySelector("[data-role=restart]"), dialog = box.querySelector("[data-role=restart-dialog]");
  var confirmed = false;
  open.addEventListener("click", function () {
    confirmed = false;
    dialog.showModal();
    dialog.querySelector("[data-role=restart-cancel]").focus(); // the safer choice first
  });
  dialog.querySelector("[data-role=restart-cancel]").addEventListener("click", function () { dialog.close(); });
  // Escape fires "cancel" and closes the dialog; either way focus goes back to the button
  dialog.addEventListener("close", function () { if (!confirmed) open.focus(); });
  dialog.querySelector("[data-role=restart-confirm]").addEventListener("click", function () {
    confirmed = true;
    dialog.close();
    restart();
  });
  box.setAttribute("data-ready", "true");
}
