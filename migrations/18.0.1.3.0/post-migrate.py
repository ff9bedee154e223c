"""18.0.1.3.0: the demo's contact details on "Contact us" found Odoo's address
block by its text, "My Company", which Odoo translates ("Ma société"): with
Odoo's French loaded (`make run`), the French contact page failed to render.
The views find it by its structure now; demo records are never updated, so
the existing ones are corrected here."""

OLD_XPATH = "//h5[text()='My Company']/.."
NEW_XPATH = "//ul[hasclass('list-unstyled')]/.."
VIEWS = ("contactus_firm_demo", "contactus_thanks_firm_demo")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_ui_view v
           SET arch_db = replace(v.arch_db::text, %s, %s)::jsonb
          FROM ir_model_data d
         WHERE d.model = 'ir.ui.view' AND d.res_id = v.id
           AND d.module = 'itlaw_ai_advisory' AND d.name IN %s
        """,
        [OLD_XPATH, NEW_XPATH, VIEWS],
    )
