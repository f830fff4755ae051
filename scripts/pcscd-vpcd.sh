#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Brings up pcscd with vsmartcard's vpcd readers for the system tests and benchmarks, and takes it down
# again. Idempotent:
#   start <rundir>   use a pcscd that already answers, otherwise start `pcscd --foreground` in the
#                    background (PID in <rundir>/pcscd.pid, log in <rundir>/pcscd.log); then wait
#                    (bounded) until vpcd listens on 35963 and 35964.
#   stop <rundir>    stop only the pcscd that `start` started, by its PID; leave any other alone.
#   status <rundir>  print "ours <pid>", "foreign" or "stopped"; exit 0 when pcscd answers, 3 when not.
set -euo pipefail

readonly VPCD_PORTS=(35963 35964)
readonly PCSCD_SOCKET=/run/pcscd/pcscd.comm
readonly START_TIMEOUT_S=${PCSCD_VPCD_START_TIMEOUT:-15}
readonly STOP_TIMEOUT_S=${PCSCD_VPCD_STOP_TIMEOUT:-10}

usage() {
    echo "usage: $0 start|stop|status <rundir>" >&2
    exit 2
}

[ $# -eq 2 ] || usage
action=$1
rundir=$2
pidfile=$rundir/pcscd.pid

# True when a pcscd listens on its control socket (a stale socket file does not count): a listening
# Unix socket carries __SO_ACCEPTCON (00010000) in /proc/net/unix.
pcscd_answers() {
    [ -S "$PCSCD_SOCKET" ] && awk -v path="$PCSCD_SOCKET" '$8 == path && $4 == "00010000" { found = 1 } END { exit !found }' /proc/net/unix
}

# True when every vpcd port is in LISTEN state (0A) in /proc/net/tcp or tcp6.
vpcd_listens() {
    local port hex
    for port in "${VPCD_PORTS[@]}"; do
        hex=$(printf '%04X' "$port")
        cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
            awk -v port="$hex" '$4 == "0A" && $2 ~ (":" port "$") { found = 1 } END { exit !found }' || return 1
    done
}

# The PID from our pidfile if that process is still the pcscd we started.
our_pid() {
    [ -f "$pidfile" ] || return 1
    local pid
    pid=$(cat "$pidfile")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pcscd ] || return 1
    echo "$pid"
}

wait_until() {
    local timeout_s=$1
    shift
    local deadline=$((SECONDS + timeout_s))
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

start() {
    mkdir -p "$rundir"
    if ! pcscd_answers; then
        rm -f "$pidfile"
        if [ "$(id -u)" -ne 0 ]; then
            echo "pcscd-vpcd: pcscd is not running and starting it needs root" >&2
            exit 1
        fi
        [ -f /etc/reader.conf.d/vpcd ] || {
            echo "pcscd-vpcd: /etc/reader.conf.d/vpcd missing (install vsmartcard-vpcd)" >&2
            exit 1
        }
        # pcscd refuses to start over a stale pid file of a process that is gone.
        if [ -f /run/pcscd/pcscd.pid ] && ! kill -0 "$(cat /run/pcscd/pcscd.pid)" 2>/dev/null; then
            rm -f /run/pcscd/pcscd.pid "$PCSCD_SOCKET"
        fi
        pcscd --foreground >"$rundir/pcscd.log" 2>&1 </dev/null &
        echo $! >"$pidfile"
        if ! wait_until "$START_TIMEOUT_S" pcscd_answers; then
            echo "pcscd-vpcd: pcscd did not answer within ${START_TIMEOUT_S}s; log:" >&2
            cat "$rundir/pcscd.log" >&2 || true
            stop
            exit 1
        fi
    fi
    if ! wait_until "$START_TIMEOUT_S" vpcd_listens; then
        echo "pcscd-vpcd: vpcd is not listening on ${VPCD_PORTS[*]} within ${START_TIMEOUT_S}s" >&2
        exit 1
    fi
    status
}

stop() {
    local pid
    if pid=$(our_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_until "$STOP_TIMEOUT_S" bash -c "! kill -0 $pid 2>/dev/null"; then
            echo "pcscd-vpcd: pcscd $pid ignored SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait_until "$STOP_TIMEOUT_S" bash -c "! kill -0 $pid 2>/dev/null" || true
        fi
        # A killed pcscd leaves its socket and pid file behind.
        if ! pcscd_answers; then
            rm -f /run/pcscd/pcscd.pid "$PCSCD_SOCKET" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
    if pcscd_answers; then
        echo "foreign (left running)"
    else
        echo stopped
    fi
}

status() {
    local pid
    if pid=$(our_pid) && pcscd_answers; then
        echo "ours $pid"
    elif pcscd_answers; then
        echo foreign
    else
        echo stopped
        return 3
    fi
}

case "$action" in
start) start ;;
stop) stop ;;
status) status ;;
*) usage ;;
esac
