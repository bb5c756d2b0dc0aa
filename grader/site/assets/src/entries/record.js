/* My CPD record (mskcpd/record.js): the core, the record, profile, reflections and
 * certificate, the reviews' record and calendar, and progress. */
import * as banner from "../banner.js";
import { mount } from "../mount.js";
import * as record from "../record.js";
import * as reviews from "../reviews.js";
import * as scoring from "../scoring.js";
import * as store from "../store.js";
import * as widgets from "../widgets.js";

mount({ scoring: scoring, store: store, widgets: widgets, record: record, reviews: reviews, banner: banner });
