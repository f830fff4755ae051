#!/usr/bin/env bash
# Builds the release configuration with benchmarks and runs every benchmark in bench/, printing figures.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release -DPERSO_BUILD_BENCH=ON
cmake --build --preset release -j "$(nproc)"
for bench in build/release/bench/*/perso-bench-*; do
    [ -x "$bench" ] || continue
    echo "== $(basename "$bench")"
    "$bench"
done
