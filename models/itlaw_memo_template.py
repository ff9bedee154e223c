from odoo import fields, models

PARAGRAPHS = ("intro", "qualification", "obligations", "roadmap", "closing")


class ItlawMemoTemplate(models.Model):
    """The firm's standard paragraphs of the AI Act memo, one set per language:
    partners edit them here, the memo's facts come from the diagnostic."""

    _name = "itlaw.memo.template"
    _description = "AI Act memo template"
    _order = "lang, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="The first template of a language is used.")
    active = fields.Boolean(default=True)
    lang = fields.Selection([("fr", "French"), ("en", "English")], string="Language", required=True)
    intro = fields.Html(string="Introduction")
    qualification = fields.Html(string="Before the qualification")
    obligations = fields.Html(string="Before the obligations")
    roadmap = fields.Html(string="Before the roadmap")
    closing = fields.Html(string="Closing")

    def _paragraphs(self, lang):
        """The standard paragraphs (HTML strings) of the memo in ``lang``."""
        template = self.sudo().search([("lang", "=", lang)], order="sequence, id", limit=1)
        return {name: str(template[name] or "") for name in PARAGRAPHS} if template else {}
