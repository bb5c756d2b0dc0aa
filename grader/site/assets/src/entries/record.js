/* My CPD record (mskcpd/record.js): the core, the record, profile, reflections and
 * certificate, the reviews' record and calendar, and progress. */
import * as banner from "../banner.js";
import { mount } from "../mount.js";
import * as progress from "../progress.js";
import * as record from "../record.js";
import * as reviews from "../reviews.js";
import * as store from "../store.js";

mount({ store: store, progress: progress, record: record, reviews: reviews, banner: banner });
