"""How many questions a prospect sees: the median (and spread) of the visible
questions (``catalog.visible_questions(answers)``) over the project's answer sets.

The questionnaire must stay short: new questions appear only when earlier
answers make them relevant. Compare two catalogs (each read by its own engine,
see ``catalog_revisions.py``), or read a catalog folder with the working tree's
engine. Run from the checkout:

    $(bash tools/odoo_env.sh) bench/question_count.py              # 1.1.0 vs working tree
    $(bash tools/odoo_env.sh) bench/question_count.py --rev REV    # one revision
    $(bash tools/odoo_env.sh) bench/question_count.py --catalog-dir DIR
"""

import argparse
import datetime
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_revisions import answer_sets, revision_with_version, run_engine

AS_OF = datetime.date(2026, 12, 2)


def summary(label, version, results):
    counts = [result["visible"] for result in results]
    quartiles = statistics.quantiles(counts, n=4)
    print(
        f"{label:<14} catalog {version}: median {statistics.median(counts):g} questions "
        f"(quartiles {quartiles[0]:g}-{quartiles[2]:g}, min {min(counts)}, max {max(counts)}, "
        f"{len(counts)} answer sets)"
    )
    return statistics.median(counts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="1.1.0", help="catalog version to compare from")
    parser.add_argument("--rev", help="only this git revision")
    parser.add_argument("--catalog-dir", help="only this catalog folder (working tree's engine)")
    args = parser.parse_args()
    sets = answer_sets()
    if args.catalog_dir:
        version, results = run_engine(None, sets, AS_OF, catalog_dir=Path(args.catalog_dir))
        summary(args.catalog_dir, version, results)
        return 0
    if args.rev:
        version, results = run_engine(args.rev, sets, AS_OF)
        summary(args.rev[:10], version, results)
        return 0
    old_rev = revision_with_version(args.old)
    old_version, old = run_engine(old_rev, sets, AS_OF)
    new_version, new = run_engine(None, sets, AS_OF)
    before = summary(f"{old_rev[:10]}", old_version, old)
    after = summary("working tree", new_version, new)
    print(f"median change: {after - before:+g} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
