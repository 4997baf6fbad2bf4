// Clicking (or Enter on) a highlighted figure shows every fact at that spot in the side panel;
// the URL fragment #f-<fact id> (used by the index) selects one on load.
(function () {
  "use strict";
  const facts = {};
  JSON.parse(document.getElementById("facts-data").textContent).forEach(function (f) { facts[f.fact_id] = f; });
  const panel = document.getElementById("details");

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function row(table, label, value) {
    if (value === null || value === undefined || value === "") return;
    const tr = table.insertRow();
    tr.appendChild(el("td", label));
    tr.appendChild(el("td", value));
  }

  function shown(value) {
    const n = Number(value);
    return value !== "" && isFinite(n) ? n.toLocaleString("vi-VN") : value;
  }

  function withUnit(value, unit) {
    if (unit === "percent") return shown(value) + " %";
    return shown(value) + (unit ? " " + unit : "");
  }

  function quote(text) { return "'" + String(text).replace(/'/g, "'\\''") + "'"; }

  function card(f) {
    const box = el("div", null, "fact-card");
    box.dataset.factId = f.fact_id;
    const title = el("h2", f.metric);
    const status = el("span", f.status, "badge " + f.status);
    title.appendChild(status);
    if (f.low) title.appendChild(el("span", "low confidence", "badge low"));
    box.appendChild(title);
    box.appendChild(el("div", f.family_label, "muted"));
    const value = el("div", null, "value");
    value.textContent = withUnit(f.value, f.unit);
    box.appendChild(value);
    const t = el("table");
    row(t, "subject", f.subject || "(the whole reporting unit)");
    row(t, "confidence", Number(f.confidence).toFixed(2));
    row(t, "extractor", f.extractor);
    row(t, "as of", f.as_of);
    row(t, "rank of", f.rank_of);
    row(t, "page / line", (f.page || "?") + " / " + (f.line || "?"));
    row(t, "as written", f.source_text);
    row(t, "evidence", f.evidence);
    if (f.status === "corrected" || f.status === "rejected" || f.status === "accepted") {
      row(t, "extracted", f.original_metric + " = " + withUnit(f.original_value, f.original_unit) +
        (f.original_subject ? " (" + f.original_subject + ")" : ""));
      row(t, f.status + " by", (f.corrected_by || "") + ", " + (f.corrected_at || ""));
      row(t, "why", f.correction_why);
    }
    row(t, "fact id", f.fact_id);
    box.appendChild(t);
    box.appendChild(el("div", "Correct it:", "muted"));
    box.appendChild(el("pre", [
      "cchc correct " + f.fact_id + " --value " + (f.value || "NEW") + " --why " + quote("…"),
      "cchc correct " + f.fact_id + " --reject --why " + quote("…"),
      "cchc correct " + f.fact_id + " --accept"].join("\n")));
    return box;
  }

  function select(mark) {
    document.querySelectorAll("mark.fact.selected").forEach(function (m) { m.classList.remove("selected"); });
    const chain = [];
    for (let m = mark; m; m = m.parentElement ? m.parentElement.closest("mark.fact") : null) chain.push(m);
    panel.replaceChildren();
    chain.forEach(function (m) {
      m.classList.add("selected");
      const f = facts[m.dataset.factId];
      if (f) panel.appendChild(card(f));
    });
    panel.dataset.factId = mark.dataset.factId;
  }

  document.addEventListener("click", function (event) {
    const mark = event.target.closest("mark.fact");
    if (mark) { select(mark); return; }
    const pick = event.target.closest("tr.pick");
    if (pick) { jump(pick.dataset.factId); }
  });
  document.addEventListener("keydown", function (event) {
    const mark = event.target.closest && event.target.closest("mark.fact");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); select(mark); }
  });

  function jump(factId) {
    const mark = document.getElementById("f-" + factId);
    if (mark) {
      mark.scrollIntoView({ block: "center" });
      select(mark);
    } else if (facts[factId]) {
      panel.replaceChildren(card(facts[factId]));
      panel.dataset.factId = factId;
    }
  }

  const toggle = document.getElementById("show-original");
  if (toggle) toggle.addEventListener("change", function () { document.body.classList.toggle("hide-original", !toggle.checked); });
  if (location.hash.indexOf("#f-") === 0) jump(location.hash.slice(3));
})();
