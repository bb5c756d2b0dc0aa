/* Consultation: a full path of choice ids through the conversation, scored on the behaviours it shows. */
import { graded, INVALID, isIdList } from "../../site/assets/src/scoring-kit.js";

export function score(item, response) {
  if (!isIdList(response)) return INVALID();
  var nodes = {};
  item.nodes.forEach(function (n) { nodes[n.id] = n; });
  var node = nodes[item.start] || null, shown = {};
  for (var i = 0; i < response.length; i++) {
    if (!node) return INVALID();
    var choice = node.choices.filter(function (c) { return c.id === response[i]; })[0];
    if (!choice) return INVALID();
    (choice.behaviours || []).forEach(function (b) { shown[b] = true; });
    node = choice.next ? (nodes[choice.next] || null) : null;
  }
  if (node) return INVALID();
  var earned = 0, possible = 0;
  item.behaviours.forEach(function (b) {
    var weight = b.weight === undefined ? 1 : b.weight;
    if ((b.kind || "good") === "good") { possible += weight; if (shown[b.id]) earned += weight; }
    else if (shown[b.id]) earned -= weight;
  });
  return graded(Math.max(0, earned / possible));
}
