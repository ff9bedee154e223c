"""Reading deliverables back in tests: the text of a PDF and of a Word file."""

import io
import unicodedata

from odoo.tools.pdf import PdfReader

from ..itlaw_ai_advisory import word


def pdf_text(content):
    """The text of a PDF (bytes), as a reader copies it (NFC, spaces collapsed)."""
    reader = PdfReader(io.BytesIO(content), strict=False)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_text(content):
    """The text of a Word file (bytes) and its properties."""
    text, properties = word.read_text(content)
    return " ".join(text.split()), properties


def render_pdf(env, report, ids):
    """A QWeb PDF report made now, without a server for its assets (a server
    would wait on the test's transaction: their links fail at once)."""
    env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
    content, report_type = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report, ids)
    )
    assert report_type == "pdf"
    return content
