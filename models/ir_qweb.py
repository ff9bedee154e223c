from lxml import etree

from odoo import models, tools


class IrQWeb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        # Odoo compiles a mail template's body (an inline template, not a view)
        # again for every record it renders: a third of the time the crons take
        # to render the confirmations and the invitations. The compiled code
        # depends only on the source and on the context keys of Odoo's own
        # cache of compiled views (the restricted mode of users who may not
        # edit templates among them): kept per source in that same cache,
        # emptied with it.
        if not isinstance(template, etree._Element):
            return super()._compile(template)
        source = etree.tostring(template, encoding="unicode")
        keys = tuple(self.env.context.get(key) for key in self._get_template_cache_keys())
        return self._itlaw_compile_inline(source, keys, template)

    @tools.ormcache("source", "keys", cache="templates")
    def _itlaw_compile_inline(self, source, keys, template):
        return super()._compile(template)
