import threading
from unittest.mock import patch

from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .booking_common import INSTANTS, BookingCase
from .common import CONTACT, CV_SCREENING, request_info
from .test_booking_http import css

ADDON = "odoo.addons.itlaw_ai_advisory."
# Pages a read-only replica serves (Odoo 18's readonly=): they only read.
REPLICA_PAGES = {
    "/diagnostic-ia",
    "/diagnostic-ia/merci",
    "/diagnostic-ia/visible",
    "/diagnostic-ia/result/<int:intake_id>",
    "/consultation",
    "/consultation/<int:event_id>",
    "/consultation/<int:event_id>/reschedule",
    "/consultation/<int:event_id>/cancel",
    "/mes-donnees",
    "/my-data",
    "/mes-donnees/<string:token>",
    "/my-data/<string:token>",
    "/itlaw/pipeline.xlsx",
}
# Pages a POST redirects to: their GET stays on the primary for a while after it.
AFTER_POST_PAGES = {
    "/diagnostic-ia/result/<int:intake_id>",
    "/consultation/<int:event_id>",
    "/consultation/<int:event_id>/reschedule",
    "/consultation/<int:event_id>/cancel",
    "/mes-donnees/<string:token>",
    "/my-data/<string:token>",
}
RETRY_WARNING = "retrying with a read/write cursor"


@tagged("post_install", "-at_install")
class TestReplicaRoutes(BookingCase, HttpCase):
    freeze_time = INSTANTS["thursday_morning"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def addon_routes(self):
        """path -> routing of this addon's routes."""
        routes = {}
        # Odoo builds its routing map for the thread's database, which
        # odoo-bin's test threads name and pytest-odoo's main thread does not.
        with patch.object(threading.current_thread(), "dbname", self.env.cr.dbname, create=True):
            rules = list(self.env["ir.http"].routing_map().iter_rules())
        for rule in rules:
            func = getattr(rule.endpoint, "func", None)
            if getattr(func, "__module__", "").startswith(ADDON):
                routes[rule.rule] = rule.endpoint.routing
        return routes

    def test_read_only_pages_are_declared_and_writers_are_not(self):
        routes = self.addon_routes()
        self.assertLessEqual(REPLICA_PAGES, set(routes))
        for path, routing in routes.items():
            readonly = routing.get("readonly")
            with self.subTest(path=path):
                if path not in REPLICA_PAGES:
                    self.assertFalse(readonly, "a route that writes must run on the primary")
                elif path in AFTER_POST_PAGES:
                    self.assertTrue(callable(readonly), "primary right after a POST")
                else:
                    self.assertIs(readonly, True)
        # The routes that write (forms, signatures, exports that log) stay read/write.
        for path in (
            "/diagnostic-ia/submit",
            "/consultation/book",
            "/mes-donnees/demande",
            "/mes-donnees/<string:token>/export.json",
            "/my/fee_agreements/<int:agreement_id>/sign",
            "/my/fee_agreements/<int:agreement_id>/accept",
            # It records the client's first visit (the signature certificate's evidence).
            "/my/fee_agreements/<int:agreement_id>",
        ):
            self.assertFalse(routes[path].get("readonly"), path)

    def test_read_only_pages_do_not_write(self):
        """With a replica, a write in a read-only route fails: Odoo then logs a
        warning and runs the request again on the primary. Tests simulate the
        replica (read-only cursors); no page may need that second run."""
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        result = f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}"
        event = self.ctype._book(
            self.ctype._cached_free_slots_by_lawyer(self.avocat)[self.avocat.id][0],
            intake.partner_id,
            intake.lead_id,
            "Europe/Paris",
            intake=intake,
        )
        manage = f"/consultation/{event.id}?token={event.itlaw_booking_token}"
        pages = [
            "/diagnostic-ia",
            "/diagnostic-ia/merci",
            "/consultation",
            f"/consultation?type_id={self.ctype.id}&tz=America/New_York",
            result,
            manage,
            f"/consultation/{event.id}/reschedule?token={event.itlaw_booking_token}",
            f"/consultation/{event.id}/cancel?token={event.itlaw_booking_token}",
            "/mes-donnees",
        ]
        for url in pages:
            self.url_open(url)  # assets and caches of a first visit
        for url in pages:
            with self.subTest(url=url), self.assertNoLogs("odoo.http", "WARNING"):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
        page = html.fromstring(self.url_open("/consultation").content)
        self.assertTrue(css(page, "input[name=slot]"))

    def test_pages_right_after_a_post_stay_on_the_primary(self):
        intake = self.env["itlaw.intake"]._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        result = f"/diagnostic-ia/result/{intake.id}"
        url = f"{result}?access_token={intake.access_token}"
        modes = []
        transactioning = Request._transactioning

        def record(request, func, readonly):
            modes.append((request.httprequest.path, bool(readonly)))
            return transactioning(request, func, readonly)

        with patch.object(Request, "_transactioning", record):
            self.url_open(url)
            page = html.fromstring(self.url_open("/consultation").content)
            csrf = css(page, "input[name=csrf_token]")[0].get("value")
            # Any POST of the addon (here an incomplete booking, answered with the form).
            self.url_open("/consultation/book", data={"csrf_token": csrf})
            self.url_open(url)
            self.url_open("/consultation")
        self.assertEqual(
            [mode for mode in modes if mode[0] in (result, "/consultation", "/consultation/book")],
            [
                (result, True),
                ("/consultation", True),
                ("/consultation/book", False),
                (result, False),  # right after the POST: on the primary
                ("/consultation", True),  # a page that shows nothing the visitor wrote
            ],
        )
