/* Free text: a written answer with a running count of characters; feedback per rubric criterion. */
import { mark } from "../../site/assets/src/widget-kit.js";
import { rubricMet } from "./scoring.js";

export function setUp(w) {
  var area = w.section.querySelector("textarea"), count = w.section.querySelector("[data-role=count]");
  var max = w.item.max_length || 3000;
  area.addEventListener("input", function () { count.textContent = Array.from(area.value).length + " of " + max + " characters."; });
}

export function read(w) {
  var written = w.form.querySelector("textarea").value;
  if (!written.trim()) return { error: "Write your answer first." };
  return { response: written };
}

export function show(w, response) {
  w.form.querySelector("textarea").value = typeof response === "string" ? response : "";
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
  var met = rubricMet(item, response);
  return '<p>This is a provisional score from keywords; your CPD lead reviews written answers.</p><ul class="mskcpd-fb-list">' +
    item.rubric.map(function (c) {
      var ok = met.indexOf(c.id) >= 0;
      return "<li><p><strong>" + fb.rubric[c.id].criterion + "</strong>: " + (ok ? mark(true) + "your answer covers this." : mark(false) + "your answer does not seem to cover this.") + "</p>" + fb.rubric[c.id].feedback + "</li>";
    }).join("") + "</ul>";
}
