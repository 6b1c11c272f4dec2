#!/usr/bin/env bash
# Install the Debian 12 packages Clew's set-up relies on, only those that are missing, with
# apt-get (through sudo when not root). Never downloads anything else: no Playwright browser
# build, no PostgreSQL tarball.
#
# Usage: scripts/ensure_debian.sh [--check] GROUP...
#   make setup: base pdf; make test: browser postgres; scripts/pg_cluster.py: postgres;
#   bench/serving.py: bench.
#   --check lists what is missing (exit 1 if anything is) and installs nothing.
#
#   base     python3.11 + venv, and what building PyICU needs (libicu-dev, g++, pkg-config);
#            Node.js and npm for the front-end packages
#   pdf      Pango, which WeasyPrint needs for PDF reports
#   browser  Debian's Chromium and fonts covering Latin-extended and Cyrillic (vi, lv, bg) for
#            the browser tests
#   postgres PostgreSQL 15's server, for the test run on PostgreSQL (scripts/pg_cluster.py)
#   bench    wrk, the HTTP load generator of the serving benchmark (bench/serving.py)
#
# On a machine without apt-get and dpkg it only lists what it would need, and succeeds.
set -euo pipefail

declare -A GROUPS_=(
    [base]="python3.11 python3.11-venv libicu-dev g++ pkg-config nodejs npm"
    [pdf]="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    [browser]="chromium fonts-noto-core fonts-dejavu-core"
    [postgres]="postgresql-15"
    [bench]="wrk"
)
# A package whose probe succeeds counts as present however it was installed (Node.js from
# NodeSource, Python from pyenv...); the others are asked of dpkg.
declare -A PROBES=(
    [python3.11]="command -v python3.11"
    [python3.11-venv]="python3.11 -c 'import ensurepip, venv'"
    [nodejs]="command -v node"
    [npm]="command -v npm"
    [chromium]="test -x /usr/bin/chromium"
    [postgresql-15]="test -x /usr/lib/postgresql/15/bin/postgres"
    [wrk]="command -v wrk"
)

check_only=false
if [ "${1:-}" = "--check" ]; then
    check_only=true
    shift
fi
if [ "$#" -eq 0 ]; then
    set -- base pdf
fi

wanted=()
for group in "$@"; do
    if [ -z "${GROUPS_[$group]+x}" ]; then
        echo "ensure_debian: unknown group '$group' (base, pdf, browser, postgres, bench)" >&2
        exit 2
    fi
    read -r -a packages <<<"${GROUPS_[$group]}"
    wanted+=("${packages[@]}")
done

installed() {
    local package=$1
    local probe=${PROBES[$package]:-}
    if [ -n "$probe" ] && eval "$probe" >/dev/null 2>&1; then
        return 0
    fi
    command -v dpkg-query >/dev/null 2>&1 \
        && dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for package in "${wanted[@]}"; do
    installed "$package" || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
if $check_only; then
    echo "ensure_debian: missing ${missing[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_debian: not a Debian system; make sure these (or their equivalents) are" \
        "installed: ${missing[*]}" >&2
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "ensure_debian: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    SUDO=(sudo)
fi

echo "ensure_debian: installing ${missing[*]}" >&2
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
