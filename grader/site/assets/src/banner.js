/* A banner at the top of every page while spaced reviews are due: "2 reviews due:
 * Module 4, Module 1", each a link to its review page, and "Hide for today", which
 * keeps it away until the next day (the date is kept in this browser, under the
 * course's own key prefix). Which reviews are due comes from reviews.js, so the
 * banner, the home page's list and the calendar file agree. Not shown for the
 * module whose review page the learner is on. Announced politely (role=status). */
import * as reviews from "./reviews.js";
import * as store from "./store.js";

export var HIDDEN_KEY = "mskcpd.review-banner.hidden-on"; // beside the record's key, mskcpd.record.v1
var memory = null; // where the date goes when storage is blocked: this page only

function hiddenOn() {
  try { return globalThis.localStorage.getItem(HIDDEN_KEY) || memory; } catch { return memory; }
}

function hideToday(day) {
  memory = day;
  try { globalThis.localStorage.setItem(HIDDEN_KEY, day); } catch { /* kept in memory for this page */ }
}

function content() { return document.querySelector("article.md-content__inner") || document.querySelector("main") || document.body; }

function moduleLabel(m) { return "Module " + m.number; }

/* The reviews due today, less the one whose review page this is. */
function dueHere(now) {
  var due = reviews.dueReviews(store.load(), now);
  if (!due.length) return due; // most pages, most days: no need to look through the whole page
  var here = Array.prototype.map.call(document.querySelectorAll("[data-review-module]"), function (box) {
    return box.getAttribute("data-review-module");
  });
  return due.filter(function (d) { return here.indexOf(d.module.id) < 0; });
}

function fill(textBox, due) {
  var lead = document.createElement("strong");
  lead.textContent = due.length + (due.length === 1 ? " review due" : " reviews due") + ":";
  var parts = [lead, document.createTextNode(" ")];
  due.forEach(function (d, i) {
    if (i) parts.push(document.createTextNode(", "));
    var a = document.createElement("a");
    a.href = store.siteUrl(d.module.review);
    a.textContent = moduleLabel(d.module);
    a.setAttribute("data-module", d.module.id);
    parts.push(a);
  });
  textBox.replaceChildren.apply(textBox, parts);
  textBox.setAttribute("data-due", due.map(function (d) { return d.module.id; }).join(" "));
}

function build(now) {
  var banner = document.createElement("div");
  banner.className = "mskcpd-review-banner";
  banner.setAttribute("data-role", "review-banner");
  // the status region is on the page before its text, so screen readers announce the text
  var textBox = document.createElement("p");
  textBox.setAttribute("role", "status");
  textBox.setAttribute("data-role", "review-banner-text");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button";
  button.setAttribute("data-role", "review-banner-hide");
  button.textContent = "Hide for today";
  button.addEventListener("click", function () {
    hideToday(now);
    banner.remove();
    var heading = content().querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  });
  banner.appendChild(textBox);
  banner.appendChild(button);
  return banner;
}

/* Show, update or remove the banner on this page. */
export function refresh() {
  var box = content(), banner = box.querySelector("[data-role=review-banner]");
  var now = reviews.today(), due = hiddenOn() === now ? [] : dueHere(now);
  if (!due.length) { if (banner) banner.remove(); return; }
  if (banner) { fill(banner.querySelector("[data-role=review-banner-text]"), due); return; }
  banner = build(now);
  box.insertBefore(banner, box.firstChild);
  setTimeout(function () { fill(banner.querySelector("[data-role=review-banner-text]"), due); }, 150);
}

export function init() { refresh(); }
