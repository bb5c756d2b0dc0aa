/* What every page's scripts share: set-up on each page, and downloads. */

/* Run `setUp` for every page: on load, and after each instant navigation
 * (mkdocs-material's document$). Set-up functions are idempotent, since
 * document$ does not emit for pages opened from disk and may emit twice. */
export function onPage(setUp) {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(function () { setUp(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setUp(); });
  else setUp();
}

/* Save text as a file the learner downloads: nothing leaves the browser otherwise. */
export function download(filename, content, type) {
  var a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([content], { type: type }));
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}
