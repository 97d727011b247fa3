/* dangjian: fetch the search index only when the visitor starts to search.
 *
 * Material requests search/search_index.json as soon as a page loads, so every visitor
 * downloads the index of the hand-written pages, whether or not the visitor ever searches.
 * This script, loaded in <head> before Material's bundle, holds that one request until the
 * search box is focused or opened (or a search shortcut is pressed, or the address carries
 * a search query), then lets it go. Everything else Material requests is untouched.
 *
 * A classic script, not an ES module, because of when it must run: Material's bundle sends
 * the index request while the bundle itself runs, during parsing, and a module always runs
 * after parsing (after the bundle), too late to hold it. It defines nothing on the page's
 * global object: its names stay inside the function below. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:$|[?#])/;
  var proto = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!proto) return;
  var open = proto.open;
  var send = proto.send;
  var held = typeof WeakSet === "function" ? new WeakSet() : null;
  if (!held) return;
  var waiting = [];
  var active = false;

  function activate() {
    if (active) return;
    active = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  proto.open = function (method, url) {
    if (INDEX.test(String(url))) held.add(this);
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!active && held.has(this)) {
      var xhr = this;
      var args = arguments;
      waiting.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function isSearchBox(el) {
    return !!(el && el.matches && el.matches("[data-md-component=search-query], .md-search__input"));
  }
  document.addEventListener("focusin", function (e) { if (isSearchBox(e.target)) activate(); }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search") activate();
  }, true);
  document.addEventListener("pointerdown", function (e) {
    if (e.target && e.target.closest && e.target.closest('label[for="__search"], .md-search')) activate();
  }, true);
  document.addEventListener("keydown", function (e) {
    var t = e.target || {};
    var typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || "");
    if (!typing && ["/", "s", "S", "f", "F"].indexOf(e.key) >= 0) activate();
  }, true);
  if (/[?&](q|h)=/.test(window.location.search)) activate();
})();
