#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The demo's tests (tests/demo/CMakeLists.txt):
#   demo_test.sh headless <source dir> <build dir> <scratch dir>
#       scripts/run-demo.sh --headless on the build tree: exit 0, an MSISDN from the demo's pool, a
#       receipt PDF, a verified journal chain, no process left running, no retailer PIN in the output.
#   demo_test.sh command-lines <source dir> <build dir> <scratch dir>
#       run-demo.sh and demo.sh with a bad option exit 2 with a usage line; perso-demo with a bad option exits 2;
#       perso-demo without a control socket exits 1 with a clear line.
# shellcheck disable=SC2016,SC2034 # check() evaluates its single-quoted conditions in the caller's scope
set -euo pipefail

[ $# -eq 4 ] || {
    echo "usage: demo_test.sh headless|command-lines <source dir> <build dir> <scratch dir>" >&2
    exit 2
}
case_name=$1
source_dir=$2
build_dir=$3
scratch=$4
failures=0

check() { # check <description> <shell condition, evaluated in the caller's scope>
    if eval "$2"; then
        echo "PASS: $1"
    else
        echo "FAIL: $1"
        failures=$((failures + 1))
    fi
}

rm -rf "$scratch"
mkdir -p "$scratch"

headless() {
    local workdir=$scratch/world out=$scratch/out.txt status=0
    # shellcheck source=scripts/demo-stack.sh
    source "$source_dir/scripts/demo-stack.sh"
    "$source_dir/scripts/run-demo.sh" --build-dir "$build_dir" --headless --workdir "$workdir" >"$out" 2>&1 ||
        status=$?
    cat "$out"
    check "run-demo.sh --headless exits 0 (got $status)" '[ "$status" -eq 0 ]'

    local msisdn first last
    msisdn=$(sed -n 's/^MSISDN: +\([0-9][0-9]*\)$/\1/p' "$out" | head -n 1)
    first=$DEMO_MSISDN_FIRST
    last=$((DEMO_MSISDN_FIRST + DEMO_SIM_COUNT - 1))
    check "an MSISDN line from the demo pool $first..$last (got '$msisdn')" \
        '[ -n "$msisdn" ] && [ "$msisdn" -ge "$first" ] && [ "$msisdn" -le "$last" ]'

    local iccid
    iccid=$(sed -n 's/^ICCID: \([0-9]*\)$/\1/p' "$out" | head -n 1)
    check "an ICCID of the demo batch (got '$iccid')" '[ "${iccid#"$DEMO_ICCID_PREFIX"}" != "$iccid" ]'

    local receipt
    receipt=$(sed -n 's/^Receipt: \(.*\)$/\1/p' "$out" | head -n 1)
    check "the receipt is in the workdir's receipts folder ($receipt)" \
        '[ "${receipt#"$workdir/station/receipts/"}" != "$receipt" ]'
    check "the receipt exists and starts with %PDF" '[ -f "$receipt" ] && [ "$(head -c 4 "$receipt")" = "%PDF" ]'

    check "the journal line says the chain verified and one transaction verified" \
        'grep -q "^Journal: [0-9][0-9]* entries, chain verified: yes, transactions: verified 1\$" "$out"'

    local pidfile=$workdir/pids.stopped name pid alive=
    check "the stack recorded what it started and stopped it" '[ -f "$pidfile" ] && [ ! -e "$workdir/pids" ]'
    check "it started perso-issuerd and perso-terminal" \
        'grep -q "^perso-issuerd [0-9]" "$pidfile" && grep -q "^perso-terminal [0-9]" "$pidfile"'
    while read -r name pid; do
        [ "$name" = pcscd-vpcd ] && continue
        kill -0 "$pid" 2>/dev/null && alive="$alive $name:$pid"
    done <"$pidfile"
    check "no process it started is left running (alive:${alive:- none})" '[ -z "$alive" ]'

    local pin
    pin=$(sed -n 's/^Retailer PIN: *\([0-9][0-9]*\).*$/\1/p' "$workdir/retailer-pin-letter.txt")
    check "the PIN letter holds a retailer PIN" '[ -n "$pin" ]'
    check "the output holds no retailer PIN" '[ -n "$pin" ] && ! grep -q -- "$pin" "$out"'
    check "the logs hold no retailer PIN" '[ -n "$pin" ] && ! grep -rq -- "$pin" "$workdir/logs"'
}

command_lines() {
    local out=$scratch/out.txt status=0
    "$source_dir/scripts/run-demo.sh" --build-dir "$build_dir" --bogus >"$out" 2>&1 || status=$?
    cat "$out"
    check "run-demo.sh --bogus exits 2 (got $status)" '[ "$status" -eq 2 ]'
    check "run-demo.sh --bogus prints a usage line" 'grep -q "^usage: run-demo.sh --build-dir DIR" "$out"'
    check "run-demo.sh --bogus names the option" 'grep -q -- "unknown option .--bogus." "$out"'
    status=0
    "$source_dir/scripts/run-demo.sh" >"$out" 2>&1 || status=$?
    check "run-demo.sh without --build-dir exits 2 (got $status)" '[ "$status" -eq 2 ]'

    status=0
    "$source_dir/scripts/demo.sh" --bogus >"$out" 2>&1 || status=$?
    check "demo.sh --bogus exits 2 before installing or building (got $status)" \
        '[ "$status" -eq 2 ] && grep -q "^usage: scripts/demo.sh" "$out" && ! grep -q "installing" "$out"'

    local demo=$build_dir/app/demo/perso-demo
    status=0
    QT_QPA_PLATFORM=offscreen "$demo" --bogus >"$out" 2>&1 || status=$?
    cat "$out"
    check "perso-demo --bogus exits 2 (got $status)" '[ "$status" -eq 2 ]'
    check "perso-demo --bogus prints a usage line" 'grep -q "^usage: perso-demo --config FILE" "$out"'

    local letter=$scratch/letter.txt
    printf 'Retailer PIN: 314159\n' >"$letter"
    status=0
    "$demo" --config "$scratch/station.json" --control "$scratch/no-such.sock" --pin-letter "$letter" \
        >"$out" 2>&1 || status=$?
    cat "$out"
    check "perso-demo without a control socket exits 1 (got $status)" '[ "$status" -eq 1 ]'
    check "perso-demo says it cannot reach the control socket" \
        'grep -q "^perso-demo: cannot reach the terminal.s control socket $scratch/no-such.sock: ." "$out"'
    check "perso-demo prints no PIN" '! grep -q 314159 "$out"'
}

case "$case_name" in
headless) headless ;;
command-lines) command_lines ;;
*)
    echo "demo_test: unknown case $case_name" >&2
    exit 2
    ;;
esac
if [ "$failures" -ne 0 ]; then
    echo "demo_test $case_name: $failures check(s) failed"
    exit 1
fi
echo "demo_test $case_name: all checks passed"
