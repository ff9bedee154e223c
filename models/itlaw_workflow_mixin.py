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
    # Field names a user sets when creating the record (record rules and
    # access checked then), that only the workflow changes afterwards: the
    # links that define a record's scope.
    _itlaw_creation_fields = frozenset()

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
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    @api.model
    def _itlaw_check_computed(self, names):
        """Refuse a user's values for the addon's stored computed fields: only
        their compute sets them (code in superuser mode may still write one)."""
        if self.env.su or self._itlaw_on_workflow_path():
            return
        forged = {
            name
            for name in names
            if (field := self._fields.get(name))
            and field.store
            and field.compute
            and field.readonly
            and "itlaw_ai_advisory" in (field._modules or ())
        }
        if forged:
            self._itlaw_refuse_workflow_fields(forged)

    @api.model
    def _itlaw_check_create_vals(self, vals_list):
        """Refuse values of workflow fields other than their defaults (a model
        whose create fills such fields itself checks the caller's first)."""
        names = {name for vals in vals_list for name in vals}
        self._itlaw_check_computed(names)
        protected = self._itlaw_workflow_fields & names
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

    @api.model_create_multi
    def create(self, vals_list):
        self._itlaw_check_create_vals(vals_list)
        return super().create(vals_list)

    def _itlaw_changes(self, name, value):
        """Whether writing ``value`` to ``name`` changes one of ``self``."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return True
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return any(record[name] != new for record in self)

    def write(self, vals):
        self._itlaw_check_write_vals(vals)
        return super().write(vals)

    def _itlaw_check_write_vals(self, vals):
        """Refuse workflow fields, changed creation fields and computed fields
        in ``vals`` (a model whose write enters the workflow path itself checks
        the caller's values first)."""
        forged = self._itlaw_workflow_fields & vals.keys()
        # A creation field written with its current value (a form or a data
        # file saving it again) changes nothing.
        forged |= {
            name
            for name in self._itlaw_creation_fields & vals.keys()
            if self._itlaw_changes(name, vals[name])
        }
        if forged and not self._itlaw_on_workflow_path():
            self._itlaw_refuse_workflow_fields(forged)
        self._itlaw_check_computed(vals)
