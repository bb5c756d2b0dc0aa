/* Put a page's behaviour together: an entry (entries/*.js) names the parts its
 * pages use, and this wires the optional links between them, publishes the
 * window.MSKCPD facade (for the tests and the browser console; the parts
 * themselves only import each other) and sets each part up on every page. */
import * as menu from "./menu.js";
import { download, onPage } from "./page.js";

/* Add `parts` to window.MSKCPD, whichever of the page's scripts runs first. */
export function expose(parts) {
  var facade = window.MSKCPD = window.MSKCPD || {};
  Object.keys(parts).forEach(function (name) { facade[name] = parts[name]; });
  return facade;
}

/* `parts`: any of scoring, store, widgets, progress, record, cases, reviews, confidence, home, banner (modules). */
export function mount(parts) {
  var p = parts;
  if (p.widgets && p.reviews) { p.widgets.useReviewAnswers(p.reviews.answers); p.reviews.useWidgets(p.widgets); }
  if (p.progress && p.record) p.progress.onRefresh(p.record.render);
  if (p.record && p.reviews) p.record.onRender(p.reviews.refresh);
  if (p.record && p.banner) p.record.onRender(p.banner.refresh); // an import can bring reviews due
  var facade = { onPage: onPage, download: download };
  if (p.scoring) facade.scoring = { evaluate: p.scoring.evaluate, rules: p.scoring.RULES, rubricMet: p.scoring.rubricMet };
  if (p.store) {
    var s = p.store;
    facade.store = {
      KEY: s.KEY, load: s.load, save: s.save, commit: s.commit, moduleStatus: s.moduleStatus, exportRecord: s.exportRecord,
      importRecord: s.importRecord, saveLearner: s.saveLearner, restartModule: s.restartModule, catalogue: s.catalogue, siteUrl: s.siteUrl
    };
  }
  if (p.widgets) {
    var w = p.widgets;
    facade.widgets = { init: w.init, restore: w.restore, shuffled: w.shuffled, hash: w.hash };
  }
  if (p.progress) facade.progress = { refresh: p.progress.refresh };
  if (p.record) facade.record = { render: p.record.render, templateOf: p.record.templateOf };
  if (p.cases) facade.cases = { init: p.cases.init, pythonLiteral: p.cases.pythonLiteral };
  if (p.reviews) {
    var r = p.reviews;
    facade.reviews = { answers: r.answers, status: r.status, draw: r.draw, calendar: r.calendar, refresh: r.refresh, dayOf: r.dayOf, addDays: r.addDays };
  }
  if (p.confidence) facade.confidence = { init: p.confidence.init, labels: p.confidence.LABELS };
  if (p.home) facade.home = { refresh: p.home.refresh };
  if (p.banner) facade.banner = { refresh: p.banner.refresh, hiddenKey: p.banner.HIDDEN_KEY };
  expose(facade);
  onPage(menu.setUp); // the theme's menu button, on every page
  // the order the separate scripts used to run in
  [p.widgets && p.widgets.init, p.progress && p.progress.init, p.record && p.record.setUp, p.cases && p.cases.init, p.reviews && p.reviews.init,
   p.confidence && p.confidence.init, p.home && p.home.init, p.banner && p.banner.init].forEach(function (setUp) { if (setUp) onPage(setUp); });
}
