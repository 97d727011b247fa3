/* dangjian search: ranking over the sharded index (search/manifest.json, dict/, post/, docs/).
 *
 * A classic script (Material starts its search worker as a classic worker, which cannot
 * import modules): it defines `dangjianSearch` on the global object, for the worker and
 * for the tests in node. It fetches nothing itself: `load(path)` gives a file of the index
 * as parsed JSON (the worker fetches and caches; a test reads files).
 *
 * A query is cut as before: each run of Han characters into the fewest index terms that
 * cover it (whole terms cheapest, then prefixes of terms, then single characters; single
 * characters dropped beside longer pieces), Latin and digit words as they are. Every piece
 * matches the terms it begins (at most MAX_EXPAND, shortest first). A document's score is
 * the sum over matched terms of idf * (k1 + 1) tf / (k1 + tf) * the field's boost (BM25
 * without length normalisation, as Material's lunr set-up), times 1 + (1 + share of the
 * query's pieces matched)^2 (Material's post-query boost; sections of hand-written pages
 * get 1 + share^2). Hand-written pages come from Material's own index (the SETUP message).
 * The Python reference in the tests ranks the same records the same way.
 */
(function (root) {
  "use strict"

  var HAN = /[\u3007\u3400-\u9fff]+/g
  var OTHER = /[^0-9a-z\u00c0-\u024f]+/
  var TAG = /<[^>]*>/g
  var LONGEST = 16
  var MAX_EXPAND = 32
  var encoder = new TextEncoder()

  function fnv1a(text) {
    var bytes = encoder.encode(text)
    var h = 0x811c9dc5
    for (var i = 0; i < bytes.length; i++)
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0
    return h >>> 0
  }

  function dictKey(term) {
    return term.charCodeAt(0) < 128 ? term.slice(0, 2) : term.slice(0, 1)
  }

  /* The dictionary files that hold every term beginning with prefix */
  function dictFiles(manifest, prefix) {
    var split = manifest.split, key = dictKey(prefix)
    if (!split[key]) return [fnv1a(key) % manifest.dict]
    while (prefix.length > key.length) {
      var sub = prefix.slice(0, key.length + 1)
      if (split[sub]) { key = sub; continue }
      return [split[key][0] + fnv1a(sub) % split[key][1]]
    }
    var all = []
    Object.keys(split).forEach(function (p) {
      if (p.lastIndexOf(key, 0) !== 0) return
      for (var i = 0; i < split[p][1]; i++) all.push(split[p][0] + i)
    })
    return all
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0
  }

  /* The parts of a query: runs of Han characters and Latin or digit words */
  function parse(query) {
    var parts = []
    query.toLowerCase().split(/\s+/).forEach(function (word) {
      var last = 0
      word.replace(HAN, function (run, at) {
        other(word.slice(last, at))
        parts.push({ han: run })
        last = at + run.length
        return run
      })
      other(word.slice(last))
    })
    function other(text) {
      text.split(OTHER).forEach(function (part) {
        if (part) parts.push({ word: part })
      })
    }
    return parts
  }

  /* The dictionary file that holds term, if the index has it */
  function dictFile(manifest, term) {
    var split = manifest.split, key = dictKey(term)
    if (!split[key]) return fnv1a(key) % manifest.dict
    for (;;) {
      var sub = term.slice(0, key.length + 1)
      if (sub.length > key.length && split[sub]) { key = sub; continue }
      return split[key][0] + fnv1a(sub) % split[key][1]
    }
  }

  /* What to look up for the query's cut: the single characters of its Han runs (is each a
     term?), the pairs that begin longer pieces (which terms do they begin?), its words */
  function lookups(parts) {
    var exact = [], prefix = []
    parts.forEach(function (part) {
      if (part.word !== undefined) {
        prefix.push(part.word)
        if (part.word.length === 1 && part.word.charCodeAt(0) < 128)
          "0123456789abcdefghijklmnopqrstuvwxyz".split("").forEach(function (c) {
            prefix.push(part.word + c)
          })
        return
      }
      for (var j = 0; j < part.han.length; j++) {
        exact.push(part.han.slice(j, j + 1))
        if (j + 1 < part.han.length) prefix.push(part.han.slice(j, j + 2))
      }
    })
    return { exact: exact, prefix: prefix }
  }

  /* A dictionary: term -> documents (and its postings file), with a sorted term list for
     prefix look-ups */
  function Dictionary(counts, post) {
    this.counts = counts
    this.post = post
    this.sorted = Object.keys(counts).sort(compare)
  }
  Dictionary.prototype.has = function (term) {
    return Object.prototype.hasOwnProperty.call(this.counts, term)
  }
  Dictionary.prototype.first = function (prefix) {
    var terms = this.sorted, lo = 0, hi = terms.length
    while (lo < hi) {
      var mid = (lo + hi) >>> 1
      if (terms[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  Dictionary.prototype.hasPrefix = function (prefix) {
    var at = this.first(prefix)
    return at < this.sorted.length && this.sorted[at].lastIndexOf(prefix, 0) === 0
  }
  Dictionary.prototype.expand = function (prefix) {
    var found = []
    for (var i = this.first(prefix); i < this.sorted.length; i++) {
      if (this.sorted[i].lastIndexOf(prefix, 0) !== 0) break
      found.push(this.sorted[i])
    }
    var counts = this.counts
    found.sort(function (a, b) {
      return a.length - b.length || counts[b] - counts[a] || compare(a, b)
    })
    return found.slice(0, MAX_EXPAND)
  }

  /* The cover of a Han run by index terms with the least cost */
  function cutRun(run, dict) {
    var best = [{ cost: 0, pieces: [] }]
    for (var i = 1; i <= run.length; i++) {
      best[i] = null
      for (var j = Math.max(0, i - LONGEST); j < i; j++) {
        if (!best[j]) continue
        var piece = run.slice(j, i)
        var cost
        if (piece.length > 1 && dict.has(piece)) cost = 1
        else if (piece.length > 1 && dict.hasPrefix(piece)) cost = 1.5
        else if (piece.length === 1) cost = dict.has(piece) ? 2 : 3
        else continue
        var total = best[j].cost + cost
        if (!best[i] || total < best[i].cost)
          best[i] = { cost: total, pieces: best[j].pieces.concat([piece]) }
      }
    }
    return best[run.length].pieces
  }

  /* The query's pieces, each matching the terms it begins */
  function clauses(parts, dict) {
    var out = []
    parts.forEach(function (part) {
      if (part.word !== undefined) {
        out.push(part.word)
        return
      }
      var pieces = cutRun(part.han, dict)
      var words = pieces.filter(function (p) { return p.length > 1 })
      ;(words.length ? words : pieces).forEach(function (p) { out.push(p) })
    })
    return out.filter(function (c, i) { return out.indexOf(c) === i })
  }

  /* Tokens of a document of Material's index (its title, text and tags, as Material cut them) */
  function localTokens(value, separator) {
    var text = Array.isArray(value) ? value.join(" ") : String(value || "")
    return text.replace(TAG, " ").toLowerCase().split(separator).filter(Boolean)
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;")
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  }

  /* Plain text as HTML, every piece of the query marked (the text is escaped here) */
  function highlight(text, pieces) {
    var plain = String(text || "")
    if (!pieces.length) return escapeHtml(plain)
    var pattern = new RegExp(pieces.slice().sort(function (a, b) { return b.length - a.length })
      .map(escapeRegExp).join("|"), "gi")
    var out = "", last = 0, m
    while ((m = pattern.exec(plain)) !== null) {
      if (!m[0]) { pattern.lastIndex++; continue }
      out += escapeHtml(plain.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>"
      last = m.index + m[0].length
    }
    return out + escapeHtml(plain.slice(last))
  }

  /**
   * manifest: search/manifest.json; load(path): a file of the index (e.g. "dict/3.json");
   * local: Material's index of the hand-written pages ({config, docs}), or null
   */
  function Searcher(manifest, load, local) {
    this.manifest = manifest
    this.load = load
    this.local = []
    this.localCounts = {}
    var separator = new RegExp((local && local.config && local.config.separator) || "[\\s\\u200b\\-]+")
    var self = this
    ;((local && local.docs) || []).forEach(function (doc) {
      var fields = { title: localTokens(doc.title, separator), text: localTokens(doc.text, separator),
        tags: localTokens(doc.tags, separator) }
      var tf = {}
      Object.keys(fields).forEach(function (name) {
        fields[name].forEach(function (t) {
          tf[t] = tf[t] || {}
          tf[t][name] = (tf[t][name] || 0) + 1
        })
      })
      Object.keys(tf).forEach(function (t) { self.localCounts[t] = (self.localCounts[t] || 0) + 1 })
      self.local.push({ doc: doc, tf: tf })
    })
  }

  Searcher.prototype.dictionary = function (look) {
    var manifest = this.manifest, load = this.load, wanted = {}
    look.exact.forEach(function (t) { wanted[dictFile(manifest, t)] = true })
    look.prefix.forEach(function (p) {
      dictFiles(manifest, p).forEach(function (n) { wanted[n] = true })
    })
    var localCounts = this.localCounts
    return Promise.all(Object.keys(wanted).map(function (n) { return load("dict/" + n + ".json") }))
      .then(function (files) {
        var counts = {}, post = {}
        files.forEach(function (file) {
          Object.keys(file).forEach(function (t) {
            counts[t] = file[t][0]
            post[t] = file[t][1]
          })
        })
        Object.keys(localCounts).forEach(function (t) {
          counts[t] = (counts[t] || 0) + localCounts[t]
        })
        return new Dictionary(counts, post)
      })
  }

  /* Every matching document, best first: {ref, score, matched: {piece: bool}, title} */
  Searcher.prototype.rank = function (query) {
    var self = this, manifest = this.manifest
    var parts = parse(query)
    if (!parts.length) return Promise.resolve({ pieces: [], ranked: [] })
    var look = lookups(parts)
    return this.dictionary(look).then(function (dict) {
      var pieces = clauses(parts, dict)
      /* a single character of a key split by the next one: every file of the key */
      var extra = pieces.filter(function (p) { return p.length === 1 && manifest.split[p] })
      var ready = extra.length
        ? self.dictionary({ exact: look.exact, prefix: look.prefix.concat(extra) })
        : Promise.resolve(dict)
      return ready.then(function (full) { return self.score(pieces, full) })
    })
  }

  Searcher.prototype.score = function (pieces, dict) {
    var self = this, manifest = this.manifest
    var expanded = pieces.map(function (p) { return dict.expand(p) })
    var weight = {}, order = []
    expanded.forEach(function (terms) {
      terms.forEach(function (t) {
        if (!(t in weight)) order.push(t)
        weight[t] = (weight[t] || 0) + 1
      })
    })
    var total = manifest.docs + this.local.length
    var k1 = manifest.k1
    function idf(t) {
      var df = dict.counts[t] || 0
      return Math.log(1 + Math.abs((total - df + 0.5) / (df + 0.5)))
    }
    function saturate(tf) { return (k1 + 1) * tf / (k1 + tf) }
    var files = {}
    order.forEach(function (t) {
      if (t in dict.post) files[dict.post[t]] = true
    })
    return Promise.all(Object.keys(files).map(function (n) { return self.load("post/" + n + ".json") }))
      .then(function (loaded) {
        var postings = {}
        loaded.forEach(function (file) {
          Object.keys(file).forEach(function (t) { if (t in weight) postings[t] = file[t] })
        })
        var docs = {}
        function entry(ref) {
          return docs[ref] || (docs[ref] = { ref: ref, score: 0, terms: {}, title: {} })
        }
        order.forEach(function (t) {
          var w = weight[t], f = idf(t), list = postings[t]
          if (list) {
            var doc = 0
            for (var i = 0; i < list.length; i += 2) {
              doc += list[i]
              var code = list[i + 1], field = code & 7, tf = code >>> 3
              var e = entry(doc)
              e.score += w * f * saturate(tf) * manifest.boosts[field]
              e.terms[t] = true
              if (field === 0) e.title[t] = true
            }
          }
          self.local.forEach(function (item, n) {
            var tf = item.tf[t]
            if (!tf) return
            var e = entry("local:" + n)
            Object.keys(tf).forEach(function (name) {
              e.score += w * f * saturate(tf[name]) * manifest.boosts[manifest.fields.indexOf(name)]
            })
            e.terms[t] = true
            if (tf.title) e.title[t] = true
          })
        })
        var ranked = Object.keys(docs).map(function (ref) {
          var e = docs[ref], matched = {}, count = 0
          pieces.forEach(function (p, i) {
            matched[p] = expanded[i].some(function (t) { return e.terms[t] })
            if (matched[p]) count++
          })
          var share = count / pieces.length
          var section = typeof e.ref === "string" && self.local[+e.ref.slice(6)].doc.location.indexOf("#") >= 0
          var boost = (section ? 0 : 1) + share
          return { ref: e.ref, score: e.score * (1 + boost * boost), matched: matched,
            title: Object.keys(e.title) }
        })
        ranked.sort(function (a, b) { return b.score - a.score || position(a.ref) - position(b.ref) })
        function position(ref) {
          return typeof ref === "number" ? ref : manifest.docs + +ref.slice(6)
        }
        return { pieces: pieces, ranked: ranked }
      })
  }

  /* Material's SearchResult: items grouped by page, the best `limit` pages */
  Searcher.prototype.search = function (query, limit, suggest) {
    var self = this
    return this.rank(query).then(function (found) { return self.result(found, limit, suggest) })
  }

  /* Results in steps: the best limits[0] pages as soon as their records are here (one
     round of requests), then the best limits[1]... each handed to post as it is ready */
  Searcher.prototype.searchInSteps = function (query, limits, suggest, post) {
    var self = this
    return this.rank(query).then(function (found) {
      var step = Promise.resolve()
      limits.forEach(function (limit, i) {
        step = step.then(function () {
          if (i > 0 && self.pages(found) <= limits[i - 1]) return null
          return self.result(found, limit, suggest).then(post)
        })
      })
      return step
    })
  }

  Searcher.prototype.pages = function (found) {
    return this.groups(found, Infinity).length
  }

  Searcher.prototype.groups = function (found, limit) {
    var self = this, groups = [], byPage = {}
    found.ranked.forEach(function (r) {
      var location = typeof r.ref === "number" ? null : self.local[+r.ref.slice(6)].doc.location
      var page = location === null ? "doc:" + r.ref : location.split("#")[0]
      if (!(page in byPage)) {
        if (groups.length >= limit) return
        byPage[page] = groups.length
        groups.push({ page: page, hits: [] })
      }
      groups[byPage[page]].hits.push(r)
    })
    return groups
  }

  Searcher.prototype.result = function (found, limit, suggest) {
    var self = this
    var groups = this.groups(found, limit)
    var wanted = {}
    groups.forEach(function (g) {
      g.hits.forEach(function (r) { if (typeof r.ref === "number") wanted[r.ref] = true })
    })
    return Promise.all(Object.keys(wanted).map(function (n) {
      return self.load("docs/" + n + ".json").then(function (doc) { return [n, doc] })
    })).then(function (records) {
      var byRef = {}
      records.forEach(function (pair) { byRef[pair[0]] = pair[1] })
      var items = groups.map(function (g) {
        var hits = g.hits.map(function (r) { return self.item(r, byRef, found.pieces) })
        if (g.page.lastIndexOf("doc:", 0) !== 0 && !hits.some(function (h) { return h.location === g.page })) {
          var article = self.local.filter(function (l) { return l.doc.location === g.page })[0]
          if (article) hits.push(Object.assign({}, article.doc, { score: 0, terms: {} }))
        }
        return hits
      })
      var result = { items: items }
      if (suggest) result.suggest = suggestion(found)
      return result
    })
  }

  /* One item of Material's result list. Material puts title, text and tags into the page as
     HTML: the records are plain text, escaped here (highlight, escapeHtml), and the only
     markup added is <mark> and <p>. Hand-written pages' items are Material's own. */
  Searcher.prototype.item = function (r, records, pieces) {
    if (typeof r.ref === "number") {
      var doc = records[r.ref]
      var item = { location: doc.location, title: highlight(doc.title, pieces),
        text: doc.text ? "<p>" + highlight(doc.text, pieces) + "</p>" : "",
        score: r.score, terms: r.matched }
      if (doc.tags) item.tags = doc.tags.map(escapeHtml)
      return item
    }
    var local = this.local[+r.ref.slice(6)].doc
    return Object.assign({}, local, { score: r.score, terms: r.matched })
  }

  /* Material's suggestion: the terms of the best result's title that every piece matched */
  function suggestion(found) {
    var best = found.ranked[0]
    if (!best || !found.pieces.every(function (p) { return best.matched[p] })) return []
    return best.title.filter(function (t) {
      return found.pieces.some(function (p) { return t.lastIndexOf(p, 0) === 0 })
    })
  }

  root.dangjianSearch = {
    Searcher: Searcher, fnv1a: fnv1a, dictKey: dictKey, dictFile: dictFile, dictFiles: dictFiles,
    parse: parse, lookups: lookups,
    cutRun: cutRun, clauses: clauses, highlight: highlight, escapeHtml: escapeHtml,
    MAX_EXPAND: MAX_EXPAND
  }
})(typeof self !== "undefined" ? self : globalThis)
