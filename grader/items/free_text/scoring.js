/* Free text: a provisional score from the rubric's keywords; a person reviews every answer. */
import { codePoints, graded, INVALID, result, UNANSWERED } from "../../site/assets/src/scoring-kit.js";

function fold(text) { return text.toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

/* The ids of the rubric criteria whose keywords the text contains. */
export function rubricMet(item, text) {
  var folded = fold(text);
  return item.rubric.filter(function (c) {
    return c.keywords.some(function (k) { return folded.indexOf(fold(k)) >= 0; });
  }).map(function (c) { return c.id; });
}

export function score(item, response) {
  if (typeof response !== "string") return INVALID();
  if (!response.trim()) return UNANSWERED();
  if (codePoints(response) > (item.max_length || 3000)) return result(0, "out_of_range");
  var met = rubricMet(item, response), got = 0, total = 0;
  item.rubric.forEach(function (c) {
    var points = c.points === undefined ? 1 : c.points;
    total += points;
    if (met.indexOf(c.id) >= 0) got += points;
  });
  var r = graded(got / total);
  r.needs_review = true;
  return r;
}
