/* qa-checker HTML report: filters kept in the URL query, and j/k to step through findings.
   Everything is already on the page; this script only hides and shows.  It does nothing per row at
   load unless the URL asks for a filter, so a report of 10,000 pairs opens as fast as plain HTML. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.URLSearchParams || !window.history || !history.replaceState) { return; }
  var SEVERITIES = ["error", "warning", "info"];
  var output = document.getElementById("shown");
  var searchTimer = null;
  form.hidden = false;

  function readForm() {
    var sev = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[name="sev"]'), function (box) {
      if (box.checked) { sev.push(box.value); }
    });
    return { sev: sev, cat: form.elements.cat.value, rule: form.elements.rule.value,
             q: form.elements.q.value.trim(), only: form.elements.only.checked };
  }

  function writeForm(state) {
    Array.prototype.forEach.call(form.querySelectorAll('input[name="sev"]'), function (box) {
      box.checked = state.sev.indexOf(box.value) >= 0;
    });
    setSelect(form.elements.cat, state.cat);
    setSelect(form.elements.rule, state.rule);
    form.elements.q.value = state.q;
    form.elements.only.checked = state.only;
  }

  function setSelect(select, value) {
    select.value = value;
    if (select.value !== value) { select.value = ""; }  /* a value this report does not have */
  }

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    var sev = SEVERITIES.slice();
    if (params.has("sev")) {
      sev = params.get("sev").split(",").filter(function (v) { return SEVERITIES.indexOf(v) >= 0; });
    }
    return { sev: sev, cat: params.get("cat") || "", rule: params.get("rule") || "",
             q: (params.get("q") || "").trim(), only: params.get("only") === "1" };
  }

  function isDefault(state) {
    return state.sev.length === SEVERITIES.length && !state.cat && !state.rule && !state.q && !state.only;
  }

  function toUrl(state) {
    var params = new URLSearchParams();
    if (state.sev.length !== SEVERITIES.length) { params.set("sev", state.sev.join(",")); }
    if (state.cat) { params.set("cat", state.cat); }
    if (state.rule) { params.set("rule", state.rule); }
    if (state.q) { params.set("q", state.q); }
    if (state.only) { params.set("only", "1"); }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { history.replaceState(null, "", url); } catch (e) { /* a browser that refuses on file: URLs */ }
  }

  function findingMatches(f, state) {
    return state.sev.indexOf(f.getAttribute("data-sev")) >= 0 &&
      (!state.cat || f.getAttribute("data-cat") === state.cat) &&
      (!state.rule || f.getAttribute("data-rule") === state.rule);
  }

  function apply(state) {
    var filtering = state.sev.length !== SEVERITIES.length || !!state.cat || !!state.rule;
    var query = state.q.toLowerCase();
    var shown = 0, total = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".f"), function (f) {
      f.hidden = !findingMatches(f, state);
    });
    Array.prototype.forEach.call(document.querySelectorAll("mark.hl"), function (mark) {
      var off = filtering && mark.getAttribute("data-f").split(" ").every(function (id) {
        var f = document.getElementById(id);
        return !f || f.hidden;
      });
      mark.classList.toggle("off", off);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".pairs"), function (table) {
      var visible = 0;
      Array.prototype.forEach.call(table.querySelectorAll(".row[id]"), function (row) {
        var show = true;
        if (filtering || state.only) { show = row.querySelector(".f:not([hidden])") !== null; }
        if (show && query) { show = row.textContent.toLowerCase().indexOf(query) >= 0; }
        row.hidden = !show;
        total += 1;
        if (show) { visible += 1; }
      });
      shown += visible;
      var note = table.nextElementSibling;
      if (note && note.classList.contains("nomatch")) { note.hidden = visible > 0; }
    });
    output.textContent = isDefault(state) ? "" : "Showing " + shown + " of " + total + " pairs";
  }

  function update() {
    var state = readForm();
    apply(state);
    toUrl(state);
  }

  /* A link to one finding (#f-...) must show it even when the filters in the URL would hide it. */
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var row = target.closest ? target.closest(".row") : null;
    if (target.hidden || (row && row.hidden)) {
      target.hidden = false;
      if (row) { row.hidden = false; }
      target.scrollIntoView();
    }
  }

  function isShown(f) {
    if (f.hidden) { return false; }
    var row = f.closest(".row");
    return !(row && row.hidden);
  }

  function step(forward) {
    var all = Array.prototype.filter.call(document.querySelectorAll(".f"), isShown);
    if (!all.length) { return; }
    var current = document.activeElement && document.activeElement.closest ?
      document.activeElement.closest(".f") : null;
    var index = all.indexOf(current);
    if (index < 0) {
      /* Nothing focused yet: start from the first finding below the top of the window. */
      index = forward ? -1 : all.length;
      for (var i = 0; i < all.length; i += 1) {
        if (all[i].getBoundingClientRect().top > 0) { index = forward ? i - 1 : i; break; }
      }
    }
    var next = all[Math.max(0, Math.min(all.length - 1, index + (forward ? 1 : -1)))];
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "center" });
    try {
      history.replaceState(null, "", window.location.pathname + window.location.search + "#" + next.id);
    } catch (e) { /* ignore */ }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") { return; }
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(update, 200);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || (event.key !== "j" && event.key !== "k")) { return; }
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON") { return; }
    event.preventDefault();
    step(event.key === "j");
  });
  window.addEventListener("hashchange", revealTarget);

  writeForm(fromUrl());
  var initial = readForm();  /* what the form accepted: values this report lacks fall back to "all" */
  if (!isDefault(initial)) { apply(initial); }
  revealTarget();
}());
