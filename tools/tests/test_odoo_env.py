"""tools/odoo_env.sh on a machine of its own: a temporary data folder, a fake
Odoo 18 source and a fake pip, so that nothing is downloaded or built and the
project's real environment is never touched.

`python3` on PATH is a shim: it makes real (pip-less) virtual environments and
puts a fake `pip` module in them that fails the install of Odoo's requirements
while a flag file exists, printing what pip prints when python-ldap does not
build. `dpkg` and `apt-get` are shims too: which Debian packages are installed
is a file, and apt-get records its calls.
"""

import shutil
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "odoo_env.sh"
REAL_PYTHON = shutil.which("python3")

FAKE_PIP = """\
import os, sys
with open(os.environ["FAKE_PIP_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
if os.path.exists(os.environ["FAKE_PIP_FAIL"]) and any(
    arg.endswith("odoo-src/requirements.txt") for arg in sys.argv
):
    print("  error: subprocess-exited-with-error")
    print("  × Building wheel for python-ldap (pyproject.toml) did not run successfully.")
    print("  In file included from Modules/LDAPObject.c:3:")
    print("  Modules/common.h:15:10: fatal error: lber.h: No such file or directory")
    print("  ERROR: Failed building wheel for python-ldap")
    print("Failed to build python-ldap")
    print("ERROR: ERROR: Failed to build installable wheels for some pyproject.toml"
          " based projects (python-ldap)")
    sys.exit(1)
"""


def executable(path, text):
    path.write_text(textwrap.dedent(text))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path):
    """A PATH with the shims, a data folder and an Odoo \"source\"."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    src = tmp_path / "odoo-src"
    (src / "odoo").mkdir(parents=True)
    (src / "odoo" / "__init__.py").write_text("")
    (src / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0, '')\n")
    (src / "requirements.txt").write_text("python-ldap==3.4.0\npsycopg2==2.9.5\n")
    (tmp_path / "fake_pip").mkdir()
    (tmp_path / "fake_pip" / "__main__.py").write_text(FAKE_PIP)
    (tmp_path / "fake_pip" / "__init__.py").write_text("")
    executable(
        bin_dir / "python3",
        f"""\
        #!/bin/sh
        if [ "$1" = -m ] && [ "$2" = venv ]; then
            shift 2
            {REAL_PYTHON} -m venv --without-pip "$@" || exit 1
            for dir in "$@"; do :; done
            purelib=$("$dir/bin/python" -c \\
                'import sysconfig; print(sysconfig.get_paths()["purelib"])')
            cp -r {tmp_path}/fake_pip "$purelib/pip"
            exit 0
        fi
        exec {REAL_PYTHON} "$@"
        """,
    )
    executable(
        bin_dir / "id",
        """\
        #!/bin/sh
        if [ "$1" = -u ]; then echo "$FAKE_UID"; else exec /usr/bin/id "$@"; fi
        """,
    )
    installed = tmp_path / "dpkg-installed"
    installed.write_text("")
    executable(
        bin_dir / "dpkg",
        f"""\
        #!/bin/sh
        grep -qx "$2" {installed}
        """,
    )
    executable(
        bin_dir / "apt-get",
        f"""\
        #!/bin/sh
        echo "$*" >>{tmp_path}/apt-get.log
        if [ "$1" = install ]; then
            for arg in "$@"; do
                case "$arg" in -*|install) ;; *) echo "$arg" >>{installed};; esac
            done
        fi
        """,
    )
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "ITLAW_DATA_DIR": str(tmp_path / "data"),
        "ODOO_SRC": str(src),
        "ODOO_DOWNLOAD_URL": "http://127.0.0.1:9/unreachable",
        "FAKE_PIP_LOG": str(tmp_path / "pip.log"),
        "FAKE_PIP_FAIL": str(tmp_path / "pip-fails"),
        "FAKE_UID": "0",
    }
    return tmp_path, env, installed


def run_setup(env):
    return subprocess.run(
        ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def everything_installed(installed):
    installed.write_text(
        "\n".join(["build-essential", "python3-dev", "libpq-dev", "libldap2-dev", "libsasl2-dev"])
        + "\n"
    )


def test_failed_build_is_explained_not_recorded_and_resumed(machine):
    tmp_path, env, installed = machine
    everything_installed(installed)
    (tmp_path / "pip-fails").write_text("")
    venv = tmp_path / "data" / "venv"

    failed = run_setup(env)

    assert failed.returncode not in (0, 3), failed.stderr
    assert not (venv / ".odoo-requirements").exists()
    assert "python-ldap failed to build" in failed.stderr
    assert "apt-get install build-essential python3-dev libpq-dev libldap2-dev" in failed.stderr
    assert "resumes" in failed.stderr
    assert "Odoo 18 not found" not in failed.stderr
    assert failed.stdout == ""

    (tmp_path / "pip-fails").unlink()
    resumed = run_setup(env)

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.strip() == str(venv / "bin" / "python")
    requirements = Path(env["ODOO_SRC"]) / "requirements.txt"
    assert (venv / ".odoo-requirements").read_text() == requirements.read_text()
    # The environment made by the failed run was kept: only the failed step ran again.
    pip_calls = (tmp_path / "pip.log").read_text().splitlines()
    assert sum("--upgrade pip" in call for call in pip_calls) == 1
    assert sum(call.endswith(f"-r {requirements}") for call in pip_calls) == 2


def test_root_with_apt_installs_missing_build_packages_first(machine):
    tmp_path, env, installed = machine
    installed.write_text("build-essential\npython3-dev\nlibpq-dev\n")

    result = run_setup(env)

    assert result.returncode == 0, result.stderr
    apt_calls = (tmp_path / "apt-get.log").read_text().splitlines()
    assert apt_calls[0].startswith("update")
    assert apt_calls[1].startswith("install") and apt_calls[1].endswith("libldap2-dev libsasl2-dev")
    assert "installing the Debian packages" in result.stderr


def test_not_root_names_the_missing_packages_and_tries(machine):
    tmp_path, env, installed = machine
    installed.write_text("build-essential\npython3-dev\nlibpq-dev\n")
    env["FAKE_UID"] = "1000"

    result = run_setup(env)

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "apt-get.log").exists()
    assert "apt-get install libldap2-dev libsasl2-dev" in result.stderr


def test_without_odoo_anywhere_says_so_and_exits_3(machine):
    tmp_path, env, installed = machine
    everything_installed(installed)
    del env["ODOO_SRC"]

    result = run_setup(env)

    assert result.returncode == 3, result.stderr
    assert "Odoo 18 not found" in result.stderr
    assert result.stdout.strip() == str(tmp_path / "data" / "venv" / "bin" / "python")
