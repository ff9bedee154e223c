"""Fresh virtual environments for the packaging tests (tools/tests/test_*_package.py).

Made without pip of their own (quick and offline): the project's pip installs
into them with ``pip --python``, as it would into any environment.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def git_files(folder=""):
    """The files git knows under ``folder`` of the checkout (tracked, and new
    ones it does not ignore), relative to it: what a build is made of."""
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    out = subprocess.run(
        [*listing, "--", folder or "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    prefix = f"{folder}/" if folder else ""
    return {name[len(prefix) :] for name in out.split("\0") if name and (ROOT / name).is_file()}


def make_venv(path, pth_dirs=()):
    """A fresh virtual environment at ``path`` from this Python's base
    interpreter; ``pth_dirs`` made importable by a .pth file in it, the way
    tools/odoo_env.sh makes an Odoo source folder importable. Returns
    (its python, its site-packages)."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    python = path / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    if pth_dirs:
        (purelib / "itlaw-test-next-door.pth").write_text("".join(f"{d}\n" for d in pth_dirs))
    return python, purelib


def pip(python, *args, timeout=600):
    """This Python's pip acting on ``python``'s environment; output kept for the assertion."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def site_packages():
    """This Python's site-packages folders, system and user ones included
    (where Odoo's requirements are)."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
