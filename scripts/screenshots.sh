#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Takes the README's screenshots for real: the station wizard (perso-screenshots drives the real
# MainWindow through a whole personalisation) and the terminal emulator's window, under a virtual X
# server (Xvfb) against the demo stack of scripts/demo-stack.sh.
#
#   scripts/screenshots.sh [--build-dir DIR] [--keep-workdir] [OUTDIR]     (OUTDIR: docs/images)
#
# Installs what it needs (scripts/install-deps.sh screenshots), builds the preset `demo` plus the target
# perso-screenshots (or uses the build tree DIR as it is), starts Xvfb on a free display (-displayfd),
# brings up the demo stack with the terminal WINDOW at a fixed geometry, runs perso-screenshots and stops
# everything it started, by PID, whatever happens.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$repo/docs/images"
build_dir=""
keep_workdir=0

# The images' fixed layout on a 1700x700 screen: the station on the left, the terminal on the right.
screen_size="1700x700x24"
station_geometry="960x680+0+0"
terminal_geometry="720x680+970+0"

usage() {
    echo "usage: scripts/screenshots.sh [--build-dir DIR] [--keep-workdir] [OUTDIR]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir)
            [ $# -ge 2 ] || usage
            build_dir="$2"
            shift 2
            ;;
        --keep-workdir)
            keep_workdir=1
            shift
            ;;
        -h | --help)
            sed -n '3,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*) usage ;;
        *)
            out_dir="$1"
            shift
            ;;
    esac
done
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

say() { echo "screenshots: $*"; }
die() {
    echo "screenshots: $*" >&2
    exit 1
}

started=$(date +%s)

# 1. What it needs.
"$repo/scripts/install-deps.sh" screenshots

# 2. The binaries.
if [ -z "$build_dir" ]; then
    say "building (preset demo + perso-screenshots)"
    (cd "$repo" && cmake --preset demo >/dev/null && cmake --build --preset demo &&
        cmake --build build/demo --target perso-screenshots)
    build_dir="$repo/build/demo"
fi
build_dir="$(cd "$build_dir" && pwd)" || die "no build tree at $build_dir"
shooter="$build_dir/ui/screenshots/perso-screenshots"
[ -x "$shooter" ] || die "$shooter is missing: build the target perso-screenshots in $build_dir"

[ -f "$repo/scripts/demo-stack.sh" ] || die "scripts/demo-stack.sh is missing"
# shellcheck source=scripts/demo-stack.sh
source "$repo/scripts/demo-stack.sh"

workdir="$(mktemp -d /tmp/perso-screenshots.XXXXXX)"
xvfb_pid=""
stack_up=0
cleanup() {
    local status=$?
    set +e
    if [ "$stack_up" -eq 1 ]; then
        demo_stack_down
    fi
    if [ -n "$xvfb_pid" ]; then
        kill "$xvfb_pid" 2>/dev/null
        wait "$xvfb_pid" 2>/dev/null
    fi
    if [ "$keep_workdir" -eq 1 ] || [ "$status" -ne 0 ]; then
        echo "screenshots: work folder (logs) kept: $workdir" >&2
    else
        rm -rf "$workdir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 3. A virtual X server on a free display: Xvfb writes the display number to fd 3 once it accepts clients.
: >"$workdir/display"
Xvfb -displayfd 3 -screen 0 "$screen_size" -nolisten tcp 3>"$workdir/display" >"$workdir/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
    [ -s "$workdir/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb did not start (see $workdir/xvfb.log)"
    sleep 0.1
done
[ -s "$workdir/display" ] || die "Xvfb did not report a display within 10 s (see $workdir/xvfb.log)"
export DISPLAY=":$(tr -d '[:space:]' <"$workdir/display")"
export QT_QPA_PLATFORM=xcb
mkdir -m 0700 "$workdir/runtime"
export XDG_RUNTIME_DIR="$workdir/runtime"
say "Xvfb on $DISPLAY"

# 4. The demo stack, the terminal as a window at a fixed place.
stack_up=1
demo_stack_up "$workdir/demo" "$build_dir" window --language en -qwindowgeometry "$terminal_geometry" ||
    die "the demo stack did not come up (logs in $workdir/demo/logs)"

# 5. The screenshots.
say "running perso-screenshots"
"$shooter" --config "$DEMO_STATION_CONFIG" --control "$DEMO_CONTROL_SOCKET" --pin-letter "$DEMO_PIN_LETTER" \
    --out "$out_dir" --station-geometry "$station_geometry" --terminal-geometry "$terminal_geometry" ||
    die "perso-screenshots failed (logs in $workdir)"

for png in "$out_dir"/*.png; do
    size=$(stat -c %s "$png")
    [ "$size" -le 307200 ] || say "warning: $(basename "$png") is $size bytes (> 300 KB)"
done
say "done in $(($(date +%s) - started)) s: images in $out_dir"
