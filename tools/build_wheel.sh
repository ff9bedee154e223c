#!/usr/bin/env bash
# Builds the addon's wheel the way OCA builds addons' wheels (whool, configured
# in pyproject.toml): odoo_addon_itlaw_ai_advisory-<manifest version>-py3-none-any.whl,
# into the folder given (default: dist/ in the checkout); prints its path.
#
# whool names the wheel after the addon's folder, so the files git knows here
# (tracked, and new ones it does not ignore) are copied into a temporary folder
# named itlaw_ai_advisory, whatever this checkout is called, and built there,
# offline: whool comes with the project's tools (tools/requirements-dev.txt).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "[wheel] $*" >&2; }

# Building needs no Odoo: without it odoo_env.sh exits 3 but gives its python.
rc=0
py=$(bash "$root/tools/odoo_env.sh") || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || exit 1
if ! "$py" -c 'import whool' 2>/dev/null; then
    say "whool is missing from $py's environment (tools/requirements-dev.txt installs it)"
    exit 1
fi
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    say "$root is not a git checkout: the wheel holds the files git knows"
    exit 1
fi

out=${1:-$root/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/itlaw_ai_advisory" "$work/dist"
# Files deleted but not yet committed are listed too: skipped, not copied.
git -C "$root" ls-files -z --cached --others --exclude-standard |
    tar -C "$root" --null -T - --ignore-failed-read -cf - 2>/dev/null |
    tar -C "$work/itlaw_ai_advisory" -xf -
(cd "$work/itlaw_ai_advisory" &&
    "$py" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$work/dist" . >&2) || {
    say "pip could not build the wheel (see above)"
    exit 1
}
wheel=$(ls "$work/dist"/odoo_addon_itlaw_ai_advisory-*.whl)
mv -f "$wheel" "$out/"
echo "$out/$(basename "$wheel")"
