/* Single best answer: radio buttons, shuffled unless the item's order is fixed. */
import { answerMark, reorder, shuffled } from "../../site/assets/src/widget-kit.js";

export function setUp(w) {
  if (w.section.getAttribute("data-fixed-order") === "true") return;
  var box = w.section.querySelector(".mskcpd-options");
  reorder(box, shuffled(Array.prototype.slice.call(box.children), w.item.id));
}

export function read(w) {
  var picked = w.form.querySelector("input:checked");
  return picked ? { response: picked.value } : { error: "Choose an answer first." };
}

export function show(w, response) {
  var chosen = [].concat(response);
  Array.prototype.forEach.call(w.form.querySelectorAll("input"), function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
  var out = '<p><strong>Your answer:</strong> ' + fb.options[response].text + "</p>" + fb.options[response].feedback;
  if (response !== item.answer) out += '<p><strong>The best answer:</strong> ' + fb.options[item.answer].text + "</p>" + fb.options[item.answer].feedback;
  return out;
}

/* After Check: the right option marked, and the learner's own if it is not right. */
export function answered(w, response) {
  Array.prototype.forEach.call(w.section.querySelectorAll(".mskcpd-option"), function (row) {
    var id = row.getAttribute("data-option-id"), chose = id === response, right = id === w.item.answer;
    if (right) answerMark(row, row.querySelector("label"), true, chose ? "Right answer (your choice)" : "Right answer");
    else if (chose) answerMark(row, row.querySelector("label"), false, "Not right (your choice)");
  });
}
