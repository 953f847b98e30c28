#!/usr/bin/env bash
# Runs the security probes (tests/security, ctest label `security`: issue 12's attacks against the real
# starling-gallery --serve and starling-conformance) and writes their table into docs/security.md, between
# `<!-- probes:begin -->` and `<!-- probes:end -->`, with a line saying when, where and on what it ran.
#
#   bash scripts/security-report.sh [BUILD_DIR]
#
# BUILD_DIR (or $STARLING_BUILD_DIR; default build/) is configured if it has no CMakeCache.txt, then the
# probes and the two executables are built in it. The table is written even when probes fail (their rows say
# what happened); the exit code is ctest's.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${STARLING_BUILD_DIR:-$root/build}}
tests=(tst_attacks_framing tst_attacks_connections tst_attacks_access tst_attacks_sdk)
doc=$root/docs/security.md

if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --parallel "${JOBS:-$(nproc)}" --target starling-gallery starling-conformance "${tests[@]}"

rows=$(mktemp)
block=$(mktemp)
trap 'rm -f "$rows" "$block"' EXIT
status=0
# One at a time: each probe measures its server's memory, and the figures should not depend on the others.
STARLING_SECURITY_REPORT=$rows ctest --test-dir "$build" -L security -j1 --output-on-failure || status=$?

qt_dir=$(sed -n 's/^Qt6_DIR:PATH=//p' "$build/CMakeCache.txt")
qt_version=$(sed -n 's/^set(PACKAGE_VERSION "\([0-9.]*\)")$/\1/p' "$qt_dir"/Qt6ConfigVersion*.cmake | head -n1)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
ram_gib=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$root" rev-parse --short HEAD)
if [[ -n $(git -C "$root" status --porcelain --untracked-files=no) ]]; then
    commit="$commit with uncommitted changes"
fi

{
    echo "<!-- probes:begin -->"
    echo "Run $(date -u +%Y-%m-%d) on $(nproc) cores, $ram_gib GiB RAM, $(uname -sr), Qt ${qt_version:-unknown}," \
        "${build_type:-default} build, commit $commit; \`bash scripts/security-report.sh\` (ctest exit code $status)."
    echo
    echo "| probe | expected | result | figures |"
    echo "|---|---|---|---|"
    cat "$rows"
    echo "<!-- probes:end -->"
} >"$block"

if ! grep -q '^<!-- probes:begin -->$' "$doc" || ! grep -q '^<!-- probes:end -->$' "$doc"; then
    echo "security-report.sh: $doc lacks the probes:begin/probes:end markers" >&2
    exit 1
fi
awk -v block="$block" '
    /^<!-- probes:begin -->$/ { while ((getline line < block) > 0) print line; skipping = 1; next }
    /^<!-- probes:end -->$/ { skipping = 0; next }
    !skipping { print }
' "$doc" >"$doc.new"
mv "$doc.new" "$doc"
echo "security-report.sh: $(wc -l <"$rows") probes written to docs/security.md (ctest exit code $status)"
exit "$status"
