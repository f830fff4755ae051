#!/usr/bin/env bash
# Installs, on Debian 12, exactly the packages that retail-perso's build, tests and benchmarks need.
# Idempotent: packages already present are left alone and apt is not touched when nothing is missing.
# Run as root (or through sudo).
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git ccache
    clang libclang-rt-14-dev clang-format
    # libraries
    qt6-base-dev qt6-base-dev-tools libgl-dev
    libbotan-2-dev
    # PC/SC: the host library, pcscd with the vpcd virtual reader driver, and pcsc_scan for checks
    libpcsclite-dev pcscd vsmartcard-vpcd pcsc-tools
    # opensc-tool: the standard tool the system tests read a personalised SIM with
    opensc
    # the issuer's storage: Qt's SQLite and PostgreSQL drivers, and PostgreSQL for its tests
    libqt6sql6-sqlite libqt6sql6-psql postgresql
    # the station: QR codes on receipts, Qt's translation tools (lupdate/lrelease), fonts for PDFs
    libqrencode-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools fonts-dejavu-core
    # the wizard's SVG icons (Qt's svg image plugin)
    libqt6svg6
)

# Optional groups on the command line: `screenshots` adds the virtual X server that
# scripts/screenshots.sh takes the README's images under.
for group in "$@"; do
    case "$group" in
        screenshots) packages+=(xvfb) ;;
        *)
            echo "install-deps: unknown group '$group' (known: screenshots)" >&2
            exit 2
            ;;
    esac
done

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo "$0" "$@"
    fi
    echo "install-deps: missing packages (${missing[*]}); run as root" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
