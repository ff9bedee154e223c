"""Which pages a read-only replica may serve (``readonly=`` of the routes).

Pages that only read are served by a replica when the server has one
(``db_replica_host``). A visitor's pages right after one of this addon's POSTs
(the result of their diagnostic, their new booking, their signed agreement)
stay on the primary for a while: a lagging replica could still miss what the
POST wrote (see ``ir.http._pre_dispatch``)."""

import time

from odoo.http import request

from ..models.ir_http import PRIMARY_UNTIL


def replica_unless_just_posted(_controller):
    """``readonly=`` of the token pages a POST redirects to."""
    if request.httprequest.method not in ("GET", "HEAD"):
        return False
    return request.session.get(PRIMARY_UNTIL, 0) < time.time()
