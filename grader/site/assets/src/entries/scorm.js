/* The SCORM 1.2 runtime (mskcpd/scorm.js): reports to an LMS when the page is one
 * of the course's SCOs, and does nothing elsewhere. It keeps the record through
 * store.js like the page's own script, so the two scripts load in either order. */
import { expose } from "../mount.js";
import * as scorm from "../scorm.js";

var runtime = scorm.state;
runtime.LIMIT = scorm.LIMIT;
runtime.encode = scorm.encode;
runtime.decode = scorm.decode;
runtime.timespan = scorm.timespan;
expose({ scorm: runtime });
scorm.connect();
