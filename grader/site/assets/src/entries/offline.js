/* The course offline (mskcpd/offline.js): registers the service worker and offers a reload when a
 * new version is published (src/offline.js). Its own small script, on every page of a normal build. */
import { init } from "../offline.js";

init();
