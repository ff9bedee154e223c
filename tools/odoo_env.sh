#!/usr/bin/env bash
# Prepares the Python environment the project runs in, outside the checkout so
# that every clone on this machine shares it, and prints its python on stdout.
#
# Odoo 18 is taken, in this order, from:
#   1. the project's environment, when it already imports Odoo 18;
#   2. ODOO_PYTHON, a python that imports Odoo 18;
#   3. python3, when it imports Odoo 18;
#   4. ODOO_SRC, an Odoo 18.0 source folder (the one holding odoo/ and odoo-bin);
#   5. the official 18.0 source, downloaded only when the internet is reachable.
# Without Odoo the environment still gets the lint and engine test tools and the
# script exits 3 after one line saying how to provide Odoo.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data_dir=${ITLAW_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/itlaw-ai-advisory}
venv=$data_dir/venv
odoo_url=${ODOO_DOWNLOAD_URL:-https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz}
say() { echo "[setup] $*" >&2; }

imports_odoo18() {
    "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' >/dev/null 2>&1
}

site_packages() {
    "$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'
}

make_venv() {  # $1: base python, $2: extra venv flags
    if [ ! -x "$venv/bin/python" ]; then
        say "creating the Python environment in $venv"
        mkdir -p "$data_dir"
        "$1" -m venv ${2:-} "$venv"
        "$venv/bin/python" -m pip install -q --upgrade pip wheel 'setuptools<70' >&2
    fi
}

install_dev_tools() {
    local stamp=$venv/.dev-requirements
    if ! cmp -s "$here/requirements-dev.txt" "$stamp" 2>/dev/null; then
        say "installing the test and lint tools"
        "$venv/bin/python" -m pip install -q -r "$here/requirements-dev.txt" >&2
        cp "$here/requirements-dev.txt" "$stamp"
    fi
}

install_odoo_from_source() {  # $1: Odoo source folder
    local src=$1 constraints
    [ -f "$src/odoo/release.py" ] || { say "ODOO_SRC=$src holds no odoo/release.py"; return 1; }
    make_venv python3
    if [ ! -f "$venv/.odoo-requirements" ] || ! cmp -s "$src/requirements.txt" "$venv/.odoo-requirements"; then
        say "installing Odoo's pinned requirements from $src/requirements.txt (a few minutes)"
        constraints=$(mktemp)
        # Some pinned packages still build with pkg_resources.
        echo 'setuptools<70' >"$constraints"
        "$venv/bin/python" -m pip install -q --build-constraint "$constraints" \
            -r "$src/requirements.txt" >&2
        rm -f "$constraints"
        cp "$src/requirements.txt" "$venv/.odoo-requirements"
    fi
    # Odoo 18's source has no installer: make the folder holding odoo/ importable.
    (cd "$src" && pwd) >"$(site_packages)/itlaw-odoo-src.pth"
}

download_odoo() {
    local dest=$data_dir/odoo-18.0
    if [ ! -f "$dest/odoo/release.py" ]; then
        curl -sfI --max-time 10 "$odoo_url" >/dev/null 2>&1 || return 1
        say "downloading the official Odoo 18.0 source into $dest"
        mkdir -p "$dest"
        curl -sfL "$odoo_url" | tar xz -C "$dest" --strip-components=1
    fi
    install_odoo_from_source "$dest"
}

find_odoo() {
    if [ -x "$venv/bin/python" ] && imports_odoo18 "$venv/bin/python"; then
        return 0
    fi
    if [ -n "${ODOO_PYTHON:-}" ] && imports_odoo18 "$ODOO_PYTHON"; then
        rm -rf "$venv"
        make_venv "$ODOO_PYTHON" --system-site-packages
        return 0
    fi
    if imports_odoo18 python3; then
        rm -rf "$venv"
        make_venv python3 --system-site-packages
        return 0
    fi
    if [ -n "${ODOO_SRC:-}" ]; then
        install_odoo_from_source "$ODOO_SRC"
        return 0
    fi
    download_odoo
}

if find_odoo && imports_odoo18 "$venv/bin/python"; then
    install_dev_tools
    echo "$venv/bin/python"
    exit 0
fi
make_venv python3
install_dev_tools
echo "$venv/bin/python"
echo "Odoo 18 not found: set ODOO_SRC to an Odoo 18.0 source folder (the one holding odoo/ and odoo-bin), or make 'import odoo' work in python3 (see README, 'Providing Odoo')." >&2
exit 3
