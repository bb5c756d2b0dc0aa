/* A case study's page (mskcpd/case.js): the core, question widgets, scoring and the case's own code. */
import * as banner from "../banner.js";
import * as cases from "../cases.js";
import { mount } from "../mount.js";
import * as scoring from "../scoring.js";
import * as store from "../store.js";
import * as widgets from "../widgets.js";

mount({ scoring: scoring, store: store, widgets: widgets, cases: cases, banner: banner });
