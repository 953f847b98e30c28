#!/bin/sh
# Takes the README's screenshots of the gallery from the real app (starling-gallery --serve, shown in a
# QtWebEngine view under Xvfb), in the light and the dark colour scheme, and writes them to docs/images/
# (gallery-<page>.png, gallery-<page>-dark.png). Needs the packages xvfb and xauth.
#   bash scripts/screenshots.sh [build directory, default build]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
cmake --build "$build" --target gallery-screenshots starling-gallery
QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1400x1050x24" \
    "$build/bin/gallery-screenshots" "$root/docs/images"
