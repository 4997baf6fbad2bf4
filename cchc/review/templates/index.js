// Typing in the filter box keeps the figures whose row contains every typed word.
(function () {
  "use strict";
  const input = document.getElementById("filter");
  const rows = Array.prototype.slice.call(document.querySelectorAll("#figures tbody tr"));
  const count = document.getElementById("figure-count");
  const texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach(function (r, i) {
      const ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + rows.length;
  }
  input.addEventListener("input", apply);
  apply();
})();
