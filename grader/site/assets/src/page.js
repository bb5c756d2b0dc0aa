/* What every page's scripts share: set-up on each page, and downloads. */

/* Run `setUp` for every page: once on load, and after each instant navigation
 * (mkdocs-material's document$). Set-up functions are idempotent, since
 * document$ does not emit for pages opened from disk and may emit twice.
 * document$'s first emission (at DOMContentLoaded, while the document is still
 * "interactive") is this same page load: once set up, it is not set up again
 * (that second run redrew every part inside the theme's own DOMContentLoaded
 * work, a long task on a phone). The SCORM runtime, loaded after the page's
 * bundle, says when it has brought the learner's record back from the LMS
 * (mskcpd:record-restored): the page is then set up again, to show it. */
export function onPage(setUp) {
  var loaded = false; // set up for the page as loaded
  function once() {
    if (loaded) return;
    loaded = true;
    setUp();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      if (!loaded) once();
      else if (document.readyState === "complete") setUp(); // an instant navigation, long after the load
    });
  }
  document.addEventListener(RESTORED, function () { if (loaded) setUp(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", once);
  else once();
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
