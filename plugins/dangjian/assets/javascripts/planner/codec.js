/* The whole plan in the page address (after #), compact and versioned:
 *   v1;s=id,id,id;d=2025-06-10;t=08:00;g=45;l=11:30+60;r=1;p=45.54194,131.86667;z=<check>
 * s: stops in visiting order; d: date; t: start time; g: group size; l: lunch time + minutes
 * (l=0 for none); r=1: return to the start; p: a start coordinate (absent: the city centre);
 * z: a checksum of everything before it, so a truncated or edited link is noticed.
 * decode() never throws: it returns what it could recover and a message per problem. */

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
  const parts = [VERSION, `s=${state.stops.join(",")}`, `d=${state.date}`, `t=${hhmm(state.time)}`, `g=${state.group}`];
  parts.push(state.lunchAt == null || !state.lunchMin ? "l=0" : `l=${hhmm(state.lunchAt)}+${state.lunchMin}`);
  if (state.back) parts.push("r=1");
  if (state.start) parts.push(`p=${state.start.lat.toFixed(5)},${state.start.lon.toFixed(5)}`);
  const text = parts.join(";");
  return `${text};z=${checksum(text)}`;
}

function parseClock(value) {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value || "");
  return m ? +m[1] * 60 + +m[2] : null;
}

function validDate(value) {
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
    for (const id of values.s.split(",").filter(Boolean)) {
      if (!known.has(id)) unknown.push(id);
      else if (!state.stops.includes(id)) state.stops.push(id);
    }
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
    const m = /^(\d\d:\d\d)\+(\d{1,3})$/.exec(values.l);
    if (values.l === "0") {
      state.lunchAt = null;
      state.lunchMin = 0;
    } else if (m && parseClock(m[1]) != null && +m[2] <= 180) {
      state.lunchAt = parseClock(m[1]);
      state.lunchMin = +m[2];
    } else {
      problems.push(`午餐安排“${values.l}”无法识别，已使用默认午餐时间。`);
    }
  }
  if (values.r != null) state.back = values.r === "1";
  if (values.p != null) {
    const m = /^(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(values.p);
    const lat = m ? +m[1] : NaN, lon = m ? +m[2] : NaN;
    const inside = m && (!area || (lat >= area.south && lat <= area.north && lon >= area.west && lon <= area.east));
    if (inside) state.start = { lat, lon };
    else problems.push(`出发地坐标“${values.p}”无法识别或不在本市范围内，已改为从市中心出发。`);
  }
  return { state, problems };
}
