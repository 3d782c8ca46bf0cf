// storytrace side-by-side view. Renders embedded alignment data with textContent only:
// article text never becomes markup.
(function () {
  "use strict";
  var holder = document.getElementById("align-data");
  var select = document.getElementById("pair");
  var body = document.getElementById("sbs-body");
  if (!holder || !select || !body) { return; }
  var data = JSON.parse(holder.textContent || "{}");
  var articles = data.articles || {};
  var pairs = data.pairs || [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function cell(article, positions, cls) {
    var td = el("td", cls);
    var sentences = (article && article.s) || [];
    positions.forEach(function (i) {
      if (i >= 0 && i < sentences.length) { td.appendChild(el("span", "sent", sentences[i] + " ")); }
    });
    if (!positions.length) { td.classList.add("empty"); }
    return td;
  }

  function render() {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var pair = pairs[Number(select.value)];
    var stats = document.getElementById("pair-stats");
    if (!pair) { if (stats) { stats.textContent = ""; } return; }
    var a = articles[pair.a], b = articles[pair.b];
    document.getElementById("sbs-a").textContent = pair.a + " — " + (a ? a.label : "");
    document.getElementById("sbs-b").textContent = pair.b + " — " + (b ? b.label : "");
    var aligned = 0;
    pair.rows.forEach(function (row) {
      var tr = el("tr", row[2] ? "aligned " + row[2] : "unaligned");
      tr.appendChild(cell(a, row[0], "left"));
      var mid = el("td", "kind-cell");
      if (row[2]) {
        aligned += 1;
        mid.appendChild(el("span", "kind " + row[2], row[2]));
        mid.appendChild(el("div", "score", Number(row[3]).toFixed(2)));
      }
      tr.appendChild(mid);
      tr.appendChild(cell(b, row[1], "right"));
      body.appendChild(tr);
    });
    if (stats) {
      stats.textContent = aligned + " aligned passages" + (pair.kind ? " · relation: " + pair.kind : "");
    }
  }

  select.addEventListener("change", render);
  render();
})();
