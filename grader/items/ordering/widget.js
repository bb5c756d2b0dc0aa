/* Ordering: rows moved with Move up / Move down buttons; shuffled, never starting solved. */
import { mark, reorder, shuffled } from "../../site/assets/src/widget-kit.js";

function move(w, button) {
  var row = button.closest(".mskcpd-order-row"), list = row.parentNode;
  var up = button.getAttribute("data-move") === "up";
  var sibling = up ? row.previousElementSibling : row.nextElementSibling;
  var label = row.querySelector(".mskcpd-order-text").textContent;
  if (sibling) {
    list.insertBefore(row, up ? sibling : sibling.nextElementSibling);
    button.focus();
  }
  var position = Array.prototype.indexOf.call(list.children, row) + 1;
  w.announce.textContent = sibling
    ? label + " moved to position " + position + " of " + list.children.length + "."
    : label + " is already " + (up ? "first" : "last") + ".";
}

export function setUp(w) {
  var list = w.section.querySelector(".mskcpd-order");
  var rows = shuffled(Array.prototype.slice.call(list.children), w.item.id);
  var order = rows.map(function (r) { return r.getAttribute("data-option-id"); });
  if (order.join() === w.item.answer.join()) rows.push(rows.shift()); // never start solved
  reorder(list, rows);
  list.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-move]");
    if (b) move(w, b);
  });
}

export function read(w) {
  return { response: Array.prototype.map.call(w.form.querySelectorAll(".mskcpd-order-row"), function (li) { return li.getAttribute("data-option-id"); }) };
}

export function show(w, response) {
  var list = w.form.querySelector(".mskcpd-order");
  var rows = {};
  Array.prototype.forEach.call(list.children, function (li) { rows[li.getAttribute("data-option-id")] = li; });
  response.forEach(function (id) { if (rows[id]) list.appendChild(rows[id]); });
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
  var yours = "<p><strong>Your order:</strong></p><ol>" + response.map(function (id, i) {
    return "<li>" + mark(item.answer[i] === id) + fb.options[id].text + "</li>";
  }).join("") + "</ol>";
  var right = "<p><strong>The right order:</strong></p><ol>" + item.answer.map(function (id) {
    return "<li>" + fb.options[id].text + fb.options[id].feedback + "</li>";
  }).join("") + "</ol>";
  return yours + right + fb.general;
}
