/* Question widgets and progress bars. Initialised through mkdocs-material's
 * document$ (instant navigation), idempotently: a widget is set up once. */
import * as scoring from "./scoring.js";
import * as store from "./store.js";


// --- seeded shuffle: stable per learner and item across reloads ---------
export function hash(text) {
  var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}
function random(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export function shuffled(list, key) {
  var out = list.slice(), next = random(hash(store.load().learner.id + ":" + key));
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(next() * (i + 1));
    var t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}
function reorder(container, nodes) {
  nodes.forEach(function (n) { container.appendChild(n); });
}

function el(tag, attrs, html) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (html !== undefined) e.innerHTML = html;
  return e;
}
function text(s) {
  var d = document.createElement("div"); d.textContent = String(s); return d.innerHTML;
}
function pct(x) { return Math.round(x * 100) + "%"; }
function ids(list) { return list.map(function (o) { return o.id; }); }

// --- reading and restoring responses -----------------------------------
var NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

function readResponse(w) {
  var item = w.item, form = w.form;
  if (item.type === "single") {
    var picked = form.querySelector("input:checked");
    return picked ? { response: picked.value } : { error: "Choose an answer first." };
  }
  if (item.type === "multiple") {
    var all = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
    return all.length ? { response: all } : { error: "Choose at least one answer first." };
  }
  if (item.type === "numeric") {
    var raw = form.querySelector("input[type=text]").value.trim();
    if (!raw) return { error: "Type a number first." };
    if (!NUMBER.test(raw)) return { error: "Type the number with digits and a decimal point only, for example 7.5 (no commas, spaces or units)." };
    var response = { value: parseFloat(raw) };
    var unit = form.querySelector("select");
    if (unit) {
      if (!unit.value) return { error: "Choose a unit." };
      response.unit = unit.value;
    } else if (item.unit) {
      response.unit = item.unit;
    }
    if (scoring.evaluate(item, response).status === "out_of_range") {
      return { error: "Type a number between " + item.min + " and " + item.max + "." };
    }
    return { response: response };
  }
  if (item.type === "ordering") {
    return { response: Array.prototype.map.call(form.querySelectorAll(".mskcpd-order-row"), function (li) { return li.getAttribute("data-option-id"); }) };
  }
  if (item.type === "matching") {
    var answer = {}, missing = false;
    Array.prototype.forEach.call(form.querySelectorAll(".mskcpd-match"), function (row) {
      var v = row.querySelector("select").value;
      if (v) answer[row.getAttribute("data-premise-id")] = v; else missing = true;
    });
    return missing ? { error: "Choose a match for every item first." } : { response: answer };
  }
  if (item.type === "free_text") {
    var written = form.querySelector("textarea").value;
    if (!written.trim()) return { error: "Write your answer first." };
    return { response: written };
  }
  if (item.type === "consultation") {
    return w.ended ? { response: w.path.slice() } : { error: "Finish the conversation first." };
  }
  return { error: "Unknown question type." };
}

// --- consultations: the conversation goes on from each choice ------------
function nodeById(w, id) {
  return w.item.nodes.filter(function (n) { return n.id === id; })[0];
}

function say(w, who, html) {
  var li = el("li", { "class": "mskcpd-line mskcpd-line--" + who });
  li.innerHTML = '<span class="mskcpd-speaker"></span> ' + html;
  // the person's name is text, never markup
  li.firstChild.textContent = (who === "you" ? "You say" : w.item.person + " says") + ":";
  w.form.querySelector("[data-role=conversation]").appendChild(li);
}

function showChoices(w, node) {
  var box = w.form.querySelector("[data-role=choices]");
  box.innerHTML = "";
  if (!node) return;
  var choices = shuffled(node.choices.slice(), w.item.id + ":" + node.id);
  box.innerHTML = '<p class="mskcpd-choose" id="q-' + w.item.id + '-choose-' + node.id + '">What do you say?</p>' + choices.map(function (c) {
    var id = "q-" + w.item.id + "-" + c.id;
    return '<div class="mskcpd-option"><input type="radio" id="' + id + '" name="q-' + w.item.id + '-say" value="' + c.id + '">' +
      '<label for="' + id + '">' + w.feedback.nodes[node.id].choices[c.id].text + "</label></div>";
  }).join("");
}

function startConversation(w) {
  w.path = []; w.ended = false; w.node = nodeById(w, w.item.start);
  w.form.querySelector("[data-role=conversation]").innerHTML = "";
  say(w, "them", w.feedback.nodes[w.node.id].patient);
  showChoices(w, w.node);
}

/* One step of the conversation; returns true when it has ended. */
function step(w, choiceId) {
  var choice = w.node.choices.filter(function (c) { return c.id === choiceId; })[0];
  w.path.push(choiceId);
  say(w, "you", w.feedback.nodes[w.node.id].choices[choiceId].text);
  w.node = choice.next ? nodeById(w, choice.next) : null;
  if (w.node) say(w, "them", w.feedback.nodes[w.node.id].patient);
  showChoices(w, w.node);
  w.ended = !w.node;
  return w.ended;
}

function replay(w, path) {
  startConversation(w);
  path.forEach(function (id) { if (w.node) step(w, id); });
}

function showResponse(w, response) {
  var item = w.item, form = w.form;
  if (item.type === "single" || item.type === "multiple") {
    var chosen = [].concat(response);
    Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
  } else if (item.type === "numeric") {
    var value = response && typeof response === "object" ? response.value : response;
    form.querySelector("input[type=text]").value = value === undefined || value === null ? "" : String(value);
    var unit = form.querySelector("select");
    if (unit && response && response.unit) unit.value = response.unit;
  } else if (item.type === "ordering") {
    var list = form.querySelector(".mskcpd-order");
    var rows = {};
    Array.prototype.forEach.call(list.children, function (li) { rows[li.getAttribute("data-option-id")] = li; });
    response.forEach(function (id) { if (rows[id]) list.appendChild(rows[id]); });
  } else if (item.type === "matching") {
    Array.prototype.forEach.call(form.querySelectorAll(".mskcpd-match"), function (row) {
      row.querySelector("select").value = response[row.getAttribute("data-premise-id")] || "";
    });
  } else if (item.type === "free_text") {
    form.querySelector("textarea").value = typeof response === "string" ? response : "";
  } else if (item.type === "consultation") {
    replay(w, Array.isArray(response) ? response : []);
  }
}

function clearResponse(w) {
  if (w.item.type === "consultation") startConversation(w);
  Array.prototype.forEach.call(w.form.querySelectorAll("input"), function (i) {
    if (i.type === "text") i.value = ""; else i.checked = false;
  });
  Array.prototype.forEach.call(w.form.querySelectorAll("select"), function (s) { s.value = ""; });
}

// --- feedback ------------------------------------------------------------
var VERDICTS = {
  correct: ["\u2714", "Correct."],
  partial: ["\u25D0", "Partly correct."],
  incorrect: ["\u2718", "Not correct."],
  unsafe: ["\u26A0", "Unsafe answer."],
  unit_mismatch: ["\u2718", "Not correct: check the unit."]
};

function mark(ok) {
  return ok ? '<span class="mskcpd-mark mskcpd-mark--right">\u2714 Right</span> ' : '<span class="mskcpd-mark mskcpd-mark--wrong">\u2718 Wrong</span> ';
}

function details(w, response, ev) {
  var item = w.item, fb = w.feedback;
  if (item.type === "single") {
    var out = '<p><strong>Your answer:</strong> ' + fb.options[response].text + "</p>" + fb.options[response].feedback;
    if (response !== item.answer) out += '<p><strong>The best answer:</strong> ' + fb.options[item.answer].text + "</p>" + fb.options[item.answer].feedback;
    return out;
  }
  if (item.type === "multiple") {
    return "<ul class=\"mskcpd-fb-list\">" + ids(item.options).map(function (id) {
      var chose = response.indexOf(id) >= 0, right = item.answer.indexOf(id) >= 0;
      var label = chose ? (right ? mark(true) + "You chose this, and it is right." : mark(false) + "You chose this, but it is not right.")
                        : (right ? mark(false) + "You did not choose this, but it is right." : "You did not choose this, rightly.");
      return "<li><p><strong>" + fb.options[id].text + "</strong>: " + label + "</p>" + fb.options[id].feedback + "</li>";
    }).join("") + "</ul>";
  }
  if (item.type === "numeric") {
    var given = "<p><strong>Your answer:</strong> " + text(response.value) + (response.unit ? " " + text(response.unit) : "") + "</p>";
    if (ev.status === "correct") return given + fb.correct;
    var warn = ev.status === "unsafe" ? '<div class="mskcpd-unsafe"><p><strong>\u26A0 Why this answer could harm a patient:</strong></p>' + fb.unsafe[ev.unsafe_band] + "</div>" : "";
    var unitNote = ev.status === "unit_mismatch" ? "<p>The answer is in " + text(item.unit) + ".</p>" : "";
    return given + warn + unitNote + fb.incorrect;
  }
  if (item.type === "ordering") {
    var yours = "<p><strong>Your order:</strong></p><ol>" + response.map(function (id, i) {
      return "<li>" + mark(item.answer[i] === id) + fb.options[id].text + "</li>";
    }).join("") + "</ol>";
    var right = "<p><strong>The right order:</strong></p><ol>" + item.answer.map(function (id) {
      return "<li>" + fb.options[id].text + fb.options[id].feedback + "</li>";
    }).join("") + "</ol>";
    return yours + right + fb.general;
  }
  if (item.type === "matching") {
    return "<ul class=\"mskcpd-fb-list\">" + item.premises.map(function (p) {
      var got = response[p.id], ok = got === p.answer;
      return "<li><p><strong>" + fb.premises[p.id].text + "</strong>: " + mark(ok) + "you chose \u201C" + (got ? fb.choices[got] : "nothing") + "\u201D" +
        (ok ? "." : "; the right match is \u201C" + fb.choices[p.answer] + "\u201D.") + "</p>" + fb.premises[p.id].feedback + "</li>";
    }).join("") + "</ul>";
  }
  if (item.type === "consultation") {
    var steps = [], node = item.start, shown = {};
    response.forEach(function (id) {
      var n = fb.nodes[node], choiceData = nodeById(w, node).choices.filter(function (c) { return c.id === id; })[0];
      (choiceData.behaviours || []).forEach(function (b) { shown[b] = true; });
      steps.push("<li><p><strong>You said:</strong> " + n.choices[id].text + "</p>" + n.choices[id].feedback + "</li>");
      node = choiceData.next;
    });
    var behaviours = item.behaviours.map(function (b) {
      var good = (b.kind || "good") === "good", did = !!shown[b.id];
      var label = good ? (did ? mark(true) + "You did this." : mark(false) + "You did not do this.")
                       : (did ? mark(false) + "You did this, and it can harm." : "You avoided this, rightly.");
      return "<li><strong>" + fb.behaviours[b.id] + "</strong>: " + label + "</li>";
    }).join("");
    return "<p><strong>What the consultation is scored on:</strong></p><ul class=\"mskcpd-fb-list\">" + behaviours + "</ul>" +
      "<p><strong>Your conversation, step by step:</strong></p><ol class=\"mskcpd-fb-list\">" + steps.join("") + "</ol>" + fb.general;
  }
  if (item.type === "free_text") {
    var met = scoring.rubricMet(item, response);
    return '<p>This is a provisional score from keywords; your CPD lead reviews written answers.</p><ul class="mskcpd-fb-list">' +
      item.rubric.map(function (c) {
        var ok = met.indexOf(c.id) >= 0;
        return "<li><p><strong>" + fb.rubric[c.id].criterion + "</strong>: " + (ok ? mark(true) + "your answer covers this." : mark(false) + "your answer does not seem to cover this.") + "</p>" + fb.rubric[c.id].feedback + "</li>";
      }).join("") + "</ul>";
  }
  return "";
}

// --- where answers go ------------------------------------------------------
/* A widget's first answer goes to the record (the recorded score); on a
 * spaced-review page it goes to the review instead (reviews.js), so a review
 * never changes the first-answer record. */
var RECORD = {
  recorded: function (w) { return store.load().items[w.item.id]; },
  commit: function (w, response, ev) { return store.commit(w.item.id, w.module, response, ev); },
  note: function (practice, score) {
    return practice
      ? "Practice attempt: your recorded score for this question stays at " + pct(score) + "."
      : "Recorded score for this question: " + pct(score) + ".";
  }
};
var reviewAnswers = null;
/* On a page with spaced reviews, where a review widget's answers go (reviews.js). */
export function useReviewAnswers(reviewStore) { reviewAnswers = reviewStore; }
function answers(w) { return w.review && reviewAnswers ? reviewAnswers : RECORD; }

function showFeedback(w, response, ev, recorded, practice) {
  var v = VERDICTS[ev.status] || VERDICTS.incorrect;
  var scoreNote = ev.status === "partial" ? " Score " + pct(ev.score) + "." : "";
  var recordNote = answers(w).note(practice, recorded.score);
  w.feedbackBox.className = "mskcpd-feedback mskcpd-feedback--" + ev.status;
  w.feedbackBox.innerHTML =
    '<p class="mskcpd-verdict"><span aria-hidden="true">' + v[0] + "</span> " + v[1] + scoreNote + "</p>" +
    '<p class="mskcpd-recorded">' + recordNote + "</p>" + details(w, response, ev);
}

// --- state ---------------------------------------------------------------
function lock(w, locked) {
  w.fieldset.disabled = locked;
  w.checkButton.hidden = locked;
  w.retryButton.hidden = !locked;
}

function commit(w, event) {
  event.preventDefault();
  if (w.item.type === "consultation" && !w.ended) {
    var said = w.form.querySelector("[data-role=choices] input:checked");
    if (!said) { w.errorBox.textContent = "Choose what to say first."; return; }
    w.errorBox.textContent = "";
    if (!step(w, said.value)) {
      var next = w.form.querySelector("[data-role=choices] input");
      if (next) next.focus();
      return;
    }
  }
  var read = readResponse(w);
  if (read.error) { w.errorBox.textContent = read.error; return; }
  w.errorBox.textContent = "";
  var ev = scoring.evaluate(w.item, read.response);
  var practice = !!answers(w).recorded(w);
  var recorded = answers(w).commit(w, read.response, ev);
  showFeedback(w, read.response, ev, recorded, practice);
  lock(w, true);
  w.retryButton.focus();
  refreshProgress();
  w.section.dispatchEvent(new CustomEvent("mskcpd:committed", { bubbles: true, detail: { item: w.item.id } }));
}

function retry(w) {
  clearResponse(w);
  w.feedbackBox.innerHTML = "";
  w.errorBox.textContent = "";
  lock(w, false);
  var first = w.fieldset.querySelector("input, select, button");
  if (first) first.focus();
}

function move(w, button) {
  var row = button.closest(".mskcpd-order-row"), list = row.parentNode;
  var up = button.getAttribute("data-move") === "up";
  var sibling = up ? row.previousElementSibling : row.nextElementSibling;
  var label = row.querySelector(".mskcpd-order-text").textContent;
  if (sibling) {
    list.insertBefore(row, up ? sibling : sibling.nextElementSibling);
    button.focus();
  }
  var position = Array.prototype.indexOf.call(list.children, row) + 1;
  w.announce.textContent = sibling
    ? label + " moved to position " + position + " of " + list.children.length + "."
    : label + " is already " + (up ? "first" : "last") + ".";
}

function setUp(section) {
  if (section.getAttribute("data-ready") === "true") return;
  var data = JSON.parse(section.getAttribute("data-item"));
  var w = {
    section: section, item: data.item, feedback: data.feedback, module: data.module,
    form: section.querySelector("form"), fieldset: section.querySelector("fieldset"),
    checkButton: section.querySelector("[data-role=check]"), retryButton: section.querySelector("[data-role=retry]"),
    feedbackBox: section.querySelector("[data-role=feedback]"), errorBox: section.querySelector("[data-role=error]"),
    announce: section.querySelector("[data-role=announce]")
  };
  var fixed = section.getAttribute("data-fixed-order") === "true";
  if (!fixed && (w.item.type === "single" || w.item.type === "multiple")) {
    var box = section.querySelector(".mskcpd-options");
    reorder(box, shuffled(Array.prototype.slice.call(box.children), w.item.id));
  }
  if (w.item.type === "ordering") {
    var list = section.querySelector(".mskcpd-order");
    var rows = shuffled(Array.prototype.slice.call(list.children), w.item.id);
    var order = rows.map(function (r) { return r.getAttribute("data-option-id"); });
    if (order.join() === w.item.answer.join()) rows.push(rows.shift()); // never start solved
    reorder(list, rows);
    list.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-move]");
      if (b) move(w, b);
    });
  }
  if (w.item.type === "matching") {
    Array.prototype.forEach.call(section.querySelectorAll("select"), function (s) {
      var placeholder = s.options[0];
      reorder(s, [placeholder].concat(shuffled(Array.prototype.slice.call(s.options, 1), w.item.id + ":choices")));
      s.value = "";
    });
  }
  if (w.item.type === "consultation") startConversation(w);
  if (w.item.type === "free_text") {
    var area = section.querySelector("textarea"), count = section.querySelector("[data-role=count]");
    var max = w.item.max_length || 3000;
    area.addEventListener("input", function () { count.textContent = Array.from(area.value).length + " of " + max + " characters."; });
  }
  w.form.addEventListener("submit", function (e) { commit(w, e); });
  w.retryButton.addEventListener("click", function () { retry(w); });
  w.review = !!section.closest("[data-review-module]");
  section.mskcpdWidget = w;
  if (!w.review) restore(section); // reviews.js restores a review's answers once it knows which review is open
  section.setAttribute("data-ready", "true");
}

/* Show a widget's committed answer with its feedback, or a fresh widget if there is none. */
export function restore(section) {
  var w = section.mskcpdWidget;
  if (!w) return;
  var entry = answers(w).recorded(w);
  if (entry) {
    showResponse(w, entry.response);
    showFeedback(w, entry.response, scoring.evaluate(w.item, entry.response), entry, false);
    lock(w, true);
  } else {
    clearResponse(w);
    w.feedbackBox.innerHTML = "";
    w.errorBox.textContent = "";
    lock(w, false);
  }
}

// --- progress --------------------------------------------------------------
var STATES = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "below-pass-mark": "All answered, below the pass mark",
  "completed": "\u2714 Completed"
};
var progressCount = 0;

function renderProgress(box) {
  var record = store.load(), cat = store.catalogue();
  var wanted = box.getAttribute("data-module");
  var modules = cat.modules.filter(function (m) { return !wanted || m.id === wanted; });
  box.innerHTML = modules.map(function (m) {
    var s = store.moduleStatus(record, m), id = "mskcpd-progress-" + (++progressCount);
    return '<div class="mskcpd-progress-row mskcpd-progress--' + s.state + '">' +
      '<p id="' + id + '" class="mskcpd-progress-label"><a href="' + text(store.siteUrl(m.overview)) + '">Module ' + m.number + ": " + text(m.title) + "</a></p>" +
      '<progress max="' + s.total + '" value="' + s.answered + '" aria-labelledby="' + id + '" aria-describedby="' + id + '-text"></progress>' +
      '<p id="' + id + '-text" class="mskcpd-progress-text">' + s.answered + " of " + s.total + " questions answered" +
      (s.answered ? ", recorded score " + pct(s.score) : "") + ". " + STATES[s.state] + "</p>" +
      (s.state === "below-pass-mark" && wanted && document.querySelector(".mskcpd-bank[data-module='" + m.id + "']")
        ? '<p>Your recorded score is below the pass mark of ' + pct(cat.pass_mark) + '. You can start a fresh attempt: ' +
          'your answers so far are kept in your record as an earlier attempt.</p>' +
          '<button type="button" class="md-button" data-role="restart" data-module="' + m.id + '">Start a fresh attempt at this module</button>'
        : "") + "</div>";
  }).join("");
  var restart = box.querySelector("[data-role=restart]");
  if (restart) restart.addEventListener("click", function () {
    var module = cat.modules.filter(function (m) { return m.id === restart.getAttribute("data-module"); })[0];
    store.restartModule(module);
    Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-bank[data-module='" + module.id + "'] .mskcpd-item"), function (section) {
      var w = section.mskcpdWidget;
      if (w) { retry(w); }
    });
    refreshProgress();
    var first = document.querySelector(".mskcpd-bank[data-module='" + module.id + "'] .mskcpd-item");
    if (first) { first.querySelector("h3").setAttribute("tabindex", "-1"); first.querySelector("h3").focus(); }
  });
}

var progressListeners = [];
/* Run `listener` after the progress bars are redrawn (the record page redraws with them). */
export function onProgress(listener) { progressListeners.push(listener); }

export function refreshProgress() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-progress"), renderProgress);
  progressListeners.forEach(function (listener) { listener(); });
}

export function init() {
  Array.prototype.forEach.call(document.querySelectorAll(".mskcpd-item"), setUp);
  refreshProgress();
}
