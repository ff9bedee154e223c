from odoo import fields, models


class ItlawPracticeArea(models.Model):
    _name = "itlaw.practice.area"
    _description = "Practice area"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A practice area with this name already exists."),
    ]
