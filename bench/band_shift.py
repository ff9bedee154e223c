"""How the bands moved between two catalogs, on the project's answer sets.

Each catalog is run by its own engine (see ``catalog_revisions.py``), on the same
date (default 2 December 2026), each with its default timeline. An answer set that
one catalog does not accept is shown with the questions at fault, never guessed.
Run from the checkout, after a merge, for the CHANGELOG:

    $(bash tools/odoo_env.sh) bench/band_shift.py [--old 1.1.0 | --old-rev REV]
        [--new-rev REV] [--as-of 2026-12-02] [--markdown]
"""

import argparse
import collections
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_revisions import answer_sets, revision_with_version, run_engine

BANDS = ("faible", "modere", "eleve", "critique")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="1.1.0", help="catalog version to compare from")
    parser.add_argument("--old-rev", help="git revision to compare from (instead of --old)")
    parser.add_argument("--new-rev", help="git revision to compare to (default: working tree)")
    parser.add_argument("--as-of", default="2026-12-02", type=datetime.date.fromisoformat)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args()
    old_rev = args.old_rev or revision_with_version(args.old)
    sets = answer_sets()
    old_version, old = run_engine(old_rev, sets, args.as_of)
    new_version, new = run_engine(args.new_rev, sets, args.as_of)
    print(f"catalog {old_version} ({old_rev[:10]}) -> {new_version}, as of {args.as_of}")
    print(f"{len(sets)} answer sets (engine test cases, Odoo test fixtures, demo prospects)")
    print()
    moves = collections.Counter()
    rows = []
    for (name, _answers), before, after in zip(sets, old, new, strict=True):
        moves[(cell(before, short=True), cell(after, short=True))] += 1
        rows.append((name, cell(before), cell(after), arrow(before, after)))
    width = max(len(row[0]) for row in rows)
    if args.markdown:
        print(f"| answer set | {old_version} | {new_version} | moved |")
        print("|---|---|---|---|")
        for row in rows:
            print(f"| {' | '.join(row)} |")
    else:
        for name, before, after, moved in rows:
            print(f"{name:<{width}}  {before:<22} {after:<22} {moved}")
    print()
    print("Band moves (old -> new: number of answer sets):")
    for (before, after), count in sorted(moves.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {before:>8} -> {after:<8} {count}")
    refused = [row[0] for row in rows if "refused" in row[1] or "refused" in row[2]]
    if refused:
        print()
        print("Refused answer sets (the questions at fault):")
        for (name, _answers), before, after in zip(sets, old, new, strict=True):
            for label, result in (("old", before), ("new", after)):
                if "problems" in result:
                    print(f"  {name} [{label}]: {result['problems']}")
    return 0


def cell(result, short=False):
    if "problems" in result:
        return "refused"
    if short:
        return result["band"]
    return f"{result['band']} {result['score']}/100 ({result['tier']})"


def arrow(before, after):
    if "band" not in before or "band" not in after:
        return "n/a"
    old, new = BANDS.index(before["band"]), BANDS.index(after["band"])
    if new == old:
        return "="
    return ("up " if new > old else "down ") + f"{before['band']} -> {after['band']}"


if __name__ == "__main__":
    sys.exit(main())
