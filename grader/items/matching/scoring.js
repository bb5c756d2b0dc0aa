/* Matching: the share of premises matched to their right choice. */
import { graded, ids, INVALID, isPlainObject } from "../../site/assets/src/scoring-kit.js";

export function score(item, response) {
  if (!isPlainObject(response)) return INVALID();
  var premiseIds = ids(item.premises), choiceIds = ids(item.choices);
  var keys = Object.keys(response);
  var ok = keys.every(function (k) {
    var v = response[k];
    return premiseIds.indexOf(k) >= 0 && typeof v === "string" && choiceIds.indexOf(v) >= 0;
  });
  if (!ok) return INVALID();
  var right = item.premises.filter(function (p) {
    return Object.prototype.hasOwnProperty.call(response, p.id) && response[p.id] === p.answer;
  }).length;
  return graded(right / item.premises.length);
}
