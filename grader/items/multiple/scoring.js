/* Multiple response: (right picks - wrong picks) / right answers, never below 0. */
import { graded, ids, INVALID, isIdList, unique } from "../../site/assets/src/scoring-kit.js";

export function score(item, response) {
  var optionIds = ids(item.options);
  if (!isIdList(response) || !unique(response) || !response.every(function (r) { return optionIds.indexOf(r) >= 0; })) return INVALID();
  var hits = response.filter(function (r) { return item.answer.indexOf(r) >= 0; }).length;
  var wrong = response.length - hits;
  return graded(Math.max(0, (hits - wrong) / item.answer.length));
}
