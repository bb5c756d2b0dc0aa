/* Scoring rules: the browser's copy of grader/scoring (Python).
 * Pure functions, item data in the same shape as the YAML. The conformance
 * cases in conformance/scoring-cases.json run against both copies. */
var EPSILON = 1e-9;

function result(score, status, band) {
  var r = { score: score, status: status };
  if (band !== undefined) r.unsafe_band = band;
  return r;
}
var UNANSWERED = function () { return result(0, "unanswered"); };
var INVALID = function () { return result(0, "invalid"); };

function graded(score) {
  if (score >= 1) return result(1, "correct");
  if (score <= 0) return result(0, "incorrect");
  return result(score, "partial");
}
function isPlainObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
function isEmptyObject(x) {
  return isPlainObject(x) && Object.keys(x).length === 0;
}
function isIdList(x) {
  return Array.isArray(x) && x.every(function (v) { return typeof v === "string"; });
}
function isNumber(x) {
  return typeof x === "number" && isFinite(x);
}
function unique(list) {
  return new Set(list).size === list.length;
}
function ids(list) {
  return list.map(function (o) { return o.id; });
}
function sameMembers(a, b) {
  var x = a.slice().sort(), y = b.slice().sort();
  return x.length === y.length && x.every(function (v, i) { return v === y[i]; });
}

function single(item, response) {
  if (typeof response !== "string" || ids(item.options).indexOf(response) < 0) return INVALID();
  return graded(response === item.answer ? 1 : 0);
}

function multiple(item, response) {
  var optionIds = ids(item.options);
  if (!isIdList(response) || !unique(response) || !response.every(function (r) { return optionIds.indexOf(r) >= 0; })) return INVALID();
  var hits = response.filter(function (r) { return item.answer.indexOf(r) >= 0; }).length;
  var wrong = response.length - hits;
  return graded(Math.max(0, (hits - wrong) / item.answer.length));
}

function sameUnit(a, b) {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function numeric(item, response) {
  var value = response, unit = null;
  if (isPlainObject(response)) {
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
  if (item.unit && unit !== null && unit.trim() && !sameUnit(unit, item.unit)) return result(0, "unit_mismatch");
  var tolerance = item.tolerance || 0;
  if (Math.abs(value - item.answer) <= tolerance + EPSILON) return result(1, "correct");
  var bands = item.unsafe || [];
  for (var i = 0; i < bands.length; i++) {
    var b = bands[i];
    var aboveMin = b.min === undefined || b.min === null || value >= b.min;
    var belowMax = b.max === undefined || b.max === null || value <= b.max;
    if (aboveMin && belowMax) return result(0, "unsafe", i);
  }
  return result(0, "incorrect");
}

function ordering(item, response) {
  if (!isIdList(response) || !sameMembers(response, ids(item.options))) return INVALID();
  var position = {};
  response.forEach(function (id, i) { position[id] = i; });
  var pairs = 0, inOrder = 0;
  for (var i = 0; i < item.answer.length; i++) {
    for (var j = i + 1; j < item.answer.length; j++) {
      pairs++;
      if (position[item.answer[i]] < position[item.answer[j]]) inOrder++;
    }
  }
  return graded(inOrder / pairs);
}

function matching(item, response) {
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

function consultation(item, response) {
  if (!isIdList(response)) return INVALID();
  var nodes = {};
  item.nodes.forEach(function (n) { nodes[n.id] = n; });
  var node = nodes[item.start] || null, shown = {};
  for (var i = 0; i < response.length; i++) {
    if (!node) return INVALID();
    var choice = node.choices.filter(function (c) { return c.id === response[i]; })[0];
    if (!choice) return INVALID();
    (choice.behaviours || []).forEach(function (b) { shown[b] = true; });
    node = choice.next ? (nodes[choice.next] || null) : null;
  }
  if (node) return INVALID();
  var earned = 0, possible = 0;
  item.behaviours.forEach(function (b) {
    var weight = b.weight === undefined ? 1 : b.weight;
    if ((b.kind || "good") === "good") { possible += weight; if (shown[b.id]) earned += weight; }
    else if (shown[b.id]) earned -= weight;
  });
  return graded(Math.max(0, earned / possible));
}

function fold(text) { return text.toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

export function rubricMet(item, text) {
  var folded = fold(text);
  return item.rubric.filter(function (c) {
    return c.keywords.some(function (k) { return folded.indexOf(fold(k)) >= 0; });
  }).map(function (c) { return c.id; });
}

function freeText(item, response) {
  if (typeof response !== "string") return INVALID();
  if (!response.trim()) return UNANSWERED();
  if (Array.from(response).length > (item.max_length || 3000)) return result(0, "out_of_range"); // code points, as Python counts
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

export var RULES = { single: single, multiple: multiple, numeric: numeric, ordering: ordering, matching: matching,
              consultation: consultation, free_text: freeText };

function isEmpty(x) {
  return x === null || x === undefined || x === "" || (Array.isArray(x) && x.length === 0) || isEmptyObject(x);
}

export function evaluate(item, response) {
  var rule = RULES[item.type];
  if (!rule) throw new Error("unknown item type " + item.type);
  if (isEmpty(response)) return UNANSWERED();
  return rule(item, response);
}
