#!/usr/bin/env bash
# Fuzzes Starling's parsers and writers with libFuzzer (the harnesses in tests/fuzz/, clang).
#   bash scripts/fuzz.sh [--seconds N] [--merge] [HARNESS...]
# Installs what is missing ([build] and [sanitize] of scripts/debian-packages.txt), builds build-fuzz/
# (-DSTARLING_FUZZ=ON), replays every corpus and regression input (ctest -L fuzz), then fuzzes each harness for
# N seconds (default 30; 0 only replays). New inputs stay in build-fuzz/fuzz-runs/HARNESS/new/; --merge
# minimises the committed corpus (tests/fuzz/corpus/HARNESS/) together with them (-merge=1), to commit.
# A crash, leak or timeout is copied into tests/fuzz/regressions/HARNESS/, which ctest then replays: commit it
# with its fix. The input is also printed (base64), so a crash found by CI can be reproduced. Exits 1 then.
# HARNESS names (readsignals, events, ...) restrict the run; by default every harness ctest knows runs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-fuzz"
seconds=30
merge=0
only=()
while (($#)); do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "fuzz: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
    esac
done

# Inputs are bounded so that a run explores rather than grinds: the known unbounded cases of issue 12 (a path of
# 20,000 segments, 80,000 paths) need far more than 4 KiB, and any input slower than 10 s is a finding.
fuzz_options=(-max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

bash "$root/scripts/bootstrap.sh" packages build sanitize
if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSTARLING_FUZZ=ON
fi
cmake --build "$build" --parallel "$(nproc)" --target starling_fuzzers

harnesses=()
while read -r name; do
    name=${name#fuzz_}
    if ((${#only[@]} == 0)) || [[ " ${only[*]} " == *" $name "* ]]; then
        harnesses+=("$name")
    fi
done < <(cd "$build" && ctest -N -L fuzz | awk '$1 == "Test" && $2 ~ /^#/ { print $3 }')
((${#harnesses[@]})) || { echo "fuzz: no harness matches ${only[*]}" >&2; exit 2; }

echo "fuzz: replaying the corpus and the regressions"
(cd "$build" && ctest -L fuzz --output-on-failure -R "^fuzz_($(IFS='|'; echo "${harnesses[*]}"))\$")
((seconds > 0)) || exit 0

status=0
for name in "${harnesses[@]}"; do
    corpus="$root/tests/fuzz/corpus/$name"
    run="$build/fuzz-runs/$name"
    mkdir -p "$run/new" "$run/artifacts" "$corpus"
    echo "fuzz: $name for ${seconds} s"
    # New inputs go to the first directory (run/new), never straight into the committed corpus.
    if ! "$build/bin/fuzz_$name" "${fuzz_options[@]}" -max_total_time="$seconds" \
        -artifact_prefix="$run/artifacts/" "$run/new" "$corpus" >"$run/log" 2>&1; then
        status=1
        tail -n 60 "$run/log"
    else
        grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)' "$run/log" || true
    fi
    for artifact in "$run"/artifacts/{crash,leak,timeout,oom}-*; do
        [[ -f "$artifact" ]] || continue
        mkdir -p "$root/tests/fuzz/regressions/$name"
        cp "$artifact" "$root/tests/fuzz/regressions/$name/"
        echo "fuzz: $name found $(basename "$artifact"), now in tests/fuzz/regressions/$name/ (base64 below)"
        base64 -w 0 "$artifact"
        echo
        rm "$artifact"
        status=1
    done
    if ((merge)); then
        # Minimise: the smallest set of the corpus and the new inputs with the same coverage replaces the corpus.
        minimised="$run/minimised"
        rm -rf "$minimised"
        mkdir -p "$minimised"
        "$build/bin/fuzz_$name" "${fuzz_options[@]}" -merge=1 "$minimised" "$corpus" "$run/new" \
            >"$run/merge.log" 2>&1 || { tail -n 30 "$run/merge.log"; status=1; continue; }
        rm -f "$corpus"/*
        cp "$minimised"/* "$corpus"/
        rm -rf "$run/new"
        bytes=$(cat "$corpus"/* | wc -c)
        echo "fuzz: $name corpus: $(find "$corpus" -type f | wc -l) inputs, $bytes bytes"
        if ((bytes > 1024 * 1024)); then
            echo "fuzz: $name corpus is over 1 MiB" >&2
            status=1
        fi
    fi
done
exit "$status"
