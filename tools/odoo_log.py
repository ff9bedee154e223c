"""Reads an Odoo log for `make test` (tools/test.sh).

    python tools/odoo_log.py runner LOG   Odoo's own test runner (--test-enable):
        prints the failures, the skipped tests and every warning or error
        nobody asked for, then one line "N passed, N failed, N error(s),
        N skipped of N tests"; exits 1 when any of them is not zero or the
        runner printed no result.
    python tools/odoo_log.py clean LOG    any other Odoo log (an install, the
        pytest-odoo run): prints the warnings and errors; exits 1 if any.

A test that expects a warning says so (``mute_logger``, ``assertLogs``): a
WARNING or ERROR line in a green run must always mean something.
"""

import re
import sys

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<message>.*)"
)
RESULT = re.compile(r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests")
REPORT = re.compile(r"^(?P<kind>FAIL|ERROR): (?:Subtest )?(?P<test>\S+)")
SKIP = re.compile(r"^skipped (?P<test>\S+)")


def records(text):
    """(level, logger, message, continuation lines) for each log record; lines
    before the first record or from other programs are their own records."""
    current = None
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            if current:
                yield current
            current = (match["level"], match["logger"], match["message"].rstrip(), [])
        elif current:
            current[3].append(line)
        else:
            yield ("", "", line, [])
    if current:
        yield current


def analyse(text):
    result = None
    failures, skipped, unexpected = [], [], []
    for level, logger, message, more in records(text):
        if logger == "odoo.tests.result" and RESULT.search(message):
            result = RESULT.search(message)
            continue
        report = REPORT.match(message)
        if level == "ERROR" and report:
            failures.append((report["kind"], report["test"], message, more))
            continue
        skip = SKIP.match(message)
        if skip and level == "INFO":
            skipped.append(message)
            continue
        if level in ("WARNING", "ERROR", "CRITICAL"):
            unexpected.append((f"{level} {logger}: {message}", more))
    return result, failures, skipped, unexpected


def print_record(message, more, limit=40):
    print(message)
    for line in more[:limit]:
        print(line)


def runner(text):
    result, failures, skipped, unexpected = analyse(text)
    for _kind, _test, message, more in failures:
        print_record(message, more)
    for message in skipped:
        print(f"SKIPPED (a skipped test is not a pass): {message}")
    for message, more in unexpected:
        print_record(f"UNEXPECTED LOG LINE: {message}", more, limit=5)
    if result is None:
        print("no test result in the log (the run did not finish)")
        return 1
    run, failed, errors = int(result["run"]), int(result["failed"]), int(result["errors"])
    bad_tests = {test for _kind, test, _message, _more in failures}
    passed = max(0, run - len(bad_tests) - len(skipped))
    line = f"{passed} passed, {failed} failed, {errors} error(s), {len(skipped)} skipped"
    line += f" of {run} tests"
    if unexpected:
        line += f", {len(unexpected)} unexpected warning/error log line(s)"
    print(line)
    return int(bool(failed or errors or skipped or unexpected or not run))


def clean(text):
    _result, failures, _skipped, unexpected = analyse(text)
    for _kind, _test, message, more in failures:
        print_record(message, more)
    for message, more in unexpected:
        print_record(f"UNEXPECTED LOG LINE: {message}", more, limit=5)
    return int(bool(failures or unexpected))


def main(argv):
    command, path = argv
    with open(path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    return {"runner": runner, "clean": clean}[command](text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
