/* The QR code that reopens a plan from its printout: the share link's UTF-8 bytes in byte
 * mode, error correction M, the smallest version that holds them. The encoding is the
 * vendored qrcode-generator (MIT, assets/vendor/qrcode-generator/); this module reads its
 * module matrix and draws it as one SVG path, built with DOM APIs. */

import qrcode from "../../vendor/qrcode-generator/qrcode.js";

export const QUIET = 4; // modules of light margin around the code (ISO/IEC 18004)

/** The QR code of text: {size, rows}, rows[r][c] true for a dark module. Throws when text is too long. */
export function qrMatrix(text, level = "M") {
  const bytes = new TextEncoder().encode(text);
  const code = qrcode(0, level);
  // the library's byte mode takes one byte per character code
  code.addData(Array.from(bytes, (b) => String.fromCharCode(b)).join(""), "Byte");
  code.make();
  const size = code.getModuleCount();
  const rows = Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => code.isDark(r, c)));
  return { size, rows };
}

/** SVG path data of the dark modules, one unit per module, shifted by the quiet zone. */
export function qrPath(matrix, quiet = QUIET) {
  const parts = [];
  matrix.rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let n = 1;
      while (c + n < row.length && row[c + n]) n++;
      parts.push(`M${c + quiet} ${r + quiet}h${n}v1h-${n}z`);
      c += n - 1;
    }
  });
  return parts.join("");
}

/** The QR code of text as an <svg> element of doc, labelled for assistive technology. */
export function qrElement(doc, text, label) {
  const ns = "http://www.w3.org/2000/svg";
  const matrix = qrMatrix(text);
  const side = matrix.size + 2 * QUIET;
  const make = (tag, attrs) => {
    const node = doc.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const svg = make("svg", { viewBox: `0 0 ${side} ${side}`, role: "img", "aria-label": label, class: "dj-qr",
    "shape-rendering": "crispEdges", "data-modules": matrix.size });
  svg.append(make("rect", { width: side, height: side, fill: "#fff" }), make("path", { d: qrPath(matrix), fill: "#000" }));
  return svg;
}
