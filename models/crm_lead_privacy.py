from odoo import api, models
from odoo.exceptions import AccessError


class CrmLead(models.Model):
    """The lead's fields that only the firm's own code sets (kept apart from
    crm_lead.py): the person's GDPR requests (set by the privacy paths of
    res.partner: objection, restriction, erasure), and the first contact
    (set when a user of the firm first writes or acts on the lead). The
    addon's stored computed fields of the lead (keys, counts, statuses) are
    set by their computes only (itlaw.workflow.mixin); the AI risk copy is
    guarded in crm_lead.py."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "itlaw.workflow.mixin"]

    _itlaw_workflow_fields = frozenset({"itlaw_objected", "itlaw_restricted", "itlaw_anonymised"})

    @api.model_create_multi
    def create(self, vals_list):
        self._itlaw_check_first_contact(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._itlaw_check_first_contact([vals])
        return super().write(vals)

    @api.model
    def _itlaw_check_first_contact(self, vals_list):
        # Superuser mode only: the chatter hook and the migrations set it.
        if self.env.su or all("itlaw_first_contact_date" not in vals for vals in vals_list):
            return
        raise AccessError(
            self.env._(
                "The first contact of a lead is the first message or activity of the firm on "
                "it: it is recorded, not edited."
            )
        )
