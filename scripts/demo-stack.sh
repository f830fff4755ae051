# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# The demo's world and processes (docs/demo.md): a bash library, sourced by scripts/run-demo.sh and
# scripts/screenshots.sh. Sourcing it defines functions and constants only.
#
#   demo_stack_world <workdir> <bindir>   a fresh issuer home, retailer, shop, retailer card + PIN letter,
#                                         terminal, 10 blank SIMs, IMSI/MSISDN pools (the real perso-admin)
#   demo_stack_up <workdir> <bindir> window|headless [perso-terminal args...]
#                                         the world, pcscd+vpcd, perso-issuerd, station.json, perso-terminal
#   demo_stack_down                       stops what demo_stack_up started, in reverse order, by PID
#
# <bindir> is the root of a build tree. Exported after demo_stack_up: DEMO_WORKDIR DEMO_BINDIR
# DEMO_STATION_CONFIG DEMO_CONTROL_SOCKET DEMO_PIN_LETTER DEMO_RETAILER_CARD DEMO_SIM_DIR
# DEMO_ISSUER_PORT DEMO_TERMINAL_ID. Every started process is listed in <workdir>/pids ("name pid"),
# logs are in <workdir>/logs/.

DEMO_STACK_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

DEMO_RETAILER_ID=demo-retailer
DEMO_RETAILER_NAME="Demo Retail Ltd"
DEMO_SHOP_ID=demo-shop-1
DEMO_SHOP_ADDRESS="1 Station Road, Demoton DT1 1AA"
DEMO_READER="Virtual PCD 00 00"
DEMO_SIM_COUNT=10
DEMO_ICCID_PREFIX=8900199
DEMO_IMSI_FIRST=001010000000001
DEMO_MSISDN_FIRST=447700900100
DEMO_START_TIMEOUT_S=${DEMO_START_TIMEOUT_S:-30}
DEMO_STOP_TIMEOUT_S=${DEMO_STOP_TIMEOUT_S:-10}

demo_log() {
    echo "demo: $*" >&2
}

# demo_binary <bindir> <name>: the path of a binary in the build tree, or an error.
demo_binary() {
    local path
    case "$2" in
    perso-admin) path=$1/issuer/admin/perso-admin ;;
    perso-issuerd) path=$1/issuer/daemon/perso-issuerd ;;
    perso-terminal) path=$1/terminal/app/perso-terminal ;;
    perso-station) path=$1/ui/perso-station ;;
    perso-demo) path=$1/app/demo/perso-demo ;;
    *)
        demo_log "unknown binary $2"
        return 1
        ;;
    esac
    if [ ! -x "$path" ]; then
        demo_log "$2 is not built: $path missing (build the demo preset or the target $2)"
        return 1
    fi
    echo "$path"
}

# demo_stack_world <workdir> <bindir>
demo_stack_world() {
    local workdir=$1 bindir=$2 admin home
    admin=$(demo_binary "$bindir" perso-admin) || return 1
    mkdir -p "$workdir"
    workdir=$(cd "$workdir" && pwd)
    home=$workdir/issuer
    if [ -e "$home" ]; then
        demo_log "$workdir already holds a demo world; use an empty directory"
        return 1
    fi
    mkdir -p "$workdir/logs" "$workdir/stock/retailer" "$workdir/stock/sims" "$workdir/station/receipts" \
        "$workdir/terminal"
    export DEMO_WORKDIR=$workdir
    export DEMO_BINDIR=$bindir
    export DEMO_STATION_CONFIG=$workdir/station.json
    export DEMO_CONTROL_SOCKET=$workdir/terminal/control.sock
    export DEMO_PIN_LETTER=$workdir/retailer-pin-letter.txt
    export DEMO_RETAILER_CARD=$workdir/stock/retailer/$DEMO_RETAILER_ID.card
    export DEMO_SIM_DIR=$workdir/stock/sims
    export DEMO_TERMINAL_ID=DEMO-TERMINAL-1
    export DEMO_ISSUER_PORT=

    local log=$workdir/logs/admin.log
    demo_admin() {
        echo "+ perso-admin $*" >>"$log"
        if ! "$admin" --home "$home" "$@" >>"$log" 2>&1; then
            demo_log "perso-admin $1 $2 failed: $(tail -n 1 "$log")"
            return 1
        fi
    }
    demo_log "creating the demo world in $workdir"
    demo_admin init --listen 127.0.0.1:0 --server-name localhost --server-name 127.0.0.1 &&
        demo_admin retailer add --id "$DEMO_RETAILER_ID" --name "$DEMO_RETAILER_NAME" &&
        demo_admin shop add --id "$DEMO_SHOP_ID" --retailer "$DEMO_RETAILER_ID" --address "$DEMO_SHOP_ADDRESS" &&
        demo_admin retailer-card issue --retailer "$DEMO_RETAILER_ID" --shop "$DEMO_SHOP_ID" \
            --out "$DEMO_RETAILER_CARD" --pin-letter "$DEMO_PIN_LETTER" &&
        demo_admin terminal register --id "$DEMO_TERMINAL_ID" --shop "$DEMO_SHOP_ID" &&
        demo_admin batch create --id DEMO-BATCH-1 --count "$DEMO_SIM_COUNT" --iccid-prefix "$DEMO_ICCID_PREFIX" \
            --manufacturer "Demo SIM Works" --out "$DEMO_SIM_DIR" &&
        demo_admin pool add --kind imsi --first "$DEMO_IMSI_FIRST" --count "$DEMO_SIM_COUNT" &&
        demo_admin pool add --kind msisdn --first "$DEMO_MSISDN_FIRST" --count "$DEMO_SIM_COUNT" || return 1
}

# demo_stack_station_config: writes $DEMO_STATION_CONFIG once the issuer's port is known.
demo_stack_station_config() {
    cat >"$DEMO_STATION_CONFIG" <<EOF
{
  "issuer": { "host": "127.0.0.1", "port": $DEMO_ISSUER_PORT,
              "caFile": "$DEMO_WORKDIR/issuer/ca/ca.cert.pem", "serverName": "localhost" },
  "retailerId": "$DEMO_RETAILER_ID",
  "terminalReader": "$DEMO_READER",
  "journal": "$DEMO_WORKDIR/station/journal.sqlite",
  "receipts": "$DEMO_WORKDIR/station/receipts",
  "printer": "pdf",
  "timeouts": { "issuerSeconds": 30, "keypadSeconds": 300 }
}
EOF
}

# demo_wait <seconds> <command...>: polls every 0.1 s until the command succeeds; false on timeout.
demo_wait() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

demo_alive() {
    kill -0 "$1" 2>/dev/null
}

# demo_started <name> <pid>: remembers a process for demo_stack_down.
demo_started() {
    echo "$1 $2" >>"$DEMO_WORKDIR/pids"
}

demo_issuer_ready() {
    grep -q '^perso-issuerd: listening on ' "$DEMO_WORKDIR/logs/issuerd.log" 2>/dev/null
}

# True when process <pid> holds an established TCP connection to vpcd's first port (35963 = 8C7B).
demo_vpcd_linked() {
    local inodes
    inodes=$(find "/proc/$1/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | sed 's/^socket:\[\([0-9]*\)\]$/\1/')
    [ -n "$inodes" ] || return 1
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v inodes="$inodes" '
        BEGIN { n = split(inodes, list, "\n"); for (i = 1; i <= n; i++) ours[list[i]] = 1 }
        $3 ~ /:8C7B$/ && $4 == "01" && ($10 in ours) { found = 1 }
        END { exit !found }'
}

# True when the demo reader answers GET STATUS (80 10 00 00) with our terminal id (tag 84): pcscd shows
# OUR perso-terminal, not another one that holds vpcd (ours then waits in vpcd's accept queue).
demo_reader_shows_our_terminal() {
    local want out got
    want=$(printf '84%02X' "${#DEMO_TERMINAL_ID}")$(printf '%s' "$DEMO_TERMINAL_ID" | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F')
    out=$(timeout 5 opensc-tool --reader "$DEMO_READER" -s 80:10:00:00:00 2>/dev/null) || return 1
    # opensc-tool prints 16 bytes per line as hex (48 columns), then as text.
    got=$(printf '%s\n' "$out" | sed -n '/^Received/,$p' | tail -n +2 | cut -c1-48 | tr -d ' \n' | tr 'a-f' 'A-F')
    [[ "$got" == *"$want"* ]]
}

# True when our terminal (<pid>) is linked to vpcd and the reader shows it.
demo_terminal_in_reader() {
    demo_vpcd_linked "$1" && demo_reader_shows_our_terminal
}

demo_socket_ready() {
    [ -S "$DEMO_CONTROL_SOCKET" ] || ! demo_alive "$1"
}

# demo_stack_up <workdir> <bindir> window|headless [perso-terminal args...]
demo_stack_up() {
    local workdir=$1 bindir=$2 mode=$3 issuerd terminal pid
    shift 3
    case "$mode" in
    window | headless) ;;
    *)
        demo_log "demo_stack_up: mode must be window or headless, not '$mode'"
        return 1
        ;;
    esac
    issuerd=$(demo_binary "$bindir" perso-issuerd) || return 1
    terminal=$(demo_binary "$bindir" perso-terminal) || return 1
    demo_stack_world "$workdir" "$bindir" || return 1
    : >"$DEMO_WORKDIR/pids"

    demo_log "starting pcscd with vpcd"
    # Debian's pcscd is socket-activated: a first client starts it (and with it vpcd's ports).
    timeout 10 opensc-tool --list-readers >/dev/null 2>&1 || true
    if ! "$DEMO_STACK_SCRIPTS/pcscd-vpcd.sh" start "$DEMO_WORKDIR/pcscd" >>"$DEMO_WORKDIR/logs/pcscd-vpcd.log" 2>&1; then
        demo_log "pcscd with vpcd did not come up: $(tail -n 1 "$DEMO_WORKDIR/logs/pcscd-vpcd.log")"
        return 1
    fi
    demo_started pcscd-vpcd "$DEMO_WORKDIR/pcscd"
    if [ -f "$DEMO_WORKDIR/pcscd/pcscd.pid" ]; then
        demo_started pcscd "$(cat "$DEMO_WORKDIR/pcscd/pcscd.pid")"
    fi

    demo_log "starting perso-issuerd"
    "$issuerd" --config "$DEMO_WORKDIR/issuer/issuerd.json" >"$DEMO_WORKDIR/logs/issuerd.log" 2>&1 </dev/null &
    pid=$!
    demo_started perso-issuerd "$pid"
    if ! demo_wait "$DEMO_START_TIMEOUT_S" demo_issuer_ready || ! demo_alive "$pid"; then
        demo_log "perso-issuerd did not start within ${DEMO_START_TIMEOUT_S}s: $(tail -n 1 "$DEMO_WORKDIR/logs/issuerd.log")"
        return 1
    fi
    DEMO_ISSUER_PORT=$(sed -n 's/^perso-issuerd: listening on .*:\([0-9][0-9]*\)$/\1/p' "$DEMO_WORKDIR/logs/issuerd.log" | head -n 1)
    if [ -z "$DEMO_ISSUER_PORT" ]; then
        demo_log "cannot read perso-issuerd's port from $DEMO_WORKDIR/logs/issuerd.log"
        return 1
    fi
    export DEMO_ISSUER_PORT
    demo_stack_station_config

    demo_log "starting perso-terminal ($mode)"
    local args=(--control "$DEMO_CONTROL_SOCKET" --stock "$DEMO_SIM_DIR" --stock "$DEMO_RETAILER_CARD"
        --state "$DEMO_WORKDIR/terminal/state.cbor" --terminal-id "$DEMO_TERMINAL_ID")
    [ "$mode" = headless ] && args=(--headless "${args[@]}")
    "$terminal" "${args[@]}" "$@" >"$DEMO_WORKDIR/logs/terminal.log" 2>&1 </dev/null &
    pid=$!
    demo_started perso-terminal "$pid"
    if ! demo_wait "$DEMO_START_TIMEOUT_S" demo_socket_ready "$pid" || ! demo_alive "$pid"; then
        demo_log "perso-terminal did not start: $(tail -n 1 "$DEMO_WORKDIR/logs/terminal.log")"
        return 1
    fi
    if ! demo_wait "$DEMO_START_TIMEOUT_S" demo_terminal_in_reader "$pid"; then
        demo_log "the reader '$DEMO_READER' did not show the demo's terminal within ${DEMO_START_TIMEOUT_S}s:" \
            "another perso-terminal (a test, another demo) may hold vpcd; stop it and run the demo again"
        return 1
    fi
    demo_log "up: issuer 127.0.0.1:$DEMO_ISSUER_PORT, terminal $DEMO_TERMINAL_ID in '$DEMO_READER'"
}

# demo_stop_pid <name> <pid>: SIGTERM, bounded wait, SIGKILL.
demo_stop_pid() {
    local name=$1 pid=$2
    demo_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    if ! demo_wait "$DEMO_STOP_TIMEOUT_S" eval "! kill -0 $pid 2>/dev/null"; then
        demo_log "$name ($pid) ignored SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        demo_wait "$DEMO_STOP_TIMEOUT_S" eval "! kill -0 $pid 2>/dev/null" || true
    fi
    wait "$pid" 2>/dev/null || true
}

# demo_stack_down: idempotent, safe from an EXIT/INT/TERM trap.
demo_stack_down() {
    [ -n "${DEMO_WORKDIR:-}" ] && [ -f "$DEMO_WORKDIR/pids" ] || return 0
    local lines=() line name pid i
    mapfile -t lines <"$DEMO_WORKDIR/pids"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        line=${lines[i]}
        name=${line%% *}
        pid=${line#* }
        case "$name" in
        pcscd-vpcd) "$DEMO_STACK_SCRIPTS/pcscd-vpcd.sh" stop "$pid" >>"$DEMO_WORKDIR/logs/pcscd-vpcd.log" 2>&1 || true ;;
        pcscd) ;; # stopped by pcscd-vpcd.sh stop (the line is there for the record)
        *) demo_stop_pid "$name" "$pid" ;;
        esac
    done
    mv "$DEMO_WORKDIR/pids" "$DEMO_WORKDIR/pids.stopped"
}
