from odoo.tests import HttpCase, tagged

from .common import AdvisoryCase


@tagged("post_install", "-at_install")
class TestFrontendTranslations(AdvisoryCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()

    def test_public_scripts_get_their_french_messages(self):
        """The step checks and the day picker of the public pages speak French."""
        response = self.url_open("/website/translations/test?lang=fr_FR")
        self.assertEqual(response.status_code, 200)
        messages = {
            message["id"]: message["string"]
            for message in response.json()["modules"]["itlaw_ai_advisory"]["messages"]
        }
        self.assertEqual(
            messages["Please answer this question."], "Merci de répondre à cette question."
        )
        self.assertEqual(messages["Previous week"], "Semaine précédente")
