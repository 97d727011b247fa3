// Live reload for `mkdocs serve` under the site's Content-Security-Policy.
// MkDocs injects its polling script inline, with the build's epoch and a request id written
// into the code, so no policy made before the build could allow it; the preview loads this
// file instead (dangjian/mkdocs/livereload.py), with the two values in data attributes, and
// polls the same address MkDocs' own script polls.
//
// An ES module: it defines nothing on the page's global object. A module has no
// document.currentScript, so it finds its own tag by its address. It runs once per
// document: Material's instant navigation swaps the page's content but keeps this tag (it
// is outside the swapped container), and the polling goes on until a rebuild reloads the page.

const me = Array.from(document.querySelectorAll("script[data-epoch][data-request-id]"))
  .find((script) => script.src === import.meta.url);

if (me) {
  const epoch = parseFloat(me.getAttribute("data-epoch"));
  const requestId = me.getAttribute("data-request-id");
  let req;
  let timeout;

  const poll = () => {
    stop();
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else if (req === this) {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  };

  const stop = () => {
    const old = req;
    req = undefined;
    if (old) old.abort();
    if (timeout) clearTimeout(timeout);
    timeout = undefined;
  };

  const pollIfVisible = () => {
    if (document.visibilityState === "visible") poll();
  };

  // a module runs before the load event; polling starts once the page has loaded, as
  // MkDocs' own script does
  if (document.readyState === "complete") pollIfVisible();
  else window.addEventListener("load", pollIfVisible, { once: true });
  window.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
}
