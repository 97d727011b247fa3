/* A schematic of a plan: the start, the stops numbered in order, straight lines between
 * them. It is not a map: no base map, no boundary, only relative positions.
 *
 * sketchShapes lays it out as plain data (tag, attributes, text); sketchElement builds it
 * as SVG elements whose labels are set as text, for the page; sketchSvg writes the same
 * shapes as SVG text, every label and attribute escaped. */

import { xmlEscape } from "./exports.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The placement that fits points [{lat, lon}] in a width x height picture with pad
 * around: a function of {lat, lon} to [x, y], north up, east right, one scale on both axes
 * (longitudes shrunk by the cosine of the middle latitude). */
export function fit(points, width, height, pad = 36) {
  const lats = points.map((p) => p.lat), lons = points.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * kx);
  const spanX = Math.max(...xs) - Math.min(...xs) || 0.01;
  const spanY = Math.max(...lats) - Math.min(...lats) || 0.01;
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2;
  const minX = Math.min(...xs), maxY = Math.max(...lats);
  return (p) => [Math.round((p.lon * kx - minX) * scale + offX), Math.round((maxY - p.lat) * scale + offY)];
}

/** Where points go in a width x height picture that fits them all: [[x, y], ...]. */
export function project(points, width, height, pad = 36) {
  const place = fit(points, width, height, pad);
  return points.map(place);
}

/** The schematic of points [{lat, lon, label, n}] (the first is the start; n, the number
 * drawn on a stop, defaults to its position); back closes the loop. paths, when given, are
 * the lines to draw, each a list of point positions (a multi-day plan: one per day, from
 * and back to the start). Returns {attrs, shapes}: the <svg> element's attributes and its
 * children, each {tag, attrs, text}; text is a label (plain text), never markup. */
export function sketchShapes(points, back, width = 640, height = 420, paths = null) {
  const at = project(points, width, height);
  const lines = paths || [[...points.keys(), ...(back && points.length > 1 ? [0] : [])]];
  const shape = (tag, attrs, text) => ({ tag, attrs, text });
  const shapes = [
    shape("title", {}, "行程示意图（非地图）：出发地和各站按参观顺序连线"),
    shape("rect", { x: 0, y: 0, width, height, fill: "#fffdf8", stroke: "#d8c9b0" }),
    ...lines.filter((line) => line.length > 1).map((line) => shape("polyline", {
      points: line.map((i) => at[i].join(",")).join(" "), fill: "none", stroke: "#c62828", "stroke-width": 3,
      "stroke-linejoin": "round", "stroke-dasharray": "8 5" })),
  ];
  at.forEach(([x, y], i) => {
    const anchor = x > width * 0.5 ? "end" : "start"; // labels run towards the middle
    const dx = anchor === "end" ? -16 : 16;
    if (i === 0) {
      shapes.push(shape("rect", { x: x - 9, y: y - 9, width: 18, height: 18, fill: "#174ea6" }));
      shapes.push(shape("text", { x, y: y + 5, "text-anchor": "middle", "font-size": 12, fill: "#fff" }, "起"));
    } else {
      shapes.push(shape("circle", { cx: x, cy: y, r: 12, fill: "#c62828" }));
      shapes.push(shape("text", { x, y: y + 5, "text-anchor": "middle", "font-size": 13, "font-weight": 700,
        fill: "#fff" }, String(points[i].n ?? i)));
    }
    shapes.push(shape("text", { x: x + dx, y: y + 5, "text-anchor": anchor, "font-size": 13, fill: "#222",
      stroke: "#fffdf8", "stroke-width": 3, "paint-order": "stroke" }, String(points[i].label)));
  });
  shapes.push(shape("text", { x: width - 8, y: height - 8, "text-anchor": "end", "font-size": 11, fill: "#5f6368" },
    "示意图，仅示相对位置，北在上，不是地图"));
  return { attrs: { viewBox: `0 0 ${width} ${height}`, role: "img", class: "dj-sketch" }, shapes };
}

/** The schematic as an <svg> element of doc (labels set as text). */
export function sketchElement(doc, points, back, width, height, paths) {
  const { attrs, shapes } = sketchShapes(points, back, width, height, paths);
  const make = (tag, attributes, text) => {
    const node = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text != null) node.textContent = text;
    return node;
  };
  const svg = make("svg", attrs);
  for (const s of shapes) svg.append(make(s.tag, s.attrs, s.text));
  return svg;
}

/** The schematic as SVG markup (labels and attributes escaped). */
export function sketchSvg(points, back, width, height, paths) {
  const { attrs, shapes } = sketchShapes(points, back, width, height, paths);
  const open = (tag, attributes) => `<${tag}${Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`).join("")}`;
  const parts = [`${open("svg", { xmlns: SVG_NS, ...attrs })}>`];
  for (const s of shapes) {
    parts.push(s.text == null ? `${open(s.tag, s.attrs)}/>` : `${open(s.tag, s.attrs)}>${xmlEscape(s.text)}</${s.tag}>`);
  }
  parts.push("</svg>");
  return parts.join("");
}
