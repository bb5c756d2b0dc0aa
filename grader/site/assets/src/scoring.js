/* Scoring: the browser's copy of the Python rules. Each question type's rule is
 * grader/items/<type>/scoring.js (`score(item, response)`), listed in the
 * registry item-scoring.js that `make js` generates; here is what every type
 * shares. Pure functions, item data in the same shape as the YAML. The
 * conformance cases in conformance/scoring-cases.json run against both copies. */
import { SCORING } from "./item-scoring.js";
import { isEmpty, UNANSWERED } from "./scoring-kit.js";

export { rubricMet } from "../../../items/free_text/scoring.js"; // for the importers of old

/* The rule of each item type: {type: score(item, response)}. */
export var RULES = {};
Object.keys(SCORING).forEach(function (type) { RULES[type] = SCORING[type].score; });

export function evaluate(item, response) {
  var rule = Object.prototype.hasOwnProperty.call(RULES, item.type) ? RULES[item.type] : null;
  if (!rule) throw new Error("unknown item type " + item.type);
  if (isEmpty(response)) return UNANSWERED();
  return rule(item, response);
}
