/* Downloads of a plan, built in the browser: iCalendar (RFC 5545) and GPX 1.1. No DOM. */

import { clock } from "./schedule.js";

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
