#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# THE demo command (docs/demo.md): installs the build dependencies (scripts/install-deps.sh; root or
# sudo), configures and builds the `demo` preset into build/demo, then runs scripts/run-demo.sh on it.
#   scripts/demo.sh [--headless] [--workdir DIR]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The arguments for run-demo.sh, a relative --workdir made absolute (the build runs in the repository).
args=()
while [ $# -gt 0 ]; do
    case "$1" in
    -h | --help)
        echo "usage: scripts/demo.sh [--headless] [--workdir DIR]"
        echo "Installs the dependencies, builds the demo preset (build/demo) and runs scripts/run-demo.sh."
        exit 0
        ;;
    --workdir)
        if [ $# -lt 2 ]; then
            echo "demo: --workdir needs a directory" >&2
            echo "usage: scripts/demo.sh [--headless] [--workdir DIR]" >&2
            exit 2
        fi
        case "$2" in
        /*) args+=(--workdir "$2") ;;
        *) args+=(--workdir "$PWD/$2") ;;
        esac
        shift 2
        ;;
    --headless)
        args+=(--headless)
        shift
        ;;
    *)
        echo "demo: unknown option '$1'" >&2
        echo "usage: scripts/demo.sh [--headless] [--workdir DIR]" >&2
        exit 2
        ;;
    esac
done

cd "$repo"
echo "demo: installing the dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh
echo "demo: building (cmake --preset demo; cmake --build --preset demo)"
cmake --preset demo
cmake --build --preset demo
exec scripts/run-demo.sh --build-dir build/demo "${args[@]}"
