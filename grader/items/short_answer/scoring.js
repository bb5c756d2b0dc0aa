/* Short answer: the typed text against the accepted answers, both normalised
 * (NFKC, lower case, letters and digits only, a "." or "," kept between two
 * digits), so "PHQ-9", "phq 9" and "PHQ9" match but "7.5" never matches "75".
 * The same rule as grader/items/short_answer/scoring.py. */
import { codePoints, INVALID, result, UNANSWERED } from "../../site/assets/src/scoring-kit.js";

var DEFAULT_MAX_LENGTH = 200;
var LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
var DECIMAL_DIGIT = /^\p{Nd}$/u;

export function normalise(text) {
  var chars = Array.from(text.normalize("NFKC").toLowerCase()); // code points, as Python iterates a str
  return chars.filter(function (ch, i) {
    if (LETTER_OR_DIGIT.test(ch)) return true;
    return (ch === "." || ch === ",") && i > 0 && i < chars.length - 1 &&
      DECIMAL_DIGIT.test(chars[i - 1]) && DECIMAL_DIGIT.test(chars[i + 1]);
  }).join("");
}

/* The index of the first accepted answer that the text matches, or -1. */
export function matchedAnswer(item, text) {
  var typed = normalise(text);
  for (var i = 0; i < item.answers.length; i++) {
    if (normalise(item.answers[i].text) === typed) return i;
  }
  return -1;
}

function maxLength(item) {
  return item.max_length === undefined || item.max_length === null ? DEFAULT_MAX_LENGTH : item.max_length;
}

export function score(item, response) {
  if (typeof response !== "string") return INVALID();
  if (!response.trim()) return UNANSWERED();
  if (codePoints(response) > maxLength(item)) return result(0, "out_of_range");
  return matchedAnswer(item, response) >= 0 ? result(1, "correct") : result(0, "incorrect");
}
