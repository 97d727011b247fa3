/* dangjian: progressive enhancement for the generated pages.
 * Every feature starts through Material's document$ so it survives instant navigation. */
(function () {
  "use strict";

  var LARGE_KEY = "dj-large";

  function applyLarge(on) {
    document.documentElement.classList.toggle("dj-large", on);
    var button = document.querySelector(".dj-a11y-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准模式" : "长辈模式";
    }
  }

  function storedLarge() {
    try { return window.localStorage.getItem(LARGE_KEY) === "1"; } catch (e) { return false; }
  }

  function setupA11yToggle() {
    var header = document.querySelector(".md-header__inner");
    if (header && !header.querySelector(".dj-a11y-toggle")) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dj-a11y-toggle";
      button.title = "切换大字号、高对比度的长辈模式（适老化）";
      button.addEventListener("click", function () {
        var on = !document.documentElement.classList.contains("dj-large");
        try { window.localStorage.setItem(LARGE_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
        applyLarge(on);
      });
      var search = header.querySelector(".md-search") || header.lastElementChild;
      header.insertBefore(button, search);
    }
    applyLarge(storedLarge());
  }

  /* The brand directory: filters by facet and text, with live counts per option. */
  function setupDirectory(root) {
    var form = root.querySelector("[data-dj-filter]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(root.querySelectorAll(".dj-brand-list li"));
    var facets = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var text = form.querySelector("[data-filter-text]");
    var counter = form.querySelector("[data-filter-count]");
    var empty = root.querySelector("[data-filter-empty]");
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-field-group]"));
    var haystack = items.map(function (li) { return li.textContent.toLowerCase(); });

    var params = new URLSearchParams(window.location.search);
    facets.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    });
    if (params.get("q")) text.value = params.get("q");

    function matches(i, except) {
      var li = items[i];
      for (var f = 0; f < facets.length; f++) {
        var s = facets[f];
        if (s === except || !s.value) continue;
        if (li.dataset[s.dataset.facet] !== s.value) return false;
      }
      var q = text.value.trim().toLowerCase();
      if (q) {
        var words = q.split(/\s+/);
        for (var w = 0; w < words.length; w++) if (haystack[i].indexOf(words[w]) < 0) return false;
      }
      return true;
    }

    function update() {
      var shown = 0;
      items.forEach(function (li, i) {
        var ok = matches(i, null);
        li.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        var n = g.querySelectorAll("li:not([hidden])").length;
        g.hidden = n === 0;
        var c = g.querySelector("[data-group-count]");
        if (c) c.textContent = String(n);
      });
      facets.forEach(function (select) {
        var counts = {};
        items.forEach(function (li, i) {
          if (matches(i, select)) {
            var v = li.dataset[select.dataset.facet];
            counts[v] = (counts[v] || 0) + 1;
          }
        });
        Array.prototype.forEach.call(select.options, function (opt) {
          if (!opt.value) return;
          var n = counts[opt.value] || 0;
          opt.textContent = opt.dataset.label + "（" + n + "）";
          opt.disabled = n === 0 && select.value !== opt.value;
        });
      });
      counter.textContent = "共 " + items.length + " 个品牌，显示 " + shown + " 个";
      empty.hidden = shown !== 0;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }

  /* Material's search dialog has no accessible name; screen readers need one. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
  }

  /* Wide tables scroll sideways; keyboard users must be able to reach and scroll them. */
  function focusableScrollRegions() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap, i) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "表格 " + (i + 1) + "（可左右滚动）");
    });
  }

  function start() {
    nameSearchDialog();
    focusableScrollRegions();
    setupA11yToggle();
    Array.prototype.forEach.call(document.querySelectorAll("[data-dj-directory]"), setupDirectory);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
