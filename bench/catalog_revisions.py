"""Run the engine of another revision of the checkout on the project's answer sets.

Shared by ``band_shift.py`` and ``question_count.py``. A revision's engine and
catalog are taken together (``git archive`` of ``itlaw_ai_advisory/`` into a
temporary folder) and run in a child Python, so that a catalog is always read
by the engine it was written for (catalog 1.1.0's floors are not 2.0.0's).

The answer sets are the project's own: the baseline and every (fires, close)
variation of ``tests/engine/test_rules.py`` CASES, the fixtures of the Odoo
tests (``tests/fixtures.py``) and the demo prospects (``demo/*.xml``).
"""

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG_FILE = "itlaw_ai_advisory/catalog/catalog.json"

# Run by the child Python: reads {"as_of", "sets": [[name, answers]], "catalog_dir"}
# on stdin, prints one JSON result per set. Only uses the engine's public API,
# which catalog 1.1.0's engine has too.
CHILD = r"""
import datetime, json, sys
import itlaw_ai_advisory as engine
from itlaw_ai_advisory import catalog as catalog_module
request = json.load(sys.stdin)
catalog = engine.get_catalog()
if request.get("catalog_dir"):
    catalog = catalog_module.load_catalog(request["catalog_dir"])
as_of = datetime.date.fromisoformat(request["as_of"])
results = []
for name, answers in request["sets"]:
    result = {"name": name, "visible": len(catalog.visible_questions(answers))}
    problems = engine.validate(answers, lang="en") if not request.get("catalog_dir") else {}
    if problems:
        result["problems"] = problems
    elif not request.get("catalog_dir"):
        assessment = engine.assess(answers, as_of=as_of)
        result.update(
            band=assessment.band,
            score=assessment.score,
            tier=assessment.ai_act_tier,
            timeline=assessment.timeline,
        )
    results.append(result)
print(json.dumps({"version": catalog.version, "results": results}))
"""


def revision_with_version(version):
    """The newest commit whose catalog.json says ``version`` (e.g. "1.1.0")."""
    commits = subprocess.run(
        ["git", "-C", str(ROOT), "log", "--format=%H", "--", CATALOG_FILE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for commit in commits:
        data = json.loads(git_show(commit, CATALOG_FILE))
        if data.get("version") == version:
            return commit
    raise SystemExit(f"no commit of {CATALOG_FILE} has version {version}")


def git_show(revision, path):
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def run_engine(revision, answer_sets, as_of, catalog_dir=None):
    """``(catalog version, results)`` of the engine of ``revision`` (None: the
    working tree) on ``answer_sets`` [(name, answers)]; with ``catalog_dir``, that
    catalog read by the revision's engine (visible questions only)."""
    with tempfile.TemporaryDirectory() as folder:
        if revision is None:
            path = ROOT
        else:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", revision, "itlaw_ai_advisory"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
            path = Path(folder)
        request = {
            "as_of": as_of.isoformat(),
            "sets": answer_sets,
            "catalog_dir": str(catalog_dir) if catalog_dir else None,
        }
        child = subprocess.run(
            [sys.executable, "-c", CHILD],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            cwd=path,
            check=False,
        )
        if child.returncode:
            raise SystemExit(child.stderr)
        data = json.loads(child.stdout)
    return data["version"], data["results"]


def answer_sets():
    """``[(name, answers)]``: the project's test and demo answer sets, in a stable order."""
    sys.path.insert(0, str(ROOT / "tests" / "engine"))
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import conftest  # the engine tests' baseline
        import test_rules

        sets = [("baseline", dict(conftest.BASELINE))]
        for rule_id, (firing, close) in sorted(test_rules.CASES.items()):
            sets.append((f"{rule_id} (fires)", conftest.vary(firing)))
            sets.append((f"{rule_id} (close)", conftest.vary(close)))
        fixtures = _load_fixtures()
        for name in ("CV_SCREENING", "HARMLESS", "EMOTION_AT_WORK"):
            sets.append((f"fixture {name}", dict(fixtures[name])))
    finally:
        del sys.path[:2]
    for index, answers in enumerate(demo_answer_sets(), 1):
        sets.append((f"demo prospect {index}", answers))
    return sets


def _load_fixtures():
    """The answer dicts of tests/fixtures.py (it imports werkzeug, which the engine needs not)."""
    tree = ast.parse((ROOT / "tests" / "fixtures.py").read_text())
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("CV_SCREENING", "HARMLESS", "EMOTION_AT_WORK"):
                values[name] = _evaluate(node.value, values)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and target.value.id in values:
                    values[target.value.id].pop(ast.literal_eval(target.slice), None)
    return values


def _evaluate(node, known):
    """A dict literal, possibly ``{**OTHER, key: value}`` of an already known one."""
    result = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:
            result.update(known[value.id])
        else:
            result[ast.literal_eval(key)] = ast.literal_eval(value)
    return result


def demo_answer_sets():
    """The answers of the demo prospects: first argument of each ``_submit`` call."""
    from lxml import etree

    sets = []
    for path in sorted((ROOT / "demo").glob("*.xml")):
        for function in etree.parse(str(path)).iter("function"):
            if function.get("model") == "itlaw.intake" and function.get("name") == "_submit":
                first = function.find("value")
                sets.append(ast.literal_eval(" ".join(first.get("eval").split())))
    return sets
