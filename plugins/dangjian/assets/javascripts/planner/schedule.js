/* The day schedule of a plan in a given order: travel legs, arrival and departure at each
 * stop (waiting for opening when early), the lunch break, totals, and the warnings a
 * coordinator must see. No DOM here; times are minutes after midnight. */

import { planMatrix } from "./travel.js";

export const WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const EVENING = 18 * 60; // a day that ends later is flagged
export const LUNCH_EARLY = 30; // lunch may start this much before its time, at a gap between stops

/** "08:05" for 485. */
export function clock(minutes) {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60), r = m % 60;
  return `${String(h).padStart(2, "0")}:${String(r).padStart(2, "0")}`;
}

/** "1 小时 30 分钟" for 90. */
export function duration(minutes) {
  const h = Math.floor(minutes / 60), r = minutes % 60;
  if (h && r) return `${h} 小时 ${r} 分钟`;
  return h ? `${h} 小时` : `${r} 分钟`;
}

/** 0 (Monday) to 6 (Sunday) for an ISO date "2025-06-10"; null when not a real date. */
export function weekdayOf(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
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

/** True when field of place is sample data (示例). */
export function isSample(place, field) {
  return Boolean(place.sf && (place.sf.includes("*") || place.sf.includes(field)));
}

/**
 * When the visit can start: {start, window ([s, e] or null), fits, late}.
 * ranges are the day's opening ranges; an empty list means closed; null means unknown.
 */
export function fitVisit(ranges, arrive, minutes) {
  if (!ranges || !ranges.length) return { start: arrive, window: null, fits: true, late: false };
  for (const [s, e] of ranges) {
    const start = Math.max(arrive, s);
    if (start + minutes <= e) return { start, window: [s, e], fits: true, late: false };
  }
  const open = ranges.find(([, e]) => e > arrive);
  if (open) return { start: Math.max(arrive, open[0]), window: open, fits: false, late: false };
  return { start: arrive, window: null, fits: false, late: true };
}

function warn(list, code, level, text, place) {
  list.push({ code, level, text, place: place ? place.id : null });
}

/**
 * The schedule. plan = {stops (place indices in visiting order), minutes (per stop, optional),
 * start (null or {lat, lon, name}), date (ISO), time (minutes), group, lunchAt (minutes or null),
 * lunchMin, back}. today (ISO) is for the booking lead time.
 */
export function buildSchedule(data, plan, today) {
  const places = plan.stops.map((i) => data.places[i]);
  const m = planMatrix(data, plan.stops, plan.start);
  const weekday = weekdayOf(plan.date);
  const items = [];
  const warnings = [];
  let t = plan.time;
  let lunchDone = !(plan.lunchAt != null && plan.lunchMin > 0);
  let travelMin = 0, travelKm10 = 0, visitMin = 0, waitMin = 0;
  const startName = plan.start ? plan.start.name || "自定坐标" : data.start.name;

  const lunchNow = (at) => {
    items.push({ type: "lunch", start: at, end: at + plan.lunchMin });
    lunchDone = true;
    return at + plan.lunchMin;
  };

  places.forEach((place, n) => {
    if (!lunchDone && t >= plan.lunchAt - LUNCH_EARLY) t = lunchNow(t);
    const legMin = m.min[n][n + 1], legKm10 = m.km10[n][n + 1];
    items.push({ type: "travel", from: n === 0 ? startName : places[n - 1].name, to: place.name,
      depart: t, arrive: t + legMin, minutes: legMin, km10: legKm10 });
    travelMin += legMin;
    travelKm10 += legKm10;
    t += legMin;
    const arrive = t;
    const minutes = (plan.minutes && plan.minutes[n]) || place.min;
    const ranges = weekday == null || !place.hours ? null : place.hours[weekday];
    let fit = fitVisit(ranges, arrive, minutes);
    if (!lunchDone && fit.start > arrive && Math.max(arrive, plan.lunchAt) + plan.lunchMin <= fit.start) {
      // lunch while waiting for the place to open
      lunchNow(Math.max(arrive, plan.lunchAt));
    }
    const wait = fit.start - arrive;
    waitMin += wait;
    const end = fit.start + minutes;
    visitMin += minutes;
    items.push({ type: "visit", place: place.id, index: plan.stops[n], name: place.name, arrive,
      start: fit.start, end, wait, minutes });
    t = end;
    stopWarnings(warnings, place, { ranges, fit, weekday, arrive, start: fit.start, end, wait, minutes }, plan, today);
  });
  if (!lunchDone && places.length && t >= plan.lunchAt - LUNCH_EARLY) t = lunchNow(t);
  if (plan.back && places.length) {
    const last = places.length;
    const legMin = m.min[last][0], legKm10 = m.km10[last][0];
    items.push({ type: "travel", from: places[last - 1].name, to: startName, depart: t, arrive: t + legMin,
      minutes: legMin, km10: legKm10, back: true });
    travelMin += legMin;
    travelKm10 += legKm10;
    t += legMin;
  }
  planWarnings(warnings, places, plan, t, weekday, today);
  return {
    items,
    warnings,
    totals: { start: plan.time, end: t, travelMin, km10: travelKm10, visitMin, waitMin,
      lunchMin: items.some((i) => i.type === "lunch") ? plan.lunchMin : 0 },
  };
}

function stopWarnings(list, place, v, plan, today) {
  const day = v.weekday == null ? "" : WEEKDAY_NAMES[v.weekday];
  if (v.ranges && v.ranges.length === 0) {
    warn(list, "closed", "error", `${place.name}${day}闭馆，请改换日期或删除该站。`, place);
  } else if (v.fit.late) {
    warn(list, "late", "error", `到达${place.name}（${clock(v.arrive)}）时已过当天开放时间，请调整顺序或出发时间。`, place);
  } else if (!v.fit.fits && v.fit.window) {
    const left = Math.max(0, v.fit.window[1] - v.start);
    warn(list, "short", "error", `${place.name}${clock(v.fit.window[1])}闭馆，开始参观后只有 ${duration(left)}，不足建议的 ${duration(v.minutes)}。`, place);
  }
  if (v.ranges == null) {
    warn(list, "hours", "warn", `${place.name}${day}的开放时间未知，请提前电话确认。`, place);
  }
  if (v.wait > 0) {
    warn(list, "wait", "info", `${place.name}${clock(v.start)}开放，需等候 ${duration(v.wait)}。`, place);
  }
  if (place.max != null && plan.group > place.max) {
    warn(list, "group", "error", `团队 ${plan.group} 人，超过${place.name}单批最多接待的 ${place.max} 人，请分批参观。${isSample(place, "max_group") ? "（接待人数为示例数据）" : ""}`, place);
  }
  if (place.res && place.res.req) {
    const ahead = place.res.days != null ? `至少提前 ${place.res.days} 天` : "提前";
    const phone = place.res.phone ? `预约电话 ${place.res.phone}。` : "预约电话尚未核实公布，请通过当地组织部门联系。";
    let text = `${place.name}需${ahead}预约，${phone}`;
    if (place.res.days != null && today && plan.date && daysBetween(today, plan.date) < place.res.days) {
      text += `距出行日期已不足 ${place.res.days} 天，请尽快联系。`;
    }
    warn(list, "reserve", "warn", text, place);
  }
  if (place.bus === false) {
    warn(list, "bus", "warn", `${place.name}不能停放大客车，请安排在附近下车或换乘小型车辆。`, place);
  }
  if (place.minEst) {
    warn(list, "minutes", "info", `${place.name}未给出建议参观时长，暂按 ${duration(v.minutes)} 安排。`, place);
  }
  if (place.hnote && place.hnote.length) {
    warn(list, "note", "info", `${place.name}：${place.hnote.join(" ")}`, place);
  }
}

function planWarnings(list, places, plan, end, weekday, today) {
  if (weekday == null) warn(list, "date", "warn", "未给出有效日期，无法核对开放时间。", null);
  else if (today && daysBetween(today, plan.date) < 0) warn(list, "past", "warn", `出行日期 ${plan.date} 已经过去，请重新选择日期。`, null);
  if (end > EVENING) warn(list, "evening", "warn", `行程在 ${clock(end)} 才结束，晚于 18:00，请考虑减少站点或分两天安排。`, null);
  const sample = places.filter((p) => p.sf && p.sf.length).map((p) => p.name);
  if (sample.length) {
    warn(list, "sample", "warn", `以下站点的开放时间、接待能力等为示例数据，尚未核实，出行前请务必确认：${sample.join("、")}。`, null);
  }
}
