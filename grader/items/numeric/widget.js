/* Numeric: a number typed with digits and a decimal point, optionally with the unit after it
 * ("150 mg", read by the scoring rule's readText), and a unit (chosen, typed, or the item's own). */
import { text } from "../../site/assets/src/widget-kit.js";
import { readText, score } from "./scoring.js";

function sameUnit(a, b) {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/* The units the learner may type after the number: the item's, then the ones offered. */
function units(item) {
  return [item.unit].concat(item.unit_options || []).filter(function (u) { return u; });
}

function example(item) {
  return "for example 7.5" + (item.unit ? " or 7.5 " + item.unit : "");
}

function known(x) { return x !== undefined && x !== null; }

/* The range an answer must fall in, as the learner reads it (an item may give min, max or both). */
export function rangeError(item) {
  if (known(item.min) && known(item.max)) return "Type a number between " + item.min + " and " + item.max + ".";
  if (known(item.min)) return "Type a number of at least " + item.min + ".";
  return "Type a number of at most " + item.max + ".";
}

export function read(w) {
  var item = w.item, form = w.form;
  var raw = form.querySelector("input[type=text]").value.trim();
  if (!raw) return { error: "Type a number first." };
  var typed = readText(item, raw);
  if (!typed) {
    var known = units(item);
    return { error: "Type the number with digits and a decimal point, " + example(item) + " (no commas)" +
      (known.length ? "; after the number, type only " + known.join(" or ") + ", or no unit." : ". Type the number alone, with no unit.") };
  }
  var response = { value: typed.value };
  var unit = form.querySelector("select");
  if (unit && unit.value && typed.unit && !sameUnit(unit.value, typed.unit)) {
    return { error: "You typed " + typed.unit + " but chose " + unit.value + " as the unit: change one so they agree." };
  }
  if (typed.unit) {
    response.unit = typed.unit;
  } else if (unit) {
    if (!unit.value) return { error: "Choose a unit, or type it after the number." };
    response.unit = unit.value;
  } else if (item.unit) {
    response.unit = item.unit;
  }
  if (score(item, response).status === "out_of_range") {
    return { error: rangeError(item) };
  }
  return { response: response };
}

export function show(w, response) {
  var form = w.form;
  var value = response && typeof response === "object" ? response.value : response;
  form.querySelector("input[type=text]").value = value === undefined || value === null ? "" : String(value);
  var unit = form.querySelector("select");
  if (unit && response && response.unit) unit.value = response.unit;
}

/* A response as {value, unit}: a committed answer is one, but a record may hold a number or text. */
function asObject(item, response) {
  if (typeof response === "string") return readText(item, response) || { value: response };
  return response !== null && typeof response === "object" ? response : { value: response };
}

export function details(w, answer, ev) {
  var item = w.item, fb = w.feedback, response = asObject(item, answer);
  var given = "<p><strong>Your answer:</strong> " + text(response.value) + (response.unit ? " " + text(response.unit) : "") + "</p>";
  if (ev.status === "correct") return given + fb.correct;
  var band = ev.unsafe_band === undefined || ev.unsafe_band === null ? null : fb.unsafe[ev.unsafe_band];
  var unitNote = ev.status === "unit_mismatch" ? "<p>The answer is in " + text(item.unit) + ", not " + text(response.unit) + ".</p>" : "";
  var heading = ev.status === "unit_mismatch"
    ? "\u26A0 Read as " + text(item.unit) + ", this number could harm a patient:"
    : "\u26A0 Why this answer could harm a patient:";
  var warn = band ? '<div class="mskcpd-unsafe"><p><strong>' + heading + "</strong></p>" + band + "</div>" : "";
  return given + unitNote + warn + fb.incorrect;
}
