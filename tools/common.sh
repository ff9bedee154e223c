# Shared by tools/test.sh and tools/run.sh (sourced, not run).
# Sets: root, data_dir, py, have_odoo, addons_path, link_dir.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data_dir=${ITLAW_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/itlaw-ai-advisory}

have_odoo=1
py=$("$root/tools/odoo_env.sh") || {
    [ $? = 3 ] || { echo "[setup] the Python environment could not be prepared" >&2; exit 1; }
    have_odoo=0
}

# Odoo must see the checkout under the addon's name, whatever the clone's folder
# is called: link it into an addons folder of its own (one per checkout).
link_dir=$data_dir/addons/$(printf '%s' "$root" | sha1sum | cut -c1-12)
mkdir -p "$link_dir"
ln -sfn "$root" "$link_dir/itlaw_ai_advisory"

if [ "$have_odoo" = 1 ]; then
    odoo_addons=$("$py" -c '
import os, odoo
server = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(server, "addons"), os.path.join(os.path.dirname(server), "addons")]
print(",".join(p for p in paths if os.path.isdir(p)))')
    addons_path=$odoo_addons,$link_dir
fi
