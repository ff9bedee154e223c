import functools
import subprocess

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


@functools.cache
def wkhtmltopdf_has_patched_qt():
    """Whether this wkhtmltopdf prints separate headers and footers: only its
    "with patched qt" builds do (Debian's package does not)."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, TypeError, subprocess.SubprocessError):
        return False
    return "patched qt" in version.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _itlaw_running_headers(self):
        """Whether the firm's documents can repeat the letterhead and a page
        number on every page; else their identification is in the body."""
        return wkhtmltopdf_has_patched_qt()
