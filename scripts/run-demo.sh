#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the demo on an already built tree (docs/demo.md): the demo world, pcscd+vpcd, perso-issuerd and
# perso-terminal (scripts/demo-stack.sh), then either the station wizard in a window (until it is
# closed) or, without a display or with --headless, one scripted personalisation (perso-demo). Everything
# it started is stopped on exit, Ctrl-C or SIGTERM; the work directory is kept.
set -euo pipefail

usage() {
    echo "usage: run-demo.sh --build-dir DIR [--headless] [--workdir DIR] [--help]"
}

help_text() {
    usage
    cat <<'EOF_HELP'

  --build-dir DIR  the build tree with the binaries (scripts/demo.sh uses build/demo)
  --headless       run the scripted personalisation instead of the windows (the default when
                   neither DISPLAY nor WAYLAND_DISPLAY is set)
  --workdir DIR    where the demo world, logs, journal and receipts go; must be empty or absent
                   (default: a new directory under ${TMPDIR:-/tmp}, kept after exit)
  --help           this text
EOF_HELP
}

bad_usage() {
    echo "run-demo: $1" >&2
    usage >&2
    exit 2
}

build_dir=
workdir=
headless=false
while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir)
        [ $# -ge 2 ] || bad_usage "--build-dir needs a directory"
        build_dir=$2
        shift 2
        ;;
    --workdir)
        [ $# -ge 2 ] || bad_usage "--workdir needs a directory"
        workdir=$2
        shift 2
        ;;
    --headless)
        headless=true
        shift
        ;;
    -h | --help)
        help_text
        exit 0
        ;;
    *) bad_usage "unknown option '$1'" ;;
    esac
done
[ -n "$build_dir" ] || bad_usage "--build-dir is required"
[ -d "$build_dir" ] || bad_usage "--build-dir $build_dir is not a directory"
build_dir=$(cd "$build_dir" && pwd)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$headless" = false ]; then
    echo "run-demo: no display (DISPLAY and WAYLAND_DISPLAY unset): running the headless demo" >&2
    headless=true
fi

if [ -n "$workdir" ]; then
    if [ -e "$workdir" ] && [ -n "$(ls -A "$workdir" 2>/dev/null)" ]; then
        bad_usage "--workdir $workdir is not empty"
    fi
    mkdir -p "$workdir"
else
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/perso-demo.XXXXXX")
fi
workdir=$(cd "$workdir" && pwd)

# shellcheck source=scripts/demo-stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/demo-stack.sh"

# shellcheck disable=SC2317 # invoked by the EXIT trap
finish() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$child" ]; then
        demo_stop_pid "$(basename "$child_name")" "$child"
    fi
    demo_stack_down
    echo "run-demo: stopped everything it started; the demo's files are kept in $workdir" >&2
    exit "$status"
}
# The station or perso-demo runs as a background child that the shell waits for, so that Ctrl-C and
# SIGTERM reach the trap at once (a foreground child would be waited for first); the trap stops it.
child=
child_name=
run_child() {
    local status=0
    child_name=$1
    "$@" &
    child=$!
    wait "$child" || status=$?
    child=
    return "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$headless" = true ]; then
    demo=$(demo_binary "$build_dir" perso-demo)
    demo_stack_up "$workdir" "$build_dir" headless --language en
    status=0
    run_child "$demo" --config "$DEMO_STATION_CONFIG" --control "$DEMO_CONTROL_SOCKET" \
        --pin-letter "$DEMO_PIN_LETTER" || status=$?
    if [ "$status" -eq 0 ]; then
        echo "run-demo: the headless demo personalised a SIM (logs: $workdir/logs)"
    else
        echo "run-demo: the headless demo failed (exit $status); logs: $workdir/logs" >&2
    fi
    exit "$status"
fi

station=$(demo_binary "$build_dir" perso-station)
demo_stack_up "$workdir" "$build_dir" window
cat <<EOF_HOWTO

The demo shop is open. To personalise a SIM:
  1. The retailer's PIN is in the PIN letter: $DEMO_PIN_LETTER
  2. In the terminal window, pick the retailer card ($DEMO_RETAILER_ID) in the tray and Insert it.
  3. In the station wizard, sign on and type the PIN on the terminal's keypad.
  4. Enter a customer (an adult, with a passport number), get the decision.
  5. In the terminal window, Remove the retailer card and Insert a blank SIM from the tray.
  6. Personalise; the customer chooses PIN and PUK on the keypad. The receipt PDF is written to
     $DEMO_WORKDIR/station/receipts
Close the station window to stop the demo.

EOF_HOWTO
status=0
run_child "$station" --config "$DEMO_STATION_CONFIG" || status=$?
exit "$status"
