/* Multiple response: check boxes, shuffled unless the item's order is fixed. */
import { answerMark, ids, reorder, shuffled, verdict } from "../../site/assets/src/widget-kit.js";

export function setUp(w) {
  if (w.section.getAttribute("data-fixed-order") === "true") return;
  var box = w.section.querySelector(".mskcpd-options");
  reorder(box, shuffled(Array.prototype.slice.call(box.children), w.item.id));
}

export function read(w) {
  var all = Array.prototype.map.call(w.form.querySelectorAll("input:checked"), function (i) { return i.value; });
  return all.length ? { response: all } : { error: "Choose at least one answer first." };
}

export function show(w, response) {
  var chosen = [].concat(response);
  Array.prototype.forEach.call(w.form.querySelectorAll("input"), function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
  return "<ul class=\"mskcpd-fb-list\">" + ids(item.options).map(function (id) {
    var chose = response.indexOf(id) >= 0, right = item.answer.indexOf(id) >= 0;
    var label = chose ? (right ? verdict(true, "Right:") + "you chose this, and it is right." : verdict(false, "Not right:") + "you chose this, but it is not right.")
                      : (right ? verdict(false, "Missed:") + "this is right, and you did not choose it." : verdict(true, "Rightly left out:") + "you did not choose this, and it is not right.");
    return "<li><p><strong>" + fb.options[id].text + "</strong>: " + label + "</p>" + fb.options[id].feedback + "</li>";
  }).join("") + "</ul>";
}

/* After Check: every right option marked, and each chosen one that is not right. */
export function answered(w, response) {
  Array.prototype.forEach.call(w.section.querySelectorAll(".mskcpd-option"), function (row) {
    var id = row.getAttribute("data-option-id"), chose = response.indexOf(id) >= 0, right = w.item.answer.indexOf(id) >= 0;
    if (right) answerMark(row, row.querySelector("label"), true, chose ? "Right answer (your choice)" : "Right answer (you did not choose it)");
    else if (chose) answerMark(row, row.querySelector("label"), false, "Not right (your choice)");
  });
}
