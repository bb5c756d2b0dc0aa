/* Numeric: a number, {value, unit}, or text such as "150 mg" (a number, then optionally
 * the item's unit or one of its unit_options, case and spaces ignored; anything else is
 * invalid), within the tolerance; range, unit and unsafe bands checked first. A wrong
 * unit is unit_mismatch and also names the unsafe band the number lies in, if any.
 * The rule in words: grader/items/numeric/scoring.py. */
import { INVALID, isNumber, isPlainObject, result, UNANSWERED } from "../../site/assets/src/scoring-kit.js";

var EPSILON = 1e-9;
var SPACE = "[\\t\\n\\v\\f\\r \\u00a0\\u2009\\u202f]"; // the same set as scoring.py
var SPACES = new RegExp(SPACE, "g");
// a number, then the rest (the unit, if any); linear time on any text
var TEXT = new RegExp("^" + SPACE + "*([-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([\\s\\S]*)$");

function sameUnit(a, b) {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function squashed(unit) {
  return unit.replace(SPACES, "").toLowerCase();
}

/* Text such as "150 mg" as {value, unit} (unit as the item spells it, or null); null if it is not one. */
export function readText(item, text) {
  var match = TEXT.exec(text);
  if (!match) return null;
  var typed = squashed(match[2]), value = parseFloat(match[1]);
  if (!typed) return { value: value, unit: null };
  var units = [item.unit].concat(item.unit_options || []);
  for (var i = 0; i < units.length; i++) {
    if (units[i] && squashed(units[i]) === typed) return { value: value, unit: units[i] };
  }
  return null;
}

/* The first unsafe band `value` lies in (inclusive at both ends), or undefined. */
export function unsafeBand(item, value) {
  var bands = item.unsafe || [];
  for (var i = 0; i < bands.length; i++) {
    var b = bands[i];
    var aboveMin = b.min === undefined || b.min === null || value >= b.min;
    var belowMax = b.max === undefined || b.max === null || value <= b.max;
    if (aboveMin && belowMax) return i;
  }
  return undefined;
}

export function score(item, response) {
  var value = response, unit = null;
  if (typeof response === "string") {
    var read = readText(item, response);
    if (!read) return INVALID();
    value = read.value;
    unit = read.unit;
  } else if (isPlainObject(response)) {
    var extra = Object.keys(response).filter(function (k) { return k !== "value" && k !== "unit"; });
    if (extra.length) return INVALID();
    value = response.value;
    unit = response.unit === undefined ? null : response.unit;
    if (value === null || value === undefined) return UNANSWERED();
    if (unit !== null && typeof unit !== "string") return INVALID();
  }
  if (!isNumber(value)) return INVALID();
  if ((item.min !== undefined && item.min !== null && value < item.min) ||
      (item.max !== undefined && item.max !== null && value > item.max)) return result(0, "out_of_range");
  if (item.unit && unit !== null && unit.trim() && !sameUnit(unit, item.unit)) return result(0, "unit_mismatch", unsafeBand(item, value));
  var tolerance = item.tolerance || 0;
  if (Math.abs(value - item.answer) <= tolerance + EPSILON) return result(1, "correct");
  var band = unsafeBand(item, value);
  if (band !== undefined) return result(0, "unsafe", band);
  return result(0, "incorrect");
}
