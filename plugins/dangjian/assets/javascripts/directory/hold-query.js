/* The directory's text query is ?q=…, which is also the parameter Material's search reads
 * when its bundle starts (it then opens the search dialog with it, and removes it from the
 * address when the dialog closes). This classic script runs from the directory page's
 * content, before Material's bundle at the end of the body: it takes q out of the address
 * and keeps it on its own tag (data-held), where the directory's script finds it and puts
 * it back when it starts (main.js): nothing is left on the page's global object. */
(function () {
  "use strict";
  var url = new URL(window.location.href);
  var tag = document.currentScript;
  if (!url.searchParams.has("q") || !tag) return;
  tag.setAttribute("data-held", JSON.stringify({ path: url.pathname, search: url.search }));
  url.searchParams.delete("q");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
})();
