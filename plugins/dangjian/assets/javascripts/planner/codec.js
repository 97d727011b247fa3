/* The whole plan in the page address (after #), compact and versioned:
 *   v1;s=id,id|id;d=2025-06-10;t=08:00;g=45;l=11:30-13:00+60;r=1;p=45.54194,131.86667;
 *   n=2;e=18:00;m=id:90,id:45;b=id;x=id;z=<check>
 * s: stops in visiting order, days separated by "|"; d: date (of the first day); t: daily
 * start time; g: group size; l: the window lunch starts in + its minutes (l=0 for none;
 * the older "l=11:30+60", lunch at 11:30, reads as the window 11:00-12:30+60); r=1: return
 * to the start at the end; p: a start coordinate (absent: the city centre); b: the place
 * whose position is the start (the overnight base); n: number of days (0: as many as
 * needed; absent: one); e: the latest time a day ends; m: visit minutes that differ from
 * the places' own (a route's); x: chosen stops the plan could not fit; z: a checksum of everything before it, so a truncated or
 * edited link is noticed. Links written before n, e, m and b existed read as before.
 * decode() never throws: it returns what it could recover and a message per problem.
 *
 * fromQuery() reads the documented address /planner/?stops=ID,ID&date=&start=&group=
 * (&days=, &return=1, &lunch=0, &minutes=, &latest=) the same way. */

export const VERSION = "v1";

/** FNV-1a 32-bit of text, base 36. */
export function checksum(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const pad = (n) => String(n).padStart(2, "0");
const hhmm = (m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

/** The hash text (without #) for a plan state; ids are the places' ids in order. */
export function encode(state) {
  const stops = state.days ? state.days.map((d) => d.join(",")).join("|") : state.stops.join(",");
  const parts = [VERSION, `s=${stops}`, `d=${state.date}`, `t=${hhmm(state.time)}`, `g=${state.group}`];
  const l = state.lunch;
  parts.push(!l || !l.minutes ? "l=0" : `l=${hhmm(l.from)}-${hhmm(l.to)}+${l.minutes}`);
  if (state.back) parts.push("r=1");
  if (state.base) parts.push(`b=${state.base}`);
  else if (state.start) parts.push(`p=${state.start.lat.toFixed(5)},${state.start.lon.toFixed(5)}`);
  if (state.dayCount != null && state.dayCount !== 1) parts.push(`n=${state.dayCount}`);
  if (state.latest != null) parts.push(`e=${state.latest >= 1440 ? "24:00" : hhmm(state.latest)}`);
  if (state.left && state.left.length) parts.push(`x=${state.left.join(",")}`);
  const minutes = Object.entries(state.minutes || {});
  if (minutes.length) parts.push(`m=${minutes.map(([id, n]) => `${id}:${n}`).join(",")}`);
  const text = parts.join(";");
  return `${text};z=${checksum(text)}`;
}

export function parseClock(value) {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value || "");
  return m ? +m[1] * 60 + +m[2] : null;
}

/** A latest time: "HH:MM" up to "24:00". */
function parseLatest(value) {
  return value === "24:00" ? 1440 : parseClock(value);
}

export function validDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * The plan in hash (with or without #). knownIds: the ids the planner knows; area: the box
 * a start coordinate must fall in ({south, west, north, east}), or null.
 * Returns null when there is no plan in the address, else {state, problems}: state has
 * only the fields that could be read (stops always, possibly empty).
 */
export function decode(hash, knownIds, area) {
  let text = String(hash || "");
  try {
    text = decodeURIComponent(text.replace(/^#/, ""));
  } catch (e) {
    text = text.replace(/^#/, "");
  }
  text = text.trim();
  if (!text) return null;
  const problems = [];
  const state = { stops: [] };
  const fields = text.split(";");
  if (fields[0] !== VERSION) {
    problems.push(/^v\d+$/.test(fields[0])
      ? `链接的版本（${fields[0]}）无法识别，已尽量读取其中的内容。`
      : "链接的格式无法识别，已尽量读取其中的内容。");
  }
  const zAt = text.lastIndexOf(";z=");
  if (zAt < 0) {
    problems.push("链接不完整（可能在复制时被截断），以下是能读出的部分，请核对。");
  } else if (checksum(text.slice(0, zAt)) !== text.slice(zAt + 3)) {
    problems.push("链接的内容与校验码不符（可能被修改或截断），以下是能读出的部分，请核对。");
  }
  const values = {};
  for (const field of fields.slice(fields[0] === VERSION ? 1 : 0)) {
    const eq = field.indexOf("=");
    if (eq > 0) values[field.slice(0, eq)] = field.slice(eq + 1);
  }
  if (values.s != null) {
    const known = new Set(knownIds);
    const unknown = [];
    const days = values.s.split("|").map((day) => {
      const ids = [];
      for (const id of day.split(",").filter(Boolean)) {
        if (!known.has(id)) unknown.push(id);
        else if (!state.stops.includes(id)) {
          state.stops.push(id);
          ids.push(id);
        }
      }
      return ids;
    });
    if (values.s.includes("|")) state.days = days;
    if (unknown.length) problems.push(`有 ${unknown.length} 个站点无法识别，已略去：${unknown.join("、")}。`);
  } else {
    problems.push("链接中没有站点。");
  }
  if (values.d != null) {
    if (validDate(values.d)) state.date = values.d;
    else problems.push(`日期“${values.d}”无法识别，请重新选择日期。`);
  }
  if (values.t != null) {
    const t = parseClock(values.t);
    if (t != null) state.time = t;
    else problems.push(`出发时间“${values.t}”无法识别，已使用默认时间。`);
  }
  if (values.g != null) {
    const g = /^\d{1,4}$/.test(values.g) ? +values.g : NaN;
    if (g >= 1 && g <= 2000) state.group = g;
    else problems.push(`团队人数“${values.g}”无法识别，已使用默认人数。`);
  }
  if (values.l != null) {
    const lunch = parseLunch(values.l);
    if (lunch !== undefined) state.lunch = lunch;
    else problems.push(`午餐安排“${values.l}”无法识别，已使用默认午餐时间。`);
  }
  if (values.r != null) state.back = values.r === "1";
  if (values.n != null) {
    const n = parseDays(values.n);
    if (n != null) state.dayCount = n;
    else problems.push(`天数“${values.n}”无法识别，已按一天安排。`);
  }
  if (values.e != null) {
    const e = parseLatest(values.e);
    if (e != null) state.latest = e;
    else problems.push(`最晚结束时间“${values.e}”无法识别，已使用默认时间。`);
  }
  if (values.m != null) {
    const minutes = {};
    for (const part of values.m.split(",").filter(Boolean)) {
      const m = /^([a-z0-9-]+):(\d{1,3})$/.exec(part);
      if (m && state.stops.includes(m[1]) && +m[2] >= 5 && +m[2] <= 600) minutes[m[1]] = +m[2];
      else problems.push(`参观时长“${part}”无法识别，已使用该站的建议时长。`);
    }
    state.minutes = minutes;
  }
  if (values.x != null) {
    for (const id of values.x.split(",").filter(Boolean)) {
      if (knownIds.includes(id) && !state.stops.includes(id)) state.stops.push(id);
    }
  }
  if (values.b != null) {
    if (knownIds.includes(values.b)) state.base = values.b;
    else problems.push(`住宿地“${values.b}”无法识别，已改为从市中心出发。`);
  }
  if (values.p != null) {
    const m = /^(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(values.p);
    const lat = m ? +m[1] : NaN, lon = m ? +m[2] : NaN;
    const inside = m && (!area || (lat >= area.south && lat <= area.north && lon >= area.west && lon <= area.east));
    if (inside) state.start = { lat, lon };
    else problems.push(`出发地坐标“${values.p}”无法识别或不在本市范围内，已改为从市中心出发。`);
  }
  return { state, problems };
}

/** Lunch from "11:30-13:00+60" (the window it starts in, and minutes), the older
 * "11:30+60" (at 11:30, from half an hour before), or "0" (none: null); undefined when unreadable. */
export function parseLunch(value) {
  if (value === "0") return null;
  let m = /^(\d\d:\d\d)-(\d\d:\d\d)\+(\d{1,3})$/.exec(value || "");
  if (m) {
    const from = parseClock(m[1]), to = parseClock(m[2]);
    if (from != null && to != null && to >= from && +m[3] >= 5 && +m[3] <= 180) return { from, to, minutes: +m[3] };
    return undefined;
  }
  m = /^(\d\d:\d\d)\+(\d{1,3})$/.exec(value || "");
  const at = m ? parseClock(m[1]) : null;
  if (at == null || +m[2] > 180) return undefined;
  if (+m[2] === 0) return null;
  return { from: Math.max(0, at - 30), to: Math.min(1439, at + 60), minutes: +m[2] };
}

/** Days from "1".."14", or "0" / "auto" (as many as needed: 0); null when unreadable. */
export function parseDays(value) {
  if (value === "auto" || value === "0") return 0;
  return /^\d{1,2}$/.test(value || "") && +value >= 1 && +value <= 14 ? +value : null;
}

/**
 * The documented planner address: ?stops=ID,ID,...&date=YYYY-MM-DD&start=HH:MM&group=N
 * with optional &days=N (or auto), &return=1, &lunch=0 (no lunch break; or a window such
 * as 11:30-13:00+60), &minutes=M,M,... (visit minutes per stop, in the order of stops) and
 * &latest=HH:MM. Returns null when the address names no stops, else {state, problems}:
 * state has what could be read, problems says in Chinese what was ignored.
 */
export function fromQuery(search, knownIds) {
  let params;
  try {
    params = new URLSearchParams(String(search || "").replace(/^\?/, ""));
  } catch (e) {
    return null;
  }
  if (!params.has("stops")) return null;
  const problems = [];
  const state = { stops: [] };
  const known = new Set(knownIds);
  const unknown = [];
  const positions = [];
  params.get("stops").split(",").map((id) => id.trim()).forEach((id, n) => {
    if (!id) return;
    if (!known.has(id)) unknown.push(id);
    else if (!state.stops.includes(id)) {
      state.stops.push(id);
      positions.push(n);
    }
  });
  if (unknown.length) problems.push(`有 ${unknown.length} 个站点无法识别，已略去：${unknown.join("、")}。`);
  const read = (name, parse, fail) => {
    if (!params.has(name)) return undefined;
    const value = params.get(name);
    const out = parse(value);
    if (out === undefined || out === null || Number.isNaN(out)) {
      problems.push(fail(value));
      return undefined;
    }
    return out;
  };
  const date = read("date", (v) => (validDate(v) ? v : null), (v) => `日期“${v}”无法识别，已忽略，请选择日期。`);
  if (date) state.date = date;
  const lenient = (v) => parseClock(/^\d:\d\d$/.test(v || "") ? `0${v}` : v);
  const time = read("start", lenient, (v) => `出发时间“${v}”无法识别，已使用默认时间。`);
  if (time != null) state.time = time;
  const group = read("group", (v) => (/^\d{1,4}$/.test(v) && +v >= 1 && +v <= 2000 ? +v : null),
    (v) => `团队人数“${v}”无法识别，已使用默认人数。`);
  if (group != null) state.group = group;
  const days = read("days", parseDays, (v) => `天数“${v}”无法识别，已按一天安排。`);
  if (days != null) state.dayCount = days;
  if (params.has("return")) {
    const v = params.get("return");
    if (v === "1" || v === "0") state.back = v === "1";
    else problems.push(`“return=${v}”无法识别，只能为 1 或 0，已忽略。`);
  }
  if (params.has("lunch")) {
    const lunch = parseLunch(params.get("lunch"));
    if (lunch !== undefined) state.lunch = lunch;
    else problems.push(`午餐安排“${params.get("lunch")}”无法识别，已使用默认午餐时间。`);
  }
  const latest = read("latest", parseLatest, (v) => `最晚结束时间“${v}”无法识别，已使用默认时间。`);
  if (latest != null) state.latest = latest;
  if (params.has("minutes")) {
    const list = params.get("minutes").split(",");
    const minutes = {};
    state.stops.forEach((id, n) => {
      const v = list[positions[n]];
      if (v == null || v === "") return;
      if (/^\d{1,3}$/.test(v.trim()) && +v >= 5 && +v <= 600) minutes[id] = +v;
      else problems.push(`参观时长“${v}”无法识别，已使用该站的建议时长。`);
    });
    state.minutes = minutes;
  }
  const knownParams = new Set(["stops", "date", "start", "group", "days", "return", "lunch", "minutes", "latest"]);
  const other = [...params.keys()].filter((k) => !knownParams.has(k));
  if (other.length) problems.push(`地址中的参数“${[...new Set(other)].join("、")}”无法识别，已忽略。`);
  if (!state.stops.length) problems.push("地址中没有可用的站点，请重新选择。");
  return { state, problems };
}
