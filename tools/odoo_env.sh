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

# Every step checks its own result: these functions run inside conditions,
# where `set -e` does not apply, and a step recorded as done is never redone.
make_venv() {  # $1: base python, $2: extra venv flags
    if [ ! -x "$venv/bin/python" ]; then
        say "creating the Python environment in $venv"
        mkdir -p "$data_dir"
        if ! "$1" -m venv ${2:-} "$venv" >&2 ||
            ! "$venv/bin/python" -m pip install -q --upgrade pip wheel 'setuptools<70' >&2; then
            say "could not create the Python environment in $venv with $1 (is python3-venv installed?)"
            rm -rf "$venv"
            return 1
        fi
    fi
}

install_dev_tools() {
    local stamp=$venv/.dev-requirements
    if ! cmp -s "$here/requirements-dev.txt" "$stamp" 2>/dev/null; then
        say "installing the test and lint tools"
        "$venv/bin/python" -m pip install -q -r "$here/requirements-dev.txt" >&2 || {
            say "pip could not install $here/requirements-dev.txt (see above); rerun to resume"
            return 1
        }
        cp "$here/requirements-dev.txt" "$stamp"
    fi
}

install_addon_requirements() {  # the addon's own dependencies (requirements.txt)
    local stamp=$venv/.addon-requirements
    if ! cmp -s "$here/../requirements.txt" "$stamp" 2>/dev/null; then
        say "installing the addon's Python dependencies (requirements.txt)"
        "$venv/bin/python" -m pip install -q -r "$here/../requirements.txt" >&2 || {
            say "pip could not install $here/../requirements.txt (see above); rerun to resume"
            return 1
        }
        cp "$here/../requirements.txt" "$stamp"
    fi
}

# What pip builds from source for Odoo 18 on Debian (psycopg2, python-ldap).
build_packages=(build-essential python3-dev libpq-dev libldap2-dev libsasl2-dev)

missing_build_packages() {
    local package
    command -v dpkg >/dev/null 2>&1 || return 0
    for package in "${build_packages[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || echo "$package"
    done
}

ensure_build_packages() {  # root with apt-get: install what is missing
    local missing
    missing=$(missing_build_packages | tr '\n' ' ')
    missing=${missing% }
    [ -n "$missing" ] || return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing the Debian packages Odoo's requirements build with: $missing"
        # shellcheck disable=SC2086
        if ! { apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2; }; then
            say "apt-get could not install: $missing"
            return 1
        fi
    else
        say "missing Debian packages Odoo's requirements may need to build: $missing"
        say "install them as root: apt-get install $missing"
    fi
}

explain_pip_failure() {  # $1: pip's log
    local failed
    failed=$(grep -oE '(Failed building wheel for|Failed to build) [A-Za-z0-9_.-]+' "$1" |
        awk '{print $NF}' | grep -v '^installable$' | sort -u | tr '\n' ' ')
    tail -n 15 "$1" >&2
    say "pip could not install Odoo's requirements${failed:+: ${failed% } failed to build}."
    say "Nothing was recorded as installed: the next run resumes here. pip's output: $1"
    say "The usual cause is missing build headers. On Debian/Ubuntu, as root:"
    say "  apt-get install ${build_packages[*]}"
}

install_odoo_from_source() {  # $1: Odoo source folder
    local src=$1 constraints pip_log purelib
    [ -f "$src/odoo/release.py" ] || { say "ODOO_SRC=$src holds no odoo/release.py"; return 1; }
    make_venv python3 || return 1
    if ! cmp -s "$src/requirements.txt" "$venv/.odoo-requirements" 2>/dev/null; then
        ensure_build_packages || return 1
        say "installing Odoo's pinned requirements from $src/requirements.txt (a few minutes)"
        constraints=$(mktemp)
        pip_log=$data_dir/pip-odoo-requirements.log
        # Some pinned packages still build with pkg_resources.
        echo 'setuptools<70' >"$constraints"
        if ! "$venv/bin/python" -m pip install -q --build-constraint "$constraints" \
            -r "$src/requirements.txt" >"$pip_log" 2>&1; then
            rm -f "$constraints"
            explain_pip_failure "$pip_log"
            return 1
        fi
        rm -f "$constraints"
        cp "$src/requirements.txt" "$venv/.odoo-requirements"
    fi
    # Odoo 18's source has no installer: make the folder holding odoo/ importable.
    purelib=$(site_packages) && (cd "$src" && pwd) >"$purelib/itlaw-odoo-src.pth" || {
        say "could not make $src importable in $venv"
        return 1
    }
}

download_odoo() {
    local dest=$data_dir/odoo-18.0
    if [ ! -f "$dest/odoo/release.py" ]; then
        curl -sfI --max-time 10 "$odoo_url" >/dev/null 2>&1 || return 3
        say "downloading the official Odoo 18.0 source into $dest"
        mkdir -p "$dest"
        curl -sfL "$odoo_url" | tar xz -C "$dest" --strip-components=1 || {
            say "downloading $odoo_url failed"
            rm -rf "$dest"
            return 1
        }
    fi
    install_odoo_from_source "$dest"
}

find_odoo() {  # 0: found or installed, 3: nowhere to take it from, else failed
    if [ -x "$venv/bin/python" ] && imports_odoo18 "$venv/bin/python"; then
        return 0
    fi
    if [ -n "${ODOO_PYTHON:-}" ] && imports_odoo18 "$ODOO_PYTHON"; then
        rm -rf "$venv"
        make_venv "$ODOO_PYTHON" --system-site-packages
        return
    fi
    if imports_odoo18 python3; then
        rm -rf "$venv"
        make_venv python3 --system-site-packages
        return
    fi
    if [ -n "${ODOO_SRC:-}" ]; then
        install_odoo_from_source "$ODOO_SRC"
        return
    fi
    download_odoo
}

found=0
find_odoo || found=$?
if [ "$found" = 0 ]; then
    if ! imports_odoo18 "$venv/bin/python"; then
        say "Odoo 18 was installed in $venv but does not import:"
        "$venv/bin/python" -c 'import odoo.release' 2>&1 | tail -n 3 >&2
        exit 1
    fi
    install_addon_requirements || exit 1
    install_dev_tools || exit 1
    echo "$venv/bin/python"
    exit 0
fi
# A failed step has said what failed and how to fix it.
[ "$found" = 3 ] || exit 1
make_venv python3 || exit 1
install_addon_requirements || exit 1
install_dev_tools || exit 1
echo "$venv/bin/python"
echo "Odoo 18 not found: set ODOO_SRC to an Odoo 18.0 source folder (the one holding odoo/ and odoo-bin), or make 'import odoo' work in python3 (see README, 'Providing Odoo')." >&2
exit 3
