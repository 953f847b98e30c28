// The /bench workload served with the official Datastar TypeScript SDK (@starfederation/datastar-sdk 1.0.0)
// on Node's http module: the same contract and bytes per event as starling-conformance's /bench.
//
//   node server.mjs [--port N]     (0 picks a free port; prints `listening on http://127.0.0.1:<port>`)
import { once } from "node:events";
import http from "node:http";
import { ServerSentEventGenerator } from "@starfederation/datastar-sdk/node";

const MaxCount = 10_000_000;
const MaxSize = 1024 * 1024;

function minimumSize(count) {
  return `<div id="row-${count - 1}"></div>`.length;
}

function integerParameter(params, name, min, max) {
  if (!params.has(name)) {
    return { error: `missing parameter '${name}'` };
  }
  const text = params.get(name);
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { error: `parameter '${name}' must be a whole number from ${min} to ${max}, not '${text}'` };
  }
  return { value };
}

function refuse(res, message) {
  res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(`${message}\n`);
}

async function bench(req, res, params) {
  const count = integerParameter(params, "n", 1, MaxCount);
  if (count.error) return refuse(res, count.error);
  const size = integerParameter(params, "size", 1, MaxSize);
  if (size.error) return refuse(res, size.error);
  const n = count.value;
  const s = size.value;
  if (s < minimumSize(n)) {
    return refuse(res, `size ${s} is too small for n=${n}: needs at least ${minimumSize(n)} bytes`);
  }
  const padding = "x".repeat(s);
  await ServerSentEventGenerator.stream(req, res, async (stream) => {
    for (let i = 0; i < n; ++i) {
      const open = `<div id="row-${i}">`;
      stream.patchElements(open + padding.slice(0, s - open.length - 6) + "</div>");
      // Node's own backpressure: wait while the response's buffer is over its high-water mark.
      if (res.writableNeedDrain) {
        await once(res, "drain");
      }
      if (res.destroyed) return;
    }
  });
}

const portIndex = process.argv.indexOf("--port");
const port = portIndex >= 0 ? Number(process.argv[portIndex + 1]) : 7332;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port '${process.argv[portIndex + 1]}'`);
  process.exit(1);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname === "/bench") {
    bench(req, res, url.searchParams).catch((error) => {
      console.error(error);
      res.destroy();
    });
  } else {
    res.writeHead(404).end();
  }
});
server.on("error", (error) => {
  console.error(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
