from odoo import Command

from .common import AdvisoryCase


class FeeAgreementCase(AdvisoryCase):
    """The firm, a French and an English client, and an engagement of the
    lawyer ``avocat`` waiting for its fee agreement."""

    @classmethod
    def setup_fees(cls):
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env.company.currency_id = cls.env.ref("base.EUR")
        Partner = cls.env["res.partner"]
        cls.client_fr = Partner.create(
            {"name": "Robotique Lyonnaise SAS", "email": "dg@robotique.example", "lang": "fr_FR"}
        )
        cls.client_en = Partner.create(
            {"name": "Hiring Bots Ltd", "email": "ceo@hiringbots.example", "lang": "en_US"}
        )
        cls.engagement = cls.env["itlaw.engagement"].create(
            {"partner_id": cls.client_fr.id, "user_id": cls.avocat.id, "stage": "fee_agreement"}
        )

    @classmethod
    def make_agreement(cls, partner=None, **vals):
        partner = partner or cls.client_fr
        return cls.env["itlaw.fee.agreement"].create(
            {
                "name": "Convention AI Act",
                "partner_id": partner.id,
                "engagement_id": cls.engagement.id if partner == cls.client_fr else False,
                "fee_fixed": True,
                "fixed_amount": 1500.0,
                "fee_hourly": True,
                "rate_line_ids": [
                    Command.create({"user_id": cls.avocat.id, "hourly_rate": 300.0}),
                    Command.create({"grade": "trainee", "hourly_rate": 150.0}),
                ],
                "result_fee": True,
                "result_fee_type": "percent",
                "result_fee_percent": 10.0,
                "result_fee_description": "CNIL sanction avoided",
                **vals,
            }
        )


def sign_online(agreement, name="Jeanne Dupont", signature=False, ip="203.0.113.9", **kwargs):
    """The client signs by the emailed link: the public user with its token."""
    public = agreement.env.ref("base.public_user")
    return (
        agreement.with_user(public)
        .sudo()
        ._sign_online(name, signature, ip, access_token=agreement.access_token, **kwargs)
    )
