import functools
import io
import subprocess

from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

# The firm's documents numbered by the addon when wkhtmltopdf cannot.
NUMBERED_REPORTS = frozenset({"itlaw_ai_advisory.report_fee_agreement"})


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


def number_pages(stream, label):
    """The PDF of ``stream`` with "``label`` x / y" at the foot of each page."""
    document = PdfFileReader(stream, strict=False)
    total = document.getNumPages()
    numbers = io.BytesIO()
    drawing = canvas.Canvas(numbers)
    for index in range(total):
        box = document.getPage(index).mediaBox
        width, _height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        drawing.setPageSize((width, float(abs(box.getHeight()))))
        drawing.setFont("Helvetica", 8)
        drawing.setFillGray(0.4)
        drawing.drawCentredString(width / 2, 18, f"{label} {index + 1} / {total}")
        drawing.showPage()
    drawing.save()
    overlay = PdfFileReader(numbers, strict=False)
    numbered = PdfFileWriter()
    for index in range(total):
        page = document.getPage(index)
        page.mergePage(overlay.getPage(index))
        numbered.addPage(page)
    output = io.BytesIO()
    numbered.write(output)
    return output


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _itlaw_running_headers(self):
        """Whether the firm's documents can repeat the letterhead and a page
        number on every page; else their identification is in the body."""
        return wkhtmltopdf_has_patched_qt()

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        if report.report_name in NUMBERED_REPORTS and not self._itlaw_running_headers():
            # Each document numbered on its own ("Page 1 / 3" of each agreement).
            records = self.env[report.model].browse([key for key in streams if key])
            langs = {record.id: getattr(record, "lang", False) for record in records}
            for key, value in streams.items():
                if value.get("stream") and not value.get("attachment"):
                    label = self.with_context(lang=langs.get(key) or self.env.lang).env._("Page")
                    value["stream"] = number_pages(value["stream"], label)
        return streams
