// The planner's algorithm, schedule, share links and downloads, without a browser.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { checksum, decode, encode, fromQuery } from "../../plugins/dangjian/assets/javascripts/planner/codec.js";
import {
  icsEscape, icsFold, localStamp, START_ID, toGeoJson, toGpx, toIcs, toKml, toPlanJson, tourGeometry,
} from "../../plugins/dangjian/assets/javascripts/planner/exports.js";
import { normalise, pinyinMatches, placeMatches } from "../../plugins/dangjian/assets/javascripts/planner/picker.js";
import { qrMatrix, qrPath } from "../../plugins/dangjian/assets/javascripts/planner/qr.js";
import { EXACT_LIMIT } from "../../plugins/dangjian/assets/javascripts/planner/optimise.js";
import {
  bestArrangement, buildSchedule, clock, earliestDate, hoursOn, weekdayOf,
} from "../../plugins/dangjian/assets/javascripts/planner/schedule.js";
import { project, sketchShapes, sketchSvg } from "../../plugins/dangjian/assets/javascripts/planner/sketch.js";
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
const LUNCH = { from: 690, to: 780, minutes: 60 };
const basePlan = (stops, extra = {}) => ({ stops, date: TUESDAY, time: 480, latest: 1080, group: 30, lunch: LUNCH,
  back: false, start: null, dayCount: 1, ...extra });
/** The best plan of a plan's stops, scheduled. */
const planned = (data, plan, today = "2025-06-01") => {
  const found = bestArrangement(data, plan);
  return { found, s: buildSchedule(data, { ...plan, arrangement: found.days }, today) };
};
const visits = (s) => s.days.flatMap((d) => d.items.filter((i) => i.type === "visit"));

describe("opening hours on a date", () => {
  test("weekday hours, a weekly closed day, and seasonal periods (every year, across the new year; one year)", () => {
    const p = place("a", { hours: [[], OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
      per: [["12-01", "02-28", [], "冬季暂停接待"], ["2025-10-01", "2025-10-07", [[540, 900]], "国庆"]] });
    assert.deepEqual(hoursOn(p, MONDAY), { ranges: [], why: "周一闭馆" });
    assert.deepEqual(hoursOn(p, TUESDAY).ranges, OPEN);
    assert.deepEqual(hoursOn(p, "2025-12-16"), { ranges: [], why: "冬季暂停接待" });
    assert.deepEqual(hoursOn(p, "2026-01-20").ranges, []);
    assert.deepEqual(hoursOn(p, "2025-03-04").ranges, OPEN);
    assert.deepEqual(hoursOn(p, "2025-10-02").ranges, [[540, 900]]);
    assert.deepEqual(hoursOn(p, "2025-10-06").ranges, [], "a Monday stays closed in a period with hours");
    assert.deepEqual(hoursOn(p, "").ranges, null);
  });

  test("weekday of a date, and impossible dates", () => {
    assert.equal(weekdayOf(MONDAY), 0);
    assert.equal(weekdayOf("2025-06-15"), 6);
    assert.equal(weekdayOf("2025-02-30"), null);
    assert.equal(weekdayOf("x"), null);
  });

  test("the default date is the earliest on which every booking lead time can be met", () => {
    const data = lineData([place("a", { res: { req: true, days: 3 } }), place("b", { res: { req: true, days: 7 } }), place("c")]);
    assert.equal(earliestDate(data, [0, 2], "2025-06-01"), "2025-06-04");
    assert.equal(earliestDate(data, [0, 1], "2025-06-01"), "2025-06-08");
    assert.equal(earliestDate(data, [2], "2025-06-01"), "2025-06-02");
  });
});

// The places, built here (not read from the shipped data): hours as their pages give them.
const H = (text) => (text === "闭馆" ? [] : text.split(",").map((r) => r.split("-").map((t) => +t.slice(0, 2) * 60 + +t.slice(3))));
const WEEK = (rest) => [[], ...Array(6).fill(H(rest))];
function mishan(extra = []) {
  const places = [
    { id: "lianzhushan", name: "连珠山镇微党校", label: "微党校", town: "连珠山镇", url: "schools/lianzhushan/", lat: 45.517, lon: 131.783,
      min: 90, hours: WEEK("08:30-11:30,13:30-16:30"), max: 80 },
    { id: "beidahuang", name: "北大荒开发建设纪念馆", label: "教育基地", town: "当壁镇", url: "sites/beidahuang/", lat: 45.3, lon: 132.05,
      min: 120, hours: WEEK("08:30-11:30,13:00-16:30"), max: 200 },
    { id: "museum", name: "兴凯湖博物馆", label: "教育基地", town: "当壁镇", url: "sites/museum/", lat: 45.31, lon: 132.07,
      min: 75, hours: WEEK("09:00-16:00"), max: 45 },
    ...extra,
  ];
  return { v: 2, assume: { ...ASSUME, speedKmh: 50 }, start: { name: "密山市中心", lat: 45.541944, lon: 131.866667 },
    area: { south: 44.9, west: 131, north: 46.1, east: 133.3 }, places, routes: [], legs: [] };
}
const more = [
  { id: "laohangxiao", name: "东北老航校纪念馆", lat: 45.54, lon: 131.83, min: 90, hours: WEEK("08:30-11:30,13:30-16:00") },
  { id: "hangxiao", name: "东北民主联军航空学校旧址", lat: 45.55, lon: 131.85, min: 45, hours: WEEK("08:30-16:30") },
  { id: "jiaotongzhan", name: "北满国际交通站遗址", lat: 45.33, lon: 132.0, min: 45, hours: null },
  { id: "wangzhen", name: "王震将军纪念碑", lat: 45.301, lon: 132.052, min: 30, hours: null },
  { id: "daomi", name: "八五六稻米体验中心", lat: 45.65, lon: 132.2, min: 90, hours: WEEK("09:00-11:30,13:30-16:00") },
].map((p) => ({ label: "教育基地", town: "当壁镇", url: `sites/${p.id}/`, sf: ["*"], ...p }));

describe("the issue's cases", () => {
  test("Tuesday, 3 stops, 30 people: the order that keeps the museum open ends at 15:08 with 19 minutes of waiting", () => {
    const data = mishan();
    const { found, s } = planned(data, basePlan([0, 1, 2], { group: 30 }));
    assert.equal(found.exact, true);
    assert.deepEqual(found.days, [[0, 2, 1]]);
    assert.deepEqual(s.unplaced, []);
    assert.equal(clock(s.totals.end), "15:08");
    assert.equal(s.totals.waitMin, 19);
    assert.deepEqual(s.warnings.filter((w) => w.level === "problem"), []);
    // the order by driving time alone arrives at the museum too late for its 75 minutes
    const byDriving = buildSchedule(data, { ...basePlan([0, 1, 2]), arrangement: [[0, 1, 2]] }, "2025-06-01");
    assert.deepEqual(byDriving.unplaced.map((u) => [data.places[u.index].id, u.code]), [["museum", "short"]]);
    assert.ok(/只剩 \d+ 分钟，不足参观所需的 1 小时 15 分钟/.test(byDriving.unplaced[0].why), byDriving.unplaced[0].why);
    assert.ok(visits(byDriving).every((v) => v.place !== "museum"));
  });

  test("6 stops on a Tuesday: nothing is scheduled after a place has closed", () => {
    const data = mishan(more.slice(0, 3));
    const { s } = planned(data, basePlan([0, 1, 2, 3, 4, 5]));
    for (const v of visits(s)) {
      const ranges = hoursOn(data.places[v.index], TUESDAY).ranges;
      assert.ok(ranges == null || ranges.some(([a, b]) => v.start >= a && v.end <= b), v.name);
    }
    const museum = visits(s).find((v) => v.place === "museum");
    assert.ok(!museum || museum.end <= 960);
    assert.ok(s.totals.end <= 1080);
  });

  test("8 stops on a Monday: the closed places are reported, not scheduled, and the day ends by its latest time", () => {
    const data = mishan(more);
    const { s } = planned(data, basePlan([...Array(8).keys()], { date: MONDAY }));
    const closed = s.unplaced.filter((u) => u.code === "closed").map((u) => data.places[u.index].id).sort();
    assert.deepEqual(closed, ["beidahuang", "daomi", "hangxiao", "laohangxiao", "lianzhushan", "museum"]);
    assert.ok(s.warnings.filter((w) => w.code === "closed").every((w) => w.level === "problem" && w.text.includes("周一闭馆")));
    assert.deepEqual(visits(s).map((v) => v.place).sort(), ["jiaotongzhan", "wangzhen"]);
    assert.ok(s.totals.end <= 1080);
  });

  test("a long day never passes 24:00: with more days the stops move to the next day, with one day it says it cannot", () => {
    const long = [...Array(6)].map((_, i) => place(`l${i}`, { min: 240, hours: null }));
    const data = lineData(long);
    const one = planned(data, basePlan([0, 1, 2, 3, 4, 5], { latest: 1440, lunch: null }));
    assert.ok(one.s.totals.end < 1440);
    assert.ok(one.s.unplaced.length >= 2 && one.s.unplaced.every((u) => u.code === "full"));
    for (const v of visits(one.s)) assert.ok(v.end < 1440 && !clock(v.end).startsWith("24"));
    const auto = planned(data, basePlan([0, 1, 2, 3, 4, 5], { dayCount: 0, latest: 1080 }));
    assert.deepEqual(auto.s.unplaced, []);
    assert.ok(auto.s.days.length >= 2);
    for (const day of auto.s.days) assert.ok(day.totals.end <= 1080);
    assert.deepEqual(auto.s.days.map((d) => d.date), [...Array(auto.s.days.length)].map((_, d) => `2025-06-${String(10 + d).padStart(2, "0")}`));
    const ics = toIcs(auto.s, data.places, { now: new Date(Date.UTC(2025, 5, 1)), host: "example.org" });
    assert.ok(!/T24\d{4}/.test(ics));
    const dates = [...ics.matchAll(/DTSTART;TZID=Asia\/Shanghai:(\d{8})T/g)].map((m) => m[1]);
    assert.ok(new Set(dates).size >= 2);
  });

  test("a winter closure is a closure: a December visit is not scheduled", () => {
    const school = { id: "xingkaihu-school", name: "兴凯湖乡微党校", label: "微党校", town: "兴凯湖乡", url: "schools/x/", lat: 45.4, lon: 132.1,
      min: 90, hours: WEEK("08:30-11:30,13:30-16:30"), per: [["12-01", "02-28", [], "冬季暂停接待"]] };
    const data = mishan([school]);
    const winter = planned(data, basePlan([3, 0], { date: "2025-12-09" }));
    assert.deepEqual(winter.s.unplaced.map((u) => [u.index, u.code]), [[3, "closed"]]);
    assert.ok(winter.s.unplaced[0].why.includes("冬季暂停接待"));
    const summer = planned(data, basePlan([3, 0], { date: TUESDAY }));
    assert.deepEqual(summer.s.unplaced, []);
  });

  test("6 and 8 stops: each 提示 is said once per plan, and problems are marked on their rows", () => {
    const data = mishan(more.map((p) => ({ ...p, res: { req: true, days: 2, phone: "0467-5220000" }, bus: false })));
    const { s } = planned(data, basePlan([...Array(8).keys()], { group: 60 }), "2025-06-09");
    const notes = s.warnings.filter((w) => w.level === "note");
    const codes = notes.map((w) => w.code);
    assert.equal(new Set(codes).size, codes.length, codes.join());
    assert.ok(s.warnings.length <= 12, String(s.warnings.length));
    const reserve = notes.find((w) => w.code === "reserve");
    assert.ok(reserve.links.every((l) => l.href === "tel:0467-5220000"));
    // the museum takes 45 at once: a problem on its row and in the list
    const museum = visits(s).find((v) => v.place === "museum");
    if (museum) {
      assert.deepEqual(museum.problems, ["group"]);
      assert.ok(s.warnings.some((w) => w.code === "group" && w.places[0] === "museum" && w.level === "problem"));
    }
    // booking two days ahead is too late the day before: a problem on those rows
    assert.ok(visits(s).filter((v) => data.places[v.index].res).every((v) => v.problems.includes("deadline")));
  });
});

describe("schedule", () => {
  test("an early arrival waits for opening and the visit ends after its minutes", () => {
    const data = lineData([place("a")]);
    const { s } = planned(data, basePlan([0], { time: 470 }));
    const [visit] = visits(s);
    assert.equal(visit.arrive, 490);
    assert.equal(visit.start, 510);
    assert.equal(visit.wait, 20);
    assert.equal(visit.end, 570);
    assert.equal(s.totals.travelMin, 20);
    assert.equal(s.totals.km10, 150);
  });

  test("a visit that does not fit before the noon break waits for the afternoon, with lunch in the wait", () => {
    const data = lineData([place("a", { min: 120 })]);
    const { s } = planned(data, basePlan([0], { time: 560 }));
    const items = s.days[0].items;
    assert.deepEqual(items.map((i) => i.type), ["travel", "lunch", "visit"]);
    assert.equal(items[1].start, 690);
    assert.equal(items[2].start, 780);
    assert.equal(items[2].end, 900);
  });

  test("lunch goes where it costs least, inside its window", () => {
    const data = lineData([place("a", { min: 180, hours: null }), place("b", { hours: null })]);
    const { s } = planned(data, basePlan([0, 1]));
    const lunch = s.days[0].items.find((i) => i.type === "lunch");
    assert.ok(lunch.start >= 690 && lunch.start <= 780 && !lunch.late);
    assert.equal(s.totals.lunchMin, 60);
    const early = planned(lineData([place("a", { min: 60, hours: null })]), basePlan([0]));
    assert.ok(!early.s.days[0].items.some((i) => i.type === "lunch"), "a tour over before the window has no lunch");
  });

  test("no lunch when it is switched off, and the return leg is counted", () => {
    const data = lineData([place("a", { hours: null }), place("b", { hours: null })]);
    const { s } = planned(data, basePlan([0, 1], { lunch: null, back: true, time: 600 }));
    assert.ok(!s.items.some((i) => i.type === "lunch"));
    const last = s.items.at(-1);
    assert.equal(last.type, "travel");
    assert.equal(last.back, true);
    assert.equal(last.to, "市中心");
    assert.equal(s.totals.travelMin, 80);
  });

  test("a manual order is kept, and a stop that does not fit there is left out with why", () => {
    const data = lineData([place("a"), place("b", { hours: [[], [[510, 600]], [], [], [], [], []] })]);
    const s = buildSchedule(data, { ...basePlan([0, 1]), arrangement: [[0, 1]] }, "2025-06-01");
    assert.deepEqual(visits(s).map((v) => v.place), ["a"]);
    assert.equal(s.unplaced[0].code, "short");
    assert.ok(s.unplaced[0].why.includes("09:50 到达") && s.unplaced[0].why.includes("只剩 10 分钟"), s.unplaced[0].why);
    assert.deepEqual(visits(planned(data, basePlan([0, 1])).s).map((v) => v.place), ["b", "a"]);
  });

  test("several days: each day starts at the base, all but the last return to it", () => {
    const data = lineData([place("a", { min: 300, hours: null }), place("b", { min: 300, hours: null })]);
    const { s } = planned(data, basePlan([0, 1], { dayCount: 2, latest: 1000 }));
    assert.equal(s.days.length, 2);
    assert.ok(s.days[0].items.at(-1).back);
    assert.ok(!s.days[1].items.at(-1).back);
    assert.equal(s.days[1].items[0].depart, 480);
  });
});

describe("warnings", () => {
  const byCode = (s, code) => s.warnings.filter((w) => w.code === code);

  test("closed that weekday: a problem, and the stop is not scheduled", () => {
    const data = lineData([place("a", { hours: [[], OPEN, OPEN, OPEN, OPEN, OPEN, OPEN] })]);
    const { s } = planned(data, basePlan([0], { date: MONDAY }));
    const [w] = byCode(s, "closed");
    assert.ok(w && w.text.includes("周一闭馆") && w.places[0] === "a" && w.level === "problem");
    assert.deepEqual(visits(s), []);
    assert.deepEqual(byCode(planned(data, basePlan([0])).s, "closed"), []);
  });

  test("arrives after closing, and not enough time before closing", () => {
    const data = lineData([place("a")]);
    assert.equal(planned(data, basePlan([0], { time: 990, lunch: null })).s.unplaced[0].code, "late");
    assert.equal(planned(data, basePlan([0], { time: 930, lunch: null })).s.unplaced[0].code, "short");
  });

  test("group larger than capacity, on the row and once in the list", () => {
    const data = lineData([place("a", { max: 40 })]);
    const { s } = planned(data, basePlan([0], { group: 250 }));
    assert.ok(byCode(s, "group")[0].text.includes("250"));
    assert.deepEqual(visits(s)[0].problems, ["group"]);
    assert.deepEqual(byCode(planned(data, basePlan([0], { group: 40 })).s, "group"), []);
  });

  test("booking: one 提示 naming every stop with its phone as a tel: link; a passed deadline is a problem", () => {
    const data = lineData([place("a", { res: { req: true, days: 3, phone: "0467-5220000" } }), place("b", { res: { req: true, days: 7 } })]);
    const { s } = planned(data, basePlan([0, 1]), "2025-06-06");
    const reserve = byCode(s, "reserve");
    assert.equal(reserve.length, 1);
    assert.equal(reserve[0].level, "note");
    assert.ok(reserve[0].text.includes("0467-5220000") && reserve[0].text.includes("3 天") && reserve[0].text.includes("尚未核实"));
    assert.deepEqual(reserve[0].links, [{ text: "0467-5220000", href: "tel:0467-5220000" }]);
    const late = byCode(s, "deadline");
    assert.deepEqual(late.map((w) => w.places[0]), ["b"]);
  });

  test("no bus parking, unknown hours, estimated minutes, sample data: 提示, once each", () => {
    const data = lineData([place("a", { bus: false, hours: null, minEst: true, sf: ["*"] }),
      place("b", { bus: false, hours: null, minEst: true, sf: ["*"] })]);
    const { s } = planned(data, basePlan([0, 1]));
    for (const code of ["bus", "hours", "minutes", "sample"]) {
      const found = byCode(s, code);
      assert.equal(found.length, 1, code);
      assert.equal(found[0].level, "note", code);
      assert.deepEqual(found[0].places, ["a", "b"], code);
    }
    const clean = planned(lineData([place("b", { bus: true })]), basePlan([0])).s;
    for (const code of ["bus", "hours", "minutes", "sample"]) assert.deepEqual(byCode(clean, code), [], code);
  });

  test("a missing date and a past date are flagged", () => {
    const data = lineData([place("a", { hours: null })]);
    assert.equal(byCode(planned(data, basePlan([0], { date: "" })).s, "date").length, 1);
    const past = planned(lineData([place("b")]), basePlan([0]), "2025-07-01").s;
    assert.ok(byCode(past, "past")[0].text.includes(TUESDAY));
    assert.deepEqual(byCode(planned(lineData([place("b")]), basePlan([0]), TUESDAY).s, "past"), []);
  });

  test("up to the exact limit the plan is labelled exact, beyond it heuristic", () => {
    const data = lineData([...Array(EXACT_LIMIT + 1)].map((_, i) => place(`p${i}`, { min: 10, hours: null })));
    assert.equal(bestArrangement(data, basePlan([...Array(EXACT_LIMIT).keys()], { lunch: null })).exact, true);
    assert.equal(bestArrangement(data, basePlan([...Array(EXACT_LIMIT + 1).keys()], { lunch: null })).exact, false);
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

describe("share link", () => {
  const ids = ["a", "b", "c-d", "e"];
  const state = { stops: ["c-d", "a", "e"], date: TUESDAY, time: 495, group: 45, lunch: { from: 690, to: 780, minutes: 60 },
    back: true, start: { lat: 45.5, lon: 131.9 } };

  test("encode then decode gives the same plan and no problem", () => {
    const hash = encode(state);
    assert.match(hash, /^v1;s=c-d,a,e;d=2025-06-10;t=08:15;g=45;l=11:30-13:00\+60;r=1;p=45\.50000,131\.90000;z=[0-9a-z]+$/);
    const back = decode("#" + hash, ids, null);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.state, state);
    const noLunch = decode(encode({ ...state, lunch: null, back: false, start: null }), ids, null);
    assert.deepEqual(noLunch.problems, []);
    assert.equal(noLunch.state.lunch, null);
    assert.equal(noLunch.state.start, undefined);
  });

  test("days, the latest time, a route's minutes and the overnight base survive a link", () => {
    const full = { ...state, stops: ["c-d", "a", "e", "b"], start: null, base: "e", days: [["c-d", "a"], ["e"]], left: ["b"],
      dayCount: 0, latest: 1020, minutes: { a: 90 } };
    const back = decode(encode(full), ids, null);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.state.days, [["c-d", "a"], ["e"]]);
    assert.deepEqual(back.state.stops, ["c-d", "a", "e", "b"]);
    assert.equal(back.state.dayCount, 0);
    assert.equal(back.state.latest, 1020);
    assert.deepEqual(back.state.minutes, { a: 90 });
    assert.equal(back.state.base, "e");
  });

  test("a link written before lunch windows existed still reads: lunch at 11:30 for 60 minutes", () => {
    const old = "v1;s=a,b;d=2025-06-10;t=08:00;g=45;l=11:30+60";
    const back = decode(`${old};z=${checksum(old)}`, ids, null);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.state.stops, ["a", "b"]);
    assert.deepEqual(back.state.lunch, { from: 660, to: 750, minutes: 60 });
    assert.equal(back.state.days, undefined);
  });

  test("the documented address: stops, date, start, group, days, return, lunch, minutes", () => {
    const read = fromQuery("?stops=a,c-d&date=2025-06-10&start=08:30&group=30&days=2&return=1&lunch=0&minutes=90,45", ids);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.state, { stops: ["a", "c-d"], date: TUESDAY, time: 510, group: 30, dayCount: 2, back: true,
      lunch: null, minutes: { a: 90, "c-d": 45 } });
    assert.equal(fromQuery("?q=1", ids), null);
    assert.equal(fromQuery("", ids), null);
  });

  test("a bad address opens what it could read and says what it ignored", () => {
    const read = fromQuery("?stops=a,nope,a,e&date=2025-13-01&start=25:00&group=0&days=x&return=yes&lunch=noon&minutes=90,5,x&foo=1", ids);
    assert.deepEqual(read.state.stops, ["a", "e"]);
    const text = read.problems.join("\n");
    for (const part of ["nope", "2025-13-01", "25:00", "“0”", "“x”", "return=yes", "noon", "foo"]) assert.ok(text.includes(part), part);
    assert.equal(read.state.date, undefined);
    assert.equal(read.state.time, undefined);
    for (const junk of ["?stops=", "?stops=%E4%", "?stops=a&date=%00", "?stops=,,,"]) {
      const r = fromQuery(junk, ids);
      assert.ok(r && Array.isArray(r.problems), junk);
    }
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
  const schedule = buildSchedule(data, { ...plan, arrangement: [[1, 0]] }, "2025-06-01");

  test("iCalendar: CRLF lines, folded at 75 octets, escaped, one event per stop in Asia/Shanghai", () => {
    const ics = toIcs(schedule, places, { now: new Date(Date.UTC(2025, 5, 1, 2, 3, 4)), host: "example.org",
      pageUrl: "https://example.org/planner/#v1;s=b,a" });
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

  test("a local time stamp never says 24:00: it rolls over to the next date", () => {
    assert.equal(localStamp("2025-06-10", 1439), "20250610T235900");
    assert.equal(localStamp("2025-06-10", 1440), "20250611T000000");
    assert.equal(localStamp("2025-12-31", 1520), "20260101T012000");
  });

  test("escaping and folding rules", () => {
    assert.equal(icsEscape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    const long = "SUMMARY:" + "研".repeat(40);
    const folded = icsFold(long).split("\r\n");
    assert.ok(folded.length > 1);
    assert.ok(folded.slice(1).every((l) => l.startsWith(" ")));
    assert.equal(folded.map((l, i) => (i ? l.slice(1) : l)).join(""), long);
  });

  const START = { name: "市中心 <起点>", lat: 45.54, lon: 131.87 };
  const back = buildSchedule(data, { ...plan, back: true, arrangement: [[1, 0]] }, "2025-06-01");
  // two days from an overnight base: the first day returns to it, the last does not (no return)
  const twoDays = buildSchedule(data, { ...plan, dayCount: 2, arrangement: [[1], [0]] }, "2025-06-01");

  test("the tour's geometry: per day from the start through its stops, back when the day ends there", () => {
    const one = tourGeometry(back, places, START);
    assert.deepEqual(one.stops.map((s) => [s.n, s.place.id, s.day]), [[1, "b", 1], [2, "a", 1]]);
    assert.deepEqual(one.days[0].points.map((p) => p.name), [START.name, "东北老航校纪念馆", "北大荒开发建设纪念馆", START.name]);
    const two = tourGeometry(twoDays, places, START);
    assert.deepEqual(two.days.map((d) => d.points.map((p) => p.name)),
      [[START.name, "东北老航校纪念馆", START.name], [START.name, "北大荒开发建设纪念馆"]]);
    assert.deepEqual(two.days.map((d) => d.date), [TUESDAY, "2025-06-11"]);
  });

  test("GPX 1.1: waypoints per stop, a route per day in visiting order through the start, and a track", () => {
    const gpx = toGpx(back, places, START, { title: "行程 <1> & 2", placeUrl: (p) => `https://example.org/${p.url}` });
    assert.ok(gpx.includes('<gpx version="1.1"'));
    assert.ok(gpx.includes('xmlns="http://www.topografix.com/GPX/1/1"'));
    assert.equal((gpx.match(/<wpt /g) || []).length, 2);
    const names = [...gpx.matchAll(/<rtept[^>]*><name>([^<]*)<\/name>/g)].map((m) => m[1]);
    assert.deepEqual(names, ["市中心 &lt;起点&gt;", "1. 东北老航校纪念馆", "2. 北大荒开发建设纪念馆", "市中心 &lt;起点&gt;"]);
    assert.equal((gpx.match(/<trkpt /g) || []).length, 4);
    assert.ok(gpx.includes("行程 &lt;1&gt; &amp; 2"));
    assert.ok(gpx.includes('<link href="https://example.org/sites/b/">'));
    const multi = toGpx(twoDays, places, START, {});
    assert.equal((multi.match(/<rte>/g) || []).length, 2);
    assert.equal((multi.match(/<trkseg>/g) || []).length, 2);
    assert.ok(multi.includes("<name>第 2 天 2025-06-11</name>"));
  });

  test("KML 2.2: a placemark per stop and the start, a LineString per day, lon,lat order, escaped", () => {
    const kml = toKml(twoDays, places, START, { title: "a & b" });
    assert.ok(kml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'));
    assert.equal((kml.match(/<Placemark>/g) || []).length, 1 + 2 + 2);
    assert.equal((kml.match(/<LineString>/g) || []).length, 2);
    assert.ok(kml.includes("<name>市中心 &lt;起点&gt;</name>"));
    assert.ok(kml.includes("<name>a &amp; b</name>"));
    const b = places[1];
    assert.ok(kml.includes(`<Point><coordinates>${b.lon.toFixed(6)},${b.lat.toFixed(6)}</coordinates></Point>`));
  });

  test("GeoJSON (RFC 7946): a FeatureCollection of the start, the stops and a line per day, [lon, lat]", () => {
    const geo = JSON.parse(toGeoJson(twoDays, places, START, { placeUrl: (p) => `/x/${p.url}` }));
    assert.equal(geo.type, "FeatureCollection");
    assert.deepEqual(geo.features.map((f) => [f.geometry.type, f.properties.role]),
      [["Point", "start"], ["Point", "stop"], ["Point", "stop"], ["LineString", "day"], ["LineString", "day"]]);
    const [, first] = geo.features;
    assert.deepEqual(first.geometry.coordinates, [+places[1].lon.toFixed(6), +places[1].lat.toFixed(6)]);
    assert.deepEqual([first.properties.n, first.properties.id, first.properties.day, first.properties.date], [1, "b", 1, TUESDAY]);
    assert.match(first.properties.arrive, /^\d\d:\d\d$/);
    assert.equal(first.properties.url, "/x/sites/b/");
    assert.equal(geo.features[3].geometry.coordinates.length, 3); // start, stop, start
    for (const f of geo.features) {
      const pos = f.geometry.type === "Point" ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const [lon, lat] of pos) assert.ok(lon > 131 && lon < 133 && lat > 45 && lat < 46);
    }
  });

  test("iCalendar for a plan over several days: each visit on its own date, none on a day without stops", () => {
    const ics = toIcs(twoDays, places, { now: new Date(Date.UTC(2025, 5, 1)), host: "example.org" }).replace(/\r\n /g, "");
    const starts = [...ics.matchAll(/DTSTART;TZID=Asia\/Shanghai:(\d{8})T(\d{6})/g)].map((m) => m[1]);
    assert.deepEqual(starts, ["20250610", "20250611"]);
    assert.equal((ics.match(/^UID:/gm) || []).length, 2);
    assert.equal((ics.match(/^DTSTAMP:\d{8}T\d{6}Z$/gm) || []).length, 2);
  });

  test("the plan data JSON: order, days with stops and opening intervals, the travel matrix, problems and notes", () => {
    const back = { ...plan, back: true };
    const s = buildSchedule(data, { ...back, arrangement: [[1, 0]] }, "2025-06-01");
    const json = JSON.parse(toPlanJson(data, back, s, { order: "exact" }));
    assert.equal(json.order, "exact");
    assert.equal(json.days.length, 1);
    assert.equal(json.days[0].date, TUESDAY);
    assert.deepEqual(json.days[0].stops.map((x) => x.id), ["b", "a"]);
    const [first] = json.days[0].stops;
    assert.match(first.arrive, /^\d\d:\d\d$/);
    assert.match(first.leave, /^\d\d:\d\d$/);
    assert.equal(typeof first.wait, "number");
    assert.deepEqual(first.open, [["08:30", "11:30"], ["13:00", "16:30"]]);
    assert.deepEqual(json.travel.ids, [START_ID, "b", "a"]);
    assert.deepEqual(json.travel.minutes, [[0, 40, 20], [40, 0, 20], [20, 20, 0]]);
    assert.ok(Array.isArray(json.problems) && Array.isArray(json.notes));
    const closed = lineData([place("a", { hours: [[], OPEN, OPEN, OPEN, OPEN, OPEN, OPEN] })]);
    const mon = buildSchedule(closed, { ...basePlan([0], { date: MONDAY }), arrangement: [[0]] }, "2025-06-01");
    const out = JSON.parse(toPlanJson(closed, basePlan([0], { date: MONDAY }), mon, { order: "manual" }));
    assert.deepEqual(out.unplaced, ["a"]);
    assert.ok(out.problems.some((p) => p.includes("周一闭馆")));
  });

  test("the schematic numbers the stops and escapes names", () => {
    const svg = sketchSvg([{ lat: 45.54, lon: 131.87, label: "起点" }, { lat: 45.3, lon: 132.05, label: "<b>&" }], false);
    assert.ok(svg.startsWith("<svg"));
    assert.ok(svg.includes("&lt;b&gt;&amp;"));
    assert.ok(svg.includes(">1</text>"));
  });

  test("the schematic of a day: stops numbered as in the whole plan, one line per given path", () => {
    const points = [{ lat: 45.54, lon: 131.87, label: "起" }, { lat: 45.6, lon: 131.9, label: "甲", n: 4 },
      { lat: 45.3, lon: 132.05, label: "乙", n: 5 }];
    const { shapes } = sketchShapes(points, false, 520, 330, [[0, 1, 0], [0, 2]]);
    assert.equal(shapes.filter((s) => s.tag === "polyline").length, 2);
    assert.deepEqual(shapes.filter((s) => s.tag === "text" && /^\d+$/.test(s.text)).map((s) => s.text), ["4", "5"]);
    const at = project(points, 520, 330);
    assert.ok(at[2][1] > at[1][1], "north is up");
    assert.ok(at.every(([x, y]) => x >= 0 && x <= 520 && y >= 0 && y <= 330));
  });
});

describe("place picker", () => {
  const towns = { 当壁镇: "dang bi zhen", 密山镇: "mi shan zhen" };
  const bdh = { name: "北大荒开发建设纪念馆", town: "当壁镇", label: "教育基地", py: "bei da huang kai fa jian she ji nian guan" };
  const lhx = { name: "东北老航校纪念馆", town: "密山镇", label: "教育基地", py: "dong bei lao hang xiao ji nian guan" };
  const brand = { name: "红色引擎", town: "密山镇", label: "机关品牌", py: "hong se yin qing" };

  test("full pinyin and initials, from any syllable on, as the site search", () => {
    for (const q of ["beidahuang", "beida", "kaifa", "jinianguan", "bdh", "kfjs", "jng"]) assert.ok(pinyinMatches(bdh.py, q), q);
    for (const q of ["dahuangbei", "bdx", "x"]) assert.ok(!pinyinMatches(bdh.py, q), q);
    assert.ok(placeMatches(bdh, { text: "Bei Da Huang" }, towns));
    assert.ok(placeMatches(lhx, { text: "hangxiao" }, towns));
    assert.deepEqual(normalise(" Lao'Hang "), { plain: "lao'hang", pinyin: "laohang" });
  });

  test("names and towns as typed (Chinese), the town's pinyin, and the kind and town filters together", () => {
    assert.ok(placeMatches(bdh, { text: "纪念馆" }, towns));
    assert.ok(placeMatches(bdh, { text: "当壁" }, towns));
    assert.ok(placeMatches(bdh, { text: "dangbi" }, towns));
    assert.ok(!placeMatches(lhx, { text: "dangbi" }, towns));
    assert.ok(placeMatches(brand, { kind: "机关品牌", town: "密山镇", text: "hsyq" }, towns));
    assert.ok(!placeMatches(brand, { kind: "教育基地" }, towns));
    assert.ok(!placeMatches(brand, { town: "当壁镇" }, towns));
    assert.ok(placeMatches(brand, {}, towns));
    assert.ok(!placeMatches({ ...brand, py: undefined }, { text: "hsyq" }, {}));
  });
});

describe("QR code of the share link", () => {
  test("a module matrix of a standard size, finder patterns in three corners, drawn as one path", () => {
    const link = "https://dangjian.example.org/planner/#v1;s=laohangxiao-jinianguan,beidahuang-jinianguan;d=2025-06-10;t=08:00;g=45;l=0;z=abc";
    const m = qrMatrix(link);
    assert.equal((m.size - 17) % 4, 0);
    assert.ok(m.size >= 21 && m.size <= 177);
    const finder = (r, c) => [0, 6].every((k) => m.rows[r][c + k] && m.rows[r + k][c]) && m.rows[r + 3][c + 3] && !m.rows[r + 1][c + 1];
    assert.ok(finder(0, 0) && finder(0, m.size - 7) && finder(m.size - 7, 0));
    assert.ok(!m.rows[m.size - 7][m.size - 7] || !finder(m.size - 7, m.size - 7));
    assert.match(qrPath(m), /^(M\d+ \d+h\d+v1h-\d+z)+$/);
    assert.ok(qrMatrix("研学").size === 21);
  });
});
