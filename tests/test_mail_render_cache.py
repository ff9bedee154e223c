"""Mail template bodies are compiled once per source (see models/ir_qweb.py):
each record still gets its own values, a changed body is compiled again and
a restricted rendering keeps Odoo's checks."""

import uuid
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.base.models.ir_qweb import IrQWeb


@tagged("post_install", "-at_install")
class TestMailRenderCache(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": "Jeanne Martin", "email": "jeanne@client.fr"},
                {"name": "Paul Durand", "email": False},
                {"name": "Awa Diallo", "email": "awa@client.fr"},
            ]
        )

    def template(self, text):
        # A source no other test renders: the cache starts empty for it.
        marker = uuid.uuid4().hex
        return self.env["mail.template"].create(
            {
                "name": f"Cache {marker}",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": f"<p>{text} <t t-out='object.name'/>, "
                f"<t t-out=\"object.email or 'no email'\"/> ({marker})</p>",
            }
        )

    def render(self, template):
        with patch.object(IrQWeb, "_generate_code", autospec=True, side_effect=GENERATE) as code:
            bodies = template._render_field("body_html", self.partners.ids)
        return bodies, code.call_count

    def test_compiled_once_and_rendered_per_record(self):
        template = self.template("Hello")
        bodies, compiled = self.render(template)
        for partner in self.partners:
            expected = f"Hello {partner.name}, {partner.email or 'no email'}"
            self.assertIn(expected, bodies[partner.id])
        # Once to check it in restricted mode, once to render: not once per record.
        self.assertEqual(compiled, 2)
        again, compiled = self.render(template)
        self.assertEqual(again, bodies)
        self.assertEqual(compiled, 0)

    def test_a_changed_body_is_compiled_again(self):
        template = self.template("Hello")
        self.render(template)
        template.body_html = template.body_html.replace("Hello", "Bonjour")
        bodies, compiled = self.render(template)
        self.assertEqual(compiled, 2)
        self.assertIn("Bonjour Jeanne Martin, jeanne@client.fr", bodies[self.partners[0].id])
        self.assertNotIn("Hello", bodies[self.partners[0].id])

    def test_a_restricted_rendering_keeps_its_checks(self):
        source = self.template("Hello").body_html
        portal = new_test_user(self.env, login="cache_portal", groups="base.group_portal")
        # The composer renders restricted for users who may not edit templates
        # (a template is checked when written): the same source, compiled and
        # kept for an unrestricted rendering first, is refused to them.
        composer = self.env["mail.compose.message"].with_context(lang="en_US")
        rendered = composer._render_template_qweb(source, "res.partner", portal.partner_id.ids)
        self.assertIn(portal.partner_id.name, rendered[portal.partner_id.id])
        with self.assertRaises(AccessError):
            composer.with_user(portal)._render_template_qweb(
                source, "res.partner", portal.partner_id.ids
            )


GENERATE = IrQWeb._generate_code
