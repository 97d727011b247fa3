// The directory's address and run arithmetic, against plain arrays.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  emptyState, facetRuns, intersect, pagerNumbers, readState, runsLength, slice, summaryText, textMatcher, toRuns,
  writeSearch,
} from "../../plugins/dangjian/assets/javascripts/directory/query.js";

const expand = (runs) => runs.flatMap((_, i) => (i % 2 ? [] : Array.from({ length: runs[i + 1] - runs[i] }, (_, k) => runs[i] + k)));

test("the address round-trips, in a fixed order, with unknown values left out", () => {
  const known = { field: new Set(["农村"]), town: new Set(["当壁镇"]), level: new Set(["省级示范点"]) };
  const state = readState("?q=%E5%85%88%E9%94%8B&town=%E5%BD%93%E5%A3%81%E9%95%87&field=%E5%86%9C%E6%9D%91&level=x&page=3", known);
  assert.deepEqual(state, { field: "农村", town: "当壁镇", level: "", q: "先锋", page: 3 });
  assert.equal(decodeURIComponent(writeSearch(state)), "?field=农村&town=当壁镇&q=先锋&page=3");
  assert.equal(writeSearch(emptyState()), "");
  assert.equal(readState("?page=-2", known).page, 1);
});

test("intersections and slices of runs agree with sets of positions", () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let round = 0; round < 200; round++) {
    const a = [...new Set(Array.from({ length: 30 }, () => Math.floor(rand() * 60)))].sort((x, y) => x - y);
    const b = [...new Set(Array.from({ length: 30 }, () => Math.floor(rand() * 60)))].sort((x, y) => x - y);
    const both = a.filter((p) => b.includes(p));
    const runs = intersect(toRuns(a), toRuns(b));
    assert.deepEqual(expand(runs), both);
    assert.equal(runsLength(runs), both.length);
    const offset = Math.floor(rand() * 10);
    assert.deepEqual(slice(runs, offset, 5), both.slice(offset, offset + 5));
  }
});

test("facet runs combine every selected facet but the one asked about", () => {
  const meta = { facets: [
    { name: "field", values: ["农村", "机关"], runs: [[0, 6], [6, 10]] },
    { name: "town", values: ["甲", "乙"], runs: [[0, 2, 6, 8], [2, 6, 8, 10]] },
    { name: "level", values: ["基层品牌"], runs: [[0, 10]] },
  ] };
  const state = { ...emptyState(), field: "机关", town: "乙" };
  assert.deepEqual(facetRuns(meta, state, null), [8, 10]);
  assert.deepEqual(facetRuns(meta, state, "town"), [6, 10]);
  assert.equal(facetRuns(meta, emptyState(), null), null);
});

test("the text match needs every word; the fold says what is selected", () => {
  const test = textMatcher("先锋  当壁");
  assert.ok(test("红色先锋 当壁镇某村党支部"));
  assert.ok(!test("红色先锋 密山镇"));
  assert.equal(summaryText({ ...emptyState(), field: "农村", town: "当壁镇" }), "筛选：农村 · 当壁镇（2 项）");
  assert.equal(summaryText(emptyState()), "筛选：全部品牌");
  assert.deepEqual(pagerNumbers(1, 3), [1, 2, 3]);
  assert.deepEqual(pagerNumbers(10, 20), [1, null, 8, 9, 10, 11, 12, null, 20]);
});
