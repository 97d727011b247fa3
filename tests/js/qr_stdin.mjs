// Reads a JSON list of texts on stdin and prints the QR code the planner page draws for each
// (its module matrix, rows of 0 and 1), so pytest can compare it with segno's encoding.
import { qrMatrix } from "../../plugins/dangjian/assets/javascripts/planner/qr.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
process.stdout.write(JSON.stringify(texts.map((t) => qrMatrix(t).rows.map((row) => row.map(Number)))));
