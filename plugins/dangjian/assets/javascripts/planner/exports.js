/* Downloads of a plan, built in the browser from the plan and its schedule: iCalendar
 * (RFC 5545), GPX 1.1, KML 2.2, GeoJSON (RFC 7946) and the plan as data (JSON). Pure
 * functions of their arguments, no DOM. Coordinates are WGS-84, as every one of these
 * formats expects. */

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
 * The planned tour as geometry: the start, the visits in order (n counts across the days),
 * and per day its line: from the start through that day's stops, and back to the start
 * when the day ends there (every day of a multi-day plan but the last, the last when the
 * plan returns). schedule from buildSchedule; start = {name, lat, lon}.
 */
export function tourGeometry(schedule, places, start) {
  const stops = [];
  const days = schedule.days.map((day, d) => {
    const visits = day.items.filter((i) => i.type === "visit");
    const points = [start];
    for (const v of visits) {
      const p = places[v.index];
      stops.push({ n: stops.length + 1, day: d + 1, date: day.date, place: p, visit: v });
      points.push(p);
    }
    const last = day.items[day.items.length - 1];
    if (visits.length && last && last.type === "travel" && last.back) points.push(start);
    return { day: d + 1, date: day.date, points: visits.length ? points : [], totals: day.totals };
  });
  return { start, stops, days };
}

const dayName = (tour, day) => (tour.days.length > 1 ? `第 ${day.day} 天 ${day.date}` : day.date || "行程");
const stopName = (s) => `${s.n}. ${s.place.name}`;
const stopNote = (tour, s) => `${tour.days.length > 1 ? `第 ${s.day} 天，` : ""}${s.date} 到达 ${clock(s.visit.arrive)}，` +
  `参观 ${clock(s.visit.start)}–${clock(s.visit.end)}；${s.place.label}，${s.place.town}` + (s.place.addr ? `，${s.place.addr}` : "");
const fixed = (x) => Number(x).toFixed(6);

/**
 * GPX 1.1: a waypoint per stop in visiting order, a route per day (the start, the day's
 * stops, and the start again when the day ends there) and the same lines as one track, a
 * segment per day, for the apps that draw only tracks. start = {name, lat, lon};
 * opts: {title, placeUrl (place -> absolute address)}.
 */
export function toGpx(schedule, places, start, opts = {}) {
  const tour = tourGeometry(schedule, places, start);
  const title = opts.title || "研学行程";
  const pt = (tag, p, name, desc, url) =>
    `<${tag} lat="${fixed(p.lat)}" lon="${fixed(p.lon)}"><name>${xmlEscape(name)}</name>` +
    (desc ? `<desc>${xmlEscape(desc)}</desc>` : "") +
    (url ? `<link href="${xmlEscape(url)}"><text>${xmlEscape(p.name)}</text></link>` : "") + `</${tag}>`;
  const nameOf = (p) => (p === start ? start.name : stopName(tour.stops.find((s) => s.place === p)));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="dangjian 研学规划" xmlns="http://www.topografix.com/GPX/1/1">',
    `<metadata><name>${xmlEscape(title)}</name><desc>${xmlEscape("坐标为 WGS-84，多数为近似位置；路线为各站之间的直线，不是道路。")}</desc></metadata>`,
  ];
  for (const s of tour.stops) out.push(pt("wpt", s.place, stopName(s), stopNote(tour, s), opts.placeUrl && opts.placeUrl(s.place)));
  for (const day of tour.days.filter((d) => d.points.length)) {
    out.push(`<rte><name>${xmlEscape(dayName(tour, day))}</name>`);
    for (const p of day.points) out.push(pt("rtept", p, nameOf(p)));
    out.push("</rte>");
  }
  const segs = tour.days.filter((d) => d.points.length);
  if (segs.length) {
    out.push(`<trk><name>${xmlEscape(title)}</name>`);
    for (const day of segs) {
      out.push("<trkseg>", ...day.points.map((p) => `<trkpt lat="${fixed(p.lat)}" lon="${fixed(p.lon)}"></trkpt>`), "</trkseg>");
    }
    out.push("</trk>");
  }
  out.push("</gpx>");
  return out.join("\n") + "\n";
}

/**
 * KML 2.2: a folder of placemarks (the start and each stop, numbered in visiting order,
 * with its day, times and address) and a folder of lines, one LineString per day.
 */
export function toKml(schedule, places, start, opts = {}) {
  const tour = tourGeometry(schedule, places, start);
  const title = opts.title || "研学行程";
  const coord = (p) => `${fixed(p.lon)},${fixed(p.lat)}`;
  const mark = (name, desc, style, geometry) => `<Placemark><name>${xmlEscape(name)}</name>` +
    (desc ? `<description>${xmlEscape(desc)}</description>` : "") + `<styleUrl>#${style}</styleUrl>${geometry}</Placemark>`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    "<Document>",
    `<name>${xmlEscape(title)}</name>`,
    `<description>${xmlEscape("坐标为 WGS-84，多数为近似位置；路线为各站之间的直线，不是道路。")}</description>`,
    '<Style id="start"><IconStyle><color>ffa64e17</color></IconStyle></Style>',
    '<Style id="stop"><IconStyle><color>ff2828c6</color></IconStyle></Style>',
    '<Style id="leg"><LineStyle><color>ff2828c6</color><width>3</width></LineStyle></Style>',
    "<Folder><name>出发地和站点</name>",
    mark(start.name, "出发地", "start", `<Point><coordinates>${coord(start)}</coordinates></Point>`),
  ];
  for (const s of tour.stops) {
    const url = opts.placeUrl ? `\n${opts.placeUrl(s.place)}` : "";
    out.push(mark(stopName(s), stopNote(tour, s) + url, "stop", `<Point><coordinates>${coord(s.place)}</coordinates></Point>`));
  }
  out.push("</Folder>", "<Folder><name>行车顺序</name>");
  for (const day of tour.days.filter((d) => d.points.length > 1)) {
    out.push(mark(dayName(tour, day), `行车约 ${(day.totals.km10 / 10).toFixed(1)} 公里`, "leg",
      `<LineString><tessellate>1</tessellate><coordinates>${day.points.map(coord).join(" ")}</coordinates></LineString>`));
  }
  out.push("</Folder>", "</Document>", "</kml>");
  return out.join("\n") + "\n";
}

/**
 * GeoJSON (RFC 7946): a FeatureCollection of the start (a Point, role "start"), each stop
 * (a Point, role "stop", with its number, id, day, date, arrive, start and leave as HH:MM)
 * and each day's line (a LineString, role "day"). Positions are [longitude, latitude].
 */
export function toGeoJson(schedule, places, start, opts = {}) {
  const tour = tourGeometry(schedule, places, start);
  const pos = (p) => [+fixed(p.lon), +fixed(p.lat)];
  const feature = (geometry, properties) => ({ type: "Feature", geometry, properties });
  const features = [feature({ type: "Point", coordinates: pos(start) }, { role: "start", name: start.name })];
  for (const s of tour.stops) {
    features.push(feature({ type: "Point", coordinates: pos(s.place) }, {
      role: "stop", n: s.n, id: s.place.id, name: s.place.name, label: s.place.label, town: s.place.town,
      day: s.day, date: s.date, arrive: clock(s.visit.arrive), start: clock(s.visit.start), leave: clock(s.visit.end),
      ...(opts.placeUrl ? { url: opts.placeUrl(s.place) } : {}),
    }));
  }
  for (const day of tour.days.filter((d) => d.points.length > 1)) {
    features.push(feature({ type: "LineString", coordinates: day.points.map(pos) }, {
      role: "day", day: day.day, date: day.date, name: dayName(tour, day), km: day.totals.km10 / 10,
      travelMinutes: day.totals.travelMin,
    }));
  }
  return JSON.stringify({ type: "FeatureCollection", name: opts.title || "研学行程", features }, null, 1) + "\n";
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
