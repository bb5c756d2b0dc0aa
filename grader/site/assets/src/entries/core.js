/* The core on every page without widgets of its own (lessons, reading pages): the
 * learner's record (store) and the banner of reviews due. The plugin gives each page
 * the smallest entry holding the parts its markup uses (grader/site/plugin.py, BUNDLES). */
import * as banner from "../banner.js";
import { mount } from "../mount.js";
import * as store from "../store.js";

mount({ store: store, banner: banner });
