import importlib.util

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .booking_common import BookingCase
from .test_booking import NOW, paris


def load_migration(version, name):
    path = file_path(f"itlaw_ai_advisory/migrations/{version}/{name}.py")
    spec = importlib.util.spec_from_file_location(f"itlaw_migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestMigrations(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def test_consultations_archived_on_cancel_come_back(self):
        """18.0.1.1.0: the cancellations archived by earlier versions are found again."""
        event = self.ctype._book(
            paris(2026, 12, 1, 10, 0), self.prospect, self.lead, "Europe/Paris"
        )
        event.write({"itlaw_state": "cancelled", "active": False})
        event.flush_recordset()
        load_migration("18.0.1.1.0", "post-migrate").migrate(self.env.cr, "18.0.1.0.0")
        event.invalidate_recordset()
        event.attendee_ids.invalidate_recordset()
        self.assertTrue(event.active)
        self.assertEqual(event.show_as, "free")
        self.assertEqual(set(event.attendee_ids.mapped("state")), {"declined"})

    def test_first_contact_backfilled(self):
        """18.0.1.2.0: leads get their first contact by the firm from their chatter."""
        message = self.lead.with_user(self.avocat).message_post(
            body="Bonjour", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.lead.itlaw_first_contact_date = False
        self.env.flush_all()
        load_migration("18.0.1.2.0", "post-migrate").migrate(self.env.cr, "18.0.1.1.0")
        self.assertEqual(self.lead.itlaw_first_contact_date, message.date)

    def test_contact_key_index_becomes_a_btree(self):
        """18.0.1.3.0: the trigram index of the lead's contact key is dropped for
        the update to create the btree of the exact match."""
        cr = self.env.cr
        cr.execute("DROP INDEX IF EXISTS crm_lead__itlaw_contact_name_key_index")
        cr.execute(
            "CREATE INDEX crm_lead__itlaw_contact_name_key_index ON crm_lead "
            "USING gin (itlaw_contact_name_key gin_trgm_ops)"
        )
        load_migration("18.0.1.3.0", "pre-migrate").migrate(cr, "18.0.1.2.0")
        cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'crm_lead__itlaw_contact_name_key_index'"
        )
        self.assertFalse(cr.rowcount)
        self.env.registry.check_indexes(cr, ["crm.lead"])
        cr.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE indexname = 'crm_lead__itlaw_contact_name_key_index'"
        )
        self.assertIn("USING btree", cr.fetchone()[0])

    def test_contact_page_views_no_longer_rely_on_a_translated_text(self):
        """18.0.1.3.0: the demo views of "Contact us" find Odoo's address block
        by its structure, in databases created before (demo records are never
        updated)."""
        module = load_migration("18.0.1.3.0", "post-migrate")
        views = self.env["ir.ui.view"]
        for name in module.VIEWS:
            views |= self.env.ref(f"itlaw_ai_advisory.{name}")
        self.env.cr.execute(
            "UPDATE ir_ui_view SET arch_db = replace(arch_db::text, %s, %s)::jsonb WHERE id IN %s",
            [module.NEW_XPATH, module.OLD_XPATH, tuple(views.ids)],
        )
        views.invalidate_recordset()
        self.assertIn(module.OLD_XPATH, views[0].arch)
        module.migrate(self.env.cr, "18.0.1.2.0")
        views.invalidate_recordset()
        for view in views:
            self.assertNotIn(module.OLD_XPATH, view.arch)
            self.assertIn(module.NEW_XPATH, view.arch)

    def test_privacy_notice_rewritten(self):
        """18.0.1.4.0: the notice's French comes from fr.po again, and the
        consent version moves to the new notice's unless the firm chose its
        own or edited the page."""
        module = load_migration("18.0.1.4.0", "post-migrate")
        cr = self.env.cr
        view = self.env.ref("itlaw_ai_advisory.privacy_notice")
        parameters = self.env["ir.config_parameter"]

        def version():
            parameters.invalidate_model()
            return parameters.search([("key", "=", module.VERSION_PARAM)]).value

        parameters.set_param(module.VERSION_PARAM, module.PREVIOUS_VERSION)
        self.env.flush_all()
        cr.execute(
            'UPDATE ir_ui_view SET arch_db = arch_db || \'{"fr_FR": "<t>ancien</t>"}\'::jsonb '
            "WHERE id = %s RETURNING arch_db->>'en_US'",
            [view.id],
        )
        english = cr.fetchone()[0]
        module.migrate(cr, "18.0.1.3.0")
        cr.execute("SELECT arch_db FROM ir_ui_view WHERE id = %s", [view.id])
        self.assertEqual(cr.fetchone()[0], {"en_US": english})
        self.assertEqual(version(), module.NEW_VERSION)
        # The firm's own version stays.
        parameters.set_param(module.VERSION_PARAM, "cabinet-3")
        module.migrate(cr, "18.0.1.3.0")
        self.assertEqual(version(), "cabinet-3")
        # A firm that edited the page keeps the notice it wrote, and its version.
        parameters.set_param(module.VERSION_PARAM, module.PREVIOUS_VERSION)
        website = self.env["website"].get_current_website()
        view.with_context(website_id=website.id).write({"arch": view.arch})
        self.assertTrue(
            self.env["ir.ui.view"].search([("key", "=", view.key), ("website_id", "=", website.id)])
        )
        self.env.flush_all()
        module.migrate(cr, "18.0.1.3.0")
        self.assertEqual(version(), module.PREVIOUS_VERSION)
