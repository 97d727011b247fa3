/* Downloads of a plan, built in the browser: iCalendar (RFC 5545), GPX 1.1 and the plan's
 * travel matrix as JSON. No DOM. */

import { clock } from "./schedule.js";
import { planMatrix } from "./travel.js";

export const TZID = "Asia/Shanghai";
const CRLF = "\r\n";

/** Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icsEscape(text) {
  return String(text)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Fold a content line at 75 octets (UTF-8), never inside a character (RFC 5545 3.1). */
export function icsFold(line) {
  const encoder = new TextEncoder();
  const out = [];
  let current = "", size = 0, limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      out.push(current);
      current = " ";
      size = 1;
      limit = 75;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join(CRLF);
}

const compactDate = (iso) => iso.replace(/-/g, "");
const localStamp = (iso, minutes) => `${compactDate(iso)}T${clock(minutes).replace(":", "")}00`;

/** UTC "20250610T013000Z" for a Date. */
export function utcStamp(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The .ics text: one VEVENT per stop. plan has date (ISO); schedule from buildSchedule;
 * places: data.places; opts: {now (Date), host (for UIDs), pageUrl, warnings by place id}.
 */
export function toIcs(plan, schedule, places, opts) {
  const now = utcStamp(opts.now);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//dangjian//研学规划//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsEscape(opts.title || "研学行程")}`,
    `X-WR-TIMEZONE:${TZID}`,
    "BEGIN:VTIMEZONE",
    `TZID:${TZID}`,
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
  ];
  const visits = schedule.items.filter((i) => i.type === "visit");
  visits.forEach((visit, n) => {
    const place = places[visit.index];
    const where = place.addr ? `${place.name}，${place.addr}` : place.name;
    const notes = [`第 ${n + 1} 站：${place.name}（${place.label}）`,
      `到达 ${clock(visit.arrive)}，参观 ${clock(visit.start)}–${clock(visit.end)}`];
    if (place.courses) notes.push("课程：" + place.courses.map(([t, m]) => `${t}（${m} 分钟）`).join("、"));
    for (const w of (opts.warnings || []).filter((x) => x.place === place.id)) notes.push("注意：" + w.text);
    if (place.sf && place.sf.length) notes.push("部分信息为示例数据，尚未核实。");
    if (opts.pageUrl) notes.push(opts.pageUrl);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${compactDate(plan.date)}-${n + 1}-${place.id}@${opts.host || "dangjian"}`,
      `DTSTAMP:${now}`,
      `DTSTART;TZID=${TZID}:${localStamp(plan.date, visit.start)}`,
      `DTEND;TZID=${TZID}:${localStamp(plan.date, visit.end)}`,
      `SUMMARY:${icsEscape(`研学：${place.name}`)}`,
      `LOCATION:${icsEscape(where)}`,
      `GEO:${place.lat.toFixed(5)};${place.lon.toFixed(5)}`,
      `DESCRIPTION:${icsEscape(notes.join("\n"))}`,
      "END:VEVENT",
    );
  });
  lines.push("END:VCALENDAR");
  return lines.map(icsFold).join(CRLF) + CRLF;
}

/** Escape text for XML content and attributes. */
export function xmlEscape(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * GPX 1.1: a waypoint per stop and a route through the start, the stops in order and,
 * when the plan returns, the start again. start = {name, lat, lon}.
 */
export function toGpx(plan, places, start, opts) {
  const stops = plan.stops.map((i) => places[i]);
  const pt = (tag, p, name, desc) =>
    `<${tag} lat="${p.lat.toFixed(6)}" lon="${p.lon.toFixed(6)}"><name>${xmlEscape(name)}</name>` +
    (desc ? `<desc>${xmlEscape(desc)}</desc>` : "") + `</${tag}>`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="dangjian 研学规划" xmlns="http://www.topografix.com/GPX/1/1">',
    `<metadata><name>${xmlEscape(opts.title || "研学行程")}</name><desc>${xmlEscape(`${plan.date} 出发，坐标为 WGS-84，多数为近似位置。`)}</desc></metadata>`,
  ];
  stops.forEach((p, n) => out.push(pt("wpt", p, `${n + 1}. ${p.name}`, p.addr || p.label)));
  out.push(`<rte><name>${xmlEscape(opts.title || "研学行程")}</name>`);
  out.push(pt("rtept", start, start.name));
  stops.forEach((p, n) => out.push(pt("rtept", p, `${n + 1}. ${p.name}`)));
  if (plan.back) out.push(pt("rtept", start, start.name));
  out.push("</rte>", "</gpx>");
  return out.join("\n") + "\n";
}

export const MATRIX_FORMAT = "dangjian-planner-matrix";
export const START_ID = "@start"; // never a place id (ids are lowercase letters, digits, hyphens)

/**
 * The travel matrix of a plan, for a coordinator (or a checker) to verify the order:
 * row and column 0 are the start, then the stops in the plan's order; minutes and km
 * (to one decimal) from ids[i] to ids[j], exactly the numbers the planner ordered with.
 * opts: {startName, orderKind ("exact" | "heuristic" | "manual" | "link" | null)}.
 */
export function toMatrixJson(data, plan, opts = {}) {
  const m = planMatrix(data, plan.stops, plan.start);
  const stops = plan.stops.map((i) => data.places[i]);
  const from = plan.start || data.start;
  const n = stops.length;
  let minutes = 0, km10 = 0;
  for (let k = 0; k < n; k++) {
    minutes += m.min[k][k + 1];
    km10 += m.km10[k][k + 1];
  }
  if (plan.back && n) {
    minutes += m.min[n][0];
    km10 += m.km10[n][0];
  }
  const a = data.assume;
  const doc = {
    format: MATRIX_FORMAT,
    v: 1,
    note: "行车时间（分钟）与路程（公里）矩阵：minutes[i][j]、km[i][j] 为从 ids[i] 到 ids[j]；第 0 行为出发地，其后为按当前顺序排列的站点。" +
      "规划以行车总时间最短为目标，相同时取总里程较短者。",
    ids: [START_ID, ...stops.map((p) => p.id)],
    names: [opts.startName || (plan.start ? "出发地" : data.start.name), ...stops.map((p) => p.name)],
    points: [[from.lat, from.lon], ...stops.map((p) => [p.lat, p.lon])],
    back: Boolean(plan.back),
    orderKind: opts.orderKind || null, // exact | heuristic | manual | link
    assume: { roadFactor: a.roadFactor, speedKmh: a.speedKmh, radiusKm: a.radiusKm, round: a.round,
      kmStep: a.kmStep, minMinutes: a.minMinutes },
    minutes: m.min,
    km: m.km10.map((row) => row.map((v) => v / 10)),
    road: m.road,
    totals: { minutes, km: km10 / 10 },
  };
  return JSON.stringify(doc, null, 1).replace(/\[\n\s*([^\[\]{}]*?)\n\s*\]/g, (_, inner) => `[${inner.replace(/\s*\n\s*/g, " ")}]`) + "\n";
}
