/* Single best answer: the chosen option id, right or wrong. */
import { graded, ids, INVALID } from "../../site/assets/src/scoring-kit.js";

export function score(item, response) {
  if (typeof response !== "string" || ids(item.options).indexOf(response) < 0) return INVALID();
  return graded(response === item.answer ? 1 : 0);
}
