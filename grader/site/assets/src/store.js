/* The learner's record, kept in this browser's localStorage under a versioned key.
 * Nothing leaves the browser unless the learner exports it. */
export var KEY = "mskcpd.record.v1";
var FORMAT = "mskcpd-record";
var VERSION = 1;
var root = globalThis;
/* Where the record lives when storage is blocked (private mode, some locked-down
 * browsers): it stands in for localStorage, so like localStorage it is one per page,
 * shared by every script of the page that keeps the record (the SCORM runtime too). */
var MEMORY = Symbol.for("mskcpd.record.memory");
/* Every key the course writes to localStorage or sessionStorage starts with this: the
 * record (KEY) and the SCORM runtime's note of the module it launched (scorm.js). */
export var PREFIX = "mskcpd.";
/* After "Forget me on this computer": an empty record that is not written to storage
 * until the learner does something that saves, so forgetting leaves nothing behind. */
var FRESH = Symbol.for("mskcpd.record.fresh");

function now() { return new Date().toISOString(); }

function randomId() {
  var bytes = new Uint8Array(16);
  (root.crypto || {}).getRandomValues ? root.crypto.getRandomValues(bytes) : bytes.forEach(function (_, i) { bytes[i] = Math.floor(Math.random() * 256); });
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}

function empty() {
  return { format: FORMAT, version: VERSION, learner: { id: randomId(), created: now() }, items: {}, modules: {} };
}

function storageAvailable() {
  try { return !!root.localStorage; } catch { return false; }
}

export function load() {
  if (root[MEMORY]) return root[MEMORY];
  var record = null;
  if (storageAvailable()) {
    try { record = JSON.parse(root.localStorage.getItem(KEY)); } catch { record = null; }
  }
  if (!record || record.format !== FORMAT || record.version !== VERSION) {
    if (root[FRESH]) return clone(root[FRESH]);
    record = empty();
    save(record);
  }
  return record;
}

export function save(record) {
  root[FRESH] = null;
  try { root.localStorage.setItem(KEY, JSON.stringify(record)); root[MEMORY] = null; }
  catch { root[MEMORY] = record; } // private mode or quota: keep this tab working
}

/* The theme's (mkdocs-material's) own keys for this site, such as the colour scheme
 * chosen: "<the site's path>.__<name>", so another site's on this host are not ours. */
function themePrefix() {
  var scope = root.__md_scope;
  return scope && typeof scope.pathname === "string" ? scope.pathname + ".__" : null;
}

function keysOf(storage) {
  var keys = [];
  for (var i = 0; i < storage.length; i++) keys.push(storage.key(i));
  return keys;
}

/* "Forget me on this computer": remove every key this course wrote to this browser's
 * localStorage and sessionStorage, and nothing else (other sites on the same host keep
 * theirs). Returns the keys removed, as "localStorage:<key>". */
export function forgetEverything() {
  var theme = themePrefix(), removed = [];
  function ours(key) { return typeof key === "string" && (key.indexOf(PREFIX) === 0 || (!!theme && key.indexOf(theme) === 0)); }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    var storage, keys;
    try { storage = root[name]; keys = storage ? keysOf(storage) : []; } catch { return; } // storage blocked: nothing kept there
    keys.filter(ours).forEach(function (key) {
      try { storage.removeItem(key); removed.push(name + ":" + key); } catch { /* blocked: nothing to remove */ }
    });
  });
  root[MEMORY] = null;
  root[FRESH] = empty();
  return removed;
}

/* The first committed answer is the recorded one; later ones are practice. */
export function commit(itemId, moduleId, response, evaluation, key) {
  var record = load();
  var entry = record.items[itemId];
  var at = now();
  if (entry) {
    entry.practice = (entry.practice || 0) + 1;
    entry.last_practice = at;
  } else {
    entry = record.items[itemId] = { module: moduleId, response: response, score: evaluation.score, status: evaluation.status, at: at, practice: 0 };
    if (key) entry.key = key; // the answer key's version (ItemBase.key_version) this answer was marked by
  }
  var m = record.modules[moduleId] = record.modules[moduleId] || {};
  if (!m.started) m.started = at;
  updateCompletion(record);
  save(record);
  return entry;
}

/* Absolute URL of a site path: the catalogue script sits at the site root. */
/* The course changed a question's answer key after the learner answered it (another `key`): the recorded
 * answer is marked again by the current key, as the CPD lead's tools mark it, keeping what was answered and
 * when; `rescored` keeps the date and the score it had. Returns the entry and whether its score changed. */
export function rekey(itemId, evaluation, key) {
  var record = load();
  var entry = record.items[itemId];
  if (!entry) return null;
  var changed = entry.score !== evaluation.score || entry.status !== evaluation.status;
  if (changed) {
    entry.rescored = { at: now(), score: entry.score, status: entry.status };
    entry.score = evaluation.score;
    entry.status = evaluation.status;
  }
  entry.key = key;
  updateCompletion(record);
  save(record);
  return { entry: entry, changed: changed };
}

export function siteUrl(path) {
  var root_ = (root.MSKCPD_CATALOGUE && root.MSKCPD_CATALOGUE_ROOT) || root.location.href;
  return new URL(path, root_).href;
}

export function catalogue() { return root.MSKCPD_CATALOGUE || { pass_mark: 0.8, modules: [] }; }

export function moduleStatus(record, module) {
  var answered = 0, total = 0;
  module.items.forEach(function (id) {
    var e = record.items[id];
    if (e) { answered++; total += e.score; }
  });
  var n = module.items.length;
  var score = n ? total / n : 0;
  var passMark = catalogue().pass_mark;
  var m = record.modules[module.id] || {};
  var state = answered === 0 ? "not-started" : (answered === n ? (score + 1e-9 >= passMark ? "completed" : "below-pass-mark") : "in-progress");
  return { answered: answered, total: n, score: score, state: state, started: m.started || null, completed: m.completed || null };
}

function updateCompletion(record) {
  catalogue().modules.forEach(function (module) {
    var s = moduleStatus(record, module);
    if (s.state === "completed" && record.modules[module.id] && !record.modules[module.id].completed) {
      var dates = module.items.map(function (id) { return record.items[id].at; }).sort();
      record.modules[module.id].completed = dates[dates.length - 1];
    }
  });
  (catalogue().cases || []).forEach(function (c) { finishCase(record, c); });
}

// --- case studies ---------------------------------------------------------------
/* A case study is finished when every question the learner sees (some are for other
 * professions) has a recorded answer. The record then keeps, in record.cases[id]:
 *   completed      when (the last of those answers)
 *   question_set   the questions counted
 *   score          the mean recorded score of the auto-marked ones (null if none)
 *   scored         how many questions that score is of
 *   minutes        the case's CPD minutes
 * and, per written answer, the learner's self-assessment against the rubric:
 *   self_assessed[item] = {met: [criterion ids], score: 0..1, at}
 * A CPD lead's confirmed score, `confirmed: {score: 0..1, at}`, replaces the
 * self-assessment where a record holds one; import and merge keep it. */
var SNAPSHOT = ["completed", "question_set", "score", "scored", "minutes"];

/* The questions of a catalogue case this learner sees. */
export function caseQuestions(c, profession) {
  return (c.items || []).filter(function (q) { return !q.professions || !profession || q.professions.indexOf(profession) >= 0; });
}

function caseFigures(record, c, questions) {
  var auto = questions.filter(function (q) { return !q.self_assessed; });
  var answered = questions.filter(function (q) { return !!record.items[q.id]; });
  var total = 0;
  auto.forEach(function (q) { total += record.items[q.id] ? record.items[q.id].score : 0; });
  var dates = answered.map(function (q) { return record.items[q.id].at; }).sort();
  return {
    answered: answered.length, total: questions.length, last: dates.length ? dates[dates.length - 1] : null,
    score: auto.length ? total / auto.length : null, scored: auto.length
  };
}

/* Where a case stands for this learner: finished (with its completion figures) or not. An
 * older record that holds only the answers (or only the download of a submission, which
 * needed every answer) counts as finished too. */
export function caseStatus(record, c) {
  var entry = ((record.cases || {})[c.id]) || {};
  var questions = caseQuestions(c, (record.learner || {}).profession);
  var f = caseFigures(record, c, questions);
  var finished = isTime(entry.completed) || (f.total > 0 && f.answered === f.total) || isTime(entry.downloaded);
  var status = {
    id: c.id, finished: finished, answered: f.answered, total: f.total, minutes: c.cpd_minutes,
    completed: null, score: null, scored: 0, self_assessed: isObject(entry.self_assessed) ? entry.self_assessed : {},
    confirmed: isObject(entry.confirmed) && typeof entry.confirmed.score === "number" ? entry.confirmed : null,
    downloaded: isTime(entry.downloaded) ? entry.downloaded : null
  };
  if (isTime(entry.completed)) {
    status.completed = entry.completed;
    status.score = typeof entry.score === "number" ? entry.score : null;
    status.scored = typeof entry.scored === "number" ? entry.scored : 0;
    if (typeof entry.minutes === "number") status.minutes = entry.minutes;
  } else if (finished) {
    status.completed = f.answered === f.total && f.last ? f.last : entry.downloaded;
    status.score = f.answered ? f.score : null;
    status.scored = f.answered ? f.scored : 0;
  }
  return status;
}

/* Write a finished case's completion figures into the record (once: the first finish stands). */
function finishCase(record, c) {
  var entry = (record.cases || {})[c.id];
  if (entry && isTime(entry.completed)) return false;
  var questions = caseQuestions(c, (record.learner || {}).profession);
  var f = caseFigures(record, c, questions);
  if (!f.total || f.answered !== f.total) return false;
  record.cases = record.cases || {};
  entry = record.cases[c.id] = record.cases[c.id] || {};
  entry.completed = f.last;
  entry.question_set = questions.map(function (q) { return q.id; });
  entry.score = f.score;
  entry.scored = f.scored;
  entry.minutes = c.cpd_minutes;
  return true;
}

/* Record a case (as the catalogue lists one) finished if every question this learner sees
 * is answered; returns its status either way. */
export function completeCase(c) {
  var record = load();
  if (finishCase(record, c)) save(record);
  return caseStatus(record, c);
}

/* The learner's self-assessment of one written answer: the rubric points they met. */
export function selfAssess(caseId, itemId, met, score) {
  var record = load();
  record.cases = record.cases || {};
  var entry = record.cases[caseId] = record.cases[caseId] || {};
  entry.self_assessed = entry.self_assessed || {};
  entry.self_assessed[itemId] = { met: met.slice(), score: score, at: now() };
  save(record);
  return entry.self_assessed[itemId];
}

/* Something the case page notes in the case's entry (its furthest part reached, a download). */
export function noteCase(caseId, values) {
  var record = load();
  record.cases = record.cases || {};
  var entry = record.cases[caseId] = record.cases[caseId] || {};
  Object.keys(values).forEach(function (k) { entry[k] = values[k]; });
  save(record);
  return entry;
}

/* A fresh attempt at a module whose recorded score fell below the pass mark:
 * the earlier answers move to the module's history, so nothing is lost. */
export function restartModule(module) {
  var record = load();
  var previous = {};
  module.items.forEach(function (id) {
    if (record.items[id]) { previous[id] = record.items[id]; delete record.items[id]; }
  });
  var m = record.modules[module.id] = record.modules[module.id] || {};
  m.attempts = m.attempts || [];
  m.attempts.push({ ended: now(), score: moduleStatus({ items: previous, modules: {} }, module).score, items: previous });
  save(record);
}

/* The learner's details (name, email, profession, registration), stamped with when
 * they changed, so an import keeps whichever side's details are newer. */
export function saveLearner(details) {
  var record = load();
  record.learner = record.learner || {};
  Object.keys(details).forEach(function (k) { record.learner[k] = details[k]; });
  record.learner.updated = now();
  save(record);
}

export function exportRecord() {
  var record = load();
  var copy = JSON.parse(JSON.stringify(record));
  copy.exported = now();
  return copy;
}

function isObject(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
function isTime(x) { return typeof x === "string" && !isNaN(Date.parse(x)); }
function clone(x) { return JSON.parse(JSON.stringify(x)); }
function earlier(a, b) { return Date.parse(a) < Date.parse(b); }

function ratingProblem(rating) {
  return rating !== undefined && !(isObject(rating) && isTime(rating.at) && [1, 2, 3, 4, 5].indexOf(rating.value) >= 0);
}

/* The parts added after version 1 first shipped (spaced reviews, reflections,
 * confidence) are optional: an older export without them still imports. */
function extrasProblem(data) {
  if (data.reviews !== undefined) {
    if (!isObject(data.reviews)) return "The record's spaced reviews are damaged.";
    for (var mid in data.reviews) {
      var r = data.reviews[mid];
      if (!isObject(r) || (r.done !== undefined && !isObject(r.done))) return "The spaced reviews of module " + mid + " are damaged.";
      for (var slot in r.done || {}) {
        var d = r.done[slot];
        if (!/^[1-9][0-9]*$/.test(slot) || !isObject(d) || !isTime(d.at) || typeof d.score !== "number" || !(d.score >= 0 && d.score <= 1)) {
          return "Review " + slot + " of module " + mid + " is damaged.";
        }
      }
    }
  }
  if (data.reflections !== undefined) {
    if (!isObject(data.reflections)) return "The record's reflections are damaged.";
    for (var id in data.reflections) {
      var x = data.reflections[id];
      if (!isObject(x) || typeof x.text !== "string" || !isTime(x.updated)) return "The reflection on module " + id + " is damaged.";
    }
  }
  var cases = casesProblem(data.cases);
  if (cases) return cases;
  if (data.learner !== undefined && !isObject(data.learner)) return "The learner's details in the record are damaged.";
  if (data.modules !== undefined && !isObject(data.modules)) return "The record's module list is damaged.";
  for (var m in data.modules || {}) {
    if (!isObject(data.modules[m])) return "The record of module " + m + " is damaged.";
    var attempts = data.modules[m].attempts;
    if (attempts !== undefined && !(Array.isArray(attempts) && attempts.every(function (a) { return isObject(a) && isTime(a.ended) && isObject(a.items); }))) {
      return "The earlier attempts at module " + m + " are damaged.";
    }
    var c = data.modules[m].confidence;
    if (c !== undefined && (!isObject(c) || ratingProblem(c.before) || ratingProblem(c.after))) {
      return "The confidence ratings for module " + m + " are damaged.";
    }
  }
  return null;
}

function isFraction(x) { return typeof x === "number" && x >= 0 && x <= 1; }

/* Case studies: each entry's dates are times, its scores fractions, its self-assessments
 * and confirmed score well formed; parts this version does not know are kept as they are. */
function casesProblem(cases) {
  if (cases === undefined) return null;
  if (!isObject(cases)) return "The record's case studies are damaged.";
  for (var id in cases) {
    var c = cases[id], damaged = "The record of case study " + id + " is damaged.";
    if (!isObject(c)) return damaged;
    if ((c.completed !== undefined && !isTime(c.completed)) || (c.downloaded !== undefined && !isTime(c.downloaded))) return damaged;
    if (c.score !== undefined && c.score !== null && !isFraction(c.score)) return damaged;
    if (c.self_assessed !== undefined) {
      if (!isObject(c.self_assessed)) return damaged;
      for (var item in c.self_assessed) {
        var a = c.self_assessed[item];
        if (!isObject(a) || !Array.isArray(a.met) || !isFraction(a.score) || !isTime(a.at)) {
          return "The self-assessment of question " + item + " in case study " + id + " is damaged.";
        }
      }
    }
    if (c.confirmed !== undefined && !(isObject(c.confirmed) && isFraction(c.confirmed.score) && isTime(c.confirmed.at))) {
      return "The confirmed score of case study " + id + " is damaged.";
    }
  }
  return null;
}

/* One case study's entry: the completion figures of whichever side finished first (they
 * belong together); for each written answer the newer self-assessment; the newer confirmed
 * score; the later download; and any part one side lacks. */
function mergeCase(mine, theirs) {
  if (isTime(theirs.completed) && (!isTime(mine.completed) || earlier(theirs.completed, mine.completed))) {
    SNAPSHOT.forEach(function (k) { if (theirs[k] === undefined) delete mine[k]; else mine[k] = clone(theirs[k]); });
  }
  if (isObject(theirs.self_assessed)) {
    var assessed = mine.self_assessed = isObject(mine.self_assessed) ? mine.self_assessed : {};
    Object.keys(theirs.self_assessed).forEach(function (item) {
      var incoming = theirs.self_assessed[item];
      if (!assessed[item] || earlier(assessed[item].at, incoming.at)) assessed[item] = clone(incoming);
    });
  }
  var confirmed = false;
  if (isObject(theirs.confirmed) && (!isObject(mine.confirmed) || earlier(mine.confirmed.at, theirs.confirmed.at))) {
    confirmed = !isObject(mine.confirmed) || mine.confirmed.score !== theirs.confirmed.score;
    mine.confirmed = clone(theirs.confirmed);
  }
  if (isTime(theirs.downloaded) && (!isTime(mine.downloaded) || earlier(mine.downloaded, theirs.downloaded))) mine.downloaded = theirs.downloaded;
  if (typeof theirs.stage === "number" && !(mine.stage >= theirs.stage)) mine.stage = theirs.stage; // the furthest part reached
  var rest = {};
  Object.keys(theirs).forEach(function (k) { if (SNAPSHOT.indexOf(k) < 0) rest[k] = theirs[k]; });
  fillIn(mine, rest);
  return confirmed;
}

/* Spaced reviews: the earliest result for each review is kept; reflections:
 * the newer text; confidence: the earliest "before" and the newest "after". */
function mergeExtras(record, data) {
  var changed = { reviews: 0, reflections: 0 };
  Object.keys(data.reviews || {}).forEach(function (mid) {
    var theirs = data.reviews[mid];
    record.reviews = record.reviews || {};
    var mine = record.reviews[mid] = record.reviews[mid] || {};
    mine.done = mine.done || {};
    Object.keys(theirs.done || {}).forEach(function (slot) {
      var incoming = theirs.done[slot];
      if (!mine.done[slot] || earlier(incoming.at, mine.done[slot].at)) { mine.done[slot] = clone(incoming); changed.reviews++; }
    });
    var pending = theirs.pending;
    if (!mine.pending && isObject(pending) && typeof pending.slot === "number" && Array.isArray(pending.items)) mine.pending = clone(pending);
    if (mine.pending && mine.done[mine.pending.slot]) delete mine.pending; // that review is done already
  });
  Object.keys(data.reflections || {}).forEach(function (mid) {
    var incoming = data.reflections[mid];
    record.reflections = record.reflections || {};
    var mine = record.reflections[mid];
    if (!mine || earlier(mine.updated, incoming.updated)) { record.reflections[mid] = clone(incoming); changed.reflections++; }
  });
  Object.keys(data.modules || {}).forEach(function (mid) {
    var theirs = (data.modules[mid] || {}).confidence;
    if (!theirs) return;
    var m = record.modules[mid] = record.modules[mid] || {};
    var mine = m.confidence = m.confidence || {};
    if (theirs.before && (!mine.before || earlier(theirs.before.at, mine.before.at))) mine.before = clone(theirs.before);
    if (theirs.after && (!mine.after || earlier(mine.after.at, theirs.after.at))) mine.after = clone(theirs.after);
  });
  return changed;
}

/* Check an imported file's shape; returns an error message or null. */
function problemWith(data) {
  if (!data || typeof data !== "object" || Array.isArray(data)) return "This file is not a course record.";
  if (data.format !== FORMAT) return "This file is not a course record (its format is not " + FORMAT + ").";
  if (data.version !== VERSION) return "This record is version " + data.version + "; this course reads version " + VERSION + ".";
  if (!data.items || typeof data.items !== "object" || Array.isArray(data.items)) return "The record has no answers list.";
  for (var id in data.items) {
    var e = data.items[id];
    if (!e || typeof e !== "object" || typeof e.at !== "string" || typeof e.score !== "number" || !(e.score >= 0 && e.score <= 1)) {
      return "The answer to question " + id + " is damaged.";
    }
  }
  return extrasProblem(data);
}

/* The identity of the older record (its id and creation date) is kept, so a learner
 * who imports on a second computer stays one learner; the details are the newer
 * side's, and a detail one side lacks is taken from the other. */
function mergeLearner(record, theirs) {
  if (!isObject(theirs)) return;
  var mine = record.learner = isObject(record.learner) ? record.learner : {};
  if (isTime(theirs.created) && (!isTime(mine.created) || earlier(theirs.created, mine.created))) {
    mine.created = theirs.created;
    if (typeof theirs.id === "string") mine.id = theirs.id;
  }
  var newer = isTime(theirs.updated) && (!isTime(mine.updated) || earlier(mine.updated, theirs.updated));
  Object.keys(theirs).forEach(function (k) {
    if (k === "id" || k === "created" || k === "updated") return;
    var blank = mine[k] === undefined || mine[k] === null || mine[k] === "";
    if (blank || (newer && theirs[k] !== "" && theirs[k] !== null)) mine[k] = clone(theirs[k]);
  });
  if (newer) mine.updated = theirs.updated;
}

/* One question's entry: the earliest recorded answer wins; practice counts and the
 * latest practice time are kept from whichever side has more (so importing the same
 * file twice changes nothing). */
function mergeItem(mine, incoming) {
  var first = !mine || earlier(incoming.at, mine.at) ? incoming : mine;
  var other = first === incoming ? mine : incoming;
  var merged = clone(first);
  if (other) {
    Object.keys(other).forEach(function (k) { if (merged[k] === undefined) merged[k] = clone(other[k]); });
    merged.practice = Math.max(first.practice || 0, other.practice || 0);
    if (isTime(other.last_practice) && (!isTime(merged.last_practice) || earlier(merged.last_practice, other.last_practice))) merged.last_practice = other.last_practice;
  }
  return merged;
}

/* A module's dates, its earlier attempts (each kept once) and any part one side lacks. */
function mergeModule(mine, theirs) {
  if (typeof theirs.started === "string" && (!mine.started || earlier(theirs.started, mine.started))) mine.started = theirs.started;
  if (typeof theirs.completed === "string" && (!mine.completed || earlier(theirs.completed, mine.completed))) mine.completed = theirs.completed;
  if (Array.isArray(theirs.attempts)) {
    var attempts = Array.isArray(mine.attempts) ? mine.attempts : [];
    var seen = attempts.map(function (a) { return JSON.stringify(a); });
    theirs.attempts.forEach(function (a) {
      if (seen.indexOf(JSON.stringify(a)) < 0) { attempts.push(clone(a)); seen.push(JSON.stringify(a)); }
    });
    attempts.sort(function (a, b) { return Date.parse(a.ended) - Date.parse(b.ended); });
    mine.attempts = attempts;
  }
  Object.keys(theirs).forEach(function (k) {
    if (mine[k] === undefined && k !== "confidence") mine[k] = clone(theirs[k]);
  });
}

/* Parts of a record this version does not merge field by field (anything a later
 * version adds): what one side lacks is taken from the other. */
function fillIn(mine, theirs) {
  Object.keys(theirs).forEach(function (k) {
    if (mine[k] === undefined) mine[k] = clone(theirs[k]);
    else if (isObject(mine[k]) && isObject(theirs[k])) fillIn(mine[k], theirs[k]);
  });
}

function emailOf(learner) {
  return isObject(learner) && typeof learner.email === "string" ? learner.email.trim().toLowerCase() : "";
}

/* A CPD lead's confirmed score belongs to one learner: it is never merged into another's record. */
function holdsConfirmed(data) {
  return isObject(data.cases) && Object.keys(data.cases).some(function (id) { return isObject(data.cases[id]) && isObject(data.cases[id].confirmed); });
}

var MERGED = ["learner", "items", "modules", "reviews", "reflections", "cases"]; // merged part by part above
var NOT_KEPT = ["format", "version", "exported"]; // this browser's own, or the moment of an export

/* Merge: nothing on either side is lost. For each question the earliest recorded
 * answer is kept; imported scores are recomputed from the responses where the item
 * is known. */
export function importRecord(data, rescore) {
  var problem = problemWith(data);
  if (problem) return { ok: false, message: problem };
  var record = load();
  var mine = emailOf(record.learner), theirs = emailOf(data.learner);
  if (mine && theirs && mine !== theirs && holdsConfirmed(data)) {
    return { ok: false, message: "This file holds scores confirmed for " + theirs + ", and this record is " + mine + "\u2019s: import only your own." };
  }
  var added = 0;
  mergeLearner(record, data.learner);
  Object.keys(data.items).forEach(function (id) {
    var incoming = clone(data.items[id]);
    if (rescore) {
      var evaluation = rescore(id, incoming.response);
      if (evaluation) { incoming.score = evaluation.score; incoming.status = evaluation.status; }
    }
    if (!record.items[id]) added++;
    record.items[id] = mergeItem(record.items[id], incoming);
  });
  Object.keys(data.modules || {}).forEach(function (id) {
    var theirs = data.modules[id];
    if (isObject(theirs)) mergeModule(record.modules[id] = record.modules[id] || {}, theirs);
  });
  Object.keys(record.modules).forEach(function (id) {
    // a completion date survives only if the merged answers still earn it
    var module = catalogue().modules.filter(function (m) { return m.id === id; })[0];
    if (module && moduleStatus(record, module).state !== "completed") delete record.modules[id].completed;
  });
  var extras = mergeExtras(record, data);
  var confirmed = 0;
  if (isObject(data.cases)) {
    record.cases = isObject(record.cases) ? record.cases : {};
    Object.keys(data.cases).forEach(function (id) {
      if (mergeCase(record.cases[id] = isObject(record.cases[id]) ? record.cases[id] : {}, data.cases[id])) confirmed++;
    });
  }
  Object.keys(data).forEach(function (k) {
    if (NOT_KEPT.indexOf(k) >= 0) return;
    if (record[k] === undefined) record[k] = clone(data[k]);
    else if (MERGED.indexOf(k) < 0 && isObject(record[k]) && isObject(data[k])) fillIn(record[k], data[k]);
  });
  updateCompletion(record);
  save(record);
  var message = "Record imported: " + added + " new answer(s) added.";
  if (extras.reviews) message += " " + extras.reviews + " review result(s) added.";
  if (extras.reflections) message += " " + extras.reflections + " newer reflection(s) taken.";
  if (confirmed) message += " " + confirmed + " case study score(s) confirmed by your CPD lead taken.";
  return { ok: true, added: added, reviews: extras.reviews, reflections: extras.reflections, confirmed: confirmed, message: message };
}
