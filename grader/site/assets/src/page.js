/* What every page's scripts share: set-up on each page, and downloads. */

/* Run `setUp` for every page: once on load (in a step of its own: see later),
 * and after each instant navigation (mkdocs-material's document$). Set-up
 * functions are idempotent, since document$ does not emit for pages opened
 * from disk and may emit twice.
 * document$'s first emission (at DOMContentLoaded, while the document is still
 * "interactive") is this same page load: once set up, it is not set up again
 * (that second run redrew every part inside the theme's own DOMContentLoaded
 * work, a long task on a phone). The SCORM runtime, loaded after the page's
 * bundle, says when it has brought the learner's record back from the LMS
 * (mskcpd:record-restored): the page is then set up again, to show it, unless its
 * set-up step is still to come (it will read the restored record). */
export function onPage(setUp) {
  var loaded = false; // set up for the page as loaded, or its step queued
  var waiting = false; // the step queued and not run yet
  function once() {
    if (loaded) return;
    loaded = waiting = true;
    later(function () { waiting = false; setUp(); });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      if (!loaded) once();
      else if (document.readyState === "complete") setUp(); // an instant navigation, long after the load
    });
  }
  document.addEventListener(RESTORED, function () { if (loaded && !waiting) setUp(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", once);
  else once();
}

/* Run `step` in a task of its own before the page's load event, or at once after it. A page's
 * set-up is a dozen small steps: run as one task, they kept a phone from painting or answering
 * a tap for over 100 ms. Each step is run by a data: script (no request leaves the browser)
 * that the browser runs in order after the page's other scripts, in a task of its own, and
 * the load event waits for it, so the page is set up by then, as a person or a test expects.
 * A step's own later steps run straight after it, before the steps queued earlier, so a part
 * is set up whole before the next part starts. The queue is shared by every bundle on the
 * page; a page whose Content-Security-Policy forbids data: scripts runs the step when its
 * script fails to load. */
export function later(step) {
  if (document.readyState === "complete") { step(); return; }
  var steps = window.__mskcpdSteps = window.__mskcpdSteps || { queue: [], nested: -1, run: runStep };
  if (steps.nested >= 0) steps.queue.splice(steps.nested++, 0, step);
  else steps.queue.push(step);
  var script = document.createElement("script");
  script.src = STEP;
  script.async = false;
  script.onerror = function () { window.__mskcpdSteps.run(); };
  document.head.appendChild(script);
}
var STEP = "data:text/javascript,window.__mskcpdSteps.run()";
function runStep() {
  var steps = window.__mskcpdSteps, step = steps.queue.shift();
  steps.nested = 0;
  try { step(); } finally { steps.nested = -1; }
}

/* The event the SCORM runtime sends on the document once it has put the LMS's copy of the record in store.js. */
export var RESTORED = "mskcpd:record-restored";

/* Save text as a file the learner downloads: nothing leaves the browser otherwise. */
export function download(filename, content, type) {
  var a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([content], { type: type }));
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}
