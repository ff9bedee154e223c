"""The addon as integrators install OCA addons: the wheel tools/build_wheel.sh
builds with whool (odoo-addon-itlaw_ai_advisory), installed with pip into a
fresh virtual environment next to Odoo, then installed by Odoo into a fresh
database from there, with an addons path that does not hold this checkout.

The fresh environment sees Odoo as tools/odoo_env.sh makes it seen: a .pth
file naming Odoo's source folder and the site-packages holding its
requirements. Odoo 18's source has no installer, so no package declares the
`odoo` distribution: the wheel goes in with --no-deps and its other declared
requirements are installed by name, as the README tells integrators to.

Needs Odoo and the PostgreSQL server `make test` uses: `make test` runs it
only where the Odoo suites run.
"""

import ast
import email.parser
import os
import shlex
import socket
import subprocess
import uuid
import zipfile

import odoo_log
import pytest
from fresh_venv import ROOT, git_files, make_venv, pip, site_packages
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import odoo
import odoo.release

ADDON = "itlaw_ai_advisory"
PREFIX = f"odoo/addons/{ADDON}/"
MANIFEST = ast.literal_eval((ROOT / "__manifest__.py").read_text("utf-8"))
# Odoo's source folder (the one holding odoo/) and its own addons folders.
ODOO_SRC = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
ODOO_ADDONS = [
    path
    for path in (os.path.join(ODOO_SRC, "odoo", "addons"), os.path.join(ODOO_SRC, "addons"))
    if os.path.isdir(path)
]

INSTALL_ONLY = ["--without-demo=all", "--stop-after-init", "--log-level=warn"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "build_wheel.sh"), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = result.stdout.strip().splitlines()[-1]
    assert os.path.dirname(path) == str(out)
    return path


@pytest.fixture(scope="module")
def metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.HeaderParser().parsestr(archive.read(name).decode("utf-8"))


def python_requirements(metadata):
    """The wheel's requirements other than Odoo's, by canonical name."""
    requirements = [Requirement(r) for r in metadata.get_all("Requires-Dist", [])]
    return {canonicalize_name(r.name) for r in requirements if r.name != "odoo"}


def test_wheel_name_and_version_are_oca_s(wheel, metadata):
    version = MANIFEST["version"]
    assert os.path.basename(wheel) == f"odoo_addon_{ADDON}-{version}-py3-none-any.whl"
    assert metadata["Name"] == f"odoo-addon-{ADDON}"
    assert metadata["Version"] == version


def test_wheel_declares_odoo_18_and_the_manifest_s_python_dependencies(metadata):
    requirements = [Requirement(r) for r in metadata.get_all("Requires-Dist")]
    (on_odoo,) = [r for r in requirements if r.name == "odoo"]
    assert on_odoo.specifier.contains(odoo.release.version, prereleases=True)
    for other in ("17.0", "18.1", "19.0"):
        assert not on_odoo.specifier.contains(other, prereleases=True), on_odoo
    # Every addon it depends on is Odoo's own: no other odoo-addon-* requirement.
    # The rest is exactly the manifest's Python dependencies, by their PyPI
    # names (Odoo 18 checks them so), xlsxwriter for the pipeline workbook.
    declared = {canonicalize_name(name) for name in MANIFEST["external_dependencies"]["python"]}
    assert python_requirements(metadata) == declared
    assert "xlsxwriter" in declared


def test_wheel_holds_the_whole_addon_under_odoo_addons(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/")}
    addon = {n[len(PREFIX) :] for n in names if n.startswith(PREFIX)}
    assert names - {PREFIX + n for n in addon} == {
        n for n in names if n.startswith(f"odoo_addon_{ADDON}-")
    }
    # Every file git knows, the engine and its catalog included; not the
    # packaging's pyproject.toml (whool leaves it out).
    assert addon == git_files() - {"pyproject.toml"}
    for expected in [
        "__manifest__.py",
        "i18n/fr.po",
        "static/description/icon.png",
        f"{ADDON}/__init__.py",
        f"{ADDON}/catalog/rules.json",
        *MANIFEST["data"],
        *MANIFEST["demo"],
    ]:
        assert expected in addon


def test_addon_installs_from_the_wheel_into_a_fresh_database(wheel, metadata, tmp_path):
    python, purelib = make_venv(tmp_path / "venv", [ODOO_SRC, *site_packages()])
    installed = pip(python, "install", "--no-index", "--no-deps", wheel)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    requirements = [r for r in metadata.get_all("Requires-Dist") if Requirement(r).name != "odoo"]
    installed = pip(python, "install", *requirements)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    db_options = shlex.split(
        subprocess.run(
            ["bash", str(ROOT / "tools" / "postgres.sh")],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout
    )
    psql = [
        "--{}={}".format({"user": "username"}.get(name, name), value)
        for name, value in (o.removeprefix("--db_").split("=", 1) for o in db_options)
    ]
    db = f"itlaw_wheel_test_{uuid.uuid4().hex[:8]}"
    options = [
        *db_options,
        f"--addons-path={','.join(ODOO_ADDONS)}",
        f"--data-dir={tmp_path / 'odoo-data'}",
        "-d",
        db,
    ]
    assert not any(str(ROOT) in path for path in ODOO_ADDONS)
    http_port = f"--http-port={free_port()}"
    try:
        install = subprocess.run(
            [str(python), "-m", "odoo", *options, "-i", ADDON, *INSTALL_ONLY, http_port],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        log = install.stdout + install.stderr
        assert install.returncode == 0, log[-5000:]
        assert odoo_log.clean(log) == 0, log[-5000:]

        # In the database, installed, at the manifest's version; in Odoo, the
        # addon and its engine are the fresh environment's copies.
        check = subprocess.run(
            [str(python), "-c", CHECK, *options],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert check.returncode == 0, check.stderr
        state, version, module_path, engine_file = check.stdout.split()
        assert (state, version) == ("installed", MANIFEST["version"])
        assert module_path == str(purelib / "odoo" / "addons" / ADDON)
        assert engine_file == str(purelib / "odoo" / "addons" / ADDON / ADDON / "__init__.py")
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", *psql, db], capture_output=True, timeout=300, check=False
        )


CHECK = """
import sys
import odoo
from odoo.modules.module import get_module_path

odoo.tools.config.parse_config(sys.argv[1:] + ["--log-level=warn"])
with odoo.sql_db.db_connect(odoo.tools.config["db_name"]).cursor() as cr:
    cr.execute(
        "SELECT state, latest_version FROM ir_module_module WHERE name = 'itlaw_ai_advisory'"
    )
    state, version = cr.fetchone()
from odoo.addons.itlaw_ai_advisory import itlaw_ai_advisory as engine

assert engine.get_catalog().rules
print(state, version, get_module_path("itlaw_ai_advisory"), engine.__file__)
"""
