/* Pages with questions or progress: a module's overview and questions page, and the
 * spaced-review pages (mskcpd/questions.js): the core, question widgets, scoring,
 * reviews and the confidence check. */
import * as banner from "../banner.js";
import * as confidence from "../confidence.js";
import { mount } from "../mount.js";
import * as progress from "../progress.js";
import * as reviews from "../reviews.js";
import * as scoring from "../scoring.js";
import * as store from "../store.js";
import * as widgets from "../widgets.js";

mount({ scoring: scoring, store: store, widgets: widgets, progress: progress, reviews: reviews, confidence: confidence, banner: banner });
