import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import CONTACT, CV_SCREENING, AdvisoryCase
from .common import request_info as make_request_info


@tagged("post_install", "-at_install")
class TestAccess(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )

    def test_public_and_portal_users_read_nothing(self):
        public = self.env.ref("base.public_user")
        for model in ("itlaw.intake", "itlaw.intake.finding", "itlaw.intake.answer", "crm.lead"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(public).search([])
        with self.assertRaises(AccessError):
            self.intake.with_user(public).read(["score"])

    def test_lawyer_reads_but_cannot_create_or_delete_intakes(self):
        intake = self.intake.with_user(self.avocat)
        self.assertEqual(intake.score, self.intake.score)
        self.assertTrue(all(intake.finding_ids.mapped("reference")))
        with self.assertRaises(AccessError):
            intake.unlink()
        with self.assertRaises(AccessError):
            self.env["itlaw.rule.setting"].with_user(self.avocat).search([], limit=1).weight = 2
        intake.action_recompute()

    def test_partner_tunes_rules(self):
        setting = self.env["itlaw.rule.setting"].with_user(self.associe).search([], limit=1)
        setting.weight = 2
        self.assertEqual(setting.revision, 2)
        self.assertEqual(
            self.env["itlaw.rule.setting"]._engine_rule_settings()[setting.rule],
            {"active": True, "weight": 2.0},
        )

    def test_lawyer_cannot_rescore_open_leads(self):
        setting = self.env["itlaw.rule.setting"].with_user(self.avocat).search([], limit=1)
        with self.assertRaises(AccessError):
            setting.action_rescore_open_leads()
        server_action = self.env.ref("itlaw_ai_advisory.itlaw_rule_setting_action_rescore")
        with self.assertRaises(AccessError):
            server_action.with_user(self.avocat).with_context(
                active_model="itlaw.rule.setting", active_ids=setting.ids
            ).run()

    def test_lawyer_refused_the_settings(self):
        with self.assertRaises(AccessError):
            self.env["itlaw.settings"].with_user(self.avocat).create({})
        menu = self.env.ref("itlaw_ai_advisory.menu_settings")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.avocat)._visible_menu_ids())

    def test_every_catalog_rule_has_a_setting(self):
        from odoo.addons.itlaw_ai_advisory import itlaw_ai_advisory as engine

        rules = set(self.env["itlaw.rule.setting"].search([]).mapped("rule"))
        self.assertEqual(rules, set(engine.get_catalog().rules))


@tagged("post_install", "-at_install")
class TestPublicRpc(HttpCase):
    def test_public_rpc_cannot_read_intakes(self):
        for model in ("itlaw.intake", "itlaw.intake.finding", "crm.lead"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": model,
                            "method": "search_read",
                            "args": [[]],
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertIn("error", response.json(), model)
