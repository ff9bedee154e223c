"""tools/browser.sh finds the Chromium of the tours, installs Debian's when it
can, and fails when there is none. PATH holds only shims: `id` (who we are),
`apt-get` (records its calls; its install makes a fake `chromium`)."""

import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "browser.sh"


def executable(path, text):
    path.write_text(textwrap.dedent(text))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    executable(
        bin_dir / "id",
        """\
        #!/bin/sh
        echo "$FAKE_UID"
        """,
    )
    executable(
        bin_dir / "apt-get",
        f"""\
        #!/bin/sh
        echo "$*" >>{tmp_path}/apt-get.log
        case "$*" in *"install -y -qq chromium"*)
            printf '#!/bin/sh\\necho Chromium 1.0\\n' >{bin_dir}/chromium
            chmod +x {bin_dir}/chromium;;
        esac
        """,
    )
    return tmp_path, bin_dir, {"PATH": str(bin_dir), "FAKE_UID": "0"}


def run(env):
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def apt_calls(tmp_path):
    log = tmp_path / "apt-get.log"
    return log.read_text().splitlines() if log.exists() else []


def test_root_with_apt_installs_chromium(machine):
    tmp_path, bin_dir, env = machine
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(bin_dir / "chromium")
    calls = apt_calls(tmp_path)
    assert calls[0].startswith("update") and calls[1].endswith("install -y -qq chromium")


def test_without_root_the_browser_is_not_run(machine):
    tmp_path, _bin_dir, env = machine
    env["FAKE_UID"] = "1000"
    result = run(env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "apt-get install chromium" in result.stderr
    assert apt_calls(tmp_path) == []


def test_an_installed_browser_is_used_as_it_is(machine):
    tmp_path, bin_dir, env = machine
    executable(bin_dir / "google-chrome", "#!/bin/sh\n")
    result = run(env)
    assert result.returncode == 0
    assert result.stdout.strip() == str(bin_dir / "google-chrome")
    assert apt_calls(tmp_path) == []
