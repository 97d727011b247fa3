/* The brand directory's state and arithmetic, without the DOM: the address
 * (?field=…&town=…&level=…&q=…&page=…), the runs of positions each facet value covers
 * (flattened [start, end) pairs, sorted), and the text match. */

export const FACETS = ["field", "town", "level"];

export function emptyState() {
  return { field: "", town: "", level: "", q: "", page: 1 };
}

export function isPlain(state) {
  return !state.field && !state.town && !state.level && !state.q.trim();
}

/** The state an address asks for; values the directory does not know are left out. */
export function readState(search, known) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const name of FACETS) {
    const value = params.get(name) || "";
    if (value && (!known || known[name].has(value))) state[name] = value;
  }
  state.q = (params.get("q") || "").slice(0, 100);
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 1 ? page : 1;
  return state;
}

/** The query string of a state ("" for the plain first page), in a fixed order. */
export function writeSearch(state) {
  const params = new URLSearchParams();
  for (const name of FACETS) if (state[name]) params.set(name, state[name]);
  if (state.q.trim()) params.set("q", state.q.trim());
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? "?" + text : "";
}

export function sameState(a, b) {
  return writeSearch(a) === writeSearch(b);
}

export function runsLength(runs) {
  let n = 0;
  for (let i = 0; i < runs.length; i += 2) n += runs[i + 1] - runs[i];
  return n;
}

/** The positions in both a and b, as runs. */
export function intersect(a, b) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i], b[j]);
    const end = Math.min(a[i + 1], b[j + 1]);
    if (start < end) out.push(start, end);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

/** Sorted positions as runs. */
export function toRuns(positions) {
  const out = [];
  for (const p of positions) {
    if (out.length && out[out.length - 1] === p) out[out.length - 1] = p + 1;
    else out.push(p, p + 1);
  }
  return out;
}

/** The positions from offset on, at most count of them. */
export function slice(runs, offset, count) {
  const out = [];
  let skip = offset;
  for (let i = 0; i < runs.length && out.length < count; i += 2) {
    const length = runs[i + 1] - runs[i];
    if (skip >= length) {
      skip -= length;
      continue;
    }
    for (let p = runs[i] + skip; p < runs[i + 1] && out.length < count; p++) out.push(p);
    skip = 0;
  }
  return out;
}

/** The runs the selected facets leave (every facet but `except`); null: no facet selected. */
export function facetRuns(meta, state, except) {
  let runs = null;
  for (const facet of meta.facets) {
    if (facet.name === except || !state[facet.name]) continue;
    const at = facet.values.indexOf(state[facet.name]);
    const own = at < 0 ? [] : facet.runs[at];
    runs = runs === null ? own : intersect(runs, own);
  }
  return runs;
}

function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

/** A test of a row's text against the query: every word of it must occur. */
export function textMatcher(query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return (text) => words.every((w) => fold(text).includes(w));
}

/** The line the folded filter shows on a phone: "筛选：农村 · 当壁镇（2 项）". */
export function summaryText(state) {
  const parts = FACETS.map((name) => state[name]).filter(Boolean);
  if (state.q.trim()) parts.push("“" + state.q.trim() + "”");
  return parts.length ? `筛选：${parts.join(" · ")}（${parts.length} 项）` : "筛选：全部品牌";
}

/** The page numbers a pager shows around current: null for a gap. */
export function pagerNumbers(current, count, spread = 2) {
  const shown = new Set([1, count]);
  for (let n = current - spread; n <= current + spread; n++) shown.add(n);
  const out = [];
  let last = 0;
  for (const n of [...shown].filter((p) => p >= 1 && p <= count).sort((x, y) => x - y)) {
    if (n > last + 1) out.push(null);
    out.push(n);
    last = n;
  }
  return out;
}
