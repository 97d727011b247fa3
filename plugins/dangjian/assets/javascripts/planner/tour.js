/* The visiting order: exact (Held-Karp) up to EXACT_LIMIT stops, else nearest neighbour
 * + 2-opt. No DOM here, so node's test runner can check it against brute force.
 *
 * Costs are lexicographic: total travel minutes first, then total distance (tenths of a
 * km). Both come as integer matrices (travel.js computes them for the chosen stops), and
 * are combined into one exact integer per leg. */

import { planMatrix } from "./travel.js";

export const EXACT_LIMIT = 12;
const KM_WEIGHT_LIMIT = 1e6; // a leg's km10 is far below this, so minutes always dominate

/** One number per leg: minutes dominate, km10 breaks ties. */
export function legCost(minutes, km10) {
  return minutes * KM_WEIGHT_LIMIT + km10;
}

/** Combined cost matrix from minutes and km10 matrices. */
export function costMatrix(m) {
  return m.min.map((row, i) => row.map((v, j) => legCost(v, m.km10[i][j])));
}

/** The cost of visiting order (indices 1..k of the cost matrix) from 0, optionally back to 0. */
export function pathCost(cost, order, back) {
  let total = 0, at = 0;
  for (const next of order) {
    total += cost[at][next];
    at = next;
  }
  if (back && order.length) total += cost[at][0];
  return total;
}

/** Exact: Held-Karp dynamic programming over subsets. cost is (k+1)x(k+1), 0 the start. */
export function heldKarp(cost, back) {
  const k = cost.length - 1;
  if (k === 0) return [];
  const full = (1 << k) - 1;
  const dp = new Float64Array((full + 1) * k).fill(Infinity);
  const parent = new Int8Array((full + 1) * k).fill(-1);
  for (let j = 0; j < k; j++) dp[(1 << j) * k + j] = cost[0][j + 1];
  for (let mask = 1; mask <= full; mask++) {
    for (let j = 0; j < k; j++) {
      if (!(mask & (1 << j))) continue;
      const here = dp[mask * k + j];
      if (here === Infinity) continue;
      const row = cost[j + 1];
      for (let n = 0; n < k; n++) {
        if (mask & (1 << n)) continue;
        const nextMask = mask | (1 << n);
        const value = here + row[n + 1];
        if (value < dp[nextMask * k + n]) {
          dp[nextMask * k + n] = value;
          parent[nextMask * k + n] = j;
        }
      }
    }
  }
  let best = Infinity, last = -1;
  for (let j = 0; j < k; j++) {
    const value = dp[full * k + j] + (back ? cost[j + 1][0] : 0);
    if (value < best) {
      best = value;
      last = j;
    }
  }
  const order = [];
  let mask = full;
  while (last !== -1) {
    order.push(last + 1);
    const prev = parent[mask * k + last];
    mask &= ~(1 << last);
    last = prev;
  }
  return order.reverse();
}

/** Every permutation (for tests and tiny inputs): the first order of least cost. */
export function bruteForce(cost, back) {
  const k = cost.length - 1;
  const items = Array.from({ length: k }, (_, i) => i + 1);
  let best = Infinity, bestOrder = [];
  const permute = (prefix, rest) => {
    if (!rest.length) {
      const c = pathCost(cost, prefix, back);
      if (c < best) {
        best = c;
        bestOrder = prefix.slice();
      }
      return;
    }
    for (let i = 0; i < rest.length; i++) {
      permute([...prefix, rest[i]], [...rest.slice(0, i), ...rest.slice(i + 1)]);
    }
  };
  permute([], items);
  return bestOrder;
}

/** Nearest neighbour from the start, then 2-opt segment reversals until none improves. */
export function heuristic(cost, back) {
  const k = cost.length - 1;
  const left = new Set(Array.from({ length: k }, (_, i) => i + 1));
  const order = [];
  let at = 0;
  while (left.size) {
    let pick = -1, best = Infinity;
    for (const n of left) {
      if (cost[at][n] < best) {
        best = cost[at][n];
        pick = n;
      }
    }
    order.push(pick);
    left.delete(pick);
    at = pick;
  }
  let current = pathCost(cost, order, back);
  let improved = true;
  while (improved) {
    improved = false;
    for (let i = 0; i < k - 1; i++) {
      for (let j = i + 1; j < k; j++) {
        const candidate = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
        const c = pathCost(cost, candidate, back);
        if (c < current) {
          order.splice(0, k, ...candidate);
          current = c;
          improved = true;
        }
      }
    }
  }
  return order;
}

/**
 * The best order of stops (place indices) from start. Returns {order (place indices),
 * exact (true when provably optimal), minutes, km10}.
 */
export function bestOrder(data, stops, start, back) {
  const m = planMatrix(data, stops, start);
  const cost = costMatrix(m);
  const exact = stops.length <= EXACT_LIMIT;
  const local = exact ? heldKarp(cost, back) : heuristic(cost, back);
  return { order: local.map((i) => stops[i - 1]), exact };
}
