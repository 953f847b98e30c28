-- wrk script of the HTTP benchmark (run by ./bench): POSTs the Datastar client's request to /bench/post,
-- with the headers Starling's checks need, and prints the run's figures as one JSON line at the end.
-- Environment: BENCH_HOST (127.0.0.1:<port>), BENCH_TOKEN (the Starling-Token secret), BENCH_COOKIE (a Cookie
-- header value; may be empty).
local host = os.getenv("BENCH_HOST")
local cookie = os.getenv("BENCH_COOKIE") or ""

wrk.method = "POST"
wrk.body = '{"count":41,"label":"bench"}'
wrk.headers["Host"] = host
wrk.headers["Origin"] = "http://" .. host
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Datastar-Request"] = "true"
wrk.headers["Starling-Token"] = os.getenv("BENCH_TOKEN")
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,' ..
    '"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout))
end
