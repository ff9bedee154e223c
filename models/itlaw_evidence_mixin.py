from odoo import api, models
from odoo.exceptions import AccessError

# Context key set by the engine's own code paths (submission, recompute). It only
# counts in superuser mode, which no RPC call can reach: a context sent by a
# client cannot unlock evidence, and sudo() alone does not either.
ENGINE_PATH = "itlaw_engine_path"
# Context key of the erasure and retention paths (GDPR Art. 17 and 5(1)(e)
# outweigh the evidence lock): a flag of its own, so that nothing but
# res.partner._itlaw_erase and the purge of expired consent proofs
# (itlaw.consent._gc_itlaw_expired_proofs) set it, and reviews can grep for it.
ERASURE_PATH = "itlaw_erasure_path"


class ItlawEvidenceMixin(models.AbstractModel):
    """What a prospect answered and accepted, and what the engine concluded
    under which catalog: evidence that nobody alters, partners included."""

    _name = "itlaw.evidence.mixin"
    _description = "Evidence written only by the diagnostic engine"

    # Fields that are evidence; None: every field, creation included.
    _itlaw_evidence_fields = None

    @api.model
    def _itlaw_on_engine_path(self):
        context = self.env.context
        return self.env.su and bool(context.get(ENGINE_PATH) or context.get(ERASURE_PATH))

    def _itlaw_check_engine_path(self):
        if not self._itlaw_on_engine_path():
            raise AccessError(
                self.env._(
                    "The answers, consent and assessment of an AI diagnostic are evidence: "
                    "they cannot be changed or deleted. Use Recompute to record a new "
                    "assessment with the current rules."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self._itlaw_evidence_fields is None:
            self._itlaw_check_engine_path()
        return super().create(vals_list)

    def write(self, vals):
        protected = self._itlaw_evidence_fields
        if protected is None or not protected.isdisjoint(vals):
            self._itlaw_check_engine_path()
        return super().write(vals)

    def unlink(self):
        self._itlaw_check_engine_path()
        return super().unlink()
