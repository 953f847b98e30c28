#!/usr/bin/env bash
# Set up a Debian 12 or 13 machine for Starling, build it, then run the showcase app or the tests.
#   bash scripts/bootstrap.sh run    # install what is missing, build, run the gallery (window, or --serve headless)
#   bash scripts/bootstrap.sh test   # install what is missing, build, run every test with ctest, headless
#   bash scripts/bootstrap.sh packages SECTION...   # only install the missing packages of those sections
# Idempotent: installed packages are skipped, and a second build rebuilds nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
mode=${1:-}
shift || true

case "$mode" in
run | test | packages) ;;
*)
    echo "usage: bash scripts/bootstrap.sh run|test [arguments for the app or ctest]" >&2
    echo "       bash scripts/bootstrap.sh packages SECTION...  (sections of scripts/debian-packages.txt)" >&2
    exit 2
    ;;
esac

# The packages of the given sections of scripts/debian-packages.txt that this Debian release needs.
listed_packages() {
    local release section="" line
    release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    while read -r line; do
        [[ -z "$line" || "$line" == \#* ]] && continue
        if [[ "$line" =~ ^\[(.*)\]$ ]]; then
            section=${BASH_REMATCH[1]}
            continue
        fi
        [[ " $* " == *" $section "* ]] || continue
        # `name unless-command:cmd`: only on machines without `cmd` (e.g. npm, which NodeSource's nodejs brings).
        if [[ "$line" =~ ^([^[:space:]]+)[[:space:]]+unless-command:([^[:space:]]+)$ ]]; then
            command -v "${BASH_REMATCH[2]}" >/dev/null && continue
            line=${BASH_REMATCH[1]}
        fi
        if [[ "$line" == *@* ]]; then
            [[ "${line#*@}" == "$release" ]] || continue
            line=${line%@*}
        fi
        echo "$line"
    done <"$root/scripts/debian-packages.txt"
}

install_missing_packages() {
    local missing=()
    local package
    for package in $(listed_packages "$@"); do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        echo "bootstrap: all Debian packages present"
        return
    fi
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    echo "bootstrap: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
}

configure_and_build() {
    local options=(-G Ninja)
    [[ -n "${CI:-}" ]] && options+=(-DSTARLING_WARNINGS_AS_ERRORS=ON)
    if [[ ! -f "$build/build.ninja" ]]; then
        cmake -S "$root" -B "$build" "${options[@]}"
    elif [[ -n "${CI:-}" ]]; then
        cmake "$build" -DSTARLING_WARNINGS_AS_ERRORS=ON >/dev/null
    fi
    cmake --build "$build" --parallel "$(nproc)"
}

if [[ "$mode" == packages ]]; then
    (($# > 0)) || { echo "bootstrap: name the sections to install" >&2; exit 2; }
    install_missing_packages "$@"
    exit 0
fi

# The tests include the benchmarks' smoke run (ctest -L bench), which needs their tools.
if [[ "$mode" == test ]]; then
    install_missing_packages build run test bench
else
    install_missing_packages build run test
fi
configure_and_build

# QtWebEngine's Chromium sandbox cannot run as root; only then is it turned off.
((EUID == 0)) && export QTWEBENGINE_DISABLE_SANDBOX=1

if [[ "$mode" == test ]]; then
    cd "$build"
    exec ctest --output-on-failure "$@"
fi

app="$build/bin/starling-gallery"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "bootstrap: no display found; starting the gallery with --serve (open the printed URL in a browser)"
    exec "$app" --serve "$@"
fi
exec "$app" "$@"
