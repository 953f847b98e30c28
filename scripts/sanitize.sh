#!/usr/bin/env bash
# Runs every test that does not use QtWebEngine under AddressSanitizer (leak detection on) and UBSan. The toolkit
# tests are left out too: they build other projects against the libraries, which instrumented ones cannot serve;
# the Chromium tests (label chromium), whose subject is the browser's behaviour, not ours; and the benchmarks'
# smoke run (label bench), whose programs are built for figures, not for checks.
#   bash scripts/sanitize.sh [ctest arguments]      # e.g. -R tst_readsignals, or -L webengine for the others
# Installs what is missing, builds the tests ctest selects into build-asan/ (-DSTARLING_SANITIZE=address,undefined;
# warnings are errors when CI is set) and runs them. Sanitizer reports of the tests and of the apps they start
# go to build-asan/sanitizer-reports/; the ctest test sanitizer_reports prints them and fails if there are any.
# The suppressions (third-party libraries only) are tests/sanitizers/*.supp.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-asan"
(($#)) || set -- -LE 'webengine|chromium|toolkit|bench'

bash "$root/scripts/bootstrap.sh" packages build run test sanitize
# clang, whose UBSan lives in the ASan runtime: every report then honours ASAN_OPTIONS' log_path (g++'s separate
# libubsan writes to stderr whatever it is told, and a child process's stderr may never reach the log).
options=(-G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSTARLING_SANITIZE=address,undefined)
[[ -n "${CI:-}" ]] && options+=(-DSTARLING_WARNINGS_AS_ERRORS=ON)
cmake -S "$root" -B "$build" "${options[@]}" >/dev/null

# Only the executables the selected tests run (ctest builds nothing; add_dependencies brings the apps they start).
mapfile -t targets < <(cd "$build" && ctest -N "$@" | awk '$1 == "Test" && $2 ~ /^#/ && $3 != "sanitizer_reports" && $3 != "sanitizer_reports_clear" { print $3 }')
((${#targets[@]})) || { echo "sanitize: no test selected by $*" >&2; exit 2; }
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

((EUID == 0)) && export QTWEBENGINE_DISABLE_SANDBOX=1
cd "$build"
exec ctest --output-on-failure "$@"
