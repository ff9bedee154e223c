#!/usr/bin/env bash
# Prints the wkhtmltopdf that Odoo renders PDF reports with (the fee
# agreement). When there is none and this runs as root with apt-get, installs
# Debian's wkhtmltopdf first. Exits 1, saying so, when there is still none.
# Odoo looks for it when it starts: run this before starting Odoo.
set -uo pipefail
say() { echo "[wkhtmltopdf] $*" >&2; }

if ! command -v wkhtmltopdf >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "no wkhtmltopdf for the PDF reports: installing Debian's wkhtmltopdf"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf >&2 ||
        say "apt-get could not install wkhtmltopdf"
fi
command -v wkhtmltopdf && exit 0
say "no wkhtmltopdf: PDF reports cannot be made (as root: apt-get install wkhtmltopdf)"
exit 1
