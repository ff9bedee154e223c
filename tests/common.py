from odoo.tests import new_test_user

from .fixtures import CONTACT, CV_SCREENING, EMOTION_AT_WORK, HARMLESS, form_data, request_info

__all__ = [
    "CONTACT",
    "CV_SCREENING",
    "EMOTION_AT_WORK",
    "HARMLESS",
    "AdvisoryCase",
    "form_data",
    "request_info",
]


class AdvisoryCase:
    """Lawyers and a partner in the AI Advisory team, shared by the test classes."""

    @classmethod
    def setup_firm(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team = cls.env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
        cls.associe = new_test_user(
            cls.env, "t_associe", groups="base.group_user,itlaw_ai_advisory.group_partner"
        )
        cls.avocat = new_test_user(
            cls.env, "t_avocat", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        cls.avocate = new_test_user(
            cls.env, "t_avocate", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        cls.team.member_ids = cls.associe | cls.avocat | cls.avocate
