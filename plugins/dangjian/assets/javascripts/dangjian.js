/* dangjian: progressive enhancement for the generated pages.
 * Every feature starts through Material's document$ so it survives instant navigation. */
(function () {
  "use strict";

  /* 长辈模式 and 朗读 are in a11y.js (loaded in <head>, before the first paint). */

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
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
