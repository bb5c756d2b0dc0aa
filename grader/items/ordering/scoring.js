/* Ordering: the share of pairs of options in the right relative order. */
import { graded, ids, INVALID, isIdList, sameMembers } from "../../site/assets/src/scoring-kit.js";

export function score(item, response) {
  if (!isIdList(response) || !sameMembers(response, ids(item.options))) return INVALID();
  var position = {};
  response.forEach(function (id, i) { position[id] = i; });
  var pairs = 0, inOrder = 0;
  for (var i = 0; i < item.answer.length; i++) {
    for (var j = i + 1; j < item.answer.length; j++) {
      pairs++;
      if (position[item.answer[i]] < position[item.answer[j]]) inOrder++;
    }
  }
  return graded(inOrder / pairs);
}
