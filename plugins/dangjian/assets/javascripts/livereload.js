// Live reload for `mkdocs serve` under the site's Content-Security-Policy.
// MkDocs injects its polling script inline, with the build's epoch and a request id written
// into the code, so no policy made before the build could allow it; the preview loads this
// file instead (dangjian/mkdocs/livereload.py), with the two values in data attributes, and
// polls the same address MkDocs' own script polls.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var epoch = parseFloat(me.getAttribute("data-epoch"));
  var requestId = me.getAttribute("data-request-id");
  var req, timeout;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }
  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
