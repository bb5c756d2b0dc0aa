/* Spaced review: short quizzes that fall due after a module is completed, at the
 * intervals set in mkdocs.yml (review_intervals, in days). Review k falls due
 * intervals[k-1] days after the module was completed (k = 1) or after review
 * k-1 was done. A review draws about review_items questions from the module's
 * bank: the ones the learner got wrong the last time they answered them
 * first, never the same set as the review before. Review answers go to
 * record.reviews, never to record.items, so the first-answer record (and the
 * recorded score) stays as it was. No server: dates come from this browser's
 * clock, and the learner can download them as a calendar file (RFC 5545). */
import { download } from "./page.js";
import * as store from "./store.js";
import { longDate, shuffled } from "./widget-kit.js";

var DAY = 86400000;
var widgets = null; // the question widgets (widgets.js), on pages with review quizzes: mount.js hands them over
/* On a page with review quizzes: the widgets that show their questions (init, restore). */
export function useWidgets(w) { widgets = w; }

function cat() { return store.catalogue(); }
function intervals() { var i = cat().review_intervals; return i && i.length ? i : [2, 7, 30]; }
function reviewSize() { return cat().review_items || 5; }
function moduleById(id) { return cat().modules.filter(function (m) { return m.id === id; })[0]; }
function text(s) { var d = document.createElement("div"); d.textContent = String(s); return d.innerHTML; }
function pct(x) { return Math.round(x * 100) + "%"; }
function nowIso() { return new Date().toISOString(); }

// --- local calendar days, as "YYYY-MM-DD" ---------------------------------
function pad(n) { return (n < 10 ? "0" : "") + n; }
export function dayOf(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
function parseDay(key) { var p = key.split("-"); return new Date(+p[0], +p[1] - 1, +p[2]); }
export function addDays(key, n) { var d = parseDay(key); d.setDate(d.getDate() + n); return dayOf(d); }
function daysBetween(a, b) { return Math.round((parseDay(b) - parseDay(a)) / DAY); }
export function today() { return dayOf(new Date()); }
/* A local calendar day ("YYYY-MM-DD") as "3 December 2026". */
export function longDay(key) { return longDate(parseDay(key)); }
function inDays(n) { return n === 0 ? "today" : n === 1 ? "tomorrow" : "in " + n + " days"; }

function reviewsOf(record, id) { return (record.reviews || {})[id] || {}; }
function ensure(record, id) {
  record.reviews = record.reviews || {};
  var r = record.reviews[id] = record.reviews[id] || {};
  r.done = r.done || {};
  return r;
}

/* Where a module's reviews stand on the day `now`. */
export function status(record, module, now) {
  now = now || today();
  var days = intervals(), total = days.length;
  var s = store.moduleStatus(record, module);
  var r = reviewsOf(record, module.id), done = r.done || {}, results = [];
  for (var k = 1; k <= total; k++) {
    if (done[k]) results.push({ slot: k, at: done[k].at, score: done[k].score, items: done[k].items || [] });
  }
  if (s.state !== "completed" || !s.completed) return { state: "locked", total: total, results: results, upcoming: [] };
  var base = s.completed, slot = 1;
  while (slot <= total && done[slot]) { base = done[slot].at; slot++; }
  if (slot > total) return { state: "finished", total: total, results: results, upcoming: [] };
  var due = addDays(dayOf(new Date(base)), days[slot - 1]);
  // the dates after it, if each review is done on the day it falls due (or today, if that is later)
  var on = due < now ? now : due, upcoming = [{ slot: slot, on: on }];
  for (var j = slot + 1; j <= total; j++) { on = addDays(on, days[j - 1]); upcoming.push({ slot: j, on: on }); }
  return {
    state: due <= now ? "due" : "scheduled", slot: slot, due: due, total: total, results: results, upcoming: upcoming,
    pending: r.pending && r.pending.slot === slot ? r.pending : null
  };
}

/* Was the question wrong (score below 1) the last time the learner answered it:
 * in the latest review that asked it, else as the first (recorded) answer? */
function weak(record, moduleId, itemId) {
  var done = reviewsOf(record, moduleId).done || {}, latest = null;
  Object.keys(done).forEach(function (slot) {
    var answer = (done[slot].answers || {})[itemId];
    if (answer && (!latest || Date.parse(done[slot].at) > Date.parse(latest.at))) latest = { at: done[slot].at, score: answer.score };
  });
  if (latest) return latest.score < 1;
  var entry = record.items[itemId];
  return !entry || entry.score < 1;
}

function sameSet(a, b) { return a.length === b.length && a.every(function (id) { return b.indexOf(id) >= 0; }); }

/* The questions for review `slot`: wrong ones first, then the rest, each group
 * in a shuffled order stable for this learner; never the set of the review
 * before. One question is always left out (when the bank has more than one)
 * so that consecutive sets can differ. Returned in the bank's order. */
export function draw(record, module, slot) {
  var ids = module.items.slice(), n = ids.length;
  var count = Math.min(reviewSize(), n > 1 ? n - 1 : 1);
  var key = module.id + ":review:" + slot;
  var wrong = shuffled(ids.filter(function (id) { return weak(record, module.id, id); }), key + ":wrong");
  var right = shuffled(ids.filter(function (id) { return !weak(record, module.id, id); }), key + ":right");
  var ordered = wrong.concat(right), chosen = ordered.slice(0, count);
  var before = (reviewsOf(record, module.id).done || {})[slot - 1];
  if (before && sameSet(chosen, before.items || []) && ordered.length > count) chosen[count - 1] = ordered[count];
  return ids.filter(function (id) { return chosen.indexOf(id) >= 0; });
}

// --- the review page ----------------------------------------------------------
/* The answers store the widgets use on a review page (see widgets.js). */
export var answers = {
  recorded: function (w) {
    var session = reviewBox(w.section) && reviewBox(w.section).mskcpdSession;
    return session ? session.answers[w.item.id] || null : null;
  },
  commit: function (w, response, ev) { return answer(reviewBox(w.section), w.item.id, response, ev); },
  note: function (practice, score) {
    return practice
      ? "Practice attempt: your review score for this question stays at " + pct(score) + "."
      : "Review score for this question: " + pct(score) + ". Reviews never change your recorded score for the module.";
  }
};

function reviewBox(el) { return el.closest("[data-review-module]"); }

function answer(box, itemId, response, ev) {
  var session = box.mskcpdSession, entry = { response: response, score: ev.score, status: ev.status, at: nowIso() };
  if (!session) return entry;
  if (session.answers[itemId]) return session.answers[itemId];
  var record = store.load(), r = ensure(record, session.module.id);
  if (!r.pending || r.pending.slot !== session.slot) r.pending = { slot: session.slot, items: session.items, drawn: nowIso(), answers: {} };
  r.pending.answers = r.pending.answers || {};
  r.pending.answers[itemId] = entry;
  session.answers = r.pending.answers;
  var finished = session.items.every(function (id) { return r.pending.answers[id]; });
  if (finished) {
    var total = 0;
    session.items.forEach(function (id) { total += r.pending.answers[id].score; });
    r.done[session.slot] = { at: nowIso(), items: session.items, answers: r.pending.answers, score: total / session.items.length };
    delete r.pending;
    session.finished = true;
  }
  store.save(record);
  if (finished) showResult(box);
  return entry;
}

function historyHtml(st) {
  if (!st.results.length) return "";
  return "<p>Reviews you have done:</p><ul>" + st.results.map(function (r) {
    return "<li>Review " + r.slot + " of " + st.total + ", " + longDate(new Date(r.at)) + ": " + pct(r.score) + "</li>";
  }).join("") + "</ul>";
}

function nextHtml(st, now) {
  if (st.state === "finished") return "<p>You have done all " + st.total + " reviews of this module.</p>";
  if (st.state === "due") return "<p>Review " + st.slot + " of " + st.total + " is due now.</p>";
  return "<p><strong>Review " + st.slot + " of " + st.total + " falls due on " + longDay(st.due) + ", " + inDays(daysBetween(now, st.due)) +
    ".</strong> The home page shows it when it is due.</p>";
}

function showResult(box) {
  var module = moduleById(box.getAttribute("data-review-module")), session = box.mskcpdSession;
  var record = store.load(), done = reviewsOf(record, module.id).done[session.slot];
  var st = status(record, module), now = today();
  var html = "<p><strong>Review " + session.slot + " of " + st.total + " done: you scored " + pct(done.score) + ".</strong> " +
    "It is in your CPD record; your recorded score for the module is unchanged.</p>" + nextHtml(st, now);
  box.querySelector("[data-role=review-result]").innerHTML = html;
  box.querySelector("[data-role=review-status]").innerHTML = "<p>Review " + session.slot + " of " + st.total + " is done. Your results are below the questions.</p>";
  refresh();
}

function setUpReview(box) {
  if (box.getAttribute("data-ready") === "true") return;
  var module = moduleById(box.getAttribute("data-review-module"));
  if (!module) return;
  var record = store.load(), now = today(), st = status(record, module, now);
  var statusBox = box.querySelector("[data-role=review-status]");
  var shown = [];
  if (st.state === "due") {
    var pending = st.pending;
    if (!pending) {
      var r = ensure(record, module.id);
      pending = r.pending = { slot: st.slot, items: draw(record, module, st.slot), drawn: nowIso(), answers: {} };
      store.save(record);
    }
    box.mskcpdSession = { module: module, slot: pending.slot, items: pending.items, answers: pending.answers || {}, finished: false };
    shown = pending.items;
    var late = daysBetween(st.due, now);
    statusBox.innerHTML = "<p><strong>Review " + st.slot + " of " + st.total + " is due</strong>" +
      (late > 0 ? " (it fell due on " + longDay(st.due) + ")" : "") + ". Answer these " + shown.length +
      " questions; your first answer to each is the one kept for this review.</p>" + historyHtml(st);
  } else if (st.state === "locked") {
    statusBox.innerHTML = "<p>Reviews start when you complete this module: answer every question on its " +
      '<a href="' + text(store.siteUrl(module.questions)) + '">questions page</a> with a recorded score of at least ' +
      pct(cat().pass_mark) + ". The first review falls due " + intervals()[0] + " days after that.</p>" + historyHtml(st);
  } else {
    statusBox.innerHTML = nextHtml(st, now) + historyHtml(st);
  }
  var number = 0;
  Array.prototype.forEach.call(box.querySelectorAll(".mskcpd-review-item"), function (wrapper) {
    var on = shown.indexOf(wrapper.getAttribute("data-item-id")) >= 0;
    wrapper.hidden = !on;
    if (!on) return;
    var section = wrapper.querySelector(".mskcpd-item");
    if (!section.mskcpdWidget) widgets.setUpQuestion(section);
    section.querySelector("h3").textContent = "Review question " + (++number) + " of " + shown.length;
    widgets.restore(section);
  });
  box.setAttribute("data-ready", "true");
}

// --- the home page, the record page and the calendar ---------------------------
function moduleName(m) { return "Module " + m.number + ": " + m.title; }

/* The modules whose next review is due on the day `now`, longest due first (then by
 * number): the home page's list and the banner on every page (banner.js) both use it. */
export function dueReviews(record, now) {
  now = now || today();
  var due = [];
  cat().modules.forEach(function (m) {
    var st = status(record, m, now);
    if (st.state === "due") due.push({ module: m, status: st });
  });
  return due.sort(function (a, b) {
    return a.status.due < b.status.due ? -1 : a.status.due > b.status.due ? 1 : a.module.number - b.module.number;
  });
}

function renderDue(box) {
  var record = store.load(), now = today(), next = [], any = false;
  var due = dueReviews(record, now).map(function (d) { return { m: d.module, st: d.status }; });
  cat().modules.forEach(function (m) {
    var st = status(record, m, now);
    if (st.state !== "locked") any = true;
    if (st.state === "scheduled") next.push({ m: m, st: st });
  });
  next.sort(function (a, b) { return a.st.due < b.st.due ? -1 : a.st.due > b.st.due ? 1 : a.m.number - b.m.number; });
  var days = intervals();
  var html = "";
  if (!any) {
    html = "<p>When you complete a module, short review quizzes fall due " + days.join(", ").replace(/, (\d+)$/, " and $1") +
      " days apart, to help you remember what you learned. They appear here.</p>";
  } else {
    html += '<h3 id="mskcpd-reviews-due-now">Due now</h3>' + (due.length ? "<ul>" + due.map(function (d) {
      var late = daysBetween(d.st.due, now);
      return '<li><a href="' + text(store.siteUrl(d.m.review)) + '">' + text(moduleName(d.m)) + ": review " + d.st.slot + " of " + d.st.total +
        "</a>" + (late > 0 ? " (due since " + longDay(d.st.due) + ")" : " (due today)") + "</li>";
    }).join("") + "</ul>" : "<p>No reviews are due today.</p>");
    html += '<h3 id="mskcpd-reviews-next">Coming up</h3>' + (next.length ? "<ul>" + next.map(function (d) {
      return "<li>" + text(moduleName(d.m)) + ": review " + d.st.slot + " of " + d.st.total + " on " + longDay(d.st.due) +
        " (" + inDays(daysBetween(now, d.st.due)) + ")</li>";
    }).join("") + "</ul>" : "<p>Nothing else is scheduled yet: complete another module to add its reviews.</p>");
  }
  box.querySelector("[data-role=reviews-list]").innerHTML = html;
}

function renderRecord(box) {
  var record = store.load(), now = today(), rows = [], next = [];
  cat().modules.forEach(function (m) {
    var st = status(record, m, now);
    st.results.forEach(function (r) {
      rows.push("<tr><th scope=\"row\">" + text(moduleName(m)) + "</th><td>" + r.slot + " of " + st.total + "</td><td>" +
        longDate(new Date(r.at)) + "</td><td>" + pct(r.score) + "</td></tr>");
    });
    if (st.state === "due") next.push("<li>" + text(moduleName(m)) + ': <a href="' + text(store.siteUrl(m.review)) + '">review ' + st.slot + " of " + st.total + " is due now</a></li>");
    if (st.state === "scheduled") next.push("<li>" + text(moduleName(m)) + ": review " + st.slot + " of " + st.total + " falls due on " + longDay(st.due) + "</li>");
  });
  box.querySelector("tbody").innerHTML = rows.length ? rows.join("") : '<tr><td colspan="4">No reviews done yet. They start when you complete a module.</td></tr>';
  box.querySelector("[data-role=review-next]").innerHTML = next.length ? "<p>Next:</p><ul>" + next.join("") + "</ul>" : "";
}

// --- the calendar file (RFC 5545) -------------------------------------------------
function icsText(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/* Lines longer than 75 octets are folded: CRLF and a space, never inside a character. */
function fold(line) {
  var encoder = new TextEncoder(), out = [], current = "", octets = 0;
  Array.from(line).forEach(function (ch) {
    var n = encoder.encode(ch).length;
    if (octets + n > 75) { out.push(current); current = " "; octets = 1; }
    current += ch; octets += n;
  });
  out.push(current);
  return out.join("\r\n");
}

function calendarEvents(record) {
  var now = today(), events = [];
  cat().modules.forEach(function (m) {
    var st = status(record, m, now);
    st.upcoming.forEach(function (u) { events.push({ module: m, slot: u.slot, total: st.total, day: u.on }); });
  });
  return events.sort(function (a, b) { return a.day < b.day ? -1 : a.day > b.day ? 1 : 0; });
}

export function calendar(record) {
  var stamp = nowIso().replace(/[-:]/g, "").replace(/\.\d+/, "");
  var learner = (record.learner && record.learner.id) || "learner";
  var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//" + icsText(cat().course_title || "MSK CPD course") + "//Spaced reviews//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  calendarEvents(record).forEach(function (e) {
    lines.push(
      "BEGIN:VEVENT",
      "UID:mskcpd-" + learner + "-" + e.module.id + "-review-" + e.slot,
      "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + e.day.replace(/-/g, ""),
      "DTEND;VALUE=DATE:" + addDays(e.day, 1).replace(/-/g, ""),
      "SUMMARY:" + icsText("Review quiz " + e.slot + " of " + e.total + ": " + moduleName(e.module)),
      "DESCRIPTION:" + icsText("A short review quiz (about " + reviewSize() + " questions) to help you remember what you learned. " +
        "Open the review page: " + store.siteUrl(e.module.review)),
      "TRANSP:TRANSPARENT",
      "END:VEVENT"
    );
  });
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

function renderCalendar(box) {
  box.hidden = calendarEvents(store.load()).length === 0;
  if (box.getAttribute("data-ready") === "true") return;
  var status = box.querySelector("[data-role=calendar-status]");
  box.querySelector("[data-role=review-calendar]").addEventListener("click", function () {
    var record = store.load(), count = calendarEvents(record).length;
    download("msk-cpd-review-dates.ics", calendar(record), "text/calendar");
    status.textContent = "Downloaded msk-cpd-review-dates.ics with " + count + " review date" + (count === 1 ? "" : "s") +
      ". Open it to add them to your calendar; download it again after each review, as later dates move with the day you do it.";
  });
  box.setAttribute("data-ready", "true");
}

export function refresh() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-role=reviews-due]"), renderDue);
  Array.prototype.forEach.call(document.querySelectorAll("[data-role=review-record]"), renderRecord);
  Array.prototype.forEach.call(document.querySelectorAll("[data-role=review-calendar-box]"), renderCalendar);
}

export function init() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-review-module]"), setUpReview);
  refresh();
}
