/* Short answer: one text input; Enter submits the form (its default). After Check,
 * the accepted answer's feedback, or the accepted answers and why. */
import { text } from "../../site/assets/src/widget-kit.js";
import { matchedAnswer } from "./scoring.js";

function input(w) { return w.form.querySelector(".mskcpd-short-answer input"); }

export function read(w) {
  var typed = input(w).value;
  if (!typed.trim()) return { error: "Type your answer first." };
  return { response: typed }; // as typed: scoring normalises
}

export function show(w, response) {
  input(w).value = typeof response === "string" ? response : "";
}

export function details(w, response, ev) {
  var fb = w.feedback;
  var given = "<p><strong>Your answer:</strong> " + text(response) + "</p>";
  if (ev.status === "correct") return given + fb.answers[matchedAnswer(w.item, response)].feedback;
  var accepted = fb.answers.map(function (a) { return a.text; }).join("; ");
  return given + fb.incorrect + "<p><strong>Answers accepted:</strong> " + accepted + "</p>" + fb.answers[0].feedback;
}
