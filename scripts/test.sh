#!/usr/bin/env bash
# The test command: on a fresh Debian 12 machine, installs the dependencies, configures and builds
# with warnings as errors, checks that every C++ file is clang-format clean, runs every ctest suite,
# then builds the libFuzzer targets with clang and replays their corpora. Exits non-zero on the first
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)

scripts/install-deps.sh

echo "== configure, build and test (preset ci)"
cmake --preset ci
cmake --build --preset ci -j "$jobs"
echo "== clang-format check (every C++ file, the repository's .clang-format)"
cmake --build --preset ci --target format-check
ctest --preset ci -j "$jobs"

echo "== fuzz targets (preset fuzz: clang, libFuzzer, ASan + UBSan), corpus replay"
cmake --preset fuzz
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz -j "$jobs"
