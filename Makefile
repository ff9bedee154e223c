# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint test-engine setup wheel

run:  ## start a demo instance on http://localhost:8069 (127.0.0.1 only, no database manager)
	@bash tools/run.sh

test:  ## lint, engine and tooling tests, then the Odoo suite under pytest-odoo and odoo-bin
	@bash tools/test.sh

setup:  ## only prepare the Python environment (prints its python)
	@bash tools/odoo_env.sh

lint:  ## ruff only (checks and formatting, as make test), quick
	@py=$$(bash tools/odoo_env.sh 2>/dev/null) && $$py -m ruff check . && $$py -m ruff format --check .

test-engine:  ## engine tests only, no database, no Odoo needed
	@$$(bash tools/odoo_env.sh 2>/dev/null) -m pytest tests/engine -q

wheel:  ## the addon's wheel, odoo_addon_itlaw_ai_advisory-<version>-py3-none-any.whl, into dist/
	@bash tools/build_wheel.sh
