#!/usr/bin/env bash
# Make sure Debian's Chromium (plus fonts covering Latin-extended and Cyrillic
# scripts, e.g. Vietnamese, Bulgarian, Latvian) is installed for the browser
# tests. Never downloads a browser build through Playwright.
set -euo pipefail

PACKAGES=(chromium fonts-noto-core fonts-dejavu-core)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for font in fonts-noto-core fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$font")
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "ensure_chromium: installing ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${PACKAGES[@]}"
/usr/bin/chromium --version >&2
