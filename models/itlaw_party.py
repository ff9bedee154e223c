from odoo import api, fields, models

from ..itlaw_ai_advisory import conflicts
from .res_partner import exact_name_index
from .tools import SINGLE_LINE_FORBIDDEN

PARTY_KINDS = [
    ("counterparty", "Counterparty"),
    ("ai_vendor", "AI vendor"),
    ("other", "Other party"),
]
# Rows of the public form's Parties step, and the longest name kept.
PUBLIC_PARTY_ROWS = 5
PARTY_NAME_MAX = 160


class ItlawParty(models.Model):
    """A party a prospect or a lawyer declared, searched by the conflict checks.

    Users edit ``sequence``, ``name`` and ``kind``; ``lead_id`` and
    ``engagement_id`` (whose record it is) are set at creation only, so that
    no party moves into another matter; ``name_key`` is computed.
    """

    _name = "itlaw.party"
    _description = "Declared party (conflict check)"
    _inherit = ["itlaw.workflow.mixin"]
    _order = "sequence, id"
    _itlaw_creation_fields = frozenset({"lead_id", "engagement_id"})

    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one("crm.lead", string="Lead", index="btree_not_null", ondelete="cascade")
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", ondelete="cascade"
    )
    name = fields.Char(required=True)
    kind = fields.Selection(PARTY_KINDS, required=True, default="counterparty")
    name_key = fields.Char(
        string="Name key", compute="_compute_name_key", store=True, index="trigram"
    )

    def init(self):
        exact_name_index(self.env.cr, self._table, "name_key")

    @api.depends("name")
    def _compute_name_key(self):
        for party in self:
            party.name_key = conflicts.name_key(party.name) or False

    @api.model_create_multi
    def create(self, vals_list):
        parties = super().create(vals_list)
        parties._itlaw_matters()._itlaw_follow_the_facts()
        return parties

    def write(self, vals):
        result = super().write(vals)
        if "name" in vals:
            self._itlaw_matters()._itlaw_follow_the_facts()
        return result

    def unlink(self):
        matters = self._itlaw_matters()
        result = super().unlink()
        matters._itlaw_follow_the_facts()
        return result

    def _itlaw_matters(self):
        """The engagements whose conflict clearance must cover these parties:
        a party added after the clearance needs a new check."""
        parties = self.sudo()
        return parties.engagement_id | self.env["itlaw.engagement"].sudo().search(
            [("lead_id", "in", parties.lead_id.ids)]
        )

    @api.model
    def _parse_public_parties(self, form):
        """The Parties step of the public diagnostic (a werkzeug MultiDict).

        Returns ``(parties, errors)``: ``parties`` is a list of {name, kind}
        (rows without a name are skipped, the same name twice kept once),
        ``errors`` maps a row's field (``party_<n>_name``) to a message.
        """
        kinds = dict(PARTY_KINDS)
        parties, errors, seen = [], {}, set()
        for row in range(PUBLIC_PARTY_ROWS):
            name_field, kind_field = f"party_{row}_name", f"party_{row}_kind"
            names, kind_values = form.getlist(name_field), form.getlist(kind_field)
            raw = names[0] if names else ""
            name = " ".join(raw.split())
            kind = kind_values[0] if kind_values else "counterparty"
            if len(names) > 1 or len(kind_values) > 1:
                errors[name_field] = self.env._("This field was sent more than once.")
            elif SINGLE_LINE_FORBIDDEN.search(raw):
                errors[name_field] = self.env._(
                    "Please keep this on one line, without line breaks or invisible control "
                    "characters."
                )
            elif len(name) > PARTY_NAME_MAX:
                errors[name_field] = self.env._(
                    "Please keep this under %(max)s characters.", max=PARTY_NAME_MAX
                )
            elif kind not in kinds:
                errors[kind_field] = self.env._("Please choose the kind of party in the list.")
            elif name and not conflicts.name_key(name):
                errors[name_field] = self.env._(
                    "Please enter the name of the company or person (letters or digits)."
                )
            elif name and conflicts.name_key(name) not in seen:
                seen.add(conflicts.name_key(name))
                parties.append({"name": name, "kind": kind})
        return parties, errors

    @api.model
    def _prepare_lead_parties(self, parties):
        return [
            fields.Command.create(
                {"sequence": sequence, "name": party["name"], "kind": party["kind"]}
            )
            for sequence, party in enumerate(parties)
        ]
