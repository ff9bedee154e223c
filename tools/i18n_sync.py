"""Refresh i18n/itlaw_ai_advisory.pot from an installed database and rebuild
i18n/fr.po on it, keeping every French translation already written.

    $(bash tools/odoo_env.sh) tools/i18n_sync.py DB [--also=OTHER_FR.po ...] [odoo options ...]

DB must have the addon installed from this checkout (tools/test.sh's addons path;
`make run`'s database works). Terms without a French translation are written
with an empty msgstr and listed: fill them in fr.po and run again (or not: the
test tests/test_i18n_complete.py fails until they are translated).
--also reads more French translations from other .po files (e.g. another
branch's fr.po when merging). Exit status 1 while some term lacks its French translation.
"""

import io
import sys
from pathlib import Path

import polib

import odoo
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
MODULE = "itlaw_ai_advisory"


def export_pot(db, options):
    odoo.tools.config.parse_config([*options, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    buffer = io.BytesIO()
    with registry.cursor() as cr:
        trans_export(False, [MODULE], buffer, "po", cr)
    return buffer.getvalue().decode()


def rebuild_fr(pot, fr_path, also=()):
    old = polib.pofile(str(fr_path)) if fr_path.exists() else polib.POFile()
    known = {}
    for source in (old, *(polib.pofile(path) for path in also)):
        for entry in source:
            if entry.msgstr.strip() and not entry.obsolete:
                known.setdefault(entry.msgid, entry.msgstr)
    fresh = polib.POFile(wrapwidth=78)
    fresh.header = old.header or pot.header
    fresh.metadata = old.metadata or dict(pot.metadata, Language="fr")
    missing = []
    for entry in pot:
        translated = known.get(entry.msgid, "")
        if not translated:
            missing.append(entry.msgid)
        fresh.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=translated,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    fr_path.write_text(str(fresh) + "\n", encoding="utf-8")
    return missing


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    db = argv[0]
    also = [arg.split("=", 1)[1] for arg in argv[1:] if arg.startswith("--also=")]
    options = [arg for arg in argv[1:] if not arg.startswith("--also=")]
    pot_text = export_pot(db, options)
    (ROOT / "i18n" / f"{MODULE}.pot").write_text(pot_text, encoding="utf-8")
    missing = rebuild_fr(polib.pofile(pot_text), ROOT / "i18n" / "fr.po", also)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(polib.pofile(pot_text))} terms, {len(missing)} without French")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
