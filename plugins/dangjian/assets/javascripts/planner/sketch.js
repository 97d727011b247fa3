/* A schematic of a plan as SVG text: the start, the stops numbered in order, straight lines
 * between them. It is not a map: no base map, no boundary, only relative positions. No DOM. */

import { xmlEscape } from "./exports.js";

/** SVG markup for points [{lat, lon, label}] (the first is the start); back closes the loop. */
export function sketchSvg(points, back, width = 640, height = 420) {
  const pad = 36;
  const lats = points.map((p) => p.lat), lons = points.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * kx), ys = lats;
  const spanX = Math.max(...xs) - Math.min(...xs) || 0.01;
  const spanY = Math.max(...ys) - Math.min(...ys) || 0.01;
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2;
  const at = points.map((_, i) => [
    Math.round((xs[i] - Math.min(...xs)) * scale + offX),
    Math.round((Math.max(...ys) - ys[i]) * scale + offY),
  ]);
  const path = at.map(([x, y]) => `${x},${y}`);
  if (back && at.length > 1) path.push(path[0]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" class="dj-sketch">`,
    `<title>${xmlEscape("行程示意图（非地图）：出发地和各站按参观顺序连线")}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fffdf8" stroke="#d8c9b0"/>`,
    `<polyline points="${path.join(" ")}" fill="none" stroke="#c62828" stroke-width="3" stroke-linejoin="round" stroke-dasharray="8 5"/>`,
  ];
  at.forEach(([x, y], i) => {
    const label = xmlEscape(points[i].label);
    const anchor = x > width * 0.66 ? "end" : "start";
    const dx = anchor === "end" ? -16 : 16;
    if (i === 0) {
      parts.push(`<rect x="${x - 9}" y="${y - 9}" width="18" height="18" fill="#174ea6"/>`);
      parts.push(`<text x="${x}" y="${y + 5}" text-anchor="middle" font-size="12" fill="#fff">起</text>`);
    } else {
      parts.push(`<circle cx="${x}" cy="${y}" r="12" fill="#c62828"/>`);
      parts.push(`<text x="${x}" y="${y + 5}" text-anchor="middle" font-size="13" font-weight="700" fill="#fff">${i}</text>`);
    }
    parts.push(`<text x="${x + dx}" y="${y + 5}" text-anchor="${anchor}" font-size="13" fill="#222" stroke="#fffdf8" stroke-width="3" paint-order="stroke">${label}</text>`);
  });
  parts.push(`<text x="${width - 8}" y="${height - 8}" text-anchor="end" font-size="11" fill="#5f6368">示意图，仅示相对位置，北在上，不是地图</text>`);
  parts.push("</svg>");
  return parts.join("");
}
