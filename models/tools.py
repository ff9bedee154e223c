"""Helpers shared by the addon's models and controllers: the visitor's input
(control characters, emails, names, UTM parameters, IP addresses, plain text
as HTML), the engine's language, and the notification queue of public requests."""

import ipaddress
import re
import unicodedata

from markupsafe import Markup, escape

from odoo.tools import email_normalize, html2plaintext


def engine_lang(lang):
    """The engine speaks French and English; every other language reads English."""
    return "fr" if (lang or "").startswith("fr") else "en"


def reference_in_lang(reference, code):
    """A stored finding's legal reference in the engine language ``code``.
    Assessments stored before catalog 1.1.0 hold it as a plain (French) string."""
    return reference if isinstance(reference, str) else reference[code]


# Control characters (C0, DEL, C1 and the Unicode line separators): none in a
# single-line field (a line break would reach the headers of the firm's
# emails), only line breaks and tabs in a multi-line one; PostgreSQL refuses NUL.
SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
MULTI_LINE_FIELDS = frozenset({"description"})
# An email's domain: dot-separated labels and a top-level domain of letters
# (or an IDNA "xn--" one), as in jeanne@example.fr.
EMAIL_DOMAIN = re.compile(
    r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)", re.IGNORECASE
)


def clean_text(value):
    """``value`` without control characters (for values nobody types, such as
    UTM parameters, referrers and user agents)."""
    return SINGLE_LINE_FORBIDDEN.sub("", value or "")


UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")


def read_utm(values):
    """The utm_* parameters of ``values``, short and without control characters."""
    return {
        key: clean_text(values[key])[:100]
        for key in UTM_KEYS
        if values.get(key) and isinstance(values[key], str)
    }


def valid_email(email):
    """The normalised address when it has a local part and a real-looking
    domain (a dot and a top-level domain), else False."""
    normalized = email_normalize(email or "")
    local, _at, domain = (normalized or "").rpartition("@")
    if not local or not EMAIL_DOMAIN.fullmatch(domain):
        return False
    # A NUL (which the database refuses) or any other control character or
    # space has no place in an address.
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in normalized):
        return False
    return normalized


def normalize_name(name):
    """A name as compared for identity: Unicode-normalised, case-folded,
    whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def escape_like(value):
    """``value`` as a literal in a LIKE pattern: ``%`` and ``_`` match themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visitor_text_html(text):
    """A visitor's plain text as HTML: escaped, line breaks kept, nothing else
    (no tag, link or style of theirs reaches the backend)."""
    if not text:
        return False
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return Markup("").join(
        Markup("<p>%s</p>") % Markup("<br>").join(escape(line) for line in paragraph.split("\n"))
        for paragraph in paragraphs
    )


def html_visitor_text(html):
    """Text once stored as HTML, back to escaped text with line breaks only."""
    return visitor_text_html(html2plaintext(html or "").strip()) or Markup("")


def data_record(env, xmlid):
    """``env.ref(xmlid)`` without its query checking that the record exists,
    for this addon's and Odoo's own data on the public posts' path (the
    identifier's lookup is cached, and emptied when a record is deleted)."""
    model, res_id = env["ir.model.data"]._xmlid_to_res_model_res_id(xmlid, raise_if_not_found=True)
    return env[model].browse(res_id)


def queue_notifications(records):
    """``records`` whose notification emails (the lawyers') wait in the mail
    queue, started right after the transaction, instead of being sent by the
    visitor's request after its commit, as Odoo does by default.

    The visitor does not wait for the mail server. And the emails go out only
    through the queue, which records each delivery as soon as the mail server
    accepts it: sent after the commit of a public request, an email delivered
    just before a database failure (a restart, a killed connection) stayed
    queued and was sent a second time (bench/bench_load.py --faults). Odoo's
    delivery stays at least once: a failure between the mail server's answer
    and that record still sends the one email again.
    """
    data_record(records.env, "mail.ir_cron_mail_scheduler_action").sudo()._trigger()
    return records.with_context(mail_notify_force_send=False)


def truncate_ip(address):
    """Keep only the network part of an address (IPv4 /24, IPv6 /48): enough to
    prove where consent came from, not enough to identify a device."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def download_from_chatter(record, name, raw, mimetype, note):
    """``raw`` kept as the file ``name`` in ``record``'s chatter, under the
    internal ``note``; the action that downloads it."""
    attachment = record.env["ir.attachment"].create(
        {
            "name": name,
            "raw": raw,
            "mimetype": mimetype,
            "res_model": record._name,
            "res_id": record.id,
        }
    )
    record.message_post(body=note, attachment_ids=attachment.ids, subtype_xmlid="mail.mt_note")
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{attachment.id}?download=true",
        "target": "self",
    }
