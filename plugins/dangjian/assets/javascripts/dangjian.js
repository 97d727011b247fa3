/* dangjian: progressive enhancement for the generated pages.
 *
 * An ES module (the dangjian/content plugin adds it to extra_javascript with type "module"):
 * it defines nothing on the page's global object. A module runs once per document, after
 * Material's bundle; instant navigation swaps the page's content without loading it again,
 * so every feature starts through Material's document$, which emits for the first page and
 * after each instant navigation. */

/* 长辈模式 and 朗读 are in a11y.js (loaded in <head>, before the first paint). */

/* Material's search dialog has no accessible name; screen readers need one. */
function nameSearchDialog() {
  const dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
}

/* Wide tables scroll sideways; keyboard users must be able to reach and scroll them. */
function focusableScrollRegions() {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((wrap, i) => {
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

const document$ = window.document$;
if (document$ && typeof document$.subscribe === "function") {
  document$.subscribe(start);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
