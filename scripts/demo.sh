#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# THE demo command (docs/demo.md): installs the build dependencies (scripts/install-deps.sh; root or
# sudo), configures and builds the `demo` preset into build/demo, then runs scripts/run-demo.sh on it.
#   scripts/demo.sh [--headless] [--workdir DIR]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for arg in "$@"; do
    case "$arg" in
    -h | --help)
        echo "usage: scripts/demo.sh [--headless] [--workdir DIR]"
        echo "Installs the dependencies, builds the demo preset (build/demo) and runs scripts/run-demo.sh."
        exit 0
        ;;
    esac
done

cd "$repo"
echo "demo: installing the dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh
echo "demo: building (cmake --preset demo; cmake --build --preset demo)"
cmake --preset demo
cmake --build --preset demo
exec scripts/run-demo.sh --build-dir build/demo "$@"
