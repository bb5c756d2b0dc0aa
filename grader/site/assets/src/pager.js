/* Paged questions on a module's questions page: one question at a time, with a
 * navigator (every question, answered or not, in words), Previous and Next, and a URL
 * per question (#q-<item id>, the section's own id, so links to a question still land
 * on it; #results for the results screen), so the browser's back and forward buttons
 * move between questions. Without JavaScript every question stays on the page.
 *
 * mkdocs-material's instant navigation turns a click on a same-page link into its own
 * history entry without a hashchange event, so the navigator's links are handled here
 * (and kept from it); the questions page has no table of contents, so the theme's
 * anchor tracking never rewrites the address (render.py). */
import * as results from "./results.js";
import * as store from "./store.js";
import { text } from "./widget-kit.js";

var RESULTS = "results";
var listening = false;

function moduleOf(bank) {
  var id = bank.getAttribute("data-module");
  return store.catalogue().modules.filter(function (m) { return m.id === id; })[0] || null;
}
function sections(bank) { return Array.prototype.slice.call(bank.querySelectorAll(".mskcpd-item")); }
function itemIds(bank) { return sections(bank).map(function (s) { return s.getAttribute("data-item-id"); }); }
function answered(record, id) { return !!record.items[id]; }
function allAnswered(bank) {
  var record = store.load();
  return itemIds(bank).every(function (id) { return answered(record, id); });
}

/* The first question of the bank without a recorded answer in this attempt, or null. */
export function firstUnanswered(bank) {
  var record = store.load();
  return itemIds(bank).filter(function (id) { return !answered(record, id); })[0] || null;
}

/* What a hash names on this page: an item id, RESULTS (only once every question is
 * answered), or null. */
function target(bank, hash) {
  var name = decodeURIComponent((hash || "").replace(/^#/, ""));
  if (name === RESULTS) return allAnswered(bank) ? RESULTS : null;
  if (name.indexOf("q-") !== 0) return null;
  var id = name.slice(2);
  return itemIds(bank).indexOf(id) >= 0 ? id : null;
}
/* Does the hash name a question or the results (even one this page cannot show now)? Other
 * hashes name another part of the page, and are left alone. */
function ours(hash) { return hash === "#" + RESULTS || /^#q-/.test(hash || ""); }
function defaultTarget(bank) { return firstUnanswered(bank) || RESULTS; }
function hashOf(name) { return "#" + (name === RESULTS ? RESULTS : "q-" + name); }

function headingOf(bank, name) {
  var box = name === RESULTS ? bank.querySelector("[data-role=results]") : bank.querySelector("#q-" + CSS.escape(name));
  var heading = box && box.querySelector("h2, h3, h4");
  if (heading && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  return heading;
}

// --- the navigator and the Previous/Next buttons ---------------------------------
function build(bank) {
  if (!bank.querySelector("[data-role=pager-nav]")) buildNav(bank); // the template writes it (bank.html.j2)
  buildControls(bank);
}

function buildNav(bank) {
  var nav = document.createElement("nav");
  nav.className = "mskcpd-pager-nav";
  nav.setAttribute("aria-label", "Questions in this module");
  nav.setAttribute("data-role", "pager-nav");
  nav.innerHTML = "<ol>" + sections(bank).map(function (s, n) {
    var id = s.getAttribute("data-item-id");
    return '<li><a href="#q-' + text(id) + '" data-target="' + text(id) + '"><span class="mskcpd-pager-word">Question </span>' + (n + 1) +
      '<span class="mskcpd-pager-state" data-role="pager-state"></span></a></li>';
  }).join("") + '<li data-role="pager-results-entry" hidden><a href="#' + RESULTS + '" data-target="' + RESULTS + '">Your results</a></li></ol>';
  var first = bank.querySelector(".mskcpd-item");
  bank.insertBefore(nav, first);
}

function buildControls(bank) {
  var controls = document.createElement("div");
  controls.className = "mskcpd-pager-controls";
  controls.innerHTML =
    '<button type="button" class="md-button" data-role="pager-previous"><span aria-hidden="true">\u2190 </span>Previous question</button>' +
    '<p class="mskcpd-pager-where" data-role="pager-where"></p>' +
    '<button type="button" class="md-button md-button--primary" data-role="pager-next">Next question<span aria-hidden="true"> \u2192</span></button>';
  var resultsBox = bank.querySelector("[data-role=results]");
  bank.insertBefore(controls, resultsBox || null);
  // its links, like any other link to a question of this page, are followed by followLink
  controls.querySelector("[data-role=pager-previous]").addEventListener("click", function () { step(bank, -1); });
  controls.querySelector("[data-role=pager-next]").addEventListener("click", function () { step(bank, 1); });
}

function step(bank, by) {
  var order = itemIds(bank);
  if (allAnswered(bank)) order.push(RESULTS);
  var at = order.indexOf(bank.mskcpdPager.current);
  var next = order[at + by];
  if (next) go(bank, next);
}

/* Redraw the navigator's answered marks and the buttons (after every answer). */
export function update(bank) {
  var pager = bank.mskcpdPager;
  if (!pager) return;
  var record = store.load(), done = allAnswered(bank);
  Array.prototype.forEach.call(bank.querySelectorAll("[data-role=pager-nav] a[data-target]"), function (a) {
    var name = a.getAttribute("data-target");
    if (name !== RESULTS) {
      var yes = answered(record, name);
      a.parentNode.setAttribute("data-answered", yes ? "true" : "false");
      a.querySelector("[data-role=pager-state]").innerHTML = yes
        ? ' <span aria-hidden="true">\u2714</span> answered' : " not answered";
    }
    if (name === pager.current) a.setAttribute("aria-current", "step"); else a.removeAttribute("aria-current");
  });
  bank.querySelector("[data-role=pager-results-entry]").hidden = !done;
  var order = itemIds(bank), at = order.indexOf(pager.current), total = order.length;
  var previous = bank.querySelector("[data-role=pager-previous]"), next = bank.querySelector("[data-role=pager-next]");
  previous.disabled = at === 0;
  if (pager.current === RESULTS) {
    next.hidden = true;
  } else {
    next.hidden = false;
    var last = at === total - 1;
    next.disabled = last && !done;
    next.innerHTML = last && done ? 'Your results<span aria-hidden="true"> \u2192</span>' : 'Next question<span aria-hidden="true"> \u2192</span>';
  }
  var unanswered = order.filter(function (id) { return !answered(record, id); }).length;
  bank.querySelector("[data-role=pager-where]").textContent = pager.current === RESULTS
    ? "Your results"
    : "Question " + (at + 1) + " of " + total + (unanswered ? ". " + unanswered + " not answered yet." : ". All answered.");
}

/* Show one question (an item id) or the results screen (RESULTS). */
function show(bank, name) {
  var pager = bank.mskcpdPager;
  pager.current = name;
  sections(bank).forEach(function (s) {
    s.hidden = s.getAttribute("data-item-id") !== name;
    if (!s.hidden && pager.ready) pager.ready(s); // set the question up before it is seen (widgets.js)
  });
  var resultsBox = bank.querySelector("[data-role=results]");
  if (resultsBox) {
    resultsBox.hidden = name !== RESULTS;
    if (name === RESULTS) results.render(resultsBox, moduleOf(bank));
  }
  update(bank);
}

function focusOn(bank, name) {
  var heading = headingOf(bank, name);
  if (!heading) return;
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: "start" });
}

/* Move to `name` as a new history entry, with focus on its heading. */
export function go(bank, name) {
  if (name !== bank.mskcpdPager.current || target(bank, location.hash) !== name) {
    try { history.pushState(history.state, "", hashOf(name)); } catch { /* a sandboxed frame: no history */ }
  }
  show(bank, name);
  focusOn(bank, name);
}

/* The browser's back or forward button, or a hash typed into the address bar. */
function followAddress() {
  var bank = document.querySelector(".mskcpd-bank[data-paged=true]");
  if (!bank || !bank.mskcpdPager || bank.mskcpdPager.path !== location.pathname) return;
  var name = target(bank, location.hash);
  if (!name) {
    if (location.hash && location.hash !== "#" && !ours(location.hash)) return; // another part of the page
    name = defaultTarget(bank);
    try { history.replaceState(history.state, "", hashOf(name)); } catch { /* a sandboxed frame */ }
  }
  if (name !== bank.mskcpdPager.current) show(bank, name);
  // the browser's own move to the fragment (after popstate, before hashchange) drops focus: put it back
  var box = name === RESULTS ? bank.querySelector("[data-role=results]") : bank.querySelector("#q-" + CSS.escape(name));
  if (box && !box.contains(document.activeElement)) focusOn(bank, name);
}

/* A click on any link to a question or the results of this page (not only the navigator's). */
function followLink(event) {
  var a = event.target && event.target.closest ? event.target.closest("a[href*='#']") : null;
  if (!a || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  var bank = document.querySelector(".mskcpd-bank[data-paged=true]");
  if (!bank || !bank.mskcpdPager) return;
  var to = new URL(a.href, location.href);
  if (to.pathname !== location.pathname || to.search !== location.search) return;
  var name = target(bank, to.hash);
  if (!name) return;
  event.preventDefault();
  event.stopPropagation(); // the theme's instant navigation would make its own history entry
  go(bank, name);
}

/* After an answer: a first answer that completes the attempt opens the results screen. */
function committed(bank) {
  var pager = bank.mskcpdPager, done = allAnswered(bank);
  if (done && !pager.done) { pager.done = true; go(bank, RESULTS); return; }
  pager.done = done;
  update(bank);
}

/* After a fresh attempt: back to the first question. */
export function restarted(bank) {
  if (!bank.mskcpdPager) return;
  bank.mskcpdPager.done = false;
  go(bank, defaultTarget(bank));
}

/* Is `bank` (a .mskcpd-bank, or null) still to be paged? Its questions are then laid out one at a time by
 * mskcpd.css, and set up by the pager as it shows them. */
export function waiting(bank) {
  return !!bank && !bank.hasAttribute("data-paged") && !!moduleOf(bank) && !!bank.querySelector(".mskcpd-item");
}

/* The question a bank still to be paged opens at (its section), or null if it opens at the results. */
export function opening(bank) {
  var name = target(bank, location.hash) || defaultTarget(bank);
  return name === RESULTS ? null : bank.querySelector("#q-" + CSS.escape(name));
}

/* Page the bank (once); `hooks.restart(module)` clears the page's widgets for a fresh attempt, and
 * `hooks.ready(section)` sets a question's widget up (the page sets up hidden ones later). */
export function setUp(bank, hooks) {
  if (!waiting(bank)) {
    if (!bank.hasAttribute("data-paged")) bank.setAttribute("data-paged", "false"); // every question shown (mskcpd.css)
    return;
  }
  var module = moduleOf(bank);
  bank.mskcpdPager = { current: null, done: allAnswered(bank), path: location.pathname, ready: hooks.ready };
  build(bank);
  var resultsBox = bank.querySelector("[data-role=results]");
  if (resultsBox) results.setUp(resultsBox, function () { hooks.restart(module); restarted(bank); });
  bank.classList.add("mskcpd-bank--paged");
  bank.setAttribute("data-paged", "true");
  bank.addEventListener("mskcpd:committed", function () { committed(bank); });
  var named = target(bank, location.hash), name = named || defaultTarget(bank);
  show(bank, name);
  if (named) {
    var box = name === RESULTS ? resultsBox : bank.querySelector("#q-" + CSS.escape(name));
    if (box) box.scrollIntoView({ block: "start" }); // the browser scrolled there before the others were hidden
  } else if (!location.hash || location.hash === "#" || ours(location.hash)) {
    // the address names the question shown, so a reload comes back to it
    try { history.replaceState(history.state, "", hashOf(name)); } catch { /* a sandboxed frame */ }
  }
  if (!listening) {
    listening = true;
    window.addEventListener("popstate", followAddress);
    window.addEventListener("hashchange", followAddress);
    document.addEventListener("click", followLink, true);
  }
}
