"""pytest plugin for the engine tests: the addon's folders are plain folders.

The repository root is an Odoo addon: its ``__init__.py`` only imports inside
Odoo, as ``odoo.addons.itlaw_ai_advisory``. pytest would otherwise import every
folder holding an ``__init__.py`` as a package before running the engine tests.
Loaded through pyproject.toml; the Odoo suite (pytest-odoo with a database)
keeps pytest's own collection.
"""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path, parent):
    if parent.config.getoption("--odoo-database", default=None):
        return None
    return pytest.Dir.from_parent(parent, path=path)
