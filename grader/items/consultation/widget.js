/* Consultation: a conversation that goes on from each choice. Check says the chosen
 * line (beforeCommit) and the answer is read only once the conversation has ended. */
import { el, mark, shuffled } from "../../site/assets/src/widget-kit.js";

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

export function setUp(w) { startConversation(w); }

/* Before the generic clearing of inputs. */
export function clear(w) { startConversation(w); }

/* Say the chosen line; false (stop: no answer to read yet) until the conversation has ended. */
export function beforeCommit(w) {
  if (w.ended) return true;
  var said = w.form.querySelector("[data-role=choices] input:checked");
  if (!said) { w.errorBox.textContent = "Choose what to say first."; return false; }
  w.errorBox.textContent = "";
  if (!step(w, said.value)) {
    var next = w.form.querySelector("[data-role=choices] input");
    if (next) next.focus();
    return false;
  }
  return true;
}

export function read(w) {
  return w.ended ? { response: w.path.slice() } : { error: "Finish the conversation first." };
}

export function show(w, response) {
  startConversation(w);
  (Array.isArray(response) ? response : []).forEach(function (id) { if (w.node) step(w, id); });
}

export function details(w, response) {
  var item = w.item, fb = w.feedback;
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
