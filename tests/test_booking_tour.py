from odoo.tests import HttpCase, tagged

from .booking_common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingTour(BookingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        cls.env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", 50)

    def test_booking_tour(self):
        """The visitor picks a day in the week strip, one of its times, and books it."""
        offers = self.ctype._slot_offers("Europe/Paris", "fr_FR")
        # The tour picks the first time of the second day that has free times.
        expected = offers[1]["slots"][0]["value"]
        self.start_tour("/consultation?tz=Europe/Paris", "itlaw_booking_tour")
        event = self.env["calendar.event"].search(
            [("itlaw_prospect_id.email", "=", "jeanne.semaine@example.fr")]
        )
        self.assertEqual(len(event), 1)
        self.assertEqual(event.itlaw_consultation_type_id, self.ctype)
        self.assertEqual(event.start.strftime("%Y-%m-%dT%H:%M:%SZ"), expected)
