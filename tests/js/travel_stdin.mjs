// Reads a JSON request on stdin and prints the travel matrix the planner page computes, so
// pytest can compare it with the build's reference (dangjian/geo/matrix.py).
//   {"points": [[lat, lon], ...], "known": [{a, b, km, minutes}], "assume": {roadFactor, speedKmh, radiusKm}}
//   {"data": <places JSON>, "stops": [place index, ...], "start": null | {lat, lon}}
// prints {"km10": [[...]], "min": [[...]], "road": [[i, j], ...]}
import { buildMatrix, checkRules, planMatrix } from "../../plugins/dangjian/assets/javascripts/planner/travel.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
let matrix;
if (request.data) {
  checkRules(request.data);
  matrix = planMatrix(request.data, request.stops, request.start);
} else {
  matrix = buildMatrix(request.points, request.known, request.assume);
}
process.stdout.write(JSON.stringify(matrix));
