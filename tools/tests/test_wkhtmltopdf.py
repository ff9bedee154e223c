"""tools/wkhtmltopdf.sh finds the PDF renderer of the reports, installs
Debian's when it can, and fails when there is none. PATH holds only shims:
`id` (who we are), `apt-get` (records its calls; its install makes a fake
`wkhtmltopdf`)."""

import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "wkhtmltopdf.sh"


def executable(path, text):
    path.write_text(textwrap.dedent(text))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    executable(bin_dir / "id", '#!/bin/sh\necho "$FAKE_UID"\n')
    executable(
        bin_dir / "apt-get",
        f"""\
        #!/bin/sh
        echo "$*" >>{tmp_path}/apt-get.log
        case "$*" in *"install -y -qq wkhtmltopdf"*)
            printf '#!/bin/sh\\necho wkhtmltopdf 0.12.6\\n' >{bin_dir}/wkhtmltopdf
            chmod +x {bin_dir}/wkhtmltopdf;;
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


def test_root_with_apt_installs_wkhtmltopdf(machine):
    tmp_path, bin_dir, env = machine
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(bin_dir / "wkhtmltopdf")
    calls = apt_calls(tmp_path)
    assert calls[0].startswith("update") and calls[1].endswith("install -y -qq wkhtmltopdf")


def test_without_root_nothing_is_installed(machine):
    tmp_path, _bin_dir, env = machine
    env["FAKE_UID"] = "1000"
    result = run(env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "apt-get install wkhtmltopdf" in result.stderr
    assert apt_calls(tmp_path) == []


def test_an_installed_wkhtmltopdf_is_used_as_it_is(machine):
    tmp_path, bin_dir, env = machine
    executable(bin_dir / "wkhtmltopdf", "#!/bin/sh\n")
    result = run(env)
    assert result.returncode == 0
    assert result.stdout.strip() == str(bin_dir / "wkhtmltopdf")
    assert apt_calls(tmp_path) == []
