/* The course offline (grader/site/offline.py writes the manifest and the worker): register the
 * service worker where it is safe, and tell the learner when a new version of the course is
 * ready. Loaded on its own (mskcpd/offline.js), after the page's bundle, on every page of a build and under
 * `mkdocs serve`; never in a SCORM package.
 *
 * It registers only when the page links the web app manifest (a normal build), over http(s),
 * outside frames (inside an LMS the LMS owns the page). Under `mkdocs serve` the page says
 * <meta name="mskcpd-offline" content="off">, and any worker of the site is unregistered so a
 * stale copy can never hide an educator's edit. From disk (file://) it does nothing.
 *
 * The state is on <html data-mskcpd-offline>: "file", "framed", "unsupported", "none" (a page
 * without the manifest link, such as 404.html), "removed",
 * "registered" or "failed". The learner's record (localStorage) is never touched. */
import { Workbox } from "workbox-window";

export var TEXT = {
  available: "A new version of the course is available.",
  reload: "Reload",
  reloading: "Loading the new version\u2026"
};
export var WORKER = "service-worker.js";

/* The site's root: from this script's own address (it is mskcpd/offline.js), or else from the
 * manifest's (at the root). */
var SCRIPT = document.currentScript && document.currentScript.src;
function siteRoot() {
  if (SCRIPT) return new URL("../", SCRIPT).href;
  var manifest = document.querySelector('link[rel="manifest"]');
  return manifest ? new URL("./", manifest.href).href : null;
}

function framed(win) {
  try {
    return win.self !== win.top;
  } catch {
    return true; // a browser that will not say: treat it as a frame
  }
}

/* What this page should do: "file", "framed", "unsupported", "off" (unregister) or "register". */
export function decide(win, doc) {
  if (!/^https?:$/.test(win.location.protocol)) return "file";
  if (framed(win)) return "framed";
  if (!("serviceWorker" in win.navigator)) return "unsupported";
  var meta = doc.querySelector('meta[name="mskcpd-offline"]');
  if (meta && meta.getAttribute("content") === "off") return "off";
  return doc.querySelector('link[rel="manifest"]') ? "register" : "none";
}

function mark(state) {
  document.documentElement.setAttribute("data-mskcpd-offline", state);
}

/* The update prompt: a polite live region the build wrote after the theme's header
 * (templates/update_prompt.html.j2), filled in with a Reload button once a new version is waiting. */
function promptRegion() {
  var box = document.querySelector("[data-role=update]");
  return box && { box: box, message: box.querySelector("[role=status]") };
}

function offerReload(region, wb, registration) {
  if (!region || region.box.querySelector("button")) return;
  region.message.textContent = TEXT.available;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "mskcpd-update__reload";
  button.textContent = TEXT.reload;
  button.addEventListener("click", function () {
    region.message.textContent = TEXT.reloading;
    if (!registration.waiting) return window.location.reload(); // another tab has already taken the new version
    // the waiting worker takes over, then the page loads again from the new version
    wb.addEventListener("controlling", function () { window.location.reload(); });
    wb.messageSkipWaiting();
  });
  region.box.appendChild(button);
  region.box.classList.add("mskcpd-update--shown");
  document.documentElement.classList.add("mskcpd-has-update");
}

function register() {
  var root = siteRoot();
  var region = promptRegion();
  var wb = new Workbox(new URL(WORKER, root).href, { scope: root });
  var registered = wb.register();
  wb.addEventListener("waiting", function () {
    registered.then(function (registration) { if (registration) offerReload(region, wb, registration); });
  });
  registered.then(function (registration) { mark(registration ? "registered" : "failed"); }, function () { mark("failed"); });
}

function unregister() {
  var scope = siteRoot();
  if (!scope) return mark("removed");
  navigator.serviceWorker.getRegistrations().then(function (registrations) {
    return Promise.all(registrations.filter(function (r) { return r.scope === scope; }).map(function (r) { return r.unregister(); }));
  }).then(function () { mark("removed"); }, function () { mark("removed"); });
}

export function init() {
  var what = decide(window, document);
  if (what === "register") {
    // after the page's own loads, as Workbox advises, and once the page is idle: installing the worker
    // fetches the whole course, which must not compete with the first page the learner is reading
    var later = function () { (window.requestIdleCallback || setTimeout)(register, { timeout: 5000 }); };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later);
  } else if (what === "off") {
    unregister();
  } else {
    mark(what);
  }
}
