/* The visiting plan a coordinator cares about: which stops on which day and in which order.
 *
 * The objective is lexicographic:
 *   1. the fewest stops left out (a stop is only ever visited inside one of its opening
 *      intervals for that date, for its whole visit, and the day ends by its latest time;
 *      a stop that cannot be fitted is left out and reported, never put in a closed slot);
 *   2. the fewest days (the index of the last day used);
 *   3. the fewest lunch breaks outside their window;
 *   4. the earliest end: the sum over the days of the time each day ends;
 *   5. the least driving: travel minutes, then tenths of a km.
 *
 * One day is a path from the base at the day's start time: drive, wait when early, visit,
 * and one lunch break (when the day runs past the window's start) taken at a stop, either
 * before driving on or on arrival (while waiting for the opening). Times are whole minutes
 * after midnight and never pass the day's latest time, which is at most 24:00.
 *
 * Exact up to EXACT_LIMIT stops: dynamic programming over subsets. A state is (the set of
 * stops visited, the stop last visited); its labels are the Pareto-minimal (time, driving,
 * lunch state) of the paths reaching it. Arriving earlier is never worse (the group can
 * always wait), so a label that is no later, drives no more and has no worse lunch state
 * than another makes the other useless, and keeping only the undominated labels is exact.
 * Every state is also a possible end of the day, so the best plan that leaves some stops
 * out is found by the same pass. Several days are joined by a second dynamic programme over
 * subsets: the best way to cover a set M of stops in days 1..d is the best over S within M
 * of (days 1..d-1 covering M minus S) plus (day d visiting exactly S); the per-day costs
 * add up, so this is exact too.
 *
 * Beyond the limit the plan is a labelled heuristic: each order is evaluated exactly (which
 * stops to leave out, where lunch goes), starting from a short driving order and an
 * earliest-closing-first order and improved by moving single stops until no move helps;
 * the days are filled one after another.
 *
 * No DOM here, so node's test runner can check it against brute force. */

export const EXACT_LIMIT = 12;
export const DAY_END = 24 * 60;
export const MAX_DAYS = 14; // "as many as needed" looks this far ahead
const KM_WEIGHT = 1e6; // a day's km10 stays far below this, so minutes always dominate

/** One number per leg: minutes dominate, tenths of a km break ties. */
export function legCost(minutes, km10) {
  return minutes * KM_WEIGHT + km10;
}

/**
 * A day's problem, checked and flattened. day = {
 *   minutes: (k+1)x(k+1) travel minutes, row and column 0 the base;
 *   km10: the same in tenths of a km (optional);
 *   visit: k visit minutes;
 *   open: k lists of [start, end] intervals for that date ([] closed, null unknown: all day);
 *   start: the time the day starts at the base; latest: the time it must be over by (<= 24:00);
 *   lunch: {from, to, minutes} (the window and the break) or null;
 *   back: whether the day ends back at the base }.
 */
export function dayContext(day) {
  const k = day.visit.length;
  const n = k + 1;
  const travel = new Int32Array(n * n), cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const m = day.minutes[i][j];
      travel[i * n + j] = m;
      cost[i * n + j] = legCost(m, day.km10 ? day.km10[i][j] : 0);
    }
  }
  const latest = Math.min(DAY_END, day.latest == null ? DAY_END : day.latest);
  const open = day.open.map((ranges) => {
    const list = ranges == null ? [[0, DAY_END]] : ranges;
    const flat = [];
    for (const [s, e] of list) {
      const end = Math.min(e, latest);
      if (end > s) flat.push(s, end);
    }
    return flat;
  });
  const lunch = day.lunch && day.lunch.minutes > 0 && day.start < day.lunch.to ? day.lunch : null;
  return { k, n, travel, cost, visit: Int32Array.from(day.visit), open, start: day.start, latest, lunch,
    back: Boolean(day.back) };
}

/** The earliest start of stop i's visit when the group is there at time a; -1 when it does not fit. */
export function fitAt(ctx, i, a) {
  const w = ctx.open[i], d = ctx.visit[i];
  for (let q = 0; q < w.length; q += 2) {
    const s = a > w[q] ? a : w[q];
    if (s + d <= w[q + 1]) return s;
  }
  return -1;
}

// Lunch state of a label: not yet taken, taken inside the window, taken late.
const NOT_YET = 0, IN_WINDOW = 1, LATE = 2;

function lunchBreak(lunch, t) {
  const x = t > lunch.from ? t : lunch.from;
  return { x, end: x + lunch.minutes, state: x <= lunch.to ? IN_WINDOW : LATE };
}

// The ways to go from a label at position pos (0 the base, else stop + 1) to visit stop j:
// straight on, lunch before driving, or lunch on arrival. Calls emit(t, dr, ls, step).
function moves(ctx, label, pos, j, emit) {
  const n = ctx.n, at = pos * n + j + 1;
  const tau = ctx.travel[at], c = ctx.cost[at], dr = label.dr + c, d = ctx.visit[j];
  const a = label.t + tau;
  let s = fitAt(ctx, j, a);
  if (s >= 0) emit(s + d, dr, label.ls, { j, arrive: a, start: s, lunch: -1, lunchFirst: false });
  if (label.ls !== NOT_YET) return;
  // lunch on arrival (also while waiting for the opening)
  const after = lunchBreak(ctx.lunch, a);
  s = fitAt(ctx, j, after.end);
  if (s >= 0) emit(s + d, dr, after.state, { j, arrive: a, start: s, lunch: after.x, lunchFirst: false });
  // lunch before driving on arrives no earlier, so it only helps when it keeps lunch in its
  // window and lunch on arrival would not (as in daySubsets)
  if (after.state !== LATE) return;
  const before = lunchBreak(ctx.lunch, label.t);
  if (before.state === LATE) return;
  s = fitAt(ctx, j, before.end + tau);
  if (s >= 0) emit(s + d, dr, before.state, { j, arrive: before.end + tau, start: s, lunch: before.x, lunchFirst: true });
}

/** How a day that is at pos at label's time ends: {late, end, dr, lunch} or null when it cannot end by its latest time. */
function finish(ctx, label, pos, back) {
  let t = label.t, ls = label.ls, lunch = -1;
  if (ls === NOT_YET && t > ctx.lunch.from) {
    const b = lunchBreak(ctx.lunch, t);
    lunch = b.x;
    ls = b.state;
    t = b.end;
  }
  let dr = label.dr;
  if (back && pos !== 0) {
    t += ctx.travel[pos * ctx.n];
    dr += ctx.cost[pos * ctx.n];
  }
  if (t > ctx.latest) return null;
  return { late: ls === LATE ? 1 : 0, end: t, dr, lunch };
}

// A dominates B: no later, no more driving, and a lunch state no worse.
const dominates = (a, b) => a.t <= b.t && a.dr <= b.dr && (a.ls === b.ls || a.ls === IN_WINDOW);

/** The stops of a label's path, in visiting order. */
function orderOf(label) {
  const out = [];
  for (let l = label; l && l.step; l = l.prev) if (l.step.skip == null) out.push(l.step.j);
  return out.reverse();
}

/** A table of the best day per subset mask: ending as fin says, and back at the base (ret). */
class DayTable {
  constructor(size) {
    this.late = new Int8Array(size).fill(-1); // -1: this subset cannot be a day
    this.end = new Int32Array(size);
    this.dr = new Float64Array(size);
    this.label = new Int32Array(size).fill(-1);
  }

  offer(mask, late, end, dr, label) {
    const l = this.late[mask];
    if (l < 0 || late < l || (late === l && (end < this.end[mask] || (end === this.end[mask] && dr < this.dr[mask])))) {
      this.late[mask] = late;
      this.end[mask] = end;
      this.dr[mask] = dr;
      this.label[mask] = label;
    }
  }
}

/**
 * Exact single-day search over every subset of the stops. Returns {fin, ret, order}: fin
 * and ret are DayTables (per subset mask of stops visited, all of them, the best way to end
 * the day: as ctx.back says, and back at the base; ret only when needRet), and order(id)
 * the visiting order of a table's label id.
 */
export function daySubsets(ctx, needRet = true) {
  const { k, n, travel, cost, visit, lunch } = ctx;
  const size = 1 << k, P = k + 1;
  const fin = new DayTable(size), ret = needRet ? new DayTable(size) : null;
  let cap = 4096, count = 0;
  let T = new Int32Array(cap), DR = new Float64Array(cap), LS = new Uint8Array(cap);
  let PREV = new Int32Array(cap), J = new Int8Array(cap), ALIVE = new Uint8Array(cap);
  const lists = new Array(size * P);
  const from = lunch ? lunch.from : 0, to = lunch ? lunch.to : 0, lm = lunch ? lunch.minutes : 0;
  const latest = ctx.latest;

  function add(key, t, dr, ls, prev, j) {
    let list = lists[key];
    if (list) {
      for (let r = 0; r < list.length; r++) {
        const o = list[r];
        if (T[o] <= t && DR[o] <= dr && (LS[o] === ls || LS[o] === IN_WINDOW)) return;
      }
      let w = 0;
      for (let r = 0; r < list.length; r++) {
        const o = list[r];
        if (!(t <= T[o] && dr <= DR[o] && (ls === LS[o] || ls === IN_WINDOW))) list[w++] = o;
      }
      list.length = w;
    } else {
      list = lists[key] = [];
    }
    if (count === cap) {
      cap *= 2;
      const grow = (a) => { const b = new a.constructor(cap); b.set(a); return b; };
      T = grow(T); DR = grow(DR); LS = grow(LS); PREV = grow(PREV); J = grow(J); ALIVE = grow(ALIVE);
    }
    T[count] = t; DR[count] = dr; LS[count] = ls; PREV[count] = prev; J[count] = j;
    list.push(count++);
  }

  add(0, ctx.start, 0, lunch ? NOT_YET : IN_WINDOW, -1, -1);
  for (let mask = 0; mask < size; mask++) {
    for (let pos = 0; pos <= k; pos++) {
      const key0 = mask * P + pos;
      const list = lists[key0];
      if (!list) continue;
      lists[key0] = null; // every successor has a larger mask
      const row = pos * n;
      for (let r = 0; r < list.length; r++) {
        const id = list[r];
        const t = T[id], dr = DR[id], ls = LS[id];
        // this label as the end of the day
        let et = t, els = ls;
        if (ls === NOT_YET && t > from) {
          const x = t;
          els = x <= to ? IN_WINDOW : LATE;
          et = x + lm;
        }
        const bt = pos ? et + travel[row] : et, bdr = pos ? dr + cost[row] : dr;
        if (ctx.back) {
          if (bt <= latest) fin.offer(mask, els === LATE ? 1 : 0, bt, bdr, id);
        } else if (et <= latest) {
          fin.offer(mask, els === LATE ? 1 : 0, et, dr, id);
        }
        if (ret && bt <= latest) ret.offer(mask, els === LATE ? 1 : 0, bt, bdr, id);
        // the moves to each stop not yet visited
        for (let j = 0; j < k; j++) {
          const bit = 1 << j;
          if (mask & bit) continue;
          const key = (mask | bit) * P + j + 1;
          const tau = travel[row + j + 1], ndr = dr + cost[row + j + 1], d = visit[j];
          const a = t + tau;
          let st = fitAt(ctx, j, a);
          if (st >= 0) add(key, st + d, ndr, ls, id, j);
          if (ls !== NOT_YET) continue;
          // lunch on arrival (also while waiting for the opening)
          const ax = a > from ? a : from, aState = ax <= to ? IN_WINDOW : LATE;
          st = fitAt(ctx, j, ax + lm);
          if (st >= 0) add(key, st + d, ndr, aState, id, j);
          // lunch before driving on: arrives later than lunch on arrival, so it only helps
          // when it keeps lunch inside the window and lunch on arrival would not
          if (aState === LATE) {
            const bx = t > from ? t : from;
            if (bx <= to) {
              st = fitAt(ctx, j, bx + lm + tau);
              if (st >= 0) add(key, st + d, ndr, IN_WINDOW, id, j);
            }
          }
        }
      }
    }
  }
  const order = (id) => {
    const out = [];
    for (let l = id; l >= 0 && J[l] >= 0; l = PREV[l]) out.push(J[l]);
    return out.reverse();
  };
  return { fin, ret, order, labels: count };
}

/**
 * The best timeline for one day visiting `order` (stop indices) in that order: a stop that
 * does not fit is left out (with skipAny, any stop may be left out when that is better).
 * Exact for the order. Returns {left, late, end, dr, steps, endLunch, skipped} or null.
 */
export function evaluateOrder(ctx, order, skipAny = false) {
  const root = { t: ctx.start, dr: 0, ls: ctx.lunch ? NOT_YET : IN_WINDOW, pos: 0, left: 0, prev: null, step: null };
  let labels = [root];
  const dom = (a, b) => a.pos === b.pos && a.left <= b.left && dominates(a, b);
  const add = (list, label) => {
    for (const other of list) if (dom(other, label)) return;
    let w = 0;
    for (let r = 0; r < list.length; r++) if (!dom(label, list[r])) list[w++] = list[r];
    list.length = w;
    list.push(label);
  };
  for (const j of order) {
    const next = [];
    for (const label of labels) {
      let any = false;
      moves(ctx, label, label.pos, j, (t, dr, ls, step) => {
        any = true;
        add(next, { t, dr, ls, pos: j + 1, left: label.left, prev: label, step });
      });
      if (!any || skipAny) add(next, { ...label, left: label.left + 1, prev: label, step: { skip: j, t: label.t, pos: label.pos } });
    }
    labels = next;
  }
  let best = null;
  for (const label of labels) {
    const f = finish(ctx, label, label.pos, ctx.back);
    if (!f) continue;
    const key = { left: label.left, ...f };
    if (!best || key.left < best.left || (key.left === best.left && (key.late < best.late ||
        (key.late === best.late && (key.end < best.end || (key.end === best.end && key.dr < best.dr)))))) {
      best = { ...key, label };
    }
  }
  if (!best) return null;
  const all = [];
  for (let l = best.label; l && l.step; l = l.prev) all.push(l.step);
  all.reverse();
  return { left: best.left, late: best.late, end: best.end, dr: best.dr, endLunch: best.lunch,
    steps: all.filter((s) => s.skip == null), skipped: all.filter((s) => s.skip != null).map((s) => s.skip),
    skips: all.filter((s) => s.skip != null) };
}

const popcount = (m) => {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
};

// Lexicographic comparison of plan keys: [left out, last day, late lunches, sum of ends, driving].
function less(a, b) {
  if (!b) return true;
  for (let q = 0; q < a.length; q++) if (a[q] !== b[q]) return a[q] < b[q];
  return false;
}

/**
 * The best plan. tour = {stops: k, days: N (0: as many as needed), day(d) -> the day
 * problem of day d (0-based) as dayContext takes it, without `back` (set here: every day
 * but the last ends at the base; the last as tour.back says), back}.
 * Returns {exact, days: [{steps, late, end, dr, endLunch}], unplaced: [stop], key}.
 */
export function optimiseTour(tour) {
  const k = tour.stops;
  if (k > EXACT_LIMIT) return heuristicTour(tour);
  const size = 1 << k, full = size - 1;
  const auto = !tour.days;
  const maxDays = auto ? MAX_DAYS : tour.days;
  // the best cover of exactly M by the days so far, every one ending at the base
  let gLate = new Float64Array(size).fill(Infinity), gEnd = new Float64Array(size), gDr = new Float64Array(size);
  gLate[0] = 0;
  const choices = []; // per day: M -> the subset S visited that day
  const tables = []; // per day: {ret, order, ctx}
  let best = null, bestAt = null, covered = 0, lastProgress = 0;
  for (let d = 0; d < maxDays; d++) {
    const needRet = d < maxDays - 1;
    const ctx = dayContext({ ...tour.day(d), back: tour.back });
    const found = daySubsets(ctx, needRet && !tour.back);
    const fin = found.fin, ret = tour.back ? found.fin : found.ret;
    tables.push({ ret, order: found.order, ctx: tour.back ? ctx : { ...ctx, back: true } });
    // the plans whose last day is d
    for (let M = 1; M <= full; M++) {
      const left = k - popcount(M);
      if (best && left > best[0]) continue;
      for (let S = M; S; S = (S - 1) & M) {
        if (fin.late[S] < 0) continue;
        const P = M ^ S;
        if (gLate[P] === Infinity) continue;
        const key = [left, d + 1, gLate[P] + fin.late[S], gEnd[P] + fin.end[S], gDr[P] + fin.dr[S]];
        if (less(key, best)) {
          best = key;
          bestAt = { d, M, S, ctx, order: found.order(fin.label[S]) };
        }
      }
    }
    if (bestAt && popcount(bestAt.M) > covered) {
      covered = popcount(bestAt.M);
      lastProgress = d;
    }
    if (best && best[0] === 0) break; // a later last day cannot beat a plan that leaves nothing out
    if (auto && d - lastProgress >= 7) break; // a week without progress: the rest never fit
    if (!needRet) break;
    // extend the covers by day d ending at the base
    const nLate = new Float64Array(size), nEnd = new Float64Array(size), nDr = new Float64Array(size);
    const choice = new Int32Array(size);
    for (let M = 0; M <= full; M++) {
      let bl = gLate[M], be = gEnd[M], bd = gDr[M], bs = 0;
      for (let S = M; S; S = (S - 1) & M) {
        if (ret.late[S] < 0) continue;
        const P = M ^ S;
        if (gLate[P] === Infinity) continue;
        const l = gLate[P] + ret.late[S], e = gEnd[P] + ret.end[S], r = gDr[P] + ret.dr[S];
        if (l < bl || (l === bl && (e < be || (e === be && r < bd)))) {
          bl = l; be = e; bd = r; bs = S;
        }
      }
      nLate[M] = bl; nEnd[M] = be; nDr[M] = bd; choice[M] = bs;
    }
    choices.push(choice);
    gLate = nLate; gEnd = nEnd; gDr = nDr;
  }
  if (!best) return { exact: true, days: [], unplaced: [...Array(k).keys()], key: [k, 0, 0, 0, 0] };
  const days = new Array(bestAt.d + 1);
  days[bestAt.d] = evaluateOrder(bestAt.ctx, bestAt.order);
  let M = bestAt.M ^ bestAt.S;
  for (let d = bestAt.d - 1; d >= 0; d--) {
    const S = choices[d][M];
    const t = tables[d];
    days[d] = S ? evaluateOrder(t.ctx, t.order(t.ret.label[S])) : EMPTY_DAY;
    M ^= S;
  }
  const unplaced = [];
  for (let j = 0; j < k; j++) if (!(bestAt.M & (1 << j))) unplaced.push(j);
  return { exact: true, days, unplaced, key: best };
}

export const EMPTY_DAY = Object.freeze({ left: 0, late: 0, end: null, dr: 0, endLunch: -1, steps: [], skipped: [] });

// ---- beyond the exact limit -------------------------------------------------------------

function dayKey(r) {
  return r ? [r.left, r.late, r.end, r.dr] : [Infinity, 0, 0, 0];
}

/** Nearest neighbour by driving from the base, then 2-opt segment reversals. */
export function shortOrder(ctx, stops) {
  const n = ctx.n, left = new Set(stops), order = [];
  let at = 0;
  while (left.size) {
    let pick = -1, best = Infinity;
    for (const j of left) {
      const c = ctx.cost[at * n + j + 1];
      if (c < best) { best = c; pick = j; }
    }
    order.push(pick);
    left.delete(pick);
    at = pick + 1;
  }
  const length = (o) => {
    let c = 0, p = 0;
    for (const j of o) { c += ctx.cost[p * n + j + 1]; p = j + 1; }
    return c;
  };
  let current = length(order), improved = true;
  while (improved) {
    improved = false;
    for (let i = 0; i < order.length - 1; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const cand = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        const c = length(cand);
        if (c < current) { order.splice(0, order.length, ...cand); current = c; improved = true; }
      }
    }
  }
  return order;
}

/** A good single-day order of stops (heuristic): the evaluated result of the best order found. */
export function heuristicDay(ctx, stops) {
  if (!stops.length) return evaluateOrder(ctx, [], true);
  const closing = (j) => {
    const w = ctx.open[j];
    return w.length ? w[w.length - 1] : -1;
  };
  const seeds = [shortOrder(ctx, stops), [...stops].sort((a, b) => closing(a) - closing(b))];
  let bestOrder = null, best = null;
  for (const seed of seeds) {
    let order = seed, result = evaluateOrder(ctx, order, true);
    for (let round = 0, improved = true; improved && round < 40; round++) {
      improved = false;
      for (let from = 0; from < order.length; from++) {
        for (let to = 0; to < order.length; to++) {
          if (to === from) continue;
          const cand = order.slice();
          const [item] = cand.splice(from, 1);
          cand.splice(to, 0, item);
          const r = evaluateOrder(ctx, cand, true);
          if (less(dayKey(r), dayKey(result))) { order = cand; result = r; improved = true; }
        }
      }
    }
    if (less(dayKey(result), dayKey(best))) { best = result; bestOrder = order; }
  }
  return best;
}

function heuristicTour(tour) {
  const k = tour.stops, auto = !tour.days, maxDays = auto ? MAX_DAYS : tour.days;
  let remaining = [...Array(k).keys()];
  const days = [];
  let late = 0, sumEnd = 0, dr = 0, lastProgress = 0;
  for (let d = 0; d < maxDays && remaining.length; d++) {
    const last = d === maxDays - 1;
    const ctx = dayContext({ ...tour.day(d), back: last ? tour.back : true });
    let r = heuristicDay(ctx, remaining);
    if (!last && !tour.back && r && r.left === 0) {
      // everything fits today: end the tour today, as the last day would
      const lastDay = heuristicDay(dayContext({ ...tour.day(d), back: false }), remaining);
      if (lastDay && lastDay.left === 0) r = lastDay;
    }
    const visited = new Set(r ? r.steps.map((s) => s.j) : []);
    days.push(r && visited.size ? r : EMPTY_DAY);
    if (visited.size) {
      lastProgress = d;
      late += r.late;
      sumEnd += r.end;
      dr += r.dr;
    }
    remaining = remaining.filter((j) => !visited.has(j));
    if (auto && d - lastProgress >= 7) break;
  }
  while (days.length && !days[days.length - 1].steps.length) days.pop();
  return { exact: false, days, unplaced: remaining, key: [remaining.length, days.length, late, sumEnd, dr] };
}
