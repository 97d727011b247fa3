// Runs the search worker's ranking (core.js) over a built site's index files, for the tests:
// stdin {"site": folder, "queries": [...], "local": Material's index or null}; stdout, for
// each query, every match [ref, score] best first and the pages of Material's result items.
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

const require = createRequire(import.meta.url)
require("../../plugins/dangjian/assets/javascripts/search/core.js")
const { Searcher } = globalThis.dangjianSearch

const request = JSON.parse(readFileSync(0, "utf-8"))
const folder = join(request.site, "search")
const read = path => JSON.parse(readFileSync(join(folder, path), "utf-8"))
const fetched = new Set()
const load = path => { fetched.add(path); return Promise.resolve(read(path)) }
const manifest = read("manifest.json")

const out = []
for (const query of request.queries) {
  fetched.clear()
  const searcher = new Searcher(manifest, load, request.local)
  const found = await searcher.rank(query)
  const result = await searcher.search(query, 10, true)
  out.push({
    query,
    ranked: found.ranked.map(r => [r.ref, r.score]),
    pages: result.items.map(group => group[0].location),
    titles: result.items.map(group => group[0].title),
    fetched: [...fetched].sort(),
  })
}
process.stdout.write(JSON.stringify(out))
