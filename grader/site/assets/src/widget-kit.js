/* What the widgets of every question type share (each type's behaviour lives in
 * grader/items/<type>/widget.js): building markup, marks for feedback, and the
 * seeded shuffle that keeps an order stable per learner and item across reloads. */
import * as store from "./store.js";

// --- seeded shuffle ---------------------------------------------------------
export function hash(text) {
  var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}
function random(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* `list` in an order fixed by the learner's id and `key` (an item id, or an item id and a part). */
export function shuffled(list, key) {
  var out = list.slice(), next = random(hash(store.load().learner.id + ":" + key));
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(next() * (i + 1));
    var t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}
/* Put `nodes` into `container` in the order given. */
export function reorder(container, nodes) {
  nodes.forEach(function (n) { container.appendChild(n); });
}

// --- markup -----------------------------------------------------------------
export function el(tag, attrs, html) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (html !== undefined) e.innerHTML = html;
  return e;
}
/* `s` as HTML text: escaped, never markup. */
export function text(s) {
  var d = document.createElement("div"); d.textContent = String(s); return d.innerHTML;
}
export function pct(x) { return Math.round(x * 100) + "%"; }
var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
  "December"];
/* A date as "3 December 2026" (en-GB), in local time. Not Intl: a page's first date formatter loads the locale's
 * data, a long task on a phone (100 ms at Lighthouse's 4x CPU slowdown) for a format this simple. */
export function longDate(date) { return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear(); }
export function ids(list) { return list.map(function (o) { return o.id; }); }

/* The right/wrong mark that starts a line of feedback. */
export function mark(ok) {
  return ok ? '<span class="mskcpd-mark mskcpd-mark--right">\u2714 Right</span> ' : '<span class="mskcpd-mark mskcpd-mark--wrong">\u2718 Wrong</span> ';
}
/* A feedback line's mark that says what it is about: "✔ Right:", "✘ Missed:" (glyph hidden from screen readers). */
export function verdict(ok, words) {
  return '<span class="mskcpd-mark mskcpd-mark--' + (ok ? "right" : "wrong") + '"><span aria-hidden="true">' +
    (ok ? "\u2714" : "\u2718") + "</span> " + text(words) + "</span> ";
}

// --- the answered state: what was right, shown in the inputs themselves -------
/* Mark `row` (an option or a match) as right or not: `data-answer` on the row for the
 * styles, and a marker appended to `into` (a label, so it becomes part of the control's
 * name, or the row) with a glyph and `html` (markup: escape a learner's or an author's
 * plain text with text()). Returns the marker. */
export function answerMark(row, into, ok, html) {
  row.setAttribute("data-answer", ok ? "right" : "wrong");
  var m = el("span", { "class": "mskcpd-answer-mark mskcpd-answer-mark--" + (ok ? "right" : "wrong"), "data-role": "answer-mark" },
    '<span aria-hidden="true">' + (ok ? "\u2714" : "\u2718") + " </span>" + html);
  into.appendChild(m);
  return m;
}
/* Remove every marker answerMark added (on Try again, or before marking afresh). */
export function clearAnswerMarks(container) {
  Array.prototype.forEach.call(container.querySelectorAll("[data-role=answer-mark]"), function (m) { m.remove(); });
  Array.prototype.forEach.call(container.querySelectorAll("[data-answer]"), function (row) { row.removeAttribute("data-answer"); });
  Array.prototype.forEach.call(container.querySelectorAll("[data-answer-described]"), function (c) {
    c.removeAttribute("aria-describedby"); c.removeAttribute("data-answer-described");
  });
}
