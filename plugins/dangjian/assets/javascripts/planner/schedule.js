/* The tour of a plan: which opening hours hold on each date, the best arrangement of the
 * stops over the days (optimise.js), and the schedule of an arrangement: travel legs,
 * arrival and departure at each stop (waiting when early), the lunch break, totals, the
 * stops that could not be fitted and why, and what a coordinator must know, in two levels:
 * 问题 (this will go wrong) and 提示 (check before going), each said once per plan.
 * No DOM here; times are minutes after midnight and never reach 24:00. */

import { DAY_END, dayContext, EMPTY_DAY, evaluateOrder, fitAt, optimiseTour } from "./optimise.js";
import { planMatrix } from "./travel.js";

export const WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
export const DEFAULTS = Object.freeze({ time: 8 * 60, latest: 18 * 60, group: 45,
  lunch: Object.freeze({ from: 11 * 60 + 30, to: 13 * 60, minutes: 60 }) });

/** "08:05" for 485 (a time of day: 0 to 23:59). */
export function clock(minutes) {
  const m = Math.min(DAY_END - 1, Math.max(0, Math.round(minutes)));
  const h = Math.floor(m / 60), r = m % 60;
  return `${String(h).padStart(2, "0")}:${String(r).padStart(2, "0")}`;
}

/** "1 小时 30 分钟" for 90. */
export function duration(minutes) {
  const h = Math.floor(minutes / 60), r = minutes % 60;
  if (h && r) return `${h} 小时 ${r} 分钟`;
  return h ? `${h} 小时` : `${r} 分钟`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 0 (Monday) to 6 (Sunday) for an ISO date "2025-06-10"; null when not a real date. */
export function weekdayOf(iso) {
  const m = ISO.exec(iso || "");
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
  return (d.getUTCDay() + 6) % 7;
}

/** Whole days from iso a to iso b. */
export function daysBetween(a, b) {
  const t = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((t(b) - t(a)) / 86400000);
}

/** The ISO date n days after iso. */
export function addDays(iso, n) {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + n));
  return d.toISOString().slice(0, 10);
}

/** True when field of place is sample data (示例). */
export function isSample(place, field) {
  return Boolean(place.sf && (place.sf.includes("*") || place.sf.includes(field)));
}

/** Whether iso falls in a period from a to b: "MM-DD" every year (may wrap the new year), or "YYYY-MM-DD". */
export function inPeriod(iso, a, b) {
  if (a.length === 10) return a <= iso && iso <= b;
  const md = iso.slice(5);
  return a <= b ? a <= md && md <= b : md >= a || md <= b;
}

/**
 * The opening of a place on a date: {ranges, why}. ranges: [[start, end], ...] in minutes,
 * [] when closed, null when not known; why says why it is closed ("周一闭馆", a period's note).
 * A period (place.per: [from, to, ranges, note]) replaces the weekday's hours, except
 * that a weekday closed every week stays closed; a period with no ranges is a closure.
 */
export function hoursOn(place, iso) {
  const wd = weekdayOf(iso);
  if (wd == null) return { ranges: null, why: null };
  let ranges = place.hours ? place.hours[wd] : null;
  let why = ranges && !ranges.length ? `${WEEKDAY_NAMES[wd]}闭馆` : null;
  for (const [a, b, r, note] of place.per || []) {
    if (!inPeriod(iso, a, b)) continue;
    if (!r.length) {
      ranges = [];
      why = note || `${a} 至 ${b} 闭馆`;
    } else if (ranges == null || ranges.length) {
      ranges = r;
    }
  }
  return { ranges, why };
}

/** The earliest date from today on which every chosen stop's booking lead time can be met. */
export function earliestDate(data, stops, today) {
  let lead = 1;
  for (const i of stops) {
    const res = data.places[i].res;
    if (res && res.req) lead = Math.max(lead, res.days != null ? res.days : 1);
  }
  return addDays(today, lead);
}

/** The visit minutes of the stop at place index i in a plan. */
export const visitMinutes = (data, plan, i) => (plan.minutes && plan.minutes[i]) || data.places[i].min;

/**
 * What optimise.js needs for a plan: the travel matrix over [base, ...plan.stops], and per
 * day (0-based) its date, opening hours and day problem. Memoised per day.
 */
export function tourOf(data, plan) {
  const m = planMatrix(data, plan.stops, plan.start);
  const visit = plan.stops.map((i) => visitMinutes(data, plan, i));
  const cache = new Map();
  const lunch = plan.lunch && plan.lunch.minutes > 0 ? plan.lunch : null;
  const day = (d) => {
    if (!cache.has(d)) {
      const date = plan.date ? addDays(plan.date, d) : "";
      const hours = plan.stops.map((i) => hoursOn(data.places[i], date));
      cache.set(d, { date, hours, problem: { minutes: m.min, km10: m.km10, visit, open: hours.map((h) => h.ranges),
        start: plan.time, latest: Math.min(DAY_END, plan.latest ?? DEFAULTS.latest), lunch } });
    }
    return cache.get(d);
  };
  return { m, visit, day, days: plan.dayCount ?? 1, back: Boolean(plan.back) };
}

/**
 * The best arrangement of the plan's stops: {exact, days: [[place index, ...] per day],
 * unplaced: [place index]}; see optimise.js for the objective.
 */
export function bestArrangement(data, plan) {
  const t = tourOf(data, plan);
  const found = optimiseTour({ stops: plan.stops.length, days: t.days, back: t.back, day: (d) => t.day(d).problem });
  return {
    exact: found.exact,
    days: found.days.map((d) => d.steps.map((s) => plan.stops[s.j])),
    unplaced: found.unplaced.map((j) => plan.stops[j]),
  };
}

const stopNames = (places) => places.map((p) => p.name).join("、");

/**
 * The schedule of an arrangement (plan.arrangement: [[place index] per day], in visiting
 * order; absent: plan.stops on one day). A stop that does not fit where it is put is left
 * out and reported with why; nothing is ever scheduled while a place is closed.
 * today (ISO) is for the booking lead times. Returns {days: [{date, items, totals}],
 * unplaced: [{index, code, why}], warnings: [{level, code, text, places, links}], totals}.
 */
export function buildSchedule(data, given, today) {
  const plan = { ...given, today };
  const tour = tourOf(data, plan);
  const local = new Map(plan.stops.map((i, j) => [i, j]));
  const arrangement = plan.arrangement || [plan.stops.slice()];
  const nDays = Math.max(1, arrangement.length);
  const startName = plan.start ? plan.start.name || "出发地" : data.start.name;
  const days = [];
  const left = [];
  const context = new Map(); // local index -> where the arrangement left it out
  const lunchMin = plan.lunch ? plan.lunch.minutes : 0;
  for (let d = 0; d < nDays; d++) {
    const info = tour.day(d);
    const last = d === nDays - 1;
    const ctx = dayContext({ ...info.problem, back: last ? tour.back : true });
    const order = (arrangement[d] || []).filter((i) => local.has(i)).map((i) => local.get(i));
    const result = (order.length && evaluateOrder(ctx, order)) || EMPTY_DAY;
    left.push(...(result.skipped || []), ...(result === EMPTY_DAY ? order : []));
    for (const skip of result.skips || []) if (!context.has(skip.skip)) context.set(skip.skip, { ...skip, ctx, d });
    days.push(dayItems(data, plan, tour, ctx, d, info, result, startName, lunchMin));
  }
  // a stop given no day at all: the optimiser found no day for it (or a link names fewer days)
  const placed = new Set(arrangement.flat());
  plan.stops.forEach((i, j) => { if (!placed.has(i)) left.push(j); });
  const unplaced = [...new Set(left)].map((j) => {
    const why = whyLeftOut(data, plan, tour, j, Math.max(nDays, plan.dayCount || 1));
    const at = context.get(j);
    if (why.code === "full" && at && plan.arrangement) {
      // it fits on its own: say what went wrong where this order puts it
      const arrive = at.t + tour.m.min[at.pos][j + 1];
      const ranges = tour.day(at.d).hours[j].ranges || [[0, DAY_END]];
      const open = ranges.find(([, e]) => e > arrive);
      const name = data.places[plan.stops[j]].name;
      if (!open) return { index: plan.stops[j], code: "late", why: `按此顺序 ${clock(arrive)} 才到达${name}，已过开放时间` };
      const left = Math.min(open[1], at.ctx.latest) - Math.max(arrive, open[0]);
      if (left < at.ctx.visit[j]) {
        return { index: plan.stops[j], code: "short",
          why: `按此顺序 ${clock(arrive)} 到达${name}，距${open[1] <= at.ctx.latest ? "闭馆" : "当天结束"}只剩 ${duration(Math.max(0, left))}，不足参观所需的 ${duration(at.ctx.visit[j])}` };
      }
    }
    return { index: plan.stops[j], ...why };
  });
  const warnings = planWarnings(data, plan, days, unplaced, today);
  const sum = (key) => days.reduce((n, day) => n + day.totals[key], 0);
  return {
    days,
    unplaced,
    warnings,
    items: days.flatMap((day) => day.items),
    totals: { start: plan.time, end: days.length ? days[days.length - 1].totals.end : plan.time,
      travelMin: sum("travelMin"), km10: sum("km10"), visitMin: sum("visitMin"), waitMin: sum("waitMin"),
      lunchMin: sum("lunchMin"), stops: days.reduce((n, day) => n + day.items.filter((x) => x.type === "visit").length, 0) },
  };
}

function dayItems(data, plan, tour, ctx, d, info, result, startName, lunchMin) {
  const m = tour.m;
  const items = [];
  let travelMin = 0, km10 = 0, visitMin = 0, waitMin = 0, lunches = 0;
  let pos = 0, t = plan.time;
  const nameAt = (p) => (p === 0 ? startName : data.places[plan.stops[p - 1]].name);
  const lunchItem = (x, late) => {
    items.push({ type: "lunch", start: x, end: x + lunchMin, late, problems: late ? ["lunch"] : [] });
    lunches++;
  };
  const drive = (to, depart, arrive, back) => {
    const minutes = m.min[pos][to], k10 = m.km10[pos][to];
    items.push({ type: "travel", from: nameAt(pos), to: nameAt(to), depart, arrive, minutes, km10: k10, back });
    travelMin += minutes;
    km10 += k10;
  };
  const inWindow = (x) => plan.lunch && x >= plan.lunch.from && x <= plan.lunch.to;
  for (const step of result.steps) {
    const j = step.j;
    let depart = t;
    if (step.lunch >= 0 && step.lunchFirst) {
      lunchItem(step.lunch, !inWindow(step.lunch));
      depart = step.lunch + lunchMin;
    }
    drive(j + 1, depart, step.arrive, false);
    if (step.lunch >= 0 && !step.lunchFirst) lunchItem(step.lunch, !inWindow(step.lunch));
    const i = plan.stops[j];
    const minutes = ctx.visit[j];
    const eaten = step.lunch >= 0 && !step.lunchFirst ? lunchMin : 0;
    const wait = Math.max(0, step.start - step.arrive - eaten);
    waitMin += wait;
    visitMin += minutes;
    items.push({ type: "visit", place: data.places[i].id, index: i, name: data.places[i].name, arrive: step.arrive,
      start: step.start, end: step.start + minutes, wait, minutes, open: info.hours[j].ranges, day: d,
      problems: rowProblems(data, plan, i, info.date) });
    t = step.start + minutes;
    pos = j + 1;
  }
  if (result.endLunch >= 0) {
    lunchItem(result.endLunch, !inWindow(result.endLunch));
    t = result.endLunch + lunchMin;
  }
  if (ctx.back && pos) {
    drive(0, t, t + m.min[pos][0], true);
    t += m.min[pos][0];
  }
  return { date: info.date, weekday: weekdayOf(info.date), items,
    totals: { start: plan.time, end: t, travelMin, km10, visitMin, waitMin, lunchMin: lunches * lunchMin } };
}

/** The problems that belong to a visit row: group larger than capacity, booking too late. */
function rowProblems(data, plan, i, date) {
  const place = data.places[i];
  const out = [];
  if (place.max != null && plan.group > place.max) out.push("group");
  if (place.res && place.res.req && place.res.days != null && plan.today && date &&
      daysBetween(plan.today, date) < place.res.days) out.push("deadline");
  return out;
}

/** Why stop j (local index) could not be fitted on any of the days: {code, why}. */
function whyLeftOut(data, plan, tour, j, nDays) {
  const place = data.places[plan.stops[j]];
  const closed = [], reasons = [];
  let fitsAlone = false;
  for (let d = 0; d < nDays; d++) {
    const info = tour.day(d);
    const h = info.hours[j];
    const label = nDays > 1 ? `${info.date}（${WEEKDAY_NAMES[weekdayOf(info.date)] || ""}）` : "";
    if (h.ranges && !h.ranges.length) {
      closed.push(`${label}${h.why || "闭馆"}`);
      continue;
    }
    const ctx = dayContext({ ...info.problem, back: d < nDays - 1 || tour.back });
    const arrive = plan.time + tour.m.min[0][j + 1];
    const start = fitAt(ctx, j, arrive);
    if (start < 0) {
      const open = (h.ranges || []).map(([a, b]) => `${clock(a)}–${clock(b)}`).join("、");
      const lastEnd = h.ranges && h.ranges.length ? h.ranges[h.ranges.length - 1][1] : DAY_END;
      if (arrive >= Math.min(lastEnd, ctx.latest)) reasons.push(`${label}最早 ${clock(arrive)} 才能到达，已过开放时间`);
      else reasons.push(`${label}开放时间${open ? `（${open}）` : ""}内放不下 ${duration(ctx.visit[j])} 的参观`);
      continue;
    }
    const back = ctx.back ? tour.m.min[j + 1][0] : 0;
    if (start + ctx.visit[j] + back > ctx.latest) {
      reasons.push(`${label}来不及在 ${clock(ctx.latest)} 前${ctx.back ? "返回" : "结束"}`);
      continue;
    }
    fitsAlone = true;
  }
  if (closed.length === nDays) return { code: "closed", why: `${place.name}在所选日期闭馆：${[...new Set(closed)].join("；")}` };
  if (fitsAlone) {
    return { code: "full", why: `${place.name}与其他站点的时间排不到一起，当天时间不够` +
      (nDays > 1 || plan.dayCount === 0 ? "" : "，可增加天数或减少站点") };
  }
  const all = [...closed, ...reasons];
  const code = reasons.some((r) => r.includes("已过开放时间")) ? "late" : reasons.some((r) => r.includes("来不及")) ? "full" : "short";
  return { code, why: `${place.name}无法安排：${[...new Set(all)].join("；")}` };
}

function warn(list, level, code, text, places = [], links = []) {
  list.push({ level, code, text, places, links });
}

/** What the coordinator must know, each said once: level "problem" (问题) or "note" (提示). */
function planWarnings(data, plan, days, unplaced, today) {
  const list = [];
  const visits = days.flatMap((day) => day.items.filter((x) => x.type === "visit").map((x) => ({ ...x, date: day.date })));
  const placesOf = (rows) => [...new Map(rows.map((r) => [r.index, data.places[r.index]])).values()];
  if (!plan.date || weekdayOf(plan.date) == null) warn(list, "problem", "date", "未给出有效日期，无法核对开放时间，请选择出行日期。");
  else if (today && daysBetween(today, plan.date) < 0) warn(list, "problem", "past", `出行日期 ${plan.date} 已经过去，请重新选择日期。`);
  for (const u of unplaced) warn(list, "problem", u.code, `${u.why}，未排入日程。`, [data.places[u.index].id]);
  for (const v of visits) {
    const p = data.places[v.index];
    if (v.problems.includes("group")) {
      warn(list, "problem", "group", `团队 ${plan.group} 人，超过${p.name}单批最多接待的 ${p.max} 人，请分批参观。` +
        (isSample(p, "max_group") ? "（接待人数为示例数据）" : ""), [p.id]);
    }
    if (v.problems.includes("deadline")) {
      warn(list, "problem", "deadline", `${p.name}需至少提前 ${p.res.days} 天预约，${v.date} 已来不及，请改期或先电话确认。`, [p.id]);
    }
  }
  for (const day of days) {
    for (const l of day.items.filter((x) => x.type === "lunch" && x.late)) {
      warn(list, "problem", "lunch", `${days.length > 1 ? day.date + " " : ""}午餐无法安排在 ${clock(plan.lunch.from)}–${clock(plan.lunch.to)} 之间，推迟到 ${clock(l.start)}。`);
    }
  }
  // 提示: each once, naming the stops
  const visited = placesOf(visits);
  const sample = visited.filter((p) => p.sf && p.sf.length);
  if (sample.length) {
    warn(list, "note", "sample", `以下站点的开放时间、接待能力等为示例数据，尚未核实，出行前请务必电话确认：${stopNames(sample)}。`, sample.map((p) => p.id));
  }
  const booking = visited.filter((p) => p.res && p.res.req);
  if (booking.length) {
    const parts = booking.map((p) => `${p.name}（${p.res.days != null ? `至少提前 ${p.res.days} 天` : "提前"}${p.res.phone ? `，电话 ${p.res.phone}` : "，电话尚未核实公布，请通过当地组织部门联系"}）`);
    warn(list, "note", "reserve", `需提前预约：${parts.join("；")}。`, booking.map((p) => p.id),
      booking.filter((p) => p.res.phone).map((p) => ({ text: p.res.phone, href: `tel:${p.res.phone}` })));
  }
  const noBus = visited.filter((p) => p.bus === false);
  if (noBus.length) warn(list, "note", "bus", `不能停放大客车，请安排在附近下车或换乘小型车辆：${stopNames(noBus)}。`, noBus.map((p) => p.id));
  const unknown = placesOf(visits.filter((v) => v.open == null));
  if (unknown.length && plan.date) warn(list, "note", "hours", `开放时间未知，已按全天开放安排，请提前电话确认：${stopNames(unknown)}。`, unknown.map((p) => p.id));
  const estimated = placesOf(visits.filter((v) => data.places[v.index].minEst && !(plan.minutes && plan.minutes[v.index])));
  if (estimated.length) {
    warn(list, "note", "minutes", `未给出建议参观时长，暂按 ${duration(data.assume.defaultMin || 45)} 安排：${stopNames(estimated)}。`, estimated.map((p) => p.id));
  }
  return list;
}
