import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import AccessError

# The models whose workflow fields the current code path may set. A ContextVar,
# not an Odoo context key: nothing a client sends over RPC can set it, and
# sudo() alone does not unlock anything.
_WORKFLOW_MODELS = contextvars.ContextVar("itlaw_workflow_models", default=frozenset())


class ItlawWorkflowMixin(models.AbstractModel):
    """Fields set only by a model's workflow methods (states, signatures,
    decisions, evidence, the links that define a record's scope), for every
    user and for sudo() alike. A view's readonly is not security."""

    _name = "itlaw.workflow.mixin"
    _description = "Fields set only by workflow methods"

    # Field names that only the workflow methods set.
    _itlaw_workflow_fields = frozenset()

    @contextlib.contextmanager
    def _itlaw_workflow_path(self):
        """``with records._itlaw_workflow_path() as records_sudo:`` the one way to
        set workflow fields. The caller has checked the user's right to act first."""
        token = _WORKFLOW_MODELS.set(_WORKFLOW_MODELS.get() | {self._name})
        try:
            yield self.sudo()
        finally:
            _WORKFLOW_MODELS.reset(token)

    @api.model
    def _itlaw_on_workflow_path(self):
        return self._name in _WORKFLOW_MODELS.get()

    def _itlaw_refuse_workflow_fields(self, names):
        fields_get = self.fields_get(sorted(names), ["string"])
        raise AccessError(
            self.env._(
                "%(fields)s of a %(model)s change only through its buttons "
                "(the workflow), not by editing the record.",
                fields=", ".join(f"“{fields_get[name]['string']}”" for name in sorted(names)),
                model=self.env._(self._description),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        protected = self._itlaw_workflow_fields
        if protected and not self._itlaw_on_workflow_path():
            defaults = self.default_get(list(protected))
            forged = {
                name
                for vals in vals_list
                for name in protected & vals.keys()
                if vals[name] and vals[name] != defaults.get(name)
            }
            if forged:
                self._itlaw_refuse_workflow_fields(forged)
        return super().create(vals_list)

    def write(self, vals):
        forged = self._itlaw_workflow_fields & vals.keys()
        if forged and not self._itlaw_on_workflow_path():
            self._itlaw_refuse_workflow_fields(forged)
        return super().write(vals)
