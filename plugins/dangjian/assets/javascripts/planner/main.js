/* The planner page (研学规划): wires the form, the stop list, the plan and its downloads.
 * Starts through Material's document$ so it survives instant navigation; the places JSON
 * is loaded once, and nothing else is requested afterwards (works offline once loaded). */

import { decode, encode } from "./codec.js";
import { toGpx, toIcs, toMatrixJson } from "./exports.js";
import { buildSchedule, clock, duration, isSample } from "./schedule.js";
import { sketchElement } from "./sketch.js";
import { bestOrder, EXACT_LIMIT } from "./tour.js";
import { checkRules } from "./travel.js";

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

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const parseClock = (v) => {
  const m = /^(\d\d):(\d\d)/.exec(v || "");
  return m ? +m[1] * 60 + +m[2] : null;
};

class Planner {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.base = root.dataset.base || "";
    this.q = (sel) => root.querySelector(sel);
    this.form = this.q("[data-dj-form]");
    this.byId = new Map(data.places.map((p, i) => [p.id, i]));
    this.stops = [];
    this.orderKind = null; // "exact" | "heuristic" | "manual" | "link"
    this.result = null;
  }

  start() {
    this.fillFilters();
    this.renderPlaces();
    this.form.date.value = todayIso();
    this.form.addEventListener("input", (e) => this.onInput(e));
    this.form.addEventListener("change", (e) => this.onInput(e));
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.q("[data-dj-plan]").addEventListener("click", () => this.optimise());
    this.q("[data-dj-clear]").addEventListener("click", () => this.clear());
    this.q("[data-dj-share]").addEventListener("click", () => this.share());
    this.q("[data-dj-print]").addEventListener("click", () => window.print());
    this.q("[data-dj-ics]").addEventListener("click", () => this.download("ics"));
    this.q("[data-dj-gpx]").addEventListener("click", () => this.download("gpx"));
    this.q("[data-dj-matrix]").addEventListener("click", () => this.download("json"));
    this.restore(location.hash);
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
      return el("li", { "data-kind": p.label, "data-town": p.town, "data-name": p.name },
        el("label", {}, box, ` ${p.name} `, el("span", { class: "dj-muted", text: `${p.label} · ${p.town} · 约 ${p.min} 分钟` }), ...badges));
    }));
    this.filter();
  }

  filter() {
    const kind = this.form.kind.value, town = this.form.town.value, q = this.form.q.value.trim();
    let shown = 0;
    for (const li of this.q("[data-dj-places]").children) {
      const ok = (!kind || li.dataset.kind === kind) && (!town || li.dataset.town === town) &&
        (!q || li.dataset.name.includes(q) || li.dataset.town.includes(q));
      li.hidden = !ok;
      shown += ok;
    }
    this.q("[data-dj-count]").textContent = `列表中显示 ${shown} 处，已选 ${this.stops.length} 处。`;
  }

  syncChecks() {
    const chosen = new Set(this.stops);
    for (const box of this.root.querySelectorAll("[data-dj-pick]")) box.checked = chosen.has(+box.value);
  }

  onInput(e) {
    const t = e.target;
    if (t.matches("[data-dj-pick]")) {
      if (e.type !== "change") return;
      const i = +t.value;
      this.stops = t.checked ? [...this.stops, i] : this.stops.filter((s) => s !== i);
      this.orderKind = null;
      this.hideResult();
      this.renderChosen();
    } else if (t.matches("[data-dj-kind], [data-dj-town], [data-dj-q]")) {
      this.filter();
    } else if (t.matches("[data-dj-route]")) {
      if (e.type !== "change" || !t.value) return;
      const route = this.data.routes.find((r) => r.id === t.value);
      this.stops = route.stops.slice();
      this.orderKind = null;
      this.renderChosen();
      this.optimise();
    } else if (this.result && e.type === "change") {
      this.reschedule();
    }
  }

  renderChosen(focus) {
    const list = this.q("[data-dj-chosen]");
    this.q("[data-dj-chosen-empty]").hidden = this.stops.length > 0;
    list.replaceChildren(...this.stops.map((i, n) => {
      const p = this.data.places[i];
      const up = el("button", { type: "button", class: "dj-planner__move", "data-move": "-1", "data-at": n,
        "aria-label": `将“${p.name}”上移`, disabled: n === 0, text: "↑ 上移" });
      const down = el("button", { type: "button", class: "dj-planner__move", "data-move": "1", "data-at": n,
        "aria-label": `将“${p.name}”下移`, disabled: n === this.stops.length - 1, text: "↓ 下移" });
      const remove = el("button", { type: "button", class: "dj-planner__move", "data-remove": n,
        "aria-label": `移除“${p.name}”`, text: "移除" });
      for (const b of [up, down]) b.addEventListener("click", () => this.move(n, +b.dataset.move));
      remove.addEventListener("click", () => this.remove(n));
      return el("li", { "data-id": p.id }, el("span", { text: `${p.name}（${p.label}）` }), " ", up, down, remove);
    }));
    this.syncChecks();
    this.filter();
    if (focus) {
      const target = list.querySelector(`[data-at="${focus.at}"][data-move="${focus.dir}"]`) ||
        list.querySelector(`[data-at="${focus.at}"][data-move]:not([disabled])`);
      if (target) target.focus();
    }
  }

  move(n, dir) {
    const to = n + dir;
    if (to < 0 || to >= this.stops.length) return;
    [this.stops[n], this.stops[to]] = [this.stops[to], this.stops[n]];
    this.orderKind = "manual";
    this.renderChosen({ at: to, dir });
    if (this.result) this.reschedule();
    this.message(`已将“${this.data.places[this.stops[to]].name}”移到第 ${to + 1} 站，日程已更新。`);
  }

  remove(n) {
    this.stops.splice(n, 1);
    this.renderChosen();
    if (this.result && this.stops.length) this.reschedule();
    else this.hideResult();
  }

  clear() {
    this.stops = [];
    this.form.route.value = "";
    this.renderChosen();
    this.hideResult();
    history.replaceState(null, "", location.pathname + location.search);
  }

  settings() {
    const f = this.form;
    const lunchAt = parseClock(f.lunch.value);
    const lunchMin = Math.max(0, Math.min(180, Math.round(+f.lunchMin.value || 0)));
    let start = null;
    if (f.start.value === "point") {
      const lat = parseFloat(f.lat.value), lon = parseFloat(f.lon.value);
      const a = this.data.area;
      if (Number.isFinite(lat) && Number.isFinite(lon) && lat >= a.south && lat <= a.north && lon >= a.west && lon <= a.east) {
        start = { lat, lon, name: `出发地（${lat.toFixed(4)}，${lon.toFixed(4)}）` };
      } else {
        this.message("出发地坐标无效或不在本市范围内，已改为从市中心出发。", "warn");
      }
    }
    const group = Math.round(+f.group.value);
    return {
      stops: this.stops.slice(),
      date: f.date.value,
      time: parseClock(f.time.value) ?? 8 * 60,
      group: group >= 1 ? group : 1,
      lunchAt: lunchMin ? lunchAt : null,
      lunchMin: lunchAt == null ? 0 : lunchMin,
      back: f.back.checked,
      start,
    };
  }

  optimise() {
    if (!this.stops.length) {
      this.message("请先选择至少一个站点。", "warn");
      return;
    }
    const s = this.settings();
    const found = bestOrder(this.data, s.stops, s.start, s.back);
    this.stops = found.order;
    this.orderKind = found.exact ? "exact" : "heuristic";
    this.renderChosen();
    this.reschedule();
    this.message(found.exact ? "已按行车时间最短排出参观顺序（精确最优）。"
      : `站点超过 ${EXACT_LIMIT} 个，参观顺序为近似最优（启发式），可手动调整。`);
  }

  reschedule() {
    const s = this.settings();
    s.stops = this.stops.slice();
    this.plan = s;
    this.result = buildSchedule(this.data, s, todayIso());
    this.renderResult();
    const hash = encode({ ...s, stops: s.stops.map((i) => this.data.places[i].id) });
    history.replaceState(history.state, "", `${location.pathname}${location.search}#${hash}`);
    this.q("[data-dj-link]").value = location.href;
  }

  hideResult() {
    this.result = null;
    this.q("[data-dj-result]").hidden = true;
  }

  renderResult() {
    const { items, warnings, totals } = this.result;
    const places = this.data.places;
    this.q("[data-dj-result]").hidden = false;
    const kind = { exact: "精确最优顺序", heuristic: "近似最优顺序（启发式）", manual: "手动调整的顺序", link: "分享链接中的顺序" }[this.orderKind] || "当前顺序";
    this.q("[data-dj-summary]").textContent =
      `共 ${this.plan.stops.length} 站（${kind}），${this.plan.date || "日期未定"} ${clock(totals.start)} 出发，约 ${clock(totals.end)} 结束；` +
      `行车约 ${(totals.km10 / 10).toFixed(1)} 公里、${duration(totals.travelMin)}，参观 ${duration(totals.visitMin)}` +
      (totals.waitMin ? `，等候 ${duration(totals.waitMin)}` : "") + (totals.lunchMin ? `，午餐 ${duration(totals.lunchMin)}` : "") + "。";
    const box = this.q("[data-dj-warnings]");
    const levels = { error: "问题", warn: "注意", info: "提示" };
    box.replaceChildren(...(warnings.length ? [el("h3", { text: `需要注意（${warnings.length}）` }),
      el("ul", {}, ...warnings.map((w) => el("li", { class: `dj-planner__warning dj-planner__warning--${w.level}`,
        "data-code": w.code, "data-place": w.place },
      el("strong", { text: `${levels[w.level]}：` }), w.text)))] : []));
    const start = this.plan.start || this.data.start;
    const points = [{ lat: start.lat, lon: start.lon, label: this.plan.start ? "出发地" : this.data.start.name },
      ...this.plan.stops.map((i) => ({ lat: places[i].lat, lon: places[i].lon, label: places[i].name }))];
    this.q("[data-dj-map]").replaceChildren(sketchElement(document, points, this.plan.back),
      el("figcaption", { text: "行程示意图：方块为出发地，数字为参观顺序。" }));
    const rows = [];
    let n = 0;
    for (const item of items) {
      if (item.type === "travel") {
        rows.push(el("tr", { class: "dj-planner__leg" }, el("td", { text: `${clock(item.depart)}–${clock(item.arrive)}` }),
          el("td", { text: `乘车：${item.from} → ${item.to}，约 ${(item.km10 / 10).toFixed(1)} 公里，${duration(item.minutes)}` }),
          el("td", { class: "dj-planner__noprint" })));
      } else if (item.type === "lunch") {
        const prev = [...items].slice(0, items.indexOf(item)).reverse().find((x) => x.type === "visit");
        const hint = prev && places[prev.index].lunch ? `（${places[prev.index].lunch.replace(/[。.]$/, "")}）` : "";
        rows.push(el("tr", { class: "dj-planner__lunch" }, el("td", { text: `${clock(item.start)}–${clock(item.end)}` }),
          el("td", { text: `午餐${hint}` }), el("td", { class: "dj-planner__noprint" })));
      } else {
        const at = n++;
        const p = places[item.index];
        const cell = el("td", {}, el("strong", { text: `第 ${at + 1} 站 ` }),
          el("a", { href: this.base + p.url, text: p.name }), ` （${p.label}，${p.town}）`);
        if (p.sf) cell.append(el("span", { class: "dj-badge dj-badge--sample", text: "示例" }));
        const detail = [`到达 ${clock(item.arrive)}`];
        if (item.wait) detail.push(`等候开放 ${duration(item.wait)}`);
        detail.push(`参观 ${duration(item.minutes)}${isSample(p, "visit_minutes") ? "（示例时长）" : ""}`);
        if (p.courses) detail.push(`可选课程：${p.courses.map(([t, m]) => `${t}（${m} 分钟）`).join("、")}`);
        cell.append(el("br"), el("span", { class: "dj-muted", text: detail.join("；") }));
        const up = el("button", { type: "button", class: "dj-planner__move", "aria-label": `将“${p.name}”上移`, disabled: at === 0, text: "↑" });
        const down = el("button", { type: "button", class: "dj-planner__move", "aria-label": `将“${p.name}”下移`, disabled: at === this.plan.stops.length - 1, text: "↓" });
        up.addEventListener("click", () => this.move(at, -1));
        down.addEventListener("click", () => this.move(at, 1));
        rows.push(el("tr", { class: "dj-planner__stop", "data-id": p.id },
          el("td", { text: `${clock(item.start)}–${clock(item.end)}` }), cell, el("td", { class: "dj-planner__noprint" }, up, down)));
      }
    }
    this.q("[data-dj-schedule]").replaceChildren(...rows);
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
    const f = this.form;
    const pad = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    if (state.date) f.date.value = state.date;
    if (state.time != null) f.time.value = pad(state.time);
    if (state.group != null) f.group.value = String(state.group);
    if (state.lunchMin === 0) f.lunchMin.value = "0";
    else if (state.lunchAt != null) {
      f.lunch.value = pad(state.lunchAt);
      f.lunchMin.value = String(state.lunchMin);
    }
    if (state.back != null) f.back.checked = state.back;
    if (state.start) {
      f.start.value = "point";
      f.lat.value = state.start.lat.toFixed(5);
      f.lon.value = state.start.lon.toFixed(5);
    }
    this.stops = state.stops.map((id) => this.byId.get(id));
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
    const start = this.plan.start || this.data.start;
    const startName = this.plan.start ? this.plan.start.name : this.data.start.name;
    let text, type, name = `研学行程-${this.plan.date}.${kind}`;
    if (kind === "ics") {
      text = toIcs(this.plan, this.result, this.data.places, { now: new Date(), host: location.host || "dangjian",
        pageUrl: location.href, warnings: this.result.warnings, title });
      type = "text/calendar;charset=utf-8";
    } else if (kind === "gpx") {
      text = toGpx(this.plan, this.data.places, { ...start, name: this.plan.start ? "出发地" : this.data.start.name }, { title });
      type = "application/gpx+xml;charset=utf-8";
    } else {
      text = toMatrixJson(this.data, this.plan, { startName, orderKind: this.orderKind });
      type = "application/json;charset=utf-8";
      name = `研学行程-${this.plan.date}-距离矩阵.json`;
    }
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** Plans n stops (the first n places) the way the page does: order and schedule. Resolves
 * to the median milliseconds of 7 runs after a warm-up. Used by the benchmark script. */
async function bench(n = 12) {
  const root = document.querySelector("[data-dj-planner]");
  const data = await loadData(root.dataset.places);
  const stops = data.places.slice(0, n).map((_, i) => i);
  const once = () => {
    const t0 = performance.now();
    const found = bestOrder(data, stops, null, false);
    buildSchedule(data, { stops: found.order, date: "2025-06-10", time: 480, group: 45, lunchAt: 690, lunchMin: 60,
      back: false, start: null }, "2025-06-01");
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
    window.djPlanner = { planner, data, bench };
  } catch (e) {
    const box = root.querySelector("[data-dj-message]");
    box.hidden = false;
    box.className = "dj-planner__message dj-planner__message--error";
    box.textContent = "规划数据未能加载，请检查网络后刷新页面。";
  }
}

let current = null;
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
