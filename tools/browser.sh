#!/usr/bin/env bash
# Prints the Chromium that Odoo's tours will run in (the names Odoo's test
# framework looks for, odoo/tests/common.py). When there is none and this runs
# as root with apt-get, installs Debian's chromium first. Exits 1, saying so,
# when there is still none: a tour that cannot run is not a pass.
set -uo pipefail
say() { echo "[browser] $*" >&2; }

find_browser() {
    local name
    for name in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$name" && return 0
    done
    return 1
}

if ! find_browser >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "no Chromium for the tours: installing Debian's chromium"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 ||
        say "apt-get could not install chromium"
fi
find_browser && exit 0
say "no Chromium (google-chrome, chromium, chromium-browser) for the tours: as root, apt-get install chromium"
exit 1
