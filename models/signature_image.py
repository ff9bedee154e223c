"""The drawn signature of a portal signature pad: a PNG and nothing else.

Odoo's Image field passes an SVG through untouched, and an SVG can load
external images, embed HTML (foreignObject) or carry scripts into the signed
PDF: only the PNG that the signature widget draws (canvas.toDataURL(), sent
with or without its ``data:image/png;base64,`` prefix) is accepted, size-limited.
"""

import base64
import binascii
import io

from PIL import Image

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_DATA_URI = "data:image/png;base64,"
# A signature pad's drawing is a few tens of KB.
MAX_BYTES = 512 * 1024
# Width or height in pixels; the pad is at most a few hundred pixels wide.
MAX_SIDE = 4096


def clean_png_signature(value):
    """The signature as base64 bytes, False when none was drawn; raises
    ValueError when ``value`` is anything but a small, well-formed PNG."""
    if value in (None, False, ""):
        return False
    if not isinstance(value, str):
        raise ValueError("not text")
    value = value.removeprefix(PNG_DATA_URI)
    if len(value) > (MAX_BYTES // 3 + 1) * 4:
        raise ValueError("too large")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64") from error
    if not raw.startswith(PNG_MAGIC) or len(raw) > MAX_BYTES:
        raise ValueError("not a PNG")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or max(image.size) > MAX_SIDE:
                raise ValueError("not a signature PNG")
            image.verify()
    except (OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValueError("broken PNG") from error
    return base64.b64encode(raw)
