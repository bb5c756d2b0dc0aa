/* Matching: one select per premise, its choices shuffled (the placeholder stays first). */
import { answerMark, reorder, shuffled, verdict } from "../../site/assets/src/widget-kit.js";

export function setUp(w) {
  Array.prototype.forEach.call(w.section.querySelectorAll("select"), function (s) {
    var placeholder = s.options[0];
    reorder(s, [placeholder].concat(shuffled(Array.prototype.slice.call(s.options, 1), w.item.id + ":choices")));
    s.value = "";
  });
}

export function read(w) {
  var answer = {}, missing = false;
  Array.prototype.forEach.call(w.form.querySelectorAll(".mskcpd-match"), function (row) {
    var v = row.querySelector("select").value;
    if (v) answer[row.getAttribute("data-premise-id")] = v; else missing = true;
  });
  return missing ? { error: "Choose a match for every item first." } : { response: answer };
}

export function show(w, response) {
  Array.prototype.forEach.call(w.form.querySelectorAll(".mskcpd-match"), function (row) {
    row.querySelector("select").value = response[row.getAttribute("data-premise-id")] || "";
  });
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
  return "<ul class=\"mskcpd-fb-list\">" + item.premises.map(function (p) {
    var got = response[p.id], ok = got === p.answer;
    return "<li><p><strong>" + fb.premises[p.id].text + "</strong>: " + verdict(ok, ok ? "Right:" : "Not right:") + "you chose \u201C" + (got ? fb.choices[got] : "nothing") + "\u201D" +
      (ok ? "." : "; the right match is \u201C" + fb.choices[p.answer] + "\u201D.") + "</p>" + fb.premises[p.id].feedback + "</li>";
  }).join("") + "</ul>";
}

/* After Check: beside each list, right or not, and the right match when not; the list's description. */
export function answered(w, response) {
  var fb = w.feedback, answers = Object.create(null);
  w.item.premises.forEach(function (p) { answers[p.id] = p.answer; });
  Array.prototype.forEach.call(w.form.querySelectorAll(".mskcpd-match"), function (row) {
    var id = row.getAttribute("data-premise-id"), select = row.querySelector("select"), ok = response[id] === answers[id];
    var m = answerMark(row, row, ok, ok ? "Right" : "Not right: the right match is \u201C" + fb.choices[answers[id]] + "\u201D");
    m.id = select.id + "-answer";
    select.setAttribute("aria-describedby", m.id);
    select.setAttribute("data-answer-described", "true");
  });
}
