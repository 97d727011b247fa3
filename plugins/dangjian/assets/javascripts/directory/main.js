/* The brand directory (brands/): filters, text query and pages, with the state in the address.
 *
 * The page arrives with the facet counts and the first page of brands as real links; this
 * script reads facets.json (every facet value's brands as runs of positions) when the
 * visitor starts to filter, and only the rows-N.json chunks that the page on screen needs
 * (a text query reads the chunks its facets leave in play). The filters, the query and the
 * page live in the address (?field=…&town=…&level=…&q=…&page=…): a reload, Back, Forward
 * and a shared link show the same form and list. Starts through Material's document$, so
 * it survives instant navigation. Data goes into the page as text only. */

import {
  emptyState, facetRuns, FACETS, intersect, isPlain, pagerNumbers, readState, runsLength, sameState, slice,
  summaryText, textMatcher, toRuns, writeSearch,
} from "./query.js";

const PHONE = "(max-width: 600px)";
const TEXT_DELAY = 250; // ms after the last keystroke
const loaded = new Map(); // url -> Promise of its JSON: a chunk is fetched once per visit
let current = null;

function fetchJson(url) {
  if (!loaded.has(url)) {
    const promise = fetch(url, { credentials: "same-origin" }).then((r) => {
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return r.json();
    });
    promise.catch(() => loaded.delete(url));
    loaded.set(url, promise);
  }
  return loaded.get(url);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** The page a pager link shows: its data-page (drawn here), or the number in its address
 *  (the page's own links, page/N/, carry no data attribute: the publishing check reads
 *  those as text, and a row of page numbers can look like a phone number). */
function pageOf(link) {
  if (link.dataset.page) return Number(link.dataset.page);
  const found = /page\/(\d+)\/?$/.exec(link.getAttribute("href") || "");
  return found ? Number(found[1]) : 1;
}

class Directory {
  constructor(root) {
    this.root = root;
    this.path = location.pathname;
    this.form = root.querySelector("[data-dj-filter]");
    this.fold = root.querySelector("[data-dj-fold]");
    this.summary = root.querySelector("[data-fold-summary]");
    this.selects = Object.fromEntries(FACETS.map((name) => [name, this.form.querySelector(`select[name="${name}"]`)]));
    this.text = this.form.querySelector("[data-filter-text]");
    this.count = root.querySelector("[data-filter-count]");
    this.results = root.querySelector("[data-dj-results]");
    this.empty = root.querySelector("[data-filter-empty]");
    this.pager = root.querySelector("[data-dj-pager]");
    if (!this.pager) {
      this.pager = el("nav", { class: "dj-pager", "aria-label": "品牌列表分页", "data-dj-pager": "" });
      this.pager.hidden = true;
      this.empty.after(this.pager);
    }
    this.known = Object.fromEntries(FACETS.map((name) => [
      name, new Set(Array.from(this.selects[name].options, (o) => o.value).filter(Boolean)),
    ]));
    this.state = emptyState();
    this.token = 0;
    this.timer = 0;
  }

  url(name) {
    return `${this.root.dataset.data}${name}?v=${encodeURIComponent(this.root.dataset.version || "")}`;
  }

  meta() {
    return fetchJson(this.url("facets.json"));
  }

  async rows(meta, positions) {
    const wanted = [...new Set(positions.map((p) => Math.floor(p / meta.chunkSize)))];
    const chunks = new Map(await Promise.all(wanted.map(async (n) => [n, await fetchJson(this.url(`rows-${n}.json`))])));
    return positions.map((p) => chunks.get(Math.floor(p / meta.chunkSize))[p % meta.chunkSize]);
  }

  start() {
    this.fold.hidden = false;
    const phone = window.matchMedia(PHONE);
    this.fold.open = !phone.matches;
    phone.addEventListener("change", (e) => {
      if (this.root.isConnected) this.fold.open = !e.matches;
    });
    this.state = readState(location.search, this.known);
    this.showForm();
    if (!sameState(this.state, emptyState())) this.render();
    else this.normaliseAddress();

    this.form.addEventListener("focusin", () => this.meta().catch(() => {}), { once: true });
    this.form.addEventListener("submit", (e) => e.preventDefault());
    for (const name of FACETS) {
      this.selects[name].addEventListener("change", () => this.change({ [name]: this.selects[name].value }));
    }
    this.text.addEventListener("input", () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.change({ q: this.text.value }), TEXT_DELAY);
    });
    this.form.addEventListener("reset", (e) => {
      e.preventDefault();
      window.clearTimeout(this.timer);
      this.change(emptyState());
    });
    this.root.addEventListener("click", (e) => {
      const link = e.target.closest("[data-dj-pager] a[href]");
      if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      e.stopPropagation(); // a page of this list, not a page for instant navigation to load
      this.change({ page: pageOf(link) }, true);
    });
  }

  /** The address says the state of the form and the list: pushed for a step Back can undo,
   *  replaced while the query is being typed. */
  change(update, scroll = false) {
    const before = this.state;
    const next = { ...before, ...update };
    if (!("page" in update)) next.page = 1;
    if (sameState(next, before)) return;
    this.state = next;
    const typing = "q" in update && Object.keys(update).length === 1 && before.q.trim() !== "";
    const address = location.pathname + writeSearch(next);
    if (typing) history.replaceState(history.state, "", address);
    else history.pushState(null, "", address);
    this.showForm();
    this.render(scroll);
  }

  restore() {
    window.clearTimeout(this.timer);
    this.state = readState(location.search, this.known);
    this.showForm();
    this.render();
  }

  normaliseAddress() {
    const wanted = location.pathname + writeSearch(this.state);
    if (wanted !== location.pathname + location.search) history.replaceState(history.state, "", wanted + location.hash);
  }

  showForm() {
    for (const name of FACETS) this.selects[name].value = this.state[name];
    if (this.text.value.trim() !== this.state.q.trim()) this.text.value = this.state.q;
    this.summary.textContent = summaryText(this.state);
  }

  async render(scroll = false) {
    const token = ++this.token;
    const state = { ...this.state };
    this.root.setAttribute("aria-busy", "true");
    try {
      const meta = await this.meta();
      const scope = facetRuns(meta, state, null) ?? [0, meta.total];
      let result = scope;
      let texted = false;
      if (state.q.trim()) {
        if (token === this.token) this.count.textContent = "正在查找……";
        result = await this.match(meta, scope, state.q);
        texted = true;
      }
      if (token !== this.token) return;
      const total = runsLength(result);
      const pages = Math.max(1, Math.ceil(total / meta.pageSize));
      if (state.page > pages) {
        state.page = this.state.page = pages;
        this.normaliseAddress();
      }
      const first = (state.page - 1) * meta.pageSize;
      const rows = await this.rows(meta, slice(result, first, meta.pageSize));
      if (token !== this.token) return;
      this.showRows(meta, rows);
      this.showCounts(meta, state, texted ? result : null);
      this.showPager(state, pages);
      const range = rows.length ? `，第 ${first + 1}–${first + rows.length} 个` : "";
      this.count.textContent = isPlain(state)
        ? `共 ${meta.total} 个品牌${range}`
        : `共 ${meta.total} 个品牌，符合条件 ${total} 个${range}`;
      this.empty.hidden = total !== 0;
      this.root.dataset.shown = String(total);
      if (scroll) this.count.scrollIntoView({ block: "start" });
    } catch (err) {
      if (token === this.token) this.count.textContent = "品牌数据未能加载，请检查网络后刷新页面。";
    } finally {
      if (token === this.token) this.root.removeAttribute("aria-busy");
    }
  }

  /** The positions in scope whose name, organisation or town has every word of the query. */
  async match(meta, scope, query) {
    const size = meta.chunkSize;
    const wanted = new Set();
    for (let i = 0; i < scope.length; i += 2) {
      for (let n = Math.floor(scope[i] / size); n <= Math.floor((scope[i + 1] - 1) / size); n++) wanted.add(n);
    }
    const chunks = new Map(await Promise.all([...wanted].map(async (n) => [n, await fetchJson(this.url(`rows-${n}.json`))])));
    const towns = meta.facets.find((f) => f.name === "town").values;
    const test = textMatcher(query);
    const found = [];
    for (let i = 0; i < scope.length; i += 2) {
      for (let p = scope[i]; p < scope[i + 1]; p++) {
        const row = chunks.get(Math.floor(p / size))[p % size];
        if (test(`${row[1]} ${row[2]} ${towns[row[4]]}`)) found.push(p);
      }
    }
    return toRuns(found);
  }

  showRows(meta, rows) {
    const [fields, towns, levels] = FACETS.map((name) => meta.facets.find((f) => f.name === name).values);
    const sections = [];
    let list = null;
    let field = null;
    for (const [id, name, org, f, t, l] of rows) {
      if (fields[f] !== field) {
        field = fields[f];
        list = el("ul", { class: "dj-brand-list" });
        sections.push(el("section", { class: "dj-field" },
          el("h2", { id: `field-${field}` }, field + " ", el("span", { class: "dj-muted", text: meta.programmes[field] || "" })),
          list));
      }
      const item = el("li", {}, el("a", { href: `${encodeURIComponent(id)}/`, text: name }), " ",
        el("span", { class: "dj-muted", text: `${org} · ${towns[t]}` }));
      if (levels[l] !== "基层品牌") item.append(" ", el("span", { class: "dj-badge dj-badge--level", text: levels[l] }));
      list.append(item);
    }
    this.results.replaceChildren(...sections);
  }

  showCounts(meta, state, matched) {
    for (const facet of meta.facets) {
      const select = this.selects[facet.name];
      const base = matched ?? facetRuns(meta, state, facet.name);
      // with a query, only the brands its facets left in play were read: the other values
      // of a selected facet are not counted
      const unknown = matched !== null && state[facet.name] !== "";
      for (const option of select.options) {
        if (!option.value) continue;
        const at = facet.values.indexOf(option.value);
        if (unknown) {
          option.textContent = option.dataset.label;
          option.disabled = false;
          continue;
        }
        const n = at < 0 ? 0 : base === null ? facet.counts[at] : runsLength(intersect(base, facet.runs[at]));
        option.textContent = `${option.dataset.label}（${n}）`;
        option.disabled = n === 0 && select.value !== option.value;
      }
    }
  }

  showPager(state, pages) {
    this.pager.hidden = pages <= 1;
    if (pages <= 1) {
      this.pager.replaceChildren();
      return;
    }
    const link = (n, text, rel) => {
      const a = el("a", { class: rel ? "dj-pager__step" : "dj-pager__page", href: writeSearch({ ...state, page: n }) || "./",
        "data-page": String(n), text });
      if (rel) a.setAttribute("rel", rel);
      if (!rel && n === state.page) a.setAttribute("aria-current", "page");
      return a;
    };
    const parts = [];
    if (state.page > 1) parts.push(link(state.page - 1, "上一页", "prev"));
    for (const n of pagerNumbers(state.page, pages)) {
      parts.push(n === null ? el("span", { class: "dj-pager__gap", text: "…" }) : link(n, String(n)));
    }
    if (state.page < pages) parts.push(link(state.page + 1, "下一页", "next"));
    this.pager.replaceChildren(...parts);
  }
}

// Back and Forward between states of the list: Material loads other pages, not these.
window.addEventListener("popstate", () => {
  if (current && current.root.isConnected && location.pathname === current.path) current.restore();
});

/** Puts back the ?q= that hold-query.js kept out of Material's sight. */
function unhold() {
  const tag = document.querySelector("script[data-held]");
  if (!tag) return;
  let held = null;
  try {
    held = JSON.parse(tag.getAttribute("data-held"));
  } catch (e) {
    held = null;
  }
  tag.removeAttribute("data-held");
  if (held && held.path === location.pathname) history.replaceState(history.state, "", held.search + location.hash);
}

function boot() {
  const root = document.querySelector("[data-dj-directory][data-data]");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  unhold();
  current = new Directory(root);
  current.start();
}

if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(boot);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
