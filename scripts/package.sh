#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds ONE Debian package of retail-perso (docs/installing.md):
#   scripts/package.sh issuer                    -> retail-perso-issuer_<version>_<arch>.deb
#   scripts/package.sh terminal                  -> retail-perso-terminal-emulator_<version>_<arch>.deb
#   scripts/package.sh station <retailer file>   -> retail-perso-station_<version>+<retailer>_<arch>.deb
# Installs the build dependencies, configures the `package` preset (build/package), builds only the
# package's executables, runs cpack for that one component and prints the path of the .deb
# (under build/packages/). PERSO_PACKAGE_MAINTAINER and PERSO_PACKAGE_HOMEPAGE in the environment set
# the packages' Maintainer and Homepage fields (they stay in build/package's cache).
set -euo pipefail

usage() {
    echo "usage: scripts/package.sh issuer | terminal | station <retailer file (installer/station/retailers/<name>.cmake)>" >&2
    exit 2
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build/package"
out_dir="$root/build/packages"

[ $# -ge 1 ] || usage
component="$1"
retailer=""
case "$component" in
    issuer)
        [ $# -eq 1 ] || usage
        targets=(perso-issuerd perso-admin)
        ;;
    terminal)
        [ $# -eq 1 ] || usage
        targets=(perso-terminal)
        ;;
    station)
        [ $# -eq 2 ] || usage
        if [ ! -f "$2" ]; then
            echo "package: retailer file '$2' not found (see installer/station/retailers/example.cmake)" >&2
            exit 2
        fi
        retailer="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
        targets=(perso-station)
        ;;
    -h | --help)
        usage
        ;;
    *)
        echo "package: unknown package '$component'" >&2
        usage
        ;;
esac

cd "$root"
scripts/install-deps.sh

# The retailer is a cache variable: set it on every station run, and leave it alone otherwise.
configure_args=(--preset package)
if [ -n "$retailer" ]; then
    configure_args+=("-DPERSO_STATION_RETAILER=$retailer")
fi
# Who publishes the packages (docs/installing.md), from the environment when given.
if [ -n "${PERSO_PACKAGE_MAINTAINER:-}" ]; then
    configure_args+=("-DPERSO_PACKAGE_MAINTAINER=$PERSO_PACKAGE_MAINTAINER")
fi
if [ -n "${PERSO_PACKAGE_HOMEPAGE:-}" ]; then
    configure_args+=("-DPERSO_PACKAGE_HOMEPAGE=$PERSO_PACKAGE_HOMEPAGE")
fi
cmake "${configure_args[@]}"
cmake --build "$build_dir" --target "${targets[@]}"

mkdir -p "$out_dir"
log="$build_dir/cpack-$component.log"
if ! cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$out_dir" \
    -D "CPACK_COMPONENTS_ALL=$component" >"$log" 2>&1; then
    cat "$log" >&2
    echo "package: cpack failed for '$component' (log: $log)" >&2
    exit 1
fi
rm -rf "$out_dir/_CPack_Packages"

deb="$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$log" | tail -n 1)"
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    cat "$log" >&2
    echo "package: cpack did not report a .deb for '$component'" >&2
    exit 1
fi
echo "$deb"
