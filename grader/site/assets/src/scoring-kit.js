/* What the scoring rules of every question type share (each rule lives in
 * grader/items/<type>/scoring.js): results, statuses and checks on the shape of
 * a response. Pure functions, no DOM: node imports them through scoring.js. */

export function result(score, status, band) {
  var r = { score: score, status: status };
  if (band !== undefined) r.unsafe_band = band;
  return r;
}
export var UNANSWERED = function () { return result(0, "unanswered"); };
export var INVALID = function () { return result(0, "invalid"); };

export function graded(score) {
  if (score >= 1) return result(1, "correct");
  if (score <= 0) return result(0, "incorrect");
  return result(score, "partial");
}
export function isPlainObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
export function isEmptyObject(x) {
  return isPlainObject(x) && Object.keys(x).length === 0;
}
/* A missing or empty response, whatever the item type: unanswered. */
export function isEmpty(x) {
  return x === null || x === undefined || x === "" || (Array.isArray(x) && x.length === 0) || isEmptyObject(x);
}
export function isIdList(x) {
  return Array.isArray(x) && x.every(function (v) { return typeof v === "string"; });
}
export function isNumber(x) {
  return typeof x === "number" && isFinite(x);
}
export function unique(list) {
  return new Set(list).size === list.length;
}
export function ids(list) {
  return list.map(function (o) { return o.id; });
}
export function sameMembers(a, b) {
  var x = a.slice().sort(), y = b.slice().sort();
  return x.length === y.length && x.every(function (v, i) { return v === y[i]; });
}
/* Length in code points, as Python's len() counts (not UTF-16 units). */
export function codePoints(text) {
  return Array.from(text).length;
}
