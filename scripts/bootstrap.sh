#!/usr/bin/env bash
# Set up a Debian 12 machine for Starling, build it, then run the showcase app or the tests.
#   bash scripts/bootstrap.sh run    # install what is missing, build, run the gallery (window, or --serve headless)
#   bash scripts/bootstrap.sh test   # install what is missing, build, run every test with ctest, headless
# Idempotent: installed packages are skipped, and a second build rebuilds nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
mode=${1:-}
shift || true

case "$mode" in
run | test) ;;
*)
    echo "usage: bash scripts/bootstrap.sh run|test [arguments for the app or ctest]" >&2
    exit 2
    ;;
esac

install_missing_packages() {
    local missing=()
    local package
    while read -r package; do
        [[ -z "$package" || "$package" == \#* ]] && continue
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done <"$root/scripts/debian-packages.txt"
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

install_missing_packages
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
