/* Every part (mskcpd/course.js): for a page whose markup mixes parts that no smaller
 * entry holds together (an educator can put any widget on any authored page). */
import * as banner from "../banner.js";
import * as cases from "../cases.js";
import * as confidence from "../confidence.js";
import * as home from "../home.js";
import { mount } from "../mount.js";
import * as progress from "../progress.js";
import * as record from "../record.js";
import * as reviews from "../reviews.js";
import * as scoring from "../scoring.js";
import * as store from "../store.js";
import * as widgets from "../widgets.js";

mount({ scoring: scoring, store: store, widgets: widgets, progress: progress, record: record, cases: cases, reviews: reviews, confidence: confidence,
  home: home, banner: banner });
