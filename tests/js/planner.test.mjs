// The planner's algorithm, schedule, share links and downloads, without a browser.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { checksum, decode, encode } from "../../plugins/dangjian/assets/javascripts/planner/codec.js";
import { icsEscape, icsFold, START_ID, toGpx, toIcs, toMatrixJson } from "../../plugins/dangjian/assets/javascripts/planner/exports.js";
import { buildSchedule, fitVisit, weekdayOf } from "../../plugins/dangjian/assets/javascripts/planner/schedule.js";
import { sketchSvg } from "../../plugins/dangjian/assets/javascripts/planner/sketch.js";
import {
  bestOrder, bruteForce, costMatrix, EXACT_LIMIT, heldKarp, heuristic, pathCost,
} from "../../plugins/dangjian/assets/javascripts/planner/tour.js";
import {
  buildMatrix, checkRules, EARTH_RADIUS_KM, estimateMinutes, planMatrix, roundHalfEven,
} from "../../plugins/dangjian/assets/javascripts/planner/travel.js";

// A small deterministic random generator, so a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomCost(k, rand, symmetric = true) {
  const n = k + 1;
  const min = [...Array(n)].map(() => Array(n).fill(0));
  const km10 = [...Array(n)].map(() => Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = symmetric ? i + 1 : 0; j < n; j++) {
      if (i === j) continue;
      const m = 1 + Math.floor(rand() * 90), d = 5 + Math.floor(rand() * 900);
      min[i][j] = m;
      km10[i][j] = d;
      if (symmetric) {
        min[j][i] = m;
        km10[j][i] = d;
      }
    }
  }
  return costMatrix({ min, km10 });
}

const OPEN = [[510, 690], [780, 990]]; // 08:30-11:30, 13:00-16:30

function place(id, extra = {}) {
  return { id, name: `站点${id}`, kind: "site", label: "教育基地", town: "密山镇", url: `sites/${id}/`,
    lat: 45.5, lon: 131.9, min: 60, hours: [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN], ...extra };
}

const ASSUME = { roadFactor: 1.3, speedKmh: 45, radiusKm: EARTH_RADIUS_KM, round: "half-even", kmStep: 0.1, minMinutes: 1,
  defaultMin: 45 };
// Due north along a meridian, this many degrees of latitude are 15.0 km by road (x 1.3), 20 minutes at 45 km/h.
const STEP = 15 / (1.3 * EARTH_RADIUS_KM * Math.PI / 180);

// Start + places in a line due north, 20 minutes and 15 km apart from their neighbours.
function lineData(places, legs = []) {
  const start = { name: "市中心", lat: 45.54, lon: 131.87 };
  const placed = places.map((p, i) => ({ ...p, lat: start.lat + (i + 1) * STEP, lon: start.lon }));
  return { v: 2, assume: { ...ASSUME }, start, area: { south: 44.9, west: 131, north: 46.1, east: 133.3 },
    places: placed, routes: [], legs };
}

const TUESDAY = "2025-06-10";
const MONDAY = "2025-06-09";
const basePlan = (stops, extra = {}) => ({ stops, date: TUESDAY, time: 480, group: 30, lunchAt: 690, lunchMin: 60,
  back: false, start: null, ...extra });

describe("visiting order", () => {
  test("Held-Karp equals brute force on random instances up to 9 stops", () => {
    const rand = rng(20250610);
    for (let k = 1; k <= 9; k++) {
      for (let round = 0; round < (k <= 6 ? 20 : 4); round++) {
        for (const back of [false, true]) {
          const cost = randomCost(k, rand, round % 2 === 0);
          const exact = heldKarp(cost, back);
          const brute = bruteForce(cost, back);
          assert.equal(exact.length, k);
          assert.deepEqual([...exact].sort((a, b) => a - b), brute.slice().sort((a, b) => a - b));
          assert.equal(pathCost(cost, exact, back), pathCost(cost, brute, back), `k=${k} back=${back}`);
        }
      }
    }
  });

  test("minutes decide the order and distance only breaks ties", () => {
    // 0 -> 1 -> 2 is 10 + 10 minutes but long; 0 -> 2 -> 1 is 11 + 10 minutes and short
    const min = [[0, 10, 11], [10, 0, 10], [11, 10, 0]];
    const km10 = [[0, 900, 10], [900, 0, 10], [10, 10, 0]];
    assert.deepEqual(heldKarp(costMatrix({ min, km10 }), false), [1, 2]);
    const tie = [[0, 10, 10], [10, 0, 10], [10, 10, 0]];
    assert.deepEqual(heldKarp(costMatrix({ min: tie, km10 }), false), [2, 1]);
  });

  test("beyond the exact limit the heuristic returns every stop once, and no segment reversal improves it", () => {
    const rand = rng(7);
    const k = EXACT_LIMIT + 3;
    const cost = randomCost(k, rand);
    const order = heuristic(cost, false);
    assert.deepEqual([...order].sort((a, b) => a - b), [...Array(k)].map((_, i) => i + 1));
    const best = pathCost(cost, order, false);
    for (let i = 0; i < k - 1; i++) {
      for (let j = i + 1; j < k; j++) {
        const other = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        assert.ok(pathCost(cost, other, false) >= best);
      }
    }
  });

  test("bestOrder is labelled exact up to 12 stops and heuristic beyond", () => {
    const places = [...Array(14)].map((_, i) => place(`p${i}`));
    const data = lineData(places);
    const twelve = bestOrder(data, [...Array(12)].map((_, i) => 11 - i), null, false);
    assert.equal(twelve.exact, true);
    assert.deepEqual(twelve.order, [...Array(12)].map((_, i) => i));
    const fourteen = bestOrder(data, [...Array(14)].map((_, i) => 13 - i), null, false);
    assert.equal(fourteen.exact, false);
    assert.deepEqual(fourteen.order, [...Array(14)].map((_, i) => i));
  });

  test("a coordinate start is estimated from great-circle distance, road factor and speed", () => {
    const data = lineData([place("a")]);
    data.places[0].lat = 45.6;
    data.assume.speedKmh = 50;
    const m = planMatrix(data, [0], { lat: 45.5, lon: 131.87 });
    // 0.1 degree of latitude is 11.12 km; x 1.3 = 14.5 km; at 50 km/h = 17 minutes
    assert.equal(m.km10[0][1], 145);
    assert.equal(m.min[0][1], 17);
    assert.equal(m.km10[1][0], 145);
  });
});

describe("travel matrix", () => {
  test("the line test data is 15 km and 20 minutes between neighbours", () => {
    const data = lineData([place("a"), place("b"), place("c")]);
    const m = planMatrix(data, [0, 1, 2], null);
    assert.deepEqual(m.km10[0], [0, 150, 300, 450]);
    assert.deepEqual(m.min[0], [0, 20, 40, 60]);
    assert.deepEqual(m.min[2], [40, 20, 0, 20]);
  });

  test("rounding is Python's: a half goes to the even neighbour", () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, -0.5, 2.4999, 2.5001, 7].map(roundHalfEven), [0, 2, 2, 4, 0, 2, 3, 7]);
    assert.equal(estimateMinutes(0.1, 50), 1); // never below a minute for a real move
    assert.equal(estimateMinutes(0, 50), 0);
    assert.equal(estimateMinutes(12.5, 60), 12); // 12.5 minutes: to the even 12, as Python's round
  });

  test("known legs override both directions, later legs win, km alone re-estimates the minutes", () => {
    const points = [[45.54, 131.87], [45.6, 131.9], [45.3, 132.05], [45.7, 132.5]];
    const plain = buildMatrix(points, [], ASSUME);
    const m = buildMatrix(points, [{ a: 2, b: 1, km: 42, minutes: null }, { a: 0, b: 1, km: null, minutes: 9 },
      { a: 3, b: 1, km: 2.25, minutes: 70 }, { a: 1, b: 3, km: null, minutes: 80 }, { a: 2, b: 2, km: 1, minutes: 1 }], ASSUME);
    assert.equal(m.km10[1][2], 420);
    assert.equal(m.km10[2][1], 420);
    assert.equal(m.min[1][2], 56); // 42 km at 45 km/h
    assert.equal(m.min[0][1], 9);
    assert.equal(m.min[1][0], 9);
    assert.equal(m.km10[0][1], plain.km10[0][1]); // minutes only: the distance stays estimated
    assert.equal(m.km10[3][1], 22); // 22.5 tenths to the even 22
    assert.equal(m.min[3][1], 80);
    assert.deepEqual(m.road, [[1, 2], [1, 3]]);
    assert.equal(m.km10[2][2], 0);
  });

  test("the matrix of chosen stops is the full matrix's rows and columns for them, legs included", () => {
    const rand = rng(99);
    const places = [...Array(8)].map((_, i) => place(`p${i}`));
    const data = lineData(places, [["p1", "p4", 3.3, null], ["p6", "p2", null, 7], ["p4", "p1", null, 5], ["zz", "p1", 1, 1]]);
    data.places.forEach((p) => {
      p.lat = 45 + rand();
      p.lon = 131 + 2 * rand();
    });
    const all = [...Array(8)].map((_, i) => i);
    const full = planMatrix(data, all, null);
    const stops = [6, 1, 4, 2];
    const sub = planMatrix(data, stops, null);
    const rows = [0, ...stops.map((s) => s + 1)];
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows.length; j++) {
        assert.equal(sub.min[i][j], full.min[rows[i]][rows[j]], `min ${i},${j}`);
        assert.equal(sub.km10[i][j], full.km10[rows[i]][rows[j]], `km10 ${i},${j}`);
      }
    }
    assert.equal(full.km10[2][5], 33);
    assert.equal(full.min[2][5], 5);
    assert.equal(full.min[7][3], 7);
  });

  test("a places JSON of another version or other rounding rules is refused", () => {
    assert.doesNotThrow(() => checkRules(lineData([place("a")])));
    assert.throws(() => checkRules({ ...lineData([place("a")]), v: 1 }));
    assert.throws(() => checkRules({ ...lineData([place("a")]), assume: { ...ASSUME, round: "half-up" } }));
    assert.throws(() => checkRules(null));
  });
});

describe("schedule", () => {
  test("an early arrival waits for opening and the visit ends after its minutes", () => {
    const data = lineData([place("a")]);
    const s = buildSchedule(data, basePlan([0], { time: 470 }), "2025-06-01");
    const visit = s.items.find((i) => i.type === "visit");
    assert.equal(visit.arrive, 490);
    assert.equal(visit.start, 510);
    assert.equal(visit.wait, 20);
    assert.equal(visit.end, 570);
    assert.ok(s.warnings.some((w) => w.code === "wait"));
    assert.equal(s.totals.travelMin, 20);
    assert.equal(s.totals.km10, 150);
  });

  test("a visit that does not fit before the noon break waits for the afternoon, with lunch in the wait", () => {
    const data = lineData([place("a", { min: 120 })]);
    const s = buildSchedule(data, basePlan([0], { time: 560 }), "2025-06-01");
    const types = s.items.map((i) => i.type);
    assert.deepEqual(types, ["travel", "lunch", "visit"]);
    const lunch = s.items[1], visit = s.items[2];
    assert.equal(lunch.start, 690);
    assert.equal(lunch.end, 750);
    assert.equal(visit.start, 780);
    assert.equal(visit.end, 900);
  });

  test("lunch comes at the first gap from half an hour before its time, before driving on", () => {
    const data = lineData([place("a", { min: 180, hours: null }), place("b", { hours: null })]);
    const s = buildSchedule(data, basePlan([0, 1]), "2025-06-01");
    assert.deepEqual(s.items.map((i) => i.type), ["travel", "visit", "lunch", "travel", "visit"]);
    assert.equal(s.items[2].start, s.items[1].end);
    assert.equal(s.items[3].depart, s.items[2].end);
    assert.equal(s.totals.lunchMin, 60);
    // a gap earlier than that is not used for lunch
    const early = buildSchedule(lineData([place("a", { min: 150, hours: null }), place("b", { hours: null })]), basePlan([0, 1]), "2025-06-01");
    assert.deepEqual(early.items.map((i) => i.type), ["travel", "visit", "travel", "visit", "lunch"]);
  });

  test("no lunch when its minutes are zero, and the return leg is counted", () => {
    const data = lineData([place("a", { hours: null }), place("b", { hours: null })]);
    const s = buildSchedule(data, basePlan([0, 1], { lunchAt: null, lunchMin: 0, back: true, time: 600 }), "2025-06-01");
    assert.ok(!s.items.some((i) => i.type === "lunch"));
    const last = s.items.at(-1);
    assert.equal(last.type, "travel");
    assert.equal(last.back, true);
    assert.equal(last.minutes, 40);
    assert.equal(s.totals.travelMin, 80);
  });

  test("fitVisit: fits, too short before closing, after closing", () => {
    assert.deepEqual(fitVisit(OPEN, 500, 60), { start: 510, window: [510, 690], fits: true, late: false });
    assert.deepEqual(fitVisit(OPEN, 960, 60), { start: 960, window: [780, 990], fits: false, late: false });
    assert.deepEqual(fitVisit(OPEN, 1000, 60), { start: 1000, window: null, fits: false, late: true });
    assert.equal(fitVisit(null, 1000, 60).fits, true);
  });

  test("weekday of a date, and impossible dates", () => {
    assert.equal(weekdayOf(MONDAY), 0);
    assert.equal(weekdayOf("2025-06-15"), 6);
    assert.equal(weekdayOf("2025-02-30"), null);
    assert.equal(weekdayOf("x"), null);
  });
});

describe("warnings", () => {
  const codes = (s) => s.warnings.map((w) => w.code);

  test("closed that weekday", () => {
    const hours = [[], OPEN, OPEN, OPEN, OPEN, OPEN, OPEN];
    const data = lineData([place("a", { hours })]);
    const s = buildSchedule(data, basePlan([0], { date: MONDAY }), "2025-06-01");
    const w = s.warnings.find((x) => x.code === "closed");
    assert.ok(w && w.text.includes("周一闭馆") && w.place === "a");
    assert.ok(!codes(buildSchedule(data, basePlan([0]), "2025-06-01")).includes("closed"));
  });

  test("arrives after closing, and not enough time before closing", () => {
    const data = lineData([place("a")]);
    const noLunch = { lunchAt: null, lunchMin: 0 };
    assert.ok(codes(buildSchedule(data, basePlan([0], { time: 990, ...noLunch }), "2025-06-01")).includes("late"));
    const short = buildSchedule(data, basePlan([0], { time: 930, ...noLunch }), "2025-06-01");
    assert.ok(codes(short).includes("short"));
    assert.ok(!codes(short).includes("late"));
  });

  test("group larger than capacity, and not when it fits", () => {
    const data = lineData([place("a", { max: 40 })]);
    const big = buildSchedule(data, basePlan([0], { group: 250 }), "2025-06-01");
    assert.ok(big.warnings.find((w) => w.code === "group").text.includes("250"));
    assert.ok(!codes(buildSchedule(data, basePlan([0], { group: 40 }), "2025-06-01")).includes("group"));
  });

  test("reservation needed, with the phone and the lead time", () => {
    const data = lineData([place("a", { res: { req: true, days: 3, phone: "0467-5220000" } }), place("b", { res: { req: true, days: 7 } })]);
    const s = buildSchedule(data, basePlan([0, 1]), "2025-06-06");
    const [a, b] = s.warnings.filter((w) => w.code === "reserve");
    assert.ok(a.text.includes("0467-5220000") && a.text.includes("3 天"));
    assert.ok(!a.text.includes("不足"));
    assert.ok(b.text.includes("尚未核实") && b.text.includes("不足 7 天"));
  });

  test("no bus parking, unknown hours, estimated minutes, sample data, notes", () => {
    const data = lineData([place("a", { bus: false, hours: null, minEst: true, sf: ["*"], hnote: ["春节期间闭馆"] })]);
    const c = codes(buildSchedule(data, basePlan([0]), "2025-06-01"));
    for (const code of ["bus", "hours", "minutes", "sample", "note"]) assert.ok(c.includes(code), code);
    const clean = codes(buildSchedule(lineData([place("b", { bus: true })]), basePlan([0]), "2025-06-01"));
    for (const code of ["bus", "hours", "minutes", "sample", "note"]) assert.ok(!clean.includes(code), code);
  });

  test("an evening end, a missing date and a past date are flagged", () => {
    const data = lineData([place("a", { min: 480, hours: null })]);
    const c = codes(buildSchedule(data, basePlan([0], { date: "" , time: 600 }), "2025-06-01"));
    assert.ok(c.includes("evening"));
    assert.ok(c.includes("date"));
    const past = buildSchedule(lineData([place("b")]), basePlan([0]), "2025-07-01");
    assert.ok(past.warnings.find((w) => w.code === "past").text.includes(TUESDAY));
    assert.ok(!codes(buildSchedule(lineData([place("b")]), basePlan([0]), TUESDAY)).includes("past"));
  });
});

describe("share link", () => {
  const ids = ["a", "b", "c-d", "e"];
  const state = { stops: ["c-d", "a", "e"], date: TUESDAY, time: 495, group: 45, lunchAt: 690, lunchMin: 60, back: true,
    start: { lat: 45.5, lon: 131.9 } };

  test("encode then decode gives the same plan and no problem", () => {
    const hash = encode(state);
    assert.match(hash, /^v1;s=c-d,a,e;d=2025-06-10;t=08:15;g=45;l=11:30\+60;r=1;p=45\.50000,131\.90000;z=[0-9a-z]+$/);
    const back = decode("#" + hash, ids, null);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.state, state);
    const noLunch = decode(encode({ ...state, lunchAt: null, lunchMin: 0, back: false, start: null }), ids, null);
    assert.deepEqual(noLunch.problems, []);
    assert.equal(noLunch.state.lunchMin, 0);
    assert.equal(noLunch.state.start, undefined);
  });

  test("no hash is no plan", () => {
    assert.equal(decode("", ids, null), null);
    assert.equal(decode("#", ids, null), null);
  });

  test("a truncated link says so and keeps what it could read", () => {
    const hash = encode(state);
    const cut = hash.slice(0, hash.indexOf(";g=") + 2);
    const back = decode(cut, ids, null);
    assert.ok(back.problems.some((p) => p.includes("截断")));
    assert.deepEqual(back.state.stops, ["c-d", "a", "e"]);
    assert.equal(back.state.date, TUESDAY);
    assert.equal(back.state.group, undefined);
    const mid = decode(hash.slice(0, 9), ids, null); // "v1;s=c-d,"
    assert.deepEqual(mid.state.stops, ["c-d"]);
  });

  test("an edited link is noticed; unknown stops, bad dates and far coordinates are dropped with a message", () => {
    const edited = encode(state).replace("g=45", "g=46");
    assert.ok(decode(edited, ids, null).problems.some((p) => p.includes("校验码")));
    const bad = "v1;s=a,zz,a;d=2025-02-30;t=25:00;g=-3;l=lunch;p=10,10";
    const back = decode(bad + ";z=" + checksum(bad), ids, { south: 44.9, west: 131, north: 46.1, east: 133.3 });
    assert.deepEqual(back.state.stops, ["a"]);
    const text = back.problems.join("\n");
    for (const part of ["zz", "2025-02-30", "25:00", "-3", "lunch", "10,10"]) assert.ok(text.includes(part), part);
    assert.equal(back.state.date, undefined);
    assert.equal(back.state.start, undefined);
  });

  test("garbage, another version and broken escapes never throw", () => {
    for (const junk of ["%E4%", "hello", "v9;s=a", ";;;", "v1;s=", "s=a;z=1", "\u0000"]) {
      const back = decode(junk, ids, null);
      assert.ok(back && Array.isArray(back.problems) && back.problems.length > 0, junk);
    }
    assert.deepEqual(decode("v9;s=a", ids, null).state.stops, ["a"]);
  });
});

describe("downloads", () => {
  const places = [place("a", { name: "北大荒开发建设纪念馆", addr: "当壁镇，兴凯湖畔; 8510\\农场", courses: [["讲解", 60]] }),
    place("b", { name: "东北老航校纪念馆" })];
  const data = lineData(places);
  const plan = basePlan([1, 0]);
  const schedule = buildSchedule(data, plan, "2025-06-01");

  test("iCalendar: CRLF lines, folded at 75 octets, escaped, one event per stop in Asia/Shanghai", () => {
    const ics = toIcs(plan, schedule, places, { now: new Date(Date.UTC(2025, 5, 1, 2, 3, 4)), host: "example.org",
      pageUrl: "https://example.org/planner/#v1;s=b,a", warnings: schedule.warnings });
    assert.ok(ics.endsWith("END:VCALENDAR\r\n"));
    assert.ok(!/[^\r]\n/.test(ics), "every newline is CRLF");
    for (const line of ics.split("\r\n")) assert.ok(new TextEncoder().encode(line).length <= 75, line);
    const unfolded = ics.replace(/\r\n /g, "");
    assert.equal((unfolded.match(/BEGIN:VEVENT/g) || []).length, 2);
    assert.ok(unfolded.includes("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai"));
    assert.ok(unfolded.includes("DTSTART;TZID=Asia/Shanghai:20250610T"));
    assert.ok(unfolded.includes("DTSTAMP:20250601T020304Z"));
    assert.ok(unfolded.includes("LOCATION:北大荒开发建设纪念馆，当壁镇，兴凯湖畔\\; 8510\\\\农场"));
    assert.ok(unfolded.includes("GEO:45.50000;131.90000"));
    assert.ok(unfolded.includes("UID:20250610-1-b@example.org"));
    assert.ok(/DESCRIPTION:[^\r]*\\n/.test(unfolded));
  });

  test("escaping and folding rules", () => {
    assert.equal(icsEscape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    const long = "SUMMARY:" + "研".repeat(40);
    const folded = icsFold(long).split("\r\n");
    assert.ok(folded.length > 1);
    assert.ok(folded.slice(1).every((l) => l.startsWith(" ")));
    assert.equal(folded.map((l, i) => (i ? l.slice(1) : l)).join(""), long);
  });

  test("GPX 1.1: waypoints per stop and a route in visiting order through the start", () => {
    const gpx = toGpx({ ...plan, back: true }, places, { name: "市中心", lat: 45.54, lon: 131.87 }, { title: "行程 <1> & 2" });
    assert.ok(gpx.includes('<gpx version="1.1"'));
    assert.ok(gpx.includes('xmlns="http://www.topografix.com/GPX/1/1"'));
    assert.equal((gpx.match(/<wpt /g) || []).length, 2);
    const names = [...gpx.matchAll(/<rtept[^>]*><name>([^<]*)<\/name>/g)].map((m) => m[1]);
    assert.deepEqual(names, ["市中心", "1. 东北老航校纪念馆", "2. 北大荒开发建设纪念馆", "市中心"]);
    assert.ok(gpx.includes("行程 &lt;1&gt; &amp; 2"));
  });

  test("the travel matrix JSON: the start then the stops in order, minutes and km, and the plan's totals", () => {
    const json = JSON.parse(toMatrixJson(data, { ...plan, back: true }, { orderKind: "exact" }));
    assert.deepEqual(json.ids, [START_ID, "b", "a"]);
    assert.deepEqual(json.names, ["市中心", "东北老航校纪念馆", "北大荒开发建设纪念馆"]);
    assert.deepEqual(json.minutes, [[0, 40, 20], [40, 0, 20], [20, 20, 0]]);
    assert.deepEqual(json.km, [[0, 30, 15], [30, 0, 15], [15, 15, 0]]);
    assert.deepEqual(json.totals, { minutes: 80, km: 60 });
    assert.equal(json.orderKind, "exact");
    assert.equal(json.back, true);
    assert.equal(json.points[1][0], data.places[1].lat);
    const custom = JSON.parse(toMatrixJson(data, { ...plan, start: { lat: 45.5, lon: 131.87, name: "出发地" } }, { startName: "出发地" }));
    assert.equal(custom.names[0], "出发地");
    assert.deepEqual(custom.points[0], [45.5, 131.87]);
    assert.deepEqual(custom.totals.minutes, custom.minutes[0][1] + custom.minutes[1][2]);
  });

  test("the schematic numbers the stops and escapes names", () => {
    const svg = sketchSvg([{ lat: 45.54, lon: 131.87, label: "起点" }, { lat: 45.3, lon: 132.05, label: "<b>&" }], false);
    assert.ok(svg.startsWith("<svg"));
    assert.ok(svg.includes("&lt;b&gt;&amp;"));
    assert.ok(svg.includes(">1</text>"));
  });
});
