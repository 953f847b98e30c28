#!/usr/bin/env bash
# SDK throughput benchmark: N patchElements events whose elements are S bytes, over one loopback HTTP/1.1
# stream each, read by one SSE-parsing reader (sdk-throughput-reader: de-chunks, parses, checks every event),
# from three servers of the same /bench?n=N&size=S contract and the same bytes per event:
#   starling  build/bin/starling-conformance (Starling's Datastar SDK, app/datastar)
#   node-sdk  ../node/server.mjs, the official TypeScript SDK @starfederation/datastar-sdk 1.0.0 on node:http
#   raw       sdk-throughput-rawwriter: the pre-built chunked SSE bytes written with blocking send() (ceiling)
# Each round streams once from each (in rotating order, after one warm-up stream each); medians are printed
# with the ratios Starling/Node and Starling/raw. Goals (printed, not asserted): >= 3x Node, >= 0.5x raw.
#
# Run (from anywhere; needs cmake, ninja, node 20 + npm and the npm registry for the first `npm ci`):
#   bash tests/bench/sdk-throughput/run.sh                  # N=100000, SIZE=200, RUNS=7, BUILD_DIR=<repo>/build
#   RUNS=11 BUILD_DIR=$PWD/build-release bash tests/bench/sdk-throughput/run.sh
# Environment: N, SIZE, RUNS, BUILD_DIR, JOBS (build parallelism, default 2).
# It builds the three C++ targets in BUILD_DIR (configuring it when needed) and runs `npm ci` in node/ when the
# SDK is not installed there yet. Not a ctest test: it measures and prints, nothing more.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
N="${N:-100000}"
SIZE="${SIZE:-200}"
RUNS="${RUNS:-7}"
BUILD_DIR="${BUILD_DIR:-$repo/build}"
JOBS="${JOBS:-2}"

say() { printf '%s\n' "$*" >&2; }

# --- build -----------------------------------------------------------------------------------------------
if [[ ! -f "$BUILD_DIR/build.ninja" && ! -f "$BUILD_DIR/Makefile" ]]; then
    say "configuring $BUILD_DIR"
    cmake -S "$repo" -B "$BUILD_DIR" -G Ninja >/dev/null
fi
say "building starling-conformance and the benchmark helpers in $BUILD_DIR"
cmake --build "$BUILD_DIR" -j"$JOBS" --target starling-conformance sdk-throughput-reader sdk-throughput-rawwriter \
    >/dev/null
bin="$BUILD_DIR/bin"

if [[ ! -f "$here/../node/node_modules/@starfederation/datastar-sdk/package.json" ]]; then
    say "installing the Node SDK (npm ci)"
    (cd "$here/../node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
sdk_version="$(node -p "require('$here/../node/node_modules/@starfederation/datastar-sdk/package.json').version")"

# --- servers -----------------------------------------------------------------------------------------------
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND...: starts a server on a free port; sets port_NAME and pid_NAME.
start() {
    local name="$1"; shift
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 100); do
        if grep -q '^listening on http://127.0.0.1:' "$work/$name.out" 2>/dev/null; then
            printf -v "port_$name" '%s' "$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/$name.out")"
            printf -v "pid_$name" '%s' "$pid"
            return
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    say "$name did not start:"; cat "$work/$name.err" >&2
    exit 1
}

start starling env QT_LOGGING_RULES='*.debug=false;*.info=false' "$bin/starling-conformance" --port 0
start node node "$here/../node/server.mjs" --port 0
start raw "$bin/sdk-throughput-rawwriter" --n "$N" --size "$SIZE" --port 0

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# measure NAME: one stream; appends "events_per_s mb_per_s server_cpu_s" to $work/NAME.results.
measure() {
    local name="$1" port_var="port_$1" pid_var="pid_$1"
    local before after line
    before="$(cpu_seconds "${!pid_var}")"
    line="$("$bin/sdk-throughput-reader" --url "http://127.0.0.1:${!port_var}/bench?n=$N&size=$SIZE" \
        --n "$N" --size "$SIZE" --label "$name")"
    after="$(cpu_seconds "${!pid_var}")"
    local eps mbs
    eps="$(sed -n 's/.* events_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
    mbs="$(sed -n 's/.* mb_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
    echo "$eps $mbs $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')" >>"$work/$name.results"
    printf '  %-9s %10.0f events/s %8.1f MB/s\n' "$name" "$eps" "$mbs" >&2
}

names=(starling node raw)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
say "warm-up"
for name in "${names[@]}"; do measure "$name"; done
for name in "${names[@]}"; do : >"$work/$name.results"; done
for round in $(seq "$RUNS"); do
    say "round $round/$RUNS"
    # Rotate the order so no server always follows the same one.
    for i in 0 1 2; do measure "${names[$(((round + i) % 3))]}"; done
done

# median FILE COLUMN
median() {
    sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

event_bytes=$((48 + SIZE)) # "event: datastar-patch-elements\n" (31) + "data: elements " (15) + "\n\n" (2)
printf '\nSDK throughput: %d patchElements events, elements %d B (%d B of SSE each), one loopback stream, ' \
    "$N" "$SIZE" "$event_bytes"
printf 'medians of %d runs\n' "$RUNS"
printf 'host: %s cores, %s; load average before the runs: %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$load_before"
printf '%-34s %12s %9s %14s %16s\n' server events/s MB/s "server CPU s" "CPU us/event"
declare -A eps cpus
for name in "${names[@]}"; do
    eps[$name]="$(median "$work/$name.results" 1)"
    case "$name" in
        starling) label="Starling (starling-conformance)" ;;
        node) label="Node SDK $sdk_version (node $(node --version))" ;;
        raw) label="raw socket writer (ceiling)" ;;
    esac
    cpu="$(median "$work/$name.results" 3)"
    cpus[$name]="$cpu"
    printf '%-34s %12.0f %9.1f %14.2f %16.2f\n' "$label" "${eps[$name]}" "$(median "$work/$name.results" 2)" \
        "$cpu" "$(awk -v c="$cpu" -v n="$N" 'BEGIN { print c * 1e6 / n }')"
done
awk -v s="${eps[starling]}" -v n="${eps[node]}" -v r="${eps[raw]}" -v sc="${cpus[starling]}" -v nc="${cpus[node]}" 'BEGIN {
    printf "Starling/Node: %.3fx (goal >= 3x: %s)\n", s / n, (s / n >= 3 ? "met" : "NOT met")
    printf "Starling/raw:  %.3f  (goal >= 0.5: %s)\n", s / r, (s / r >= 0.5 ? "met" : "NOT met")
    if (sc > 0)
        printf "server CPU per event, Node/Starling: %.2fx (less sensitive to a busy machine than the rates)\n", nc / sc
}'
printf '(server CPU s: user + system time of the server process per stream, %s s resolution; load average at the end: %s)\n' \
    "$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1 / hz }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
