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
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
