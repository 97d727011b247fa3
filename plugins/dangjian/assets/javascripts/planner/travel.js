/* Travel times and road distances between the points of a plan, computed in the browser
 * with exactly the rules of the build's reference (dangjian/geo/matrix.py):
 *
 * - a pair's distance is the great-circle distance (haversine, mean radius 6371.0088 km)
 *   times the road factor, in whole tenths of a km; its time is that distance at the
 *   average speed, in whole minutes, never below 1 minute between two distinct points;
 * - a known road leg from a route (places.json `legs`) overrides the estimate in both
 *   directions: its km (rounded to tenths, at least 0.1) and its minutes, or when only its
 *   km is known, the minutes estimated from that km; later legs override earlier ones;
 * - rounding is Python's round(): half to even.
 *
 * The places JSON therefore carries no N x N matrix (it would grow with the square of the
 * number of places); only the matrix of the chosen stops and the start is ever computed.
 * No DOM here, so node can check it against the Python reference. */

export const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius, as geo/distance.py

const DEG = Math.PI / 180; // as Python's math.radians

/** Python's round(x) for a float: to the nearest integer, a half to the even one. */
export function roundHalfEven(x) {
  const f = Math.floor(x);
  const d = x - f; // exact for every double below 2**52
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Great-circle distance in km between two WGS-84 points (geo/distance.py haversine_km). */
export function haversineKm(lat1, lon1, lat2, lon2, radiusKm = EARTH_RADIUS_KM) {
  const p1 = lat1 * DEG, p2 = lat2 * DEG;
  const dp = p2 - p1;
  const dl = (lon2 - lon1) * DEG;
  const s1 = Math.sin(dp / 2), s2 = Math.sin(dl / 2);
  const a = s1 * s1 + Math.cos(p1) * Math.cos(p2) * (s2 * s2);
  return 2 * radiusKm * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Whole minutes to drive km at speedKmh, at least 1 for a real move (matrix.py estimate). */
export function estimateMinutes(km, speedKmh) {
  if (km <= 0) return 0;
  return Math.max(1, roundHalfEven((km / speedKmh) * 60));
}

/** A known road km in tenths of a km, at least one tenth. */
export function roadKm10(km) {
  return Math.max(1, roundHalfEven(km * 10));
}

/**
 * The matrices over points ([lat, lon], index 0 the start), as matrix.py build_matrix:
 * known is a list of {a, b, km (or null), minutes (or null)} by point index, applied in
 * order; assumptions is {roadFactor, speedKmh, radiusKm (optional)}. Returns {km10, min, road} where road lists
 * the [i, j] pairs (i < j) whose km came from the data.
 */
export function buildMatrix(points, known, assumptions) {
  const n = points.length;
  const { roadFactor, speedKmh, radiusKm = EARTH_RADIUS_KM } = assumptions;
  const km10 = [], min = [];
  for (let i = 0; i < n; i++) {
    km10.push(new Array(n).fill(0));
    min.push(new Array(n).fill(0));
  }
  for (let i = 0; i < n; i++) {
    const [la, lo] = points[i];
    for (let j = i + 1; j < n; j++) {
      const [lb, lob] = points[j];
      const k10 = roundHalfEven(haversineKm(la, lo, lb, lob, radiusKm) * roadFactor * 10);
      km10[i][j] = km10[j][i] = k10;
      min[i][j] = min[j][i] = estimateMinutes(k10 / 10, speedKmh);
    }
  }
  const road = new Map();
  for (const leg of known) {
    if (leg.a === leg.b) continue;
    const i = Math.min(leg.a, leg.b), j = Math.max(leg.a, leg.b);
    if (leg.km != null) {
      km10[i][j] = km10[j][i] = roadKm10(leg.km);
      road.set(`${i},${j}`, [i, j]);
    }
    if (leg.minutes != null) min[i][j] = min[j][i] = leg.minutes;
    else if (leg.km != null) min[i][j] = min[j][i] = estimateMinutes(km10[i][j] / 10, speedKmh);
  }
  const pairs = [...road.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { km10, min, road: pairs };
}

// The rules this module implements, as the places JSON states them (planner/places.py).
export const FORMAT_VERSION = 2;
export const RULES = { round: "half-even", kmStep: 0.1, minMinutes: 1 };

/** Throws when data is not a places JSON whose travel rules this module implements. */
export function checkRules(data) {
  const a = data && data.assume;
  if (!a || data.v !== FORMAT_VERSION || !Array.isArray(data.places) ||
      !(a.roadFactor >= 1 && a.speedKmh > 0 && a.radiusKm > 0) ||
      Object.entries(RULES).some(([k, v]) => a[k] !== v)) {
    throw new Error(`places JSON: unknown version or travel rules (v=${data && data.v})`);
  }
}

/** {roadFactor, speedKmh, radiusKm} of the places JSON. */
export function assumptionsOf(data) {
  const a = data.assume;
  return { roadFactor: a.roadFactor, speedKmh: a.speedKmh, radiusKm: a.radiusKm };
}

// Known legs by place index, once per data object: Map "i,j" (i < j) -> [{km, minutes}] in data order.
const legIndex = new WeakMap();

function legsByPair(data) {
  let byPair = legIndex.get(data);
  if (!byPair) {
    byPair = new Map();
    const row = new Map(data.places.map((p, i) => [p.id, i]));
    for (const [idA, idB, km, minutes] of data.legs || []) {
      const a = row.get(idA), b = row.get(idB);
      if (a == null || b == null || a === b) continue;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key).push({ km, minutes });
    }
    legIndex.set(data, byPair);
  }
  return byPair;
}

/**
 * The points and known legs of a plan: point 0 is the start (null: the default start of
 * the data, else {lat, lon}), point n + 1 is data.places[stops[n]].
 */
export function planPoints(data, stops, start) {
  const from = start || data.start;
  const points = [[from.lat, from.lon], ...stops.map((i) => [data.places[i].lat, data.places[i].lon])];
  const byPair = legsByPair(data);
  const known = [];
  if (byPair.size) {
    // every pair of stops; a pair's legs stay in data order, as the build applies them
    for (let x = 0; x < stops.length; x++) {
      for (let y = x + 1; y < stops.length; y++) {
        const a = stops[x], b = stops[y];
        for (const leg of byPair.get(a < b ? `${a},${b}` : `${b},${a}`) || []) {
          known.push({ a: x + 1, b: y + 1, km: leg.km, minutes: leg.minutes });
        }
      }
    }
  }
  return { points, known };
}

/** The matrices ({min, km10}) over [start, ...stops] of a plan; see planPoints. */
export function planMatrix(data, stops, start) {
  const { points, known } = planPoints(data, stops, start);
  return buildMatrix(points, known, assumptionsOf(data));
}
