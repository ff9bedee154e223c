"""tools/odoo_log.py reads what Odoo's own test runner prints."""

import odoo_log

HEAD = "2026-11-29 00:30:36,875 20668 {level} db {logger}: {message}"


def line(level, logger, message):
    return HEAD.format(level=level, logger=logger, message=message)


GREEN = "\n".join(
    [
        line("INFO", "odoo.modules.loading", "Loading module base"),
        line("INFO", "odoo.addons.x.tests.test_a", "Starting TestA.test_one ..."),
        line(
            "INFO",
            "odoo.tests.result",
            "0 failed, 0 error(s) of 3 tests when loading database 'db'",
        ),
    ]
)


def test_green_run(capsys):
    assert odoo_log.runner(GREEN) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "3 passed, 0 failed, 0 error(s), 0 skipped of 3 tests"
    )


def test_failures_skips_and_stray_warnings_fail_the_run(capsys):
    text = "\n".join(
        [
            line("ERROR", "odoo.addons.x.tests.test_a", "FAIL: Subtest TestA.test_one (<subtest>)"),
            "Traceback (most recent call last):",
            "AssertionError: 99 > 95",
            line("ERROR", "odoo.addons.x.tests.test_a", "FAIL: Subtest TestA.test_one (<subtest>)"),
            line(
                "INFO", "odoo.addons.x.tests.test_b", "skipped TestB.test_tour : Chrome not found"
            ),
            line("WARNING", "odoo.http", "No CSRF validation token provided for path '/x'"),
            line("ERROR", "odoo.tests.result", "2 failed, 0 error(s) of 3 tests when loading db"),
        ]
    )
    assert odoo_log.runner(text) == 1
    out = capsys.readouterr().out
    assert "AssertionError: 99 > 95" in out
    assert "SKIPPED (a skipped test is not a pass): skipped TestB.test_tour" in out
    assert "UNEXPECTED LOG LINE: WARNING odoo.http: No CSRF" in out
    assert out.splitlines()[-1] == (
        "1 passed, 2 failed, 0 error(s), 1 skipped of 3 tests,"
        " 1 unexpected warning/error log line(s)"
    )


def test_unfinished_run_fails(capsys):
    assert odoo_log.runner(GREEN.rsplit("\n", 1)[0]) == 1
    assert "did not finish" in capsys.readouterr().out


def test_clean_log():
    assert odoo_log.clean(GREEN) == 0
    assert odoo_log.clean(GREEN + "\n" + line("WARNING", "odoo.models", "bad field")) == 1
