"""Starts Odoo as odoo-bin does, for bench_load.py's prefork server.

The prefork server starts this script again, with ``gevent`` first, for its
websocket process (Odoo's bus; the public forms do not use it). When that
process cannot start in this Python environment (gevent's plugins need
packages Odoo's requirements do not pin, such as zope.interface), the master
would start it again every second, each attempt importing Odoo and costing a
core's second: the process then says so once and waits, idle, until the
master stops it.
"""

import os
import signal
import sys

os.environ["TZ"] = "UTC"  # as odoo-bin, before anything imports time


def main():
    websocket = sys.argv[1:2] == ["gevent"]  # Odoo's import takes it out of argv
    try:
        import odoo
    except Exception as error:
        if not websocket:
            raise
        print(f"[odoo_server] no websocket process: {type(error).__name__}: {error}", flush=True)
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        while True:
            signal.pause()
    odoo.cli.main()


if __name__ == "__main__":
    main()
