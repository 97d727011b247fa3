/* The planner page (研学规划): wires the form, the place picker (list and schematic map),
 * the plan, its one-page-per-day printout (行程单) and its downloads.
 * Starts through Material's document$ so it survives instant navigation; the places JSON
 * is loaded once, and nothing else is requested afterwards (works offline once loaded). */

import { decode, encode, fromQuery } from "./codec.js";
import { toGeoJson, toGpx, toIcs, toKml, toPlanJson } from "./exports.js";
import { EXACT_LIMIT } from "./optimise.js";
import { placeMatches } from "./picker.js";
import { qrElement } from "./qr.js";
import {
  bestArrangement, buildSchedule, clock, DEFAULTS, duration, earliestDate, isSample, WEEKDAY_NAMES, weekdayOf,
} from "./schedule.js";
import { fit, sketchElement } from "./sketch.js";
import { checkRules } from "./travel.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const PICK_MAP = [420, 300]; // the picker map's picture (viewBox) size
const loaded = new Map(); // url -> Promise of the data, so a revisit makes no request

function loadData(url) {
  if (!loaded.has(url)) {
    loaded.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).catch((e) => {
      loaded.delete(url);
      throw e;
    }));
  }
  return loaded.get(url);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const parseClock = (v) => {
  const m = /^(\d\d):(\d\d)/.exec(v || "");
  return m ? +m[1] * 60 + +m[2] : null;
};
const pad = (m) => (m >= 1440 ? "23:59" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
const dayLabel = (iso) => (iso ? `${iso}（${WEEKDAY_NAMES[weekdayOf(iso)] || ""}）` : "日期未定");

/** Text with every phone number of links turned into a tel: link (nodes, never markup). */
function withLinks(text, links) {
  const out = [];
  let rest = text;
  for (const link of links || []) {
    const at = rest.indexOf(link.text);
    if (at < 0) continue;
    out.push(rest.slice(0, at), el("a", { href: link.href, text: link.text }));
    rest = rest.slice(at + link.text.length);
  }
  out.push(rest);
  return out;
}

class Planner {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.base = root.dataset.base || "";
    this.q = (sel) => root.querySelector(sel);
    this.form = this.q("[data-dj-form]");
    this.byId = new Map(data.places.map((p, i) => [p.id, i]));
    this.stops = [];
    this.arrangement = null; // [[place index] per day] once planned
    this.minutes = {}; // place index -> visit minutes (a route's own)
    this.orderKind = null; // "exact" | "heuristic" | "manual" | "link"
    this.result = null;
  }

  start() {
    this.fillFilters();
    this.renderPlaces();
    this.fillBases();
    this.form.addEventListener("input", (e) => this.onInput(e));
    this.form.addEventListener("change", (e) => this.onInput(e));
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.q("[data-dj-plan]").addEventListener("click", () => {
      this.optimise();
      if (this.result) this.q("[data-dj-result]").scrollIntoView({ block: "start" });
    });
    this.q("[data-dj-clear]").addEventListener("click", () => this.clear());
    this.q("[data-dj-share]").addEventListener("click", () => this.share());
    this.q("[data-dj-print]").addEventListener("click", () => window.print());
    for (const kind of ["ics", "gpx", "kml", "geojson", "json"]) {
      this.q(`[data-dj-${kind}]`).addEventListener("click", () => this.download(kind));
    }
    if (location.hash.replace(/^#/, "")) this.restore(location.hash);
    else this.fromAddress(location.search);
    // a plan opened by a link (a route page's button, a shared link) is what the visitor came
    // for: on a phone it would otherwise sit below the whole list of places (a link with parts
    // that were ignored stays at the top, where the message says which)
    const warned = this.q("[data-dj-message]").classList.contains("dj-planner__message--warn");
    if (this.result && this.stops.length && !warned) this.q("[data-dj-result]").scrollIntoView({ block: "start" });
  }

  fillBases() {
    const sel = this.form.basePlace;
    if (!sel) return;
    this.data.places.forEach((p, i) => sel.append(el("option", { value: String(i), text: p.name })));
  }

  /** The documented address ?stops=…: opens those stops and plans the best tour. */
  fromAddress(search) {
    let read;
    try {
      read = fromQuery(search, this.data.places.map((p) => p.id));
    } catch (e) {
      read = { state: { stops: [] }, problems: ["地址无法读取，已打开空白的规划。"] };
    }
    if (!read) return;
    const { state, problems } = read;
    this.applyState(state);
    this.arrangement = null;
    history.replaceState(history.state, "", location.pathname);
    if (this.stops.length) this.optimise(problems);
    else this.message(problems.join(" "), "warn");
  }

  /** Puts a decoded state (share link or address) into the form and the stop list. */
  applyState(state) {
    const f = this.form;
    if (state.date) f.date.value = state.date;
    if (state.time != null) f.time.value = pad(state.time);
    if (state.group != null) f.group.value = String(state.group);
    if (state.lunch === null) f.lunchMin.value = "0";
    else if (state.lunch) {
      f.lunch.value = pad(state.lunch.from);
      f.lunchTo.value = pad(state.lunch.to);
      f.lunchMin.value = String(state.lunch.minutes);
    }
    if (state.back != null) f.back.checked = state.back;
    if (state.dayCount != null) f.days.value = String(state.dayCount);
    if (state.latest != null) f.latest.value = pad(state.latest);
    if (state.base != null && this.byId.has(state.base)) {
      f.start.value = "place";
      f.basePlace.value = String(this.byId.get(state.base));
    } else if (state.start) {
      f.start.value = "point";
      f.lat.value = state.start.lat.toFixed(5);
      f.lon.value = state.start.lon.toFixed(5);
    }
    this.stops = state.stops.map((id) => this.byId.get(id));
    this.minutes = {};
    for (const [id, n] of Object.entries(state.minutes || {})) this.minutes[this.byId.get(id)] = n;
    this.renderChosen();
  }

  message(text, level = "info") {
    const box = this.q("[data-dj-message]");
    box.textContent = text || "";
    box.hidden = !text;
    box.className = `dj-planner__message dj-planner__message--${level}`;
  }

  fillFilters() {
    const kinds = new Map(), towns = new Set();
    for (const p of this.data.places) {
      kinds.set(p.label, (kinds.get(p.label) || 0) + 1);
      towns.add(p.town);
    }
    const kindSel = this.q("[data-dj-kind]");
    for (const [label, n] of kinds) kindSel.append(el("option", { value: label, text: `${label}（${n}）` }));
    const townSel = this.q("[data-dj-town]");
    for (const t of [...towns].sort((a, b) => a.localeCompare(b, "zh"))) townSel.append(el("option", { value: t, text: t }));
    const routeSel = this.q("[data-dj-route]");
    for (const r of this.data.routes) routeSel.append(el("option", { value: r.id, text: `${r.name}（${r.stops.length} 站）` }));
  }

  renderPlaces() {
    const list = this.q("[data-dj-places]");
    list.replaceChildren(...this.data.places.map((p, i) => {
      const box = el("input", { type: "checkbox", value: String(i), "data-dj-pick": true });
      const badges = [];
      if (p.sf) badges.push(el("span", { class: "dj-badge dj-badge--sample", text: "示例" }));
      return el("li", { "data-index": String(i) },
        el("label", {}, box, el("span", { class: "dj-planner__placename", text: p.name }),
          el("span", { class: "dj-muted", text: `${p.label} · ${p.town} · 约 ${p.min} 分钟` }), ...badges));
    }));
    this.renderPickMap();
    this.filter();
  }

  /** The schematic of the places, north up: tapping a point picks or unpicks that place.
   * It shows the places the filters let through and the chosen ones, fitted to them. */
  renderPickMap() {
    const box = this.q("[data-dj-pickmap]");
    if (!box) return;
    const [W, H] = PICK_MAP;
    const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "dj-pickmap", "aria-hidden": "true" });
    map.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "dj-pickmap__bg" }));
    this.pickStart = svg("g", { class: "dj-pickmap__startmark" });
    this.pickStart.append(svg("rect", { width: 14, height: 14, class: "dj-pickmap__start" }),
      svg("text", { x: 18, y: -2, class: "dj-pickmap__startlabel" }, this.data.start.name));
    map.append(this.pickStart);
    this.pickPoints = this.data.places.map((p, i) => {
      const g = svg("g", { class: "dj-pickmap__pt", "data-index": i });
      g.append(svg("title", {}, `${p.name}（${p.label}，${p.town}）`), svg("circle", { r: 14, class: "dj-pickmap__hit" }),
        svg("circle", { r: 5, class: "dj-pickmap__dot" }));
      map.append(g);
      return g;
    });
    this.pickLabels = svg("g", { class: "dj-pickmap__labels" });
    map.append(this.pickLabels, svg("text", { x: W - 8, y: H - 8, "text-anchor": "end", class: "dj-pickmap__note" },
      "示意图，北在上，不是地图"));
    map.addEventListener("click", (e) => {
      const g = e.target.closest && e.target.closest("[data-index]");
      if (g) this.pick(+g.dataset.index, !this.stops.includes(+g.dataset.index));
    });
    box.replaceChildren(map, el("figcaption", { class: "dj-muted",
      text: "点按示意图上的圆点可选择或取消该教学点（与下方列表同步，只显示符合筛选条件的教学点和已选的站点）；红点为已选，数字为已选的次序。" }));
  }

  /** The picker map's points shown (those the filters let through, and the chosen, numbered), placed to fit them. */
  paintPickMap(shown) {
    if (!this.pickPoints) return;
    const [W, H] = PICK_MAP;
    const places = this.data.places;
    const order = this.sequence();
    const seen = places.map((_, i) => shown.has(i) || order.includes(i));
    const focus = places.filter((_, i) => seen[i]);
    const at = fit(focus.length ? focus : places, W, H, 18);
    this.pickPoints.forEach((g, i) => {
      const [x, y] = at(places[i]);
      for (const c of g.querySelectorAll("circle")) {
        c.setAttribute("cx", String(x));
        c.setAttribute("cy", String(y));
      }
      g.classList.toggle("dj-pickmap__pt--chosen", order.includes(i));
      g.classList.toggle("dj-pickmap__pt--off", !seen[i]);
    });
    for (const i of order) this.pickLabels.before(this.pickPoints[i]); // the chosen drawn over the others
    const [sx, sy] = at(this.data.start);
    this.pickStart.setAttribute("transform", `translate(${sx - 7} ${sy - 7})`);
    this.pickStart.classList.toggle("dj-pickmap__pt--off", sx < 0 || sy < 0 || sx > W || sy > H);
    this.pickLabels.replaceChildren(...order.flatMap((i, n) => {
      const [x, y] = at(places[i]);
      return [svg("text", { x, y: y + 4, "text-anchor": "middle", class: "dj-pickmap__num" }, String(n + 1)),
        svg("text", { x: x > W * 0.6 ? x - 11 : x + 11, y: y - 8, "text-anchor": x > W * 0.6 ? "end" : "start",
          class: "dj-pickmap__label" }, places[i].name)];
    }));
  }

  filter() {
    const f = { kind: this.form.kind.value, town: this.form.town.value, text: this.form.q.value };
    const shown = new Set();
    for (const li of this.q("[data-dj-places]").children) {
      const i = +li.dataset.index;
      const ok = placeMatches(this.data.places[i], f, this.data.townPy || {});
      li.hidden = !ok;
      if (ok) shown.add(i);
    }
    this.q("[data-dj-count]").textContent = `列表中显示 ${shown.size} 处，已选 ${this.stops.length} 处。`;
    this.paintPickMap(shown);
  }

  syncChecks() {
    const chosen = new Set(this.stops);
    for (const box of this.root.querySelectorAll("[data-dj-pick]")) box.checked = chosen.has(+box.value);
  }

  /** Adds place i to the chosen stops (on) or takes it out; the plan is made again by the button. */
  pick(i, on) {
    if (on === this.stops.includes(i)) return;
    this.stops = on ? [...this.stops, i] : this.stops.filter((s) => s !== i);
    this.orderKind = null;
    this.arrangement = null;
    this.hideResult();
    this.renderChosen();
  }

  onInput(e) {
    const t = e.target;
    if (t.matches("[data-dj-pick]")) {
      if (e.type === "change") this.pick(+t.value, t.checked);
    } else if (t.matches("[data-dj-kind], [data-dj-town], [data-dj-q]")) {
      this.filter();
    } else if (t.matches("[data-dj-route]")) {
      if (e.type !== "change" || !t.value) return;
      const route = this.data.routes.find((r) => r.id === t.value);
      this.stops = route.stops.slice();
      this.minutes = Object.fromEntries(route.stops.map((i, n) => [i, route.min[n]]));
      this.orderKind = null;
      this.arrangement = null;
      this.renderChosen();
      this.optimise();
    } else if (this.result && e.type === "change") {
      if (this.orderKind === "exact" || this.orderKind === "heuristic") this.optimise();
      else this.reschedule();
    }
  }

  /** The stops in visiting order (the plan's days one after another), then any left out. */
  sequence() {
    if (!this.arrangement) return this.stops.slice();
    const flat = this.arrangement.flat();
    return [...flat, ...this.stops.filter((i) => !flat.includes(i))];
  }

  renderChosen(focus) {
    const list = this.q("[data-dj-chosen]");
    this.q("[data-dj-chosen-empty]").hidden = this.stops.length > 0;
    const seq = this.sequence();
    const movable = this.arrangement ? this.arrangement.flat().length : seq.length;
    list.replaceChildren(...seq.map((i, n) => {
      const p = this.data.places[i];
      const up = el("button", { type: "button", class: "dj-planner__move", "data-move": "-1", "data-at": n,
        "aria-label": `将“${p.name}”上移`, disabled: n === 0 || n >= movable, text: "↑ 上移" });
      const down = el("button", { type: "button", class: "dj-planner__move", "data-move": "1", "data-at": n,
        "aria-label": `将“${p.name}”下移`, disabled: n >= movable - 1, text: "↓ 下移" });
      const remove = el("button", { type: "button", class: "dj-planner__move", "data-remove": n,
        "aria-label": `移除“${p.name}”`, text: "移除" });
      for (const b of [up, down]) b.addEventListener("click", () => this.move(n, +b.dataset.move));
      remove.addEventListener("click", () => this.remove(i));
      const own = this.minutes[i] ? `，停留 ${duration(this.minutes[i])}` : "";
      return el("li", { "data-id": p.id }, el("span", { text: `${p.name}（${p.label}${own}）` }), " ", up, down, remove);
    }));
    this.syncChecks();
    this.filter();
    if (focus) {
      const target = list.querySelector(`[data-at="${focus.at}"][data-move="${focus.dir}"]`) ||
        list.querySelector(`[data-at="${focus.at}"][data-move]:not([disabled])`);
      if (target) target.focus();
    }
  }

  /** Swaps the stop at position n of the visiting order with its neighbour; the days keep their sizes. */
  move(n, dir) {
    const seq = this.arrangement ? this.arrangement.flat() : this.stops.slice();
    const to = n + dir;
    if (to < 0 || to >= seq.length) return;
    [seq[n], seq[to]] = [seq[to], seq[n]];
    if (this.arrangement) {
      let at = 0;
      this.arrangement = this.arrangement.map((day) => seq.slice(at, (at += day.length)));
    } else {
      this.stops = seq;
    }
    this.orderKind = "manual";
    this.renderChosen({ at: to, dir });
    if (this.result) this.reschedule();
    this.message(`已将“${this.data.places[seq[to]].name}”移到第 ${to + 1} 站，日程已更新。`);
  }

  remove(i) {
    this.stops = this.stops.filter((s) => s !== i);
    if (this.arrangement) this.arrangement = this.arrangement.map((day) => day.filter((s) => s !== i));
    this.renderChosen();
    if (this.result && this.stops.length) this.reschedule();
    else this.hideResult();
  }

  clear() {
    this.stops = [];
    this.arrangement = null;
    this.minutes = {};
    this.form.route.value = "";
    this.renderChosen();
    this.hideResult();
    history.replaceState(null, "", location.pathname + location.search);
  }

  settings() {
    const f = this.form;
    const from = parseClock(f.lunch.value), to = parseClock(f.lunchTo.value);
    const lunchMin = Math.max(0, Math.min(180, Math.round(+f.lunchMin.value || 0)));
    let lunch = null;
    if (lunchMin && from != null) lunch = { from, to: to != null && to >= from ? to : from + 60, minutes: lunchMin };
    let start = null, base = null;
    if (f.start.value === "point") {
      const lat = parseFloat(f.lat.value), lon = parseFloat(f.lon.value);
      const a = this.data.area;
      if (Number.isFinite(lat) && Number.isFinite(lon) && lat >= a.south && lat <= a.north && lon >= a.west && lon <= a.east) {
        start = { lat, lon, name: `出发地（${lat.toFixed(4)}，${lon.toFixed(4)}）` };
      } else {
        this.message("出发地坐标无效或不在本市范围内，已改为从市中心出发。", "warn");
      }
    } else if (f.start.value === "place" && f.basePlace.value !== "") {
      const p = this.data.places[+f.basePlace.value];
      if (p) {
        start = { lat: p.lat, lon: p.lon, name: `${p.name}附近` };
        base = p.id;
      }
    }
    const group = Math.round(+f.group.value);
    const latest = f.latest.value === "" ? DEFAULTS.latest : (parseClock(f.latest.value) ?? DEFAULTS.latest);
    const days = Math.round(+f.days.value);
    return {
      stops: this.stops.slice(),
      minutes: { ...this.minutes },
      date: f.date.value,
      time: parseClock(f.time.value) ?? DEFAULTS.time,
      latest,
      group: group >= 1 ? group : 1,
      lunch,
      back: f.back.checked,
      dayCount: days >= 0 && days <= 14 ? days : 1,
      start,
      base,
    };
  }

  optimise(problems = []) {
    if (!this.stops.length) {
      this.message("请先选择至少一个站点。", "warn");
      return;
    }
    const notes = [...problems];
    if (!this.form.date.value || weekdayOf(this.form.date.value) == null) {
      const date = earliestDate(this.data, this.stops, todayIso());
      this.form.date.value = date;
      notes.push(`未选日期，已定为能按各站预约要求提前预约的最早日期 ${dayLabel(date)}，可修改。`);
    }
    const s = this.settings();
    const found = bestArrangement(this.data, s);
    this.arrangement = found.days;
    this.orderKind = found.exact ? "exact" : "heuristic";
    this.renderChosen();
    this.reschedule();
    const left = this.result.unplaced.length;
    notes.unshift(found.exact
      ? "已排出最优行程（精确最优）：先让各站都在开放时间内参观，再尽早结束，最后行车最短。"
      : `站点超过 ${EXACT_LIMIT} 个，行程为近似最优（启发式），可手动调整。`);
    if (left) notes.push(`有 ${left} 个站点无法安排，原因见“问题”。`);
    this.message(notes.join(" "), problems.length || left ? "warn" : "info");
  }

  reschedule() {
    const s = this.settings();
    s.stops = this.stops.slice();
    s.arrangement = this.arrangement || [this.sequence()];
    this.plan = s;
    this.result = buildSchedule(this.data, s, todayIso());
    const id = (i) => this.data.places[i].id;
    const minutes = Object.fromEntries(Object.entries(s.minutes).filter(([i]) => s.stops.includes(+i)).map(([i, n]) => [id(+i), n]));
    const placed = new Set(s.arrangement.flat());
    const hash = encode({ ...s, stops: s.stops.map(id), days: s.arrangement.map((d) => d.map(id)), minutes,
      left: s.stops.filter((i) => !placed.has(i)).map(id) });
    history.replaceState(history.state, "", `${location.pathname}#${hash}`);
    this.q("[data-dj-link]").value = location.href;
    this.renderResult(); // after the address holds the plan: the printout's QR code is of it
  }

  hideResult() {
    this.result = null;
    this.q("[data-dj-result]").hidden = true;
  }

  renderResult() {
    const { days, warnings, totals } = this.result;
    const places = this.data.places;
    this.q("[data-dj-result]").hidden = false;
    const kind = { exact: "精确最优顺序", heuristic: "近似最优顺序（启发式）", manual: "手动调整的顺序", link: "分享链接中的顺序" }[this.orderKind] || "当前顺序";
    const used = days.filter((d) => d.items.length);
    const ends = used.map((d) => (used.length > 1 ? `${d.date} 约 ${clock(d.totals.end)} 结束` : `约 ${clock(d.totals.end)} 结束`));
    this.q("[data-dj-summary]").textContent =
      `共 ${totals.stops} 站（${kind}）` + (used.length > 1 ? `，分 ${used.length} 天` : "") +
      `，${dayLabel(this.plan.date)} ${clock(totals.start)} 出发，${ends.join("，") || "无可安排的站点"}；` +
      `行车约 ${(totals.km10 / 10).toFixed(1)} 公里、${duration(totals.travelMin)}，参观 ${duration(totals.visitMin)}` +
      (totals.waitMin ? `，等候 ${duration(totals.waitMin)}` : "") + (totals.lunchMin ? `，午餐 ${duration(totals.lunchMin)}` : "") + "。";
    const box = this.q("[data-dj-warnings]");
    const group = (level, title, list) => {
      if (!list.length) return [];
      return [el("h3", { text: `${title}（${list.length}）` }),
        el("ul", {}, ...list.map((w) => el("li", { class: `dj-planner__warning dj-planner__warning--${level}`, "data-code": w.code,
          "data-level": level, "data-place": w.places.length === 1 ? w.places[0] : null },
        el("strong", { text: `${title}：` }), ...withLinks(w.text, w.links))))];
    };
    const problems = warnings.filter((w) => w.level === "problem"), notes = warnings.filter((w) => w.level === "note");
    box.replaceChildren(...group("problem", "问题", problems), ...group("note", "提示", notes));
    const start = this.plan.start || this.data.start;
    const startLabel = this.plan.start ? "出发地" : this.data.start.name;
    const visitsOf = (day) => day.items.filter((i) => i.type === "visit").map((i) => i.index);
    const order = days.flatMap(visitsOf);
    const point = (i, n) => ({ lat: places[i].lat, lon: places[i].lon, label: places[i].name, n });
    const points = [{ lat: start.lat, lon: start.lon, label: startLabel }, ...order.map((i, n) => point(i, n + 1))];
    // one line per day, from the start (the overnight base) and back to it when the day ends there
    let at = 1;
    const paths = days.map((day) => {
      const line = [0, ...visitsOf(day).map(() => at++)];
      const last = day.items[day.items.length - 1];
      return last && last.type === "travel" && last.back ? [...line, 0] : line;
    });
    this.q("[data-dj-map]").replaceChildren(sketchElement(document, points, false, undefined, undefined, paths),
      el("figcaption", { text: "行程示意图：方块为出发地，数字为参观顺序。" }));
    // the schedule: one sheet per day, each a printed page (行程单)
    const problemText = (code, p) => ({
      group: `团队 ${this.plan.group} 人，超过单批最多接待的 ${p.max} 人`,
      deadline: `需至少提前 ${p.res && p.res.days} 天预约，已来不及`,
    })[code];
    let n = 0;
    const total = order.length;
    const sheets = days.map((day, d) => {
      const rows = [el("tr", { class: "dj-planner__day", "data-day": String(d + 1) },
        el("th", { colspan: "3", scope: "rowgroup", text: `第 ${d + 1} 天：${dayLabel(day.date)}` + (day.items.length ? "" : "（无可安排的站点）") }))];
      const firstStop = n + 1;
      for (const item of day.items) {
        if (item.type === "travel") {
          rows.push(el("tr", { class: "dj-planner__leg" }, el("td", { text: `${clock(item.depart)}–${clock(item.arrive)}` }),
            el("td", { text: `乘车：${item.from} → ${item.to}，约 ${(item.km10 / 10).toFixed(1)} 公里，${duration(item.minutes)}` }),
            el("td", { class: "dj-planner__noprint" })));
        } else if (item.type === "lunch") {
          const prev = day.items.slice(0, day.items.indexOf(item)).reverse().find((x) => x.type === "visit");
          const hint = prev && places[prev.index].lunch ? `（${places[prev.index].lunch.replace(/[。.]$/, "")}）` : "";
          const cell = el("td", { text: `午餐${hint}` });
          if (item.late) cell.append(el("br"), el("strong", { class: "dj-planner__problem", text: `问题：未能在 ${clock(this.plan.lunch.from)}–${clock(this.plan.lunch.to)} 之间开始午餐` }));
          rows.push(el("tr", { class: "dj-planner__lunch" + (item.late ? " dj-planner__row--problem" : "") },
            el("td", { text: `${clock(item.start)}–${clock(item.end)}` }), cell, el("td", { class: "dj-planner__noprint" })));
        } else {
          const at = n++;
          const p = places[item.index];
          const cell = el("td", {}, el("strong", { text: `第 ${at + 1} 站 ` }),
            el("a", { href: this.base + p.url, text: p.name }), ` （${p.label}，${p.town}）`);
          if (p.sf) cell.append(el("span", { class: "dj-badge dj-badge--sample", text: "示例" }));
          const detail = [`到达 ${clock(item.arrive)}`];
          if (item.wait) detail.push(`等候开放 ${duration(item.wait)}`);
          detail.push(`参观 ${duration(item.minutes)}${isSample(p, "visit_minutes") && !this.plan.minutes[item.index] ? "（示例时长）" : ""}`);
          if (item.open) detail.push(`当天开放 ${item.open.map(([a, b]) => `${clock(a)}–${b >= 1440 ? "24:00" : clock(b)}`).join("、")}`);
          cell.append(el("br"), el("span", { class: "dj-muted", text: detail.join("；") }));
          if (p.courses) {
            cell.append(el("span", { class: "dj-muted dj-planner__courses", text: `；可选课程：${p.courses.map(([t, m]) => `${t}（${m} 分钟）`).join("、")}` }));
          }
          for (const code of item.problems) {
            cell.append(el("br"), el("strong", { class: "dj-planner__problem", "data-code": code, text: `问题：${problemText(code, p)}` }));
          }
          const up = el("button", { type: "button", class: "dj-planner__move", "aria-label": `将“${p.name}”上移`, disabled: at === 0, text: "↑" });
          const down = el("button", { type: "button", class: "dj-planner__move", "aria-label": `将“${p.name}”下移`, disabled: at === total - 1, text: "↓" });
          up.addEventListener("click", () => this.move(at, -1));
          down.addEventListener("click", () => this.move(at, 1));
          rows.push(el("tr", { class: "dj-planner__stop" + (item.problems.length ? " dj-planner__row--problem" : ""), "data-id": p.id },
            el("td", { text: `${clock(item.start)}–${clock(item.end)}` }), cell, el("td", { class: "dj-planner__noprint" }, up, down)));
        }
      }
      const last = d === days.length - 1;
      if (last) {
        for (const u of this.result.unplaced) {
          const p = places[u.index];
          rows.push(el("tr", { class: "dj-planner__unplaced dj-planner__row--problem", "data-id": p.id, "data-code": u.code },
            el("td", { text: "未排入" }), el("td", {}, el("strong", { class: "dj-planner__problem", text: "问题：" }), `${u.why}。`),
            el("td", { class: "dj-planner__noprint" })));
        }
      }
      const table = el("table", { class: "dj-planner__schedule" },
        el("caption", { class: "dj-sr", text: `第 ${d + 1} 天日程：每站的到达、离开时间和路段` }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "时间" }), el("th", { scope: "col", text: "安排" }),
          el("th", { scope: "col", class: "dj-planner__noprint", text: "调整顺序" }))),
        el("tbody", {}, ...rows));
      const dayPoints = [{ lat: start.lat, lon: start.lon, label: startLabel },
        ...visitsOf(day).map((i, k) => point(i, firstStop + k))];
      const dayMap = day.items.length ? el("figure", { class: "dj-planner__daymap" },
        sketchElement(document, dayPoints, false, 520, 330, [paths[d].map((k) => (k === 0 ? 0 : k - firstStop + 1))])) : null;
      return el("section", { class: "dj-planner__sheet", "data-day": String(d + 1) },
        this.sheetHead(day, d, days.length, startLabel, dayMap), table, last ? this.sheetNotes(problems, notes) : null);
    });
    this.q("[data-dj-schedule]").replaceChildren(...sheets);
  }

  /** The printed page's head (行程单): title, date, group, start, lines to fill in, the QR
   * code of the share link, and the day's schematic. */
  sheetHead(day, d, count, startLabel, dayMap) {
    const t = day.totals;
    const facts = [`日期：${dayLabel(day.date)}`, `团队：${this.plan.group} 人`, `出发：${clock(t.start)}，${startLabel}`];
    const stops = day.items.filter((i) => i.type === "visit").length;
    if (day.items.length) facts.push(`共 ${stops} 站，约 ${clock(t.end)} 结束，行车约 ${(t.km10 / 10).toFixed(1)} 公里`);
    const link = location.href;
    let code = null;
    try {
      code = qrElement(document, link, "二维码：扫码打开此行程");
    } catch (e) {
      code = null; // a link too long for a QR code: the printout goes without it
    }
    return el("header", { class: "dj-planner__sheethead dj-planner__printonly" },
      el("div", { class: "dj-planner__sheettitle" },
        el("p", { class: "dj-planner__sheetname", text: "研学行程单" + (count > 1 ? `（第 ${d + 1} 天，共 ${count} 天）` : "") }),
        ...facts.map((text) => el("p", { text })),
        el("p", { class: "dj-planner__fill", text: "组织单位：＿＿＿＿＿＿＿＿＿＿＿＿＿＿" }),
        el("p", { class: "dj-planner__fill", text: "带队人：＿＿＿＿＿＿　电话：＿＿＿＿＿＿＿" }),
        code ? el("figure", { class: "dj-planner__qr" }, code,
          el("figcaption", { text: "用手机扫码，打开此行程（可查看、修改、导出）" })) : null),
      dayMap);
  }

  /** What the printout says once, under the last day: the problems no row shows, and the 提示. */
  sheetNotes(problems, notes) {
    const onRows = new Set(["group", "deadline", "lunch", ...this.result.unplaced.map((u) => u.code)]);
    const general = problems.filter((w) => !onRows.has(w.code));
    const items = [...general.map((w) => el("li", {}, el("strong", { text: "问题：" }), w.text)),
      ...notes.map((w) => el("li", {}, el("strong", { text: "提示：" }), w.text))];
    items.push(el("li", { text: "开放时间、预约和接待人数以各站电话确认为准；示意图仅示相对位置，不是地图。" }));
    return el("ul", { class: "dj-planner__sheetnotes dj-planner__printonly" }, ...items);
  }

  restore(hash) {
    let decoded;
    try {
      decoded = decode(hash, this.data.places.map((p) => p.id), this.data.area);
    } catch (e) {
      decoded = { state: { stops: [] }, problems: ["链接无法读取，已打开空白的规划。"] };
    }
    if (!decoded) return;
    const { state, problems } = decoded;
    if (state.start && !state.base) {
      this.form.start.value = "point";
    }
    this.applyState(state);
    this.arrangement = state.days ? state.days.map((d) => d.map((id) => this.byId.get(id))) : [this.stops.slice()];
    this.orderKind = "link";
    this.renderChosen();
    if (this.stops.length) this.reschedule();
    if (problems.length) this.message(problems.join(" "), "warn");
    else if (this.stops.length) this.message("已按分享链接恢复行程。");
    else this.message("链接中没有可用的站点，请重新选择。", "warn");
  }

  async share() {
    const link = this.q("[data-dj-link]");
    link.value = location.href;
    try {
      await navigator.clipboard.writeText(location.href);
      this.message("分享链接已复制。打开该链接即可看到同样的行程。");
    } catch (e) {
      link.focus();
      link.select();
      this.message("无法自动复制，请复制下方已选中的链接。", "warn");
    }
  }

  download(kind) {
    if (!this.result) return;
    const title = `研学行程 ${this.plan.date}`;
    const start = { ...(this.plan.start || this.data.start), name: this.plan.start ? this.plan.start.name : this.data.start.name };
    const placeUrl = (p) => new URL(this.base + p.url, location.href).href;
    const opts = { title, placeUrl };
    const files = {
      ics: () => [toIcs(this.result, this.data.places, { now: new Date(), host: location.host || "dangjian", pageUrl: location.href, title }),
        "text/calendar;charset=utf-8", "ics"],
      gpx: () => [toGpx(this.result, this.data.places, start, opts), "application/gpx+xml;charset=utf-8", "gpx"],
      kml: () => [toKml(this.result, this.data.places, start, opts), "application/vnd.google-earth.kml+xml;charset=utf-8", "kml"],
      geojson: () => [toGeoJson(this.result, this.data.places, start, opts), "application/geo+json;charset=utf-8", "geojson"],
      json: () => [toPlanJson(this.data, this.plan, this.result, { order: this.orderKind === "link" ? "manual" : this.orderKind,
        startName: start.name }), "application/json;charset=utf-8", "行程数据.json"],
    };
    const [text, type, ext] = files[kind]();
    const name = `研学行程-${this.plan.date}${kind === "json" ? "-" : "."}${ext}`;
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** Plans n stops (the first n places) the way the page does: the best arrangement over
 * their opening hours with a lunch window, then the schedule. Resolves to the median
 * milliseconds of 7 runs after a warm-up. Used by the benchmark script. */
async function bench(n = 12) {
  const root = document.querySelector("[data-dj-planner]");
  const data = await loadData(root.dataset.places);
  const stops = data.places.slice(0, n).map((_, i) => i);
  const plan = { stops, minutes: {}, date: "2025-06-10", time: 480, latest: 1080, group: 45,
    lunch: { from: 690, to: 780, minutes: 60 }, back: true, dayCount: 1, start: null };
  const once = () => {
    const t0 = performance.now();
    const found = bestArrangement(data, plan);
    buildSchedule(data, { ...plan, arrangement: found.days }, "2025-06-01");
    return performance.now() - t0;
  };
  once();
  const runs = Array.from({ length: 7 }, once).sort((a, b) => a - b);
  return runs[3];
}

async function setup(root) {
  if (root.dataset.djReady) return;
  root.dataset.djReady = "1";
  try {
    const data = await loadData(root.dataset.places);
    checkRules(data);
    const planner = new Planner(root, data);
    planner.start();
    current = planner;
  } catch (e) {
    const box = root.querySelector("[data-dj-message]");
    box.hidden = false;
    box.className = "dj-planner__message dj-planner__message--error";
    box.textContent = "规划数据未能加载，请检查网络后刷新页面。";
  }
}

let current = null;
// The page's one global: the benchmark's hook (bench/planner.py), which times the solver on
// this page's own data; nothing of the planner's state is reachable from it.
window.dangjianPlannerBench = bench;
// A share link pasted into the address bar of an open planner restores that plan.
window.addEventListener("hashchange", () => {
  if (current && current.root.isConnected) current.restore(location.hash);
});

function boot() {
  const root = document.querySelector("[data-dj-planner]");
  if (root) setup(root);
}

if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(boot);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
