"""The README's screenshots and tools/screenshots.sh agree: every PNG the README
shows is committed, taken by tools/screenshots.py and listed in the script's header."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_readme_screenshot_is_committed_taken_and_listed():
    readme = (ROOT / "README.md").read_text()
    shown = set(re.findall(r"\(static/description/(screenshot_\w+\.png)\)", readme))
    taken = set(re.findall(r'"(screenshot_\w+\.png)"', (ROOT / "tools/screenshots.py").read_text()))
    header = (ROOT / "tools/screenshots.sh").read_text().split("\nset -euo pipefail")[0]
    listed = set(re.findall(r"^#\s+(screenshot_\w+\.png)\s", header, re.MULTILINE))
    committed = {path.name for path in (ROOT / "static/description").glob("screenshot_*.png")}
    assert {"screenshot_dpia.png", "screenshot_portal_phone.png"} <= shown
    assert shown == taken == listed == committed
