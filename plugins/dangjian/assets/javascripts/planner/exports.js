/* Downloads of a plan, built in the browser: iCalendar (RFC 5545), GPX 1.1 and the plan's
 * travel matrix as JSON. No DOM. */

import { addDays, clock } from "./schedule.js";
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
/** A local date-time "20250610T083000"; a minute count of a day or more rolls over to the next date. */
export function localStamp(iso, minutes) {
  const m = Math.max(0, Math.round(minutes));
  const date = m >= 1440 ? addDays(iso, Math.floor(m / 1440)) : iso;
  const r = m % 1440;
  return `${compactDate(date)}T${String(Math.floor(r / 60)).padStart(2, "0")}${String(r % 60).padStart(2, "0")}00`;
}

/** UTC "20250610T013000Z" for a Date. */
export function utcStamp(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The .ics text: one VEVENT per visit, on its day's date. schedule from buildSchedule;
 * places: data.places; opts: {now (Date), host (for UIDs), pageUrl, title}.
 */
export function toIcs(schedule, places, opts) {
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
  const problems = new Map();
  for (const w of schedule.warnings || []) {
    if (w.level !== "problem") continue;
    for (const id of w.places) problems.set(id, [...(problems.get(id) || []), w.text]);
  }
  let n = 0;
  for (const day of schedule.days) {
    if (!day.date) continue;
    for (const visit of day.items.filter((i) => i.type === "visit")) {
      n++;
      const place = places[visit.index];
      const where = place.addr ? `${place.name}，${place.addr}` : place.name;
      const notes = [`第 ${n} 站：${place.name}（${place.label}）`,
        `到达 ${clock(visit.arrive)}，参观 ${clock(visit.start)}–${clock(visit.end)}`];
      if (place.courses) notes.push("课程：" + place.courses.map(([t, m]) => `${t}（${m} 分钟）`).join("、"));
      for (const text of problems.get(place.id) || []) notes.push("问题：" + text);
      if (place.sf && place.sf.length) notes.push("部分信息为示例数据，尚未核实。");
      if (opts.pageUrl) notes.push(opts.pageUrl);
      lines.push(
        "BEGIN:VEVENT",
        `UID:${compactDate(day.date)}-${n}-${place.id}@${opts.host || "dangjian"}`,
        `DTSTAMP:${now}`,
        `DTSTART;TZID=${TZID}:${localStamp(day.date, visit.start)}`,
        `DTEND;TZID=${TZID}:${localStamp(day.date, visit.end)}`,
        `SUMMARY:${icsEscape(`研学：${place.name}`)}`,
        `LOCATION:${icsEscape(where)}`,
        `GEO:${place.lat.toFixed(5)};${place.lon.toFixed(5)}`,
        `DESCRIPTION:${icsEscape(notes.join("\n"))}`,
        "END:VEVENT",
      );
    }
  }
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
  const stops = (opts.order || plan.stops).map((i) => places[i]);
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

export const PLAN_FORMAT = "dangjian-planner-plan";
export const START_ID = "@start"; // never a place id (ids are lowercase letters, digits, hyphens)

/**
 * The plan as data (行程数据), for a coordinator or a checker: order ("exact",
 * "heuristic", or "manual" after a change by hand), days (each with date and stops: id,
 * arrive and leave as HH:MM, wait in minutes, open: the opening intervals used for that
 * date, [] closed, null not known), travel (ids: the start then the stops; minutes: the
 * square matrix of travel minutes used), problems and notes (texts), and what the plan
 * was made from. opts: {order, startName, now}.
 */
export function toPlanJson(data, plan, schedule, opts = {}) {
  const m = planMatrix(data, plan.stops, plan.start);
  const visited = schedule.days.flatMap((d) => d.items.filter((i) => i.type === "visit").map((i) => i.index));
  const rest = plan.stops.filter((i) => !visited.includes(i));
  const ids = [...visited, ...rest];
  const row = [0, ...ids.map((i) => plan.stops.indexOf(i) + 1)];
  const hhmm = (x) => clock(x);
  const from = plan.start || data.start;
  const doc = {
    format: PLAN_FORMAT,
    v: 1,
    order: opts.order || "manual",
    start: { name: opts.startName || (plan.start ? "出发地" : data.start.name), lat: from.lat, lon: from.lon,
      time: hhmm(plan.time) },
    group: plan.group,
    back: Boolean(plan.back),
    lunch: plan.lunch ? { from: hhmm(plan.lunch.from), to: hhmm(plan.lunch.to), minutes: plan.lunch.minutes } : null,
    latest: plan.latest == null ? null : plan.latest >= 1440 ? "24:00" : hhmm(plan.latest),
    days: schedule.days.map((day) => ({
      date: day.date,
      end: day.items.length ? (day.totals.end >= 1440 ? "24:00" : hhmm(day.totals.end)) : null,
      stops: day.items.filter((i) => i.type === "visit").map((v) => ({
        id: v.place, arrive: hhmm(v.arrive), start: hhmm(v.start), leave: hhmm(v.end), wait: v.wait,
        open: v.open == null ? null : v.open.map(([a, b]) => [hhmm(a), b >= 1440 ? "24:00" : hhmm(b)]),
      })),
    })),
    unplaced: schedule.unplaced.map((u) => data.places[u.index].id),
    travel: {
      ids: [START_ID, ...ids.map((i) => data.places[i].id)],
      minutes: row.map((a) => row.map((b) => m.min[a][b])),
      km: row.map((a) => row.map((b) => m.km10[a][b] / 10)),
    },
    problems: schedule.warnings.filter((w) => w.level === "problem").map((w) => w.text),
    notes: schedule.warnings.filter((w) => w.level === "note").map((w) => w.text),
  };
  return JSON.stringify(doc, null, 1).replace(/\[\n\s*([^\[\]{}]*?)\n\s*\]/g, (_, inner) => `[${inner.replace(/\s*\n\s*/g, " ")}]`) + "\n";
}
