/* The home page (mskcpd/home.js): the core, the course map, the reviews due and progress. */
import * as banner from "../banner.js";
import * as home from "../home.js";
import { mount } from "../mount.js";
import * as progress from "../progress.js";
import * as reviews from "../reviews.js";
import * as store from "../store.js";

mount({ store: store, progress: progress, home: home, reviews: reviews, banner: banner });
