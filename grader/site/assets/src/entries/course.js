/* Every page of the course: the plugin adds this script to each page (mskcpd/course.js).
 * A page kind that needs fewer parts can have its own entry beside this one. */
import * as banner from "../banner.js";
import * as cases from "../cases.js";
import * as confidence from "../confidence.js";
import * as home from "../home.js";
import { mount } from "../mount.js";
import * as record from "../record.js";
import * as reviews from "../reviews.js";
import * as scoring from "../scoring.js";
import * as store from "../store.js";
import * as widgets from "../widgets.js";

mount({ scoring: scoring, store: store, widgets: widgets, record: record, cases: cases, reviews: reviews, confidence: confidence,
  home: home, banner: banner });
