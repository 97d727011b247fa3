/* dangjian search worker: Material's search protocol over the sharded index.
 *
 * Material's search box starts this worker (the page's `__config` names it) and talks to
 * it as to its own: SETUP with Material's index (here: only the hand-written pages), READY,
 * QUERY with the typed text, RESULT with the items Material's result list renders. The
 * index of the generated pages is fetched file by file as queries need it (core.js says
 * which), each file once: the worker keeps what it fetched. The best six results come as
 * soon as their records are here, the list of up to 30 right after. The manifest comes with
 * this file (the build writes it in front of core.js and this script).
 */
(function () {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  /* the first results come with one round of requests for their records (a browser opens
     six connections to a host), the rest of the list follows */
  var STEPS = [6, 30]
  var manifest = self.dangjianSearchManifest
  var base = new URL("../../../search/", self.location.href)
  var cache = new Map()
  var searcher = null
  var suggest = false
  var latest = 0

  function load(path) {
    var found = cache.get(path)
    if (!found) {
      var url = new URL(path + "?v=" + manifest.version, base)
      found = fetch(url.href).then(function (response) {
        if (!response.ok) throw new Error(url.href + ": " + response.status)
        return response.json()
      })
      found.catch(function () { cache.delete(path) })
      cache.set(path, found)
    }
    return found
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data || {}
    if (message.type === SETUP) {
      searcher = new self.dangjianSearch.Searcher(manifest, load, message.data)
      suggest = !!(message.data && message.data.options && message.data.options.suggest)
      self.postMessage({ type: READY })
    } else if (message.type === QUERY) {
      var ticket = ++latest
      var query = typeof message.data === "string" ? message.data : ""
      var post = function (data) {
        if (ticket === latest) self.postMessage({ type: RESULT, data: data })
      }
      var answer = searcher && query.trim()
        ? searcher.searchInSteps(query, STEPS, suggest, post)
        : Promise.resolve({ items: [] }).then(post)
      answer.catch(function (err) {
        console.warn("搜索失败：" + query, err)
        post({ items: [] })
      })
    }
  })
})()
