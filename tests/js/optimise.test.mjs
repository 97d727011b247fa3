// The optimiser against brute force: every order, every place for lunch, every split into days.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  dayContext, EXACT_LIMIT, evaluateOrder, legCost, optimiseTour,
} from "../../plugins/dangjian/assets/javascripts/planner/optimise.js";

// A small deterministic random generator, so a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

/** A random day: travel minutes and km, visit minutes, opening windows, lunch. */
function randomDay(k, rand) {
  const n = k + 1;
  const minutes = [...Array(n)].map(() => Array(n).fill(0));
  const km10 = [...Array(n)].map(() => Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      minutes[i][j] = minutes[j][i] = int(rand, 3, 70);
      km10[i][j] = km10[j][i] = int(rand, 20, 900);
    }
  }
  const open = [...Array(k)].map(() => {
    const r = rand();
    if (r < 0.1) return [];
    if (r < 0.2) return null;
    const a = int(rand, 7 * 60, 10 * 60), b = a + int(rand, 60, 240);
    if (rand() < 0.5) return [[a, b]];
    const c = b + int(rand, 30, 120);
    return [[a, b], [c, c + int(rand, 60, 240)]];
  });
  const visit = [...Array(k)].map(() => 5 * int(rand, 4, 24));
  const from = 5 * int(rand, 132, 150);
  const lunch = rand() < 0.2 ? null : { from, to: from + 5 * int(rand, 12, 24), minutes: 5 * int(rand, 6, 12) };
  return { minutes, km10, visit, open, start: 5 * int(rand, 90, 110), latest: 5 * int(rand, 180, 288), lunch };
}

function permutations(items) {
  if (items.length <= 1) return [items.slice()];
  const out = [];
  items.forEach((x, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/** The earliest start of a visit of `minutes` at or after `a` inside one window, or -1. */
function fit(ranges, a, minutes, latest) {
  for (const [s, e] of ranges == null ? [[0, 1440]] : ranges) {
    const start = Math.max(a, s);
    if (start + minutes <= Math.min(e, latest)) return start;
  }
  return -1;
}

/**
 * One day in a fixed order with lunch at a fixed slot, visiting each stop as early as it
 * can and leaving out a stop that does not fit. Slot 2i: lunch before driving to the i-th
 * stop; 2i + 1: on arriving there; 2k: after the last visit; -1: no lunch. Returns the key
 * [left out, late lunch, end, driving] or null when the day cannot be so.
 */
function simulate(day, order, slot, back) {
  const L = day.lunch;
  let t = day.start, pos = 0, dr = 0, left = 0, late = 0, lunched = !L || day.start >= L.to;
  const eat = () => {
    const x = Math.max(t, L.from);
    late = x > L.to ? 1 : 0;
    t = x + L.minutes;
    lunched = true;
  };
  order.forEach((j, i) => {
    if (!lunched && slot === 2 * i) eat();
    const tau = day.minutes[pos][j + 1];
    const a = t + tau;
    if (!lunched && slot === 2 * i + 1) {
      const x = Math.max(a, L.from), ready = x + L.minutes;
      const s = fit(day.open[j], ready, day.visit[j], day.latest);
      if (s < 0) { // not there after all: lunch where the group is, and leave the stop out
        eat();
        left++;
        return;
      }
      late = x > L.to ? 1 : 0;
      lunched = true;
      dr += legCost(tau, day.km10[pos][j + 1]);
      t = s + day.visit[j];
      pos = j + 1;
      return;
    }
    const s = fit(day.open[j], a, day.visit[j], day.latest);
    if (s < 0) { left++; return; }
    dr += legCost(tau, day.km10[pos][j + 1]);
    t = s + day.visit[j];
    pos = j + 1;
  });
  if (!lunched) {
    if (slot === 2 * order.length) eat();
    else if (t > L.from) return null; // lunch needed and not taken
  }
  if (back && pos) {
    t += day.minutes[pos][0];
    dr += legCost(day.minutes[pos][0], day.km10[pos][0]);
  }
  if (t > day.latest) return null;
  return [left, late, t, dr];
}

function lexLess(a, b) {
  if (!b) return true;
  for (let q = 0; q < a.length; q++) if (a[q] !== b[q]) return a[q] < b[q];
  return false;
}

/** The best key of one day over every order of stops and every lunch slot. */
function bruteDay(day, stops, back) {
  let best = null;
  for (const order of permutations(stops)) {
    for (let slot = -1; slot <= 2 * order.length; slot++) {
      const key = simulate(day, order, slot, back);
      if (key && lexLess(key, best)) best = key;
    }
  }
  return best;
}

const keyOfDay = (r) => [r.left, r.late, r.end, r.dr];

describe("one day, exact", () => {
  test("the planner's plan equals brute force over every order and lunch slot (random instances up to 9 stops)", () => {
    const rand = rng(20250610);
    const rounds = { 1: 30, 2: 30, 3: 30, 4: 25, 5: 20, 6: 12, 7: 6, 8: 2, 9: 1 };
    for (let k = 1; k <= 9; k++) {
      for (let r = 0; r < rounds[k]; r++) {
        const day = randomDay(k, rand);
        const back = rand() < 0.5;
        const plan = optimiseTour({ stops: k, days: 1, back, day: () => day });
        const brute = bruteDay(day, [...Array(k).keys()], back);
        const [left, lastDay, late, end, dr] = plan.key;
        const expect = brute || [k, 0, 0, 0];
        const label = `k=${k} round=${r} back=${back}`;
        assert.equal(left, expect[0], `${label}: stops left out`);
        assert.equal(plan.unplaced.length, left, label);
        if (left === k) continue;
        assert.equal(lastDay, 1, label);
        assert.deepEqual([late, end, dr], expect.slice(1), `${label}: late lunch, end, driving`);
        // and the order the planner returns gives that key when simulated on its own
        const order = plan.days[0].steps.map((s) => s.j);
        const own = [];
        for (let slot = -1; slot <= 2 * order.length; slot++) {
          const key = simulate(day, order, slot, back);
          if (key && key[0] === 0) own.push(key);
        }
        own.sort((a, b) => (lexLess(a, b) ? -1 : 1));
        assert.deepEqual(own[0].slice(1), expect.slice(1), `${label}: the returned order`);
      }
    }
  });

  test("every visit of the plan lies inside an opening window of its stop, and the day ends by its latest time", () => {
    const rand = rng(99);
    for (let r = 0; r < 40; r++) {
      const k = int(rand, 2, 8);
      const day = randomDay(k, rand);
      const plan = optimiseTour({ stops: k, days: 1, back: true, day: () => day });
      for (const d of plan.days) {
        for (const s of d.steps) {
          const ranges = day.open[s.j] == null ? [[0, 1440]] : day.open[s.j];
          assert.ok(ranges.some(([a, b]) => s.start >= a && s.start + day.visit[s.j] <= b), `round ${r}`);
          assert.ok(s.start >= s.arrive);
        }
        assert.ok(d.end <= day.latest && d.end <= 1440);
      }
    }
  });
});

/** Brute force over every assignment of stops to days (or none) and every order within. */
function bruteTour(days, dayOf, k, back) {
  let best = null;
  const assign = new Array(k).fill(-1);
  const memo = new Map();
  const dayBest = (d, stops, ret) => {
    const id = `${d}:${stops.join(",")}:${ret}`;
    if (!memo.has(id)) memo.set(id, stops.length ? bruteDay(dayOf(d), stops, ret) : [0, 0, 0, 0]);
    return memo.get(id);
  };
  const walk = (i) => {
    if (i === k) {
      const used = assign.filter((a) => a >= 0);
      if (!used.length) return;
      const last = Math.max(...used);
      let late = 0, sum = 0, dr = 0;
      for (let d = 0; d <= last; d++) {
        const stops = assign.map((a, j) => (a === d ? j : -1)).filter((j) => j >= 0);
        if (!stops.length) continue;
        const r = dayBest(d, stops, d === last ? back : true);
        if (!r || r[0] > 0) return; // every stop given to a day must fit there
        late += r[1]; sum += r[2]; dr += r[3];
      }
      const key = [k - used.length, last + 1, late, sum, dr];
      if (lexLess(key, best)) best = key;
      return;
    }
    for (let d = -1; d < days; d++) {
      assign[i] = d;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}

describe("several days, exact", () => {
  test("the split over days equals brute force over every assignment (random instances up to 5 stops, 3 days)", () => {
    const rand = rng(4242);
    for (let r = 0; r < 25; r++) {
      const k = int(rand, 2, 5), days = int(rand, 2, 3), back = rand() < 0.5;
      const perDay = [...Array(days)].map(() => {
        const d = randomDay(k, rand);
        d.latest = 5 * int(rand, 150, 200); // short days, so that splitting matters
        return d;
      });
      // travel is the same every day; opening hours and visits differ by date
      for (const d of perDay) {
        d.minutes = perDay[0].minutes;
        d.km10 = perDay[0].km10;
        d.visit = perDay[0].visit;
        d.start = perDay[0].start;
        d.lunch = perDay[0].lunch;
      }
      const plan = optimiseTour({ stops: k, days, back, day: (d) => perDay[d] });
      const brute = bruteTour(days, (d) => perDay[d], k, back);
      assert.deepEqual(plan.key, brute || [k, 0, 0, 0, 0], `round ${r} k=${k} days=${days} back=${back}`);
      const placed = plan.days.flatMap((d) => d.steps.map((s) => s.j));
      assert.deepEqual([...placed, ...plan.unplaced].sort(), [...Array(k).keys()]);
    }
  });

  test("as many days as needed: stops that fit nowhere today move to the next days", () => {
    const k = 4;
    const day = {
      minutes: [...Array(k + 1)].map((_, i) => [...Array(k + 1)].map((__, j) => (i === j ? 0 : 30))),
      visit: [180, 180, 180, 180], open: [null, null, null, null], start: 480, latest: 1080, lunch: null,
    };
    const plan = optimiseTour({ stops: k, days: 0, back: true, day: () => day });
    assert.equal(plan.exact, true);
    assert.deepEqual(plan.unplaced, []);
    assert.equal(plan.days.length, 2);
    for (const d of plan.days) assert.ok(d.end <= 1080);
  });
});

describe("beyond the exact limit", () => {
  test("the heuristic is labelled, places every stop once at most, and never visits outside the windows", () => {
    const rand = rng(7);
    const k = EXACT_LIMIT + 3;
    const day = randomDay(k, rand);
    day.latest = 1440;
    const plan = optimiseTour({ stops: k, days: 0, back: true, day: () => day });
    assert.equal(plan.exact, false);
    const placed = plan.days.flatMap((d) => d.steps.map((s) => s.j));
    assert.equal(new Set(placed).size, placed.length);
    assert.deepEqual([...placed, ...plan.unplaced].sort((a, b) => a - b), [...Array(k).keys()]);
    for (const d of plan.days) {
      const ctx = dayContext({ ...day, back: true });
      for (const s of d.steps) assert.ok(s.start >= 0 && s.start + ctx.visit[s.j] <= 1440);
      const again = evaluateOrder(ctx, d.steps.map((s) => s.j));
      assert.equal(again.left, 0);
    }
  });
});
