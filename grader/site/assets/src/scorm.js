/* SCORM 1.2: when the course runs inside an LMS (as the package `grader scorm`
 * makes, one SCO per module), report the module's completion and score
 * through the LMS's runtime API, and keep the learner's answers to that
 * module in cmi.suspend_data so they follow the learner to another computer.
 * Outside an LMS no API is found and this does nothing.
 *
 * A SCO here is several pages (the module's overview, lessons and questions),
 * each a full page load. The first page of a launch calls LMSInitialize and
 * remembers the SCO's module in sessionStorage; later pages find the API
 * already initialised and carry on. Leaving a page by one of the course's own
 * links only commits; any other exit (the LMS closing the SCO, the tab
 * closing) also sets cmi.core.exit and calls LMSFinish.
 *
 * cmi.core.lesson_location is the page of the module the learner is on (its
 * path in the site, such as modules/opioids/questions.html). A later launch
 * starts on the module's overview, as the package says, and offers a link
 * back to that page; what the LMS hands back is only used if it names one
 * of this module's pages.
 *
 * cmi.suspend_data holds the module's recorded answers, compactly:
 *   {"v":1,"m":"<module id>","i":{"<item id>":[response, score, at, status?]}}
 * `at` is the time answered, in milliseconds since 1970 in base 36; `status`
 * only when the score does not imply it (an unsafe answer, a wrong unit).
 * Practice attempts are not carried. SCORM 1.2 allows 4,096 characters: every
 * module of the course fits with room to spare (tests/test_scorm.py checks the
 * largest possible answers); should a bank ever outgrow it, the answers given
 * last are left out of suspend_data (they stay in this browser's record, and
 * the score and status sent to the LMS still count them). */
import * as store from "./store.js";
import { RESTORED } from "./page.js";

export var LIMIT = 4096;
var SESSION_KEY = "mskcpd.scorm.session";
var IMPLIED = { 1: "correct", 0: "incorrect" };

// --- finding the LMS's API (ADL's algorithm: up the parents, then the opener) --
function search(win) {
  for (var hops = 0; win && hops <= 7; hops++) {
    try { if (win.API) return win.API; } catch { /* a frame from another origin */ }
    var parent;
    try { parent = win.parent; } catch { return null; }
    if (!parent || parent === win) return null;
    win = parent;
  }
  return null;
}

function findAPI() {
  var api = search(window);
  if (!api) {
    try { if (window.opener) api = search(window.opener); } catch { api = null; }
  }
  return api && typeof api.LMSInitialize === "function" ? api : null;
}

// --- suspend_data ----------------------------------------------------------
function implied(score) { return score === 1 || score === 0 ? IMPLIED[score] : "partial"; }

function packTime(at) {
  var ms = Date.parse(at);
  return isNaN(ms) ? at : ms.toString(36);
}

function unpackTime(value) {
  if (typeof value !== "string") return null;
  if (!/^[0-9a-z]+$/.test(value)) return value;
  var date = new Date(parseInt(value, 36));
  return isNaN(date.getTime()) ? null : date.toISOString();
}

/* The module's recorded answers as suspend_data, at most `limit` characters. */
export function encode(record, module, limit) {
  limit = limit || LIMIT;
  var answered = module.items.filter(function (id) { return record.items[id]; });
  answered.sort(function (a, b) {
    var x = record.items[a].at, y = record.items[b].at;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  var data = { v: 1, m: module.id, i: {} };
  answered.forEach(function (id) {
    var e = record.items[id];
    var packed = [e.response, e.score, packTime(e.at)];
    if (e.status && e.status !== implied(e.score)) packed.push(e.status);
    data.i[id] = packed;
  });
  var text = JSON.stringify(data);
  while (text.length > limit && answered.length) { // deliberate: drop the latest answers first
    delete data.i[answered.pop()];
    text = JSON.stringify(data);
  }
  return text;
}

/* suspend_data back into a record that store.importRecord merges;
 * null if it is empty, not ours, or not for this module. */
export function decode(text, module, base) {
  var data;
  try { data = JSON.parse(text); } catch { return null; }
  if (!data || data.v !== 1 || data.m !== module.id || !data.i || typeof data.i !== "object") return null;
  var items = {}, started = null;
  module.items.forEach(function (id) {
    var p = data.i[id];
    if (!Array.isArray(p) || p.length < 3) return;
    var at = unpackTime(p[2]);
    if (!at) return;
    items[id] = { module: module.id, response: p[0], score: p[1], status: typeof p[3] === "string" ? p[3] : implied(p[1]), at: at, practice: 0 };
    if (!started || at < started) started = at;
  });
  if (!started) return null;
  var modules = {};
  modules[module.id] = { started: started };
  return { format: base.format, version: base.version, items: items, modules: modules };
}

// --- times -------------------------------------------------------------------
function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

/* CMITimespan, HHHH:MM:SS.SS */
export function timespan(ms) {
  var cs = Math.max(0, Math.round(ms / 10));
  var h = Math.floor(cs / 360000);
  if (h > 9999) { h = 9999; cs = h * 360000 + 359999; }
  return pad(h, 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" + pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
}

// --- which module this SCO is -------------------------------------------------
function moduleById(id) {
  return store.catalogue().modules.filter(function (m) { return m.id === id; })[0] || null;
}

function moduleFromUrl(href) {
  var base = store.siteUrl("");
  if (href.indexOf(base) !== 0) return null;
  var match = /^modules\/([^/?#]+)\//.exec(href.slice(base.length));
  return match ? moduleById(decodeURIComponent(match[1])) : null;
}

function readSession() {
  try { return JSON.parse(window.sessionStorage.getItem(SESSION_KEY)); } catch { return null; }
}

function writeSession(session) {
  try { window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)); } catch { /* storage blocked: this page only */ }
}

// --- where the learner is (cmi.core.lesson_location) ------------------------------
function pageOf(path) {
  return (module.pages || []).filter(function (p) { return p.path === path; })[0] || null;
}

function herePath() {
  var base = store.siteUrl(""), href = window.location.href.split(/[?#]/)[0];
  return href.indexOf(base) === 0 ? decodeURIComponent(href.slice(base.length)) : "";
}

/* A launch that does not start where the learner left off: a link back there. */
function offerResume(path) {
  var page = pageOf(path);
  var article = document.querySelector("article");
  if (!page || path === herePath() || !article || document.querySelector(".mskcpd-resume")) return;
  var box = document.createElement("p");
  box.className = "mskcpd-resume";
  var link = document.createElement("a");
  link.href = store.siteUrl(page.path);
  link.textContent = page.title;
  box.appendChild(document.createTextNode("Carry on where you left off: "));
  box.appendChild(link);
  var heading = article.querySelector("h1");
  if (heading && heading.nextSibling) article.insertBefore(box, heading.nextSibling);
  else article.insertBefore(box, article.firstChild);
}

/* A page of another module, inside this module's SCO: say plainly that the LMS does not record
 * answers here (the package's navigation lists this module only; a link can still lead here). */
function named(m) { return "Module " + m.number + ": " + m.title; }

function noteOtherModule() {
  var here = moduleFromUrl(window.location.href), article = document.querySelector("article");
  if (!here || here.id === module.id || !article || document.querySelector(".mskcpd-not-recorded")) return;
  var box = document.createElement("div");
  box.className = "admonition warning mskcpd-not-recorded";
  box.setAttribute("role", "note");
  var title = document.createElement("p");
  title.className = "admonition-title";
  title.textContent = "Not recorded in your LMS";
  var text = document.createElement("p"), hereName = named(here), ours = named(module);
  text.textContent = "This page is part of " + hereName + ". Your LMS opened " + ours +
    " and records only that module, so answers you give here are kept in this browser only. To have them recorded, open " +
    hereName + " from your LMS. ";
  var back = document.createElement("a");
  back.href = store.siteUrl(module.overview);
  back.textContent = "Back to " + ours;
  text.appendChild(back);
  box.appendChild(title);
  box.appendChild(text);
  var heading = article.querySelector("h1");
  if (heading && heading.nextSibling) article.insertBefore(box, heading.nextSibling);
  else article.insertBefore(box, article.firstChild);
}

// --- talking to the LMS ---------------------------------------------------------
var api = null, module = null, started = 0, leavingWithin = false, finished = false;

/* A call to the LMS's API, if it offers that function: LMSs differ (one has LMSTerminate
 * instead of LMSFinish), and a missing function must never stop the course. */
function call(name) {
  var f = api && api[name];
  return typeof f === "function" ? String(f.apply(api, Array.prototype.slice.call(arguments, 1))) : "false";
}

var sent = {}; // what this page has sent: a value is sent again only when it changes
function set(element, value) {
  value = String(value);
  if (sent[element] === value) return true;
  var ok = call("LMSSetValue", element, value) === "true";
  if (ok) sent[element] = value;
  return ok;
}

function finish() {
  // SCORM 1.2 names it LMSFinish; some LMSs offer only the SCORM 2004 name
  call(typeof api.LMSFinish === "function" ? "LMSFinish" : "LMSTerminate", "");
}

/* Status, score, suspend_data and the session time so far from the learner's record, then one
 * commit. The session time goes with every commit: an LMS that ends the session when the learner
 * leaves its page keeps the last one it had, before this page's unload report can run. */
function report(leaving) {
  var record = store.load();
  var s = store.moduleStatus(record, module);
  var status = s.state === "completed" ? "passed" : s.state === "below-pass-mark" ? "failed" : "incomplete";
  set("cmi.core.lesson_status", status);
  if (s.answered) {
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    // truncated, never rounded up: a score shown at or above the mastery score has reached the pass mark
    set("cmi.core.score.raw", Math.floor(s.score * 10000 + 1e-6) / 100);
  }
  set("cmi.suspend_data", encode(record, module));
  set("cmi.core.session_time", timespan(Date.now() - started));
  if (leaving) set("cmi.core.exit", status === "passed" ? "" : "suspend");
  call("LMSCommit", "");
  return status;
}

function leave() {
  if (!api || finished) return;
  report(true);
  if (leavingWithin) return; // the next page of this SCO carries on
  finish();
  finished = true;
}

function start() {
  api = findAPI();
  if (!api) return false;
  sent = {};
  var fresh = call("LMSInitialize", "") === "true";
  if (!fresh) {
    // Already initialised by an earlier page of this SCO: carry on if the API still answers.
    call("LMSGetValue", "cmi.core.lesson_status");
    if (call("LMSGetLastError") !== "0") { api = null; return false; }
  }
  var session = fresh ? null : readSession();
  module = (session && moduleById(session.module)) || moduleFromUrl(window.location.href);
  if (!module) { api = null; return false; } // not launched as one of the course's SCOs
  started = session && typeof session.start === "number" ? session.start : Date.now();
  if (fresh) writeSession({ module: module.id, start: started });
  finished = false;
  leavingWithin = false;
  var saved = decode(call("LMSGetValue", "cmi.suspend_data"), module, store.load()); // "false" decodes to nothing
  if (saved) {
    store.importRecord(saved); // keeps the earliest answer to each question
    document.dispatchEvent(new CustomEvent(RESTORED)); // the page (set up already, or about to be) shows it (page.js onPage)
  }
  if (fresh) offerResume(call("LMSGetValue", "cmi.core.lesson_location"));
  if (pageOf(herePath())) set("cmi.core.lesson_location", herePath());
  report();
  return true;
}

/* A click on one of the course's own links moves to another page of this SCO. */
function noteLink(event) {
  if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
  if (!a || a.hasAttribute("download") || (a.target && a.target !== "_self")) return;
  var to = new URL(a.href, window.location.href), here = new URL(window.location.href);
  if (to.href.indexOf(store.siteUrl("")) !== 0) return; // leaving the course
  if (to.pathname === here.pathname && to.search === here.search) return; // the same page: no page load
  leavingWithin = true;
  setTimeout(function () { if (event.defaultPrevented) leavingWithin = false; }, 0);
}

/* What the page can see of the runtime: whether it reports to an LMS, and for which module. */
export var state = { active: false };

/* Find the LMS and report to it, if this page was launched as one of the course's SCOs. */
export function connect() {
  if (!start()) return state;
  state.active = true;
  state.module = module.id;
  noteOtherModule();
  document.addEventListener("mskcpd:committed", function () { if (api && !finished) report(); });
  document.addEventListener("click", noteLink);
  window.addEventListener("pagehide", leave);
  window.addEventListener("pageshow", function (event) { // back from the browser's page cache
    if (!event.persisted) return;
    leavingWithin = false;
    if (finished) state.active = start();
  });
  return state;
}
