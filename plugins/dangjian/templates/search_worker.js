/* Search worker: Material's own worker, with a query segmenter that sees whole words.
 *
 * Material cuts a Chinese query greedily against the index terms but never tries the
 * query's last character, so 民主联军 becomes 民主* (every 民主 on the site) and 红烛 becomes
 * 红*. This worker loads Material's worker unchanged and, for a plain query, hands lunr the
 * query cut into the fewest index terms that cover it, each with Material's trailing
 * wildcard; single characters are dropped beside longer words. Queries using lunr's syntax (+ - ~ ^ : * ") keep Material's behaviour.
 */
(function () {
  "use strict"
  var QUERY = 2 /* SearchMessageType.QUERY */
  var raw = null

  /* Registered before Material's listener, so it sees each query first */
  self.addEventListener("message", function (ev) {
    var message = ev.data
    raw = message && message.type === QUERY && typeof message.data === "string"
      ? message.data : null
  })

  importScripts("__MATERIAL_WORKER__")

  var lunr = self.lunr
  var HAN = /[\u3007\u3400-\u9fff]+/g
  var SYNTAX = /[+\-~^:*"]/
  var LONGEST = 16

  function sortedTerms(index) {
    if (!index.__dangjianTerms)
      index.__dangjianTerms = Object.keys(index.invertedIndex).sort()
    return index.__dangjianTerms
  }

  function hasPrefix(terms, value) {
    var lo = 0, hi = terms.length
    while (lo < hi) {
      var mid = (lo + hi) >>> 1
      if (terms[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo < terms.length && terms[lo].lastIndexOf(value, 0) === 0
  }

  /* The cover of run by index terms with the least cost: whole terms are cheapest, then
     prefixes of terms, then single characters */
  function cutRun(run, index, terms) {
    var best = [{ cost: 0, pieces: [] }]
    for (var i = 1; i <= run.length; i++) {
      best[i] = null
      for (var j = Math.max(0, i - LONGEST); j < i; j++) {
        if (!best[j])
          continue
        var piece = run.slice(j, i)
        var cost
        if (piece.length > 1 && piece in index.invertedIndex) cost = 1
        else if (piece.length > 1 && hasPrefix(terms, piece)) cost = 1.5
        else if (piece.length === 1) cost = piece in index.invertedIndex ? 2 : 3
        else continue
        var total = best[j].cost + cost
        if (!best[i] || total < best[i].cost)
          best[i] = { cost: total, pieces: best[j].pieces.concat([piece]) }
      }
    }
    return best[run.length].pieces
  }

  function dangjianQuery(value, index) {
    if (SYNTAX.test(value))
      return null
    var terms = sortedTerms(index)
    var clauses = []
    value.toLowerCase().split(/\s+/).forEach(function (word) {
      var last = 0
      word.replace(HAN, function (run, at) {
        other(word.slice(last, at))
        var pieces = cutRun(run, index, terms)
        var words = pieces.filter(function (piece) { return piece.length > 1 })
        /* single characters (的, 行) match half the site: dropped beside longer words */
        ;(words.length ? words : pieces).forEach(function (piece) {
          clauses.push(piece + "*")
        })
        last = at + run.length
        return run
      })
      other(word.slice(last))
    })
    function other(text) {
      text.split(/[^0-9a-z\u00c0-\u024f]+/).forEach(function (part) {
        if (part)
          clauses.push(part + "*")
      })
    }
    return clauses.length ? clauses.join(" ") : null
  }

  var search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (query) {
    var better = raw === null ? null : dangjianQuery(raw, this)
    return search.call(this, better || query)
  }
})()
