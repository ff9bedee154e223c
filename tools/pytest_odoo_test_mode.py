"""pytest plugin for the Odoo suite: import Odoo's test framework in test mode.

``odoo.tests`` logs an ERROR with a stack trace when it is imported while
Odoo's configuration says it is not testing (``test_enable``). pytest-odoo
imports it in its ``pytest_cmdline_main`` right after parsing the options, and
turns ``test_enable`` on only later, per test module: on during the registry's
loading, it would run every installed module's ``at_install`` tests. This
plugin imports the framework first, with ``test_enable`` on for the import only.
Loaded through pyproject.toml; does nothing without ``--odoo-database``.
"""

import pytest


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_cmdline_main(config):
    if config.getoption("--odoo-database", default=None):
        from odoo.tools import config as odoo_config

        odoo_config["test_enable"] = True
        try:
            import odoo.tests  # noqa: F401
        finally:
            odoo_config["test_enable"] = False
    yield
