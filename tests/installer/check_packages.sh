#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# installer.packages (tests/installer/CMakeLists.txt): packs the issuer, terminal and station packages of
# a build tree with cpack into a temporary folder, checks their control data, file lists, modes,
# conffiles and maintainer scripts with dpkg-deb, then runs the extracted executables from a clean root.
# Ends with the negative cases of the retailer validation (installer/station/RetailerBake.cmake).
set -euo pipefail

build_dir=""
source_dir=""
cpack="cpack"
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir="$2"; shift 2 ;;
        --source-dir) source_dir="$2"; shift 2 ;;
        --cpack) cpack="$2"; shift 2 ;;
        *) echo "check_packages: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [ -z "$build_dir" ] || [ -z "$source_dir" ]; then
    echo "usage: check_packages.sh --build-dir DIR --source-dir DIR [--cpack CPACK]" >&2
    exit 2
fi

failures=0
checks=0
pass() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); checks=$((checks + 1)); }
expect_eq() { # what, actual, expected
    if [ "$2" == "$3" ]; then pass; else fail "$1: got '$2', expected '$3'"; fi
}

tmp="$(mktemp -d /tmp/perso-installer-test.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# The retailer this tree's station is baked for (installer/CMakeLists.txt: unset means example.cmake).
retailer="$(sed -n 's/^PERSO_STATION_RETAILER:FILEPATH=\(.*\)$/\1/p' "$build_dir/CMakeCache.txt")"
[ -n "$retailer" ] || retailer="$source_dir/installer/station/retailers/example.cmake"
cat >"$tmp/values.cmake" <<'EOF'
include("${RETAILER}")
get_filename_component(folder "${RETAILER}" DIRECTORY)
get_filename_component(ca "${PERSO_ISSUER_CA}" ABSOLUTE BASE_DIR "${folder}")
string(REGEX REPLACE "[_-]" "." version_id "${PERSO_RETAILER_ID}")
message(NOTICE "${version_id}\n${ca}")
EOF
retailer_values="$(cmake -DRETAILER="$retailer" -P "$tmp/values.cmake" 2>&1)"
retailer_version="$(sed -n 1p <<<"$retailer_values")"
retailer_ca="$(sed -n 2p <<<"$retailer_values")"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=\(.*\)$/\1/p' "$build_dir/CMakeCache.txt")"
arch="$(dpkg --print-architecture)"

# --- pack ----------------------------------------------------------------------------------------
declare -A deb
for component in issuer terminal station; do
    log="$tmp/cpack-$component.log"
    if ! "$cpack" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$tmp/out" \
        -D "CPACK_COMPONENTS_ALL=$component" >"$log" 2>&1; then
        cat "$log" >&2
        echo "FAIL: cpack for $component" >&2
        exit 1
    fi
    deb[$component]="$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$log" | tail -n 1)"
done

expect_eq "issuer file name" "$(basename "${deb[issuer]}")" "retail-perso-issuer_${version}_${arch}.deb"
expect_eq "terminal file name" "$(basename "${deb[terminal]}")" \
    "retail-perso-terminal-emulator_${version}_${arch}.deb"
expect_eq "station file name" "$(basename "${deb[station]}")" \
    "retail-perso-station_${version}+${retailer_version}_${arch}.deb"

# --- control files -------------------------------------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
has_dep() { # deb, package name: present in Depends as a whole name
    local depends
    depends="$(field "$1" Depends)"
    # One dependency per line, its package name alone (alternatives after '|' count too).
    if sed -e 's/ *[,|] */\n/g' <<<"$depends" | sed -e 's/ .*//' | grep -qxF "$2"; then pass
    else fail "$(basename "$1"): Depends lacks $2 ($depends)"; fi
}
declare -A name=([issuer]=retail-perso-issuer [terminal]=retail-perso-terminal-emulator [station]=retail-perso-station)
declare -A explicit=(
    [issuer]="adduser libqt6sql6-sqlite"
    [terminal]="pcscd vsmartcard-vpcd libqt6gui6"
    [station]="pcscd libqt6gui6 libqt6svg6 libqt6sql6-sqlite fonts-dejavu-core")
for component in issuer terminal station; do
    d="${deb[$component]}"
    expect_eq "$component Package" "$(field "$d" Package)" "${name[$component]}"
    expect_eq "$component Architecture" "$(field "$d" Architecture)" "$arch"
    # libqt6gui6 (it carries the xcb platform plugin) comes from shlibdeps, like the last three.
    for dep in ${explicit[$component]} libc6 libqt6core6 libstdc++6; do
        has_dep "$d" "$dep"
    done
    for f in Maintainer Section Priority Description; do
        [ -n "$(field "$d" "$f")" ] && pass || fail "$component: no $f"
    done
    desc_lines="$(field "$d" Description | wc -l)"
    [ "$desc_lines" -ge 3 ] && pass || fail "$component: no long description"
    summary="$(field "$d" Description | head -n 1)"
    [[ "$summary" == "retail-perso "* ]] && pass || fail "$component: summary is '$summary'"
    field "$d" Description | tail -n +2 | grep -q '^  ' && fail "$component: verbatim (double-space) description lines" || pass
done
expect_eq "issuer Version" "$(field "${deb[issuer]}" Version)" "$version"
expect_eq "station Version" "$(field "${deb[station]}" Version)" "$version+$retailer_version"
expect_eq "issuer Recommends" "$(field "${deb[issuer]}" Recommends)" "libqt6sql6-psql"

# --- file lists and modes ------------------------------------------------------------------------
listing() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $1, $6 }' | sort -k2; }
expected_files() {
    case "$1" in
        issuer) printf '%s\n' \
            "-rwxr-xr-x ./usr/bin/perso-admin" \
            "-rwxr-xr-x ./usr/bin/perso-issuerd" \
            "-rw-r--r-- ./usr/lib/systemd/system/perso-issuerd.service" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-issuer/copyright" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-issuer/installing.md" ;;
        terminal) printf '%s\n' \
            "-rwxr-xr-x ./usr/bin/perso-terminal" \
            "-rw-r--r-- ./usr/share/applications/perso-terminal.desktop" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-terminal-emulator/copyright" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-terminal-emulator/installing.md" \
            "-rw-r--r-- ./usr/share/icons/hicolor/scalable/apps/perso-terminal.svg" ;;
        station) printf '%s\n' \
            "-rw-r--r-- ./etc/retail-perso/issuer-ca.pem" \
            "-rw-r--r-- ./etc/retail-perso/station.json" \
            "-rwxr-xr-x ./usr/bin/perso-station" \
            "-rw-r--r-- ./usr/share/applications/perso-station.desktop" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-station/copyright" \
            "-rw-r--r-- ./usr/share/doc/retail-perso-station/installing.md" \
            "-rw-r--r-- ./usr/share/icons/hicolor/scalable/apps/perso-station.svg" ;;
    esac
}
for component in issuer terminal station; do
    actual="$(listing "${deb[$component]}")"
    wanted="$(expected_files "$component" | sort -k2)"
    if [ "$actual" == "$wanted" ]; then pass; else
        fail "$component file list differs:"
        diff <(echo "$wanted") <(echo "$actual") >&2 || true
    fi
    owners="$(dpkg-deb -c "${deb[$component]}" | awk '{ print $2 }' | sort -u)"
    expect_eq "$component owners" "$owners" "root/root"
done

# --- maintainer scripts and conffiles ------------------------------------------------------------
for component in issuer terminal station; do
    dpkg-deb -e "${deb[$component]}" "$tmp/control-$component"
done
ctl="$tmp/control-issuer"
for script in postinst prerm postrm; do
    if [ -f "$ctl/$script" ]; then pass; else fail "issuer: no $script"; continue; fi
    expect_eq "issuer $script mode" "$(stat -c %a "$ctl/$script")" "755"
    expect_eq "issuer $script shebang" "$(head -n 1 "$ctl/$script")" "#!/bin/sh"
    sh -n "$ctl/$script" && pass || fail "issuer: $script: sh -n"
done
expect_eq "station conffiles" "$(cat "$tmp/control-station/conffiles")" \
    "$(printf '%s\n' /etc/retail-perso/station.json /etc/retail-perso/issuer-ca.pem)"
for component in terminal station; do
    for script in postinst prerm postrm; do
        [ ! -e "$tmp/control-$component/$script" ] && pass || fail "$component: unexpected $script"
    done
done

# postinst configure with stand-ins for the system tools: it must create the system user and group
# with its home, fix the home's mode and never start the daemon.
stubs="$tmp/stubs"
mkdir -p "$stubs"
for tool in adduser install chown chmod systemctl; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$tool" "$tmp/calls" >"$stubs/$tool"
done
printf '#!/bin/sh\nexit 2\n' >"$stubs/getent" # no such user yet
chmod +x "$stubs"/*
PATH="$stubs" /bin/sh "$ctl/postinst" configure "" && pass || fail "issuer: postinst configure failed"
calls="$(cat "$tmp/calls" 2>/dev/null || true)"
grep -Eq '^adduser --system --group --home /var/lib/perso-issuer .*perso-issuer$' <<<"$calls" \
    && pass || fail "issuer: postinst did not add the system user ($calls)"
grep -q '^chmod 0700 /var/lib/perso-issuer$' <<<"$calls" && pass || fail "issuer: home not 0700 ($calls)"
grep -Eq '^systemctl .*(start|restart|enable)' <<<"$calls" && fail "issuer: postinst starts the daemon" || pass

# The systemd unit.
unit="$(dpkg-deb --fsys-tarfile "${deb[issuer]}" | tar -xO ./usr/lib/systemd/system/perso-issuerd.service)"
for line in "User=perso-issuer" "Group=perso-issuer" "Environment=PERSO_ISSUER_HOME=/var/lib/perso-issuer" \
    "ExecStart=/usr/bin/perso-issuerd --config /etc/perso-issuer/issuerd.json" \
    "ConditionPathExists=/etc/perso-issuer/issuerd.json" "NoNewPrivileges=yes" "ProtectSystem=strict" \
    "ReadWritePaths=/var/lib/perso-issuer" "PrivateTmp=yes" "ProtectHome=yes"; do
    grep -qxF "$line" <<<"$unit" && pass || fail "unit lacks '$line'"
done

# --- the station's baked configuration ------------------------------------------------------------
root="$tmp/root"
mkdir -p "$root"
for component in issuer terminal station; do
    dpkg-deb -x "${deb[$component]}" "$root"
done
cmake -DRETAILER="$retailer" -DJSON="$root/etc/retail-perso/station.json" \
    -P "$source_dir/tests/installer/CheckStationJson.cmake" >/dev/null && pass || fail "station.json"
cmp -s "$root/etc/retail-perso/issuer-ca.pem" "$retailer_ca" && pass || fail "issuer-ca.pem differs from $retailer_ca"

# --- the extracted executables run outside the build tree ----------------------------------------
for exe in perso-admin perso-issuerd perso-terminal perso-station; do
    bin="$root/usr/bin/$exe"
    if readelf -d "$bin" | grep -Eq 'RPATH|RUNPATH'; then fail "$exe has an RPATH"; else pass; fi
    if strings "$bin" | grep -qF "$build_dir/"; then fail "$exe names the build tree"; else pass; fi
    if readelf -S "$bin" | grep -q '\.debug_info'; then fail "$exe is not stripped"; else pass; fi
    "$bin" --help >"$tmp/$exe.help" 2>&1 && pass || fail "$exe --help"
    grep -q -- "--help" "$tmp/$exe.help" && pass || fail "$exe --help printed no options"
done
for exe in perso-issuerd perso-station; do
    "$root/usr/bin/$exe" --version >"$tmp/$exe.version" 2>&1 && pass || fail "$exe --version"
    grep -qF "$version" "$tmp/$exe.version" && pass || fail "$exe --version lacks $version"
done

home="$tmp/issuer-home"
mkdir -m 0700 "$home" # as postinst leaves /var/lib/perso-issuer: existing and empty
"$root/usr/bin/perso-admin" --home "$home" init --listen 127.0.0.1:0 --server-name issuer.test >/dev/null \
    && pass || fail "extracted perso-admin init"
"$root/usr/bin/perso-issuerd" --check-config --config "$home/issuerd.json" >/dev/null 2>&1 \
    && pass || fail "extracted perso-issuerd --check-config"
# docs/installing.md's layout: init --config writes the daemon's configuration under /etc, absolute paths.
etc="$tmp/etc-perso-issuer"
etc_home="$tmp/issuer-home-etc"
mkdir -m 0750 "$etc"
mkdir -m 0700 "$etc_home"
"$root/usr/bin/perso-admin" --home "$etc_home" init --config "$etc/issuerd.json" --listen 127.0.0.1:0 \
    --server-name issuer.test >/dev/null && pass || fail "extracted perso-admin init --config"
expect_eq "init --config file mode" "$(stat -c %a "$etc/issuerd.json" 2>&1)" "640"
grep -qF "\"keys\": \"$etc_home/keys\"" "$etc/issuerd.json" && pass || fail "init --config: keys path not absolute"
"$root/usr/bin/perso-admin" --home "$etc_home" pool status >/dev/null 2>&1 \
    && pass || fail "perso-admin on a home initialised with --config"
"$root/usr/bin/perso-issuerd" --check-config --config "$etc/issuerd.json" >/dev/null 2>&1 \
    && pass || fail "perso-issuerd --check-config on the /etc layout of installing.md"

# --- a bad retailer file is refused with a clear message ------------------------------------------
bake="$source_dir/installer/station/RetailerBake.cmake"
cp "$retailer_ca" "$tmp/ca.pem"
printf -- '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' >"$tmp/key.pem"
bad_case() { # expected message, retailer file body
    printf '%s\n' "$2" | sed -e 's/) /)\n/g' >"$tmp/bad.cmake"
    if cmake -DRETAILER="$tmp/bad.cmake" -DOUT="$tmp/bad-out" -P "$bake" >"$tmp/bad.log" 2>&1; then
        fail "retailer file accepted: $2"
    elif tr -s ' \n' '  ' <"$tmp/bad.log" | grep -qF "$1"; then pass
    else fail "retailer refusal lacks '$1': $(cat "$tmp/bad.log")"
    fi
}
good='set(PERSO_ISSUER_HOST "issuer.test") set(PERSO_ISSUER_PORT 7443) set(PERSO_ISSUER_CA ca.pem)'
bad_case "PERSO_RETAILER_ID \"bad id!\" must be" "set(PERSO_RETAILER_ID \"bad id!\") $good"
bad_case "PERSO_RETAILER_ID is not set" "$good"
bad_case "must be at most 32" "set(PERSO_RETAILER_ID $(printf 'a%.0s' {1..33})) $good"
bad_case "PERSO_ISSUER_PORT \"70000\" must be an integer in 1..65535" \
    "set(PERSO_RETAILER_ID r) set(PERSO_ISSUER_HOST h) set(PERSO_ISSUER_PORT 70000) set(PERSO_ISSUER_CA ca.pem)"
bad_case "PERSO_ISSUER_HOST \"issuer/x\" must be" \
    "set(PERSO_RETAILER_ID r) set(PERSO_ISSUER_HOST issuer/x) set(PERSO_ISSUER_PORT 1) set(PERSO_ISSUER_CA ca.pem)"
bad_case "no such file" \
    "set(PERSO_RETAILER_ID r) set(PERSO_ISSUER_HOST h) set(PERSO_ISSUER_PORT 1) set(PERSO_ISSUER_CA missing.pem)"
bad_case "holds a PRIVATE KEY" \
    "set(PERSO_RETAILER_ID r) set(PERSO_ISSUER_HOST h) set(PERSO_ISSUER_PORT 1) set(PERSO_ISSUER_CA key.pem)"
bad_case "is not a PEM certificate" \
    "set(PERSO_RETAILER_ID r) set(PERSO_ISSUER_HOST h) set(PERSO_ISSUER_PORT 1) set(PERSO_ISSUER_CA bad.cmake)"
# and the good one passes
printf '%s\n' "set(PERSO_RETAILER_ID shop_chain-1) $good" | sed -e 's/) /)\n/g' >"$tmp/good.cmake"
cmake -DRETAILER="$tmp/good.cmake" -DOUT="$tmp/good-out" -P "$bake" >/dev/null 2>&1 \
    && pass || fail "a valid retailer file was refused"

# --- scripts/package.sh refuses bad arguments before installing or building anything ---------------
for args in "" "bogus" "station" "issuer extra" "station $tmp/no-such-retailer.cmake"; do
    rc=0
    # shellcheck disable=SC2086 # the words of $args are the arguments
    bash "$source_dir/scripts/package.sh" $args >"$tmp/package.log" 2>&1 || rc=$?
    expect_eq "package.sh $args: exit code" "$rc" "2"
    grep -q "usage: scripts/package.sh\|not found" "$tmp/package.log" && pass || fail "package.sh $args: no usage line"
done

if [ "$failures" -ne 0 ]; then
    echo "installer.packages: $failures of $checks checks failed" >&2
    exit 1
fi
echo "installer.packages: all $checks checks passed ($(basename "${deb[issuer]}"), $(basename "${deb[terminal]}"), $(basename "${deb[station]}"))"
