/* "My CPD record": the learner's modules, scores and dates, with export and import. */
(function (root) {
  "use strict";
  var doc = root.document;
  var M = root.MSKCPD;
  var STATES = { "not-started": "Not started", "in-progress": "In progress", "below-pass-mark": "Below the pass mark", "completed": "Completed" };

  function text(s) { var d = doc.createElement("div"); d.textContent = String(s); return d.innerHTML; }
  function day(iso) {
    return iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) : "\u2014";
  }

  function render() {
    var box = doc.querySelector("[data-role=record]");
    if (!box) return;
    var record = M.store.load(), cat = M.store.catalogue(), minutes = 0;
    box.querySelector("tbody").innerHTML = cat.modules.map(function (m) {
      var s = M.store.moduleStatus(record, m);
      var earned = s.state === "completed" ? m.cpd_minutes : 0;
      minutes += earned;
      return "<tr><th scope=\"row\">Module " + m.number + ": " + text(m.title) + "</th><td>" + STATES[s.state] + "</td><td>" +
        s.answered + " of " + s.total + "</td><td>" + (s.answered ? Math.round(s.score * 100) + "%" : "\u2014") + "</td><td>" +
        day(s.started) + "</td><td>" + day(s.state === "completed" ? s.completed : null) + "</td><td>" +
        (earned ? earned : "0 of " + m.cpd_minutes) + "</td></tr>";
    }).join("");
    box.querySelector("tfoot").innerHTML = "<tr><th scope=\"row\" colspan=\"6\">CPD minutes from completed modules</th><td>" + minutes + "</td></tr>";
  }

  function setUp() {
    var box = doc.querySelector("[data-role=record]");
    if (!box || box.getAttribute("data-ready") === "true") { render(); return; }
    var status = box.querySelector("[data-role=record-status]");
    box.querySelector("[data-role=export]").addEventListener("click", function () {
      var stamp = new Date().toISOString().slice(0, 10);
      M.download("my-cpd-record-" + stamp + ".json", JSON.stringify(M.store.exportRecord(), null, 2), "application/json");
      status.textContent = "Your record was exported as my-cpd-record-" + stamp + ".json.";
    });
    var input = box.querySelector("[data-role=import]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data;
        try { data = JSON.parse(reader.result); }
        catch (e) { status.textContent = "Could not import " + file.name + ": it is not a JSON file. Your record is unchanged."; return; }
        var result = M.store.importRecord(data);
        status.textContent = result.ok ? result.message : "Could not import " + file.name + ": " + result.message + " Your record is unchanged.";
        input.value = "";
        M.widgets.refreshProgress();
        render();
      };
      reader.onerror = function () { status.textContent = "Could not read " + file.name + ". Your record is unchanged."; };
      reader.readAsText(file);
    });
    box.setAttribute("data-ready", "true");
    render();
  }

  M.record = { render: render };
  M.onPage(setUp);
})(window);
