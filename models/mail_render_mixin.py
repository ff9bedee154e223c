from odoo import api, models, tools


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _has_unsafe_expression_template_qweb(self, template_src, model):
        # Odoo answers by compiling the source in restricted mode at every
        # rendering (each email the crons send); the answer depends only on
        # the source and on the model's allowed expressions.
        if not template_src or not model:
            return super()._has_unsafe_expression_template_qweb(template_src, model)
        allowed = tuple(self.env[model].mail_allowed_qweb_expressions())
        return self._itlaw_has_unsafe_expression(str(template_src), model, allowed)

    @tools.ormcache("template_src", "model", "allowed", cache="templates")
    def _itlaw_has_unsafe_expression(self, template_src, model, allowed):
        return super()._has_unsafe_expression_template_qweb(template_src, model)
