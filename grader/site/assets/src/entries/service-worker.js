/* The course's service worker (service-worker.js at the site's root), from Workbox. The build
 * (grader/site/offline.py) writes the precache manifest in place of self.__WB_MANIFEST: every
 * page, asset and the search index, each with a revision from its bytes. Everything listed is
 * served from the cache, navigations included (with or without ?h= search highlighting), so the
 * course works with no signal after one visit; nothing else is routed, and nothing is fetched
 * from another host. A new build is a new worker: it waits until the learner presses Reload in
 * the page's prompt (src/offline.js sends SKIP_WAITING through workbox-window). */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

clientsClaim(); // the first visit's page is served offline too, without a reload
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: "index.html", cleanURLs: false, ignoreURLParametersMatching: [/.*/] });
