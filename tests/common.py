import contextlib

from odoo.tests import new_test_user

from ..models.itlaw_workflow_mixin import _WORKFLOW_MODELS
from .fixtures import CONTACT, CV_SCREENING, EMOTION_AT_WORK, HARMLESS, form_data, request_info

__all__ = [
    "CONTACT",
    "CV_SCREENING",
    "EMOTION_AT_WORK",
    "HARMLESS",
    "AdvisoryCase",
    "FrenchWebsiteCase",
    "clear_conflict_check",
    "form_data",
    "make_website_french",
    "request_info",
    "workflow_path",
]


class AdvisoryCase:
    """Lawyers and a partner in the AI Advisory team, shared by the test classes."""

    @classmethod
    def setup_firm(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team = cls.env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
        # The firm's lawyers read English in these tests, whatever the
        # database's default language (French once Odoo's French is loaded, as
        # `make run` and `make test` do); French tests set it themselves.
        english = {"lang": "en_US"}
        cls.associe = new_test_user(
            cls.env,
            "t_associe",
            groups="base.group_user,itlaw_ai_advisory.group_partner",
            **english,
        )
        cls.avocat = new_test_user(
            cls.env, "t_avocat", groups="base.group_user,itlaw_ai_advisory.group_lawyer", **english
        )
        cls.avocate = new_test_user(
            cls.env, "t_avocate", groups="base.group_user,itlaw_ai_advisory.group_lawyer", **english
        )
        cls.team.member_ids = cls.associe | cls.avocat | cls.avocate


def make_website_french(env, rate_limit=50):
    """The current website in French first (English beside it), with the public
    forms' rate limit lifted to ``rate_limit`` per hour for the tests' posts."""
    website = env["website"].get_current_website()
    website.language_ids |= env.ref("base.lang_fr") | env.ref("base.lang_en")
    website.default_lang_id = env.ref("base.lang_fr")
    env["ir.config_parameter"].set_param("itlaw_ai_advisory.intake_rate_limit", rate_limit)


class FrenchWebsiteCase(AdvisoryCase):
    """An HttpCase mixin: the firm's French-first website, visited by a French
    browser (English tests use the /en/ URLs), with the rate limit lifted."""

    @classmethod
    def setup_website(cls):
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        make_website_french(cls.env)

    def setUp(self):
        super().setUp()
        self.opener.headers["Accept-Language"] = "fr-FR,fr;q=0.9"


def clear_conflict_check(
    lead, lawyer=None, partner=None, reason="Homonyms, no link with the matter."
):
    """What lets a lead be won and its engagement open, through the workflow:
    a conflict check of the lead run (by ``lawyer``), then cleared (by
    ``partner``), with a reason when it found matches. Both default to the
    lead's environment user."""
    Check = lead.env["itlaw.conflict.check"]
    action = (Check.with_user(lawyer) if lawyer else Check).action_run_conflict_check(
        lead_id=lead.id
    )
    check = (Check.with_user(partner) if partner else Check).browse(action["res_id"])
    if check.hit_count:
        check.conflict_reason = reason
    check.action_clear()
    return check


@contextlib.contextmanager
def workflow_path(*models):
    """What the workflow methods of ``models`` do (signing, recording the
    signed PDF): a test's setup stands for them where it only needs their
    result."""
    token = _WORKFLOW_MODELS.set(_WORKFLOW_MODELS.get() | set(models))
    try:
        yield
    finally:
        _WORKFLOW_MODELS.reset(token)
