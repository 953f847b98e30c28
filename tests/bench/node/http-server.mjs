// The HTTP benchmark's Node side (tests/bench/http): the official Datastar TypeScript SDK
// (@starfederation/datastar-sdk) on Node's http module, with the route of tests/bench/http/server.cpp:
// POST /bench/post reads the signals {count, label} and answers one patchElements built from them,
// <div id="bench-result">label: count+1</div>.
//
//   node http-server.mjs [--port N]     (0 picks a free port; prints `listening on http://127.0.0.1:<port>`)
import http from "node:http";
import { ServerSentEventGenerator } from "@starfederation/datastar-sdk/node";

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refuse(res, status, message) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(`${message}\n`);
}

async function benchPost(req, res) {
  const read = await ServerSentEventGenerator.readSignals(req);
  if (!read.success) return refuse(res, 400, `malformed signals: ${read.error}`);
  const { count, label } = read.signals;
  if (!Number.isInteger(count)) return refuse(res, 400, "signal 'count' must be an integer");
  if (typeof label !== "string") return refuse(res, 400, "signal 'label' must be a string");
  await ServerSentEventGenerator.stream(req, res, (stream) => {
    stream.patchElements(`<div id="bench-result">${escapeHtml(label)}: ${count + 1}</div>`);
  });
}

const portIndex = process.argv.indexOf("--port");
const port = portIndex >= 0 ? Number(process.argv[portIndex + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port '${process.argv[portIndex + 1]}'`);
  process.exit(1);
}

const server = http.createServer((req, res) => {
  if (req.url === "/bench/post" && req.method === "POST") {
    benchPost(req, res).catch((error) => {
      console.error(error);
      res.destroy();
    });
  } else {
    refuse(res, 404, `no route for ${req.method} ${req.url}`);
  }
});
server.on("error", (error) => {
  console.error(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
