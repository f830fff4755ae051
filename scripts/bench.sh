#!/usr/bin/env bash
# Builds the release configuration with benchmarks and runs every benchmark in bench/, printing figures.
# The PC/SC benchmarks need pcscd with the vpcd readers: it is started through scripts/pcscd-vpcd.sh
# (or an already running one is used) and the pcscd started here is stopped again on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release -DPERSO_BUILD_BENCH=ON
cmake --build --preset release -j "$(nproc)"

pcscd_rundir=$PWD/build/release/pcscd-run
trap 'scripts/pcscd-vpcd.sh stop "$pcscd_rundir" >/dev/null' EXIT
scripts/pcscd-vpcd.sh start "$pcscd_rundir" >/dev/null

for bench in build/release/bench/*/perso-bench-*; do
    [ -f "$bench" ] && [ -x "$bench" ] || continue
    echo "== $(basename "$bench")"
    "$bench"
done
