"""Word documents (.docx) the lawyer finishes in Word: the DPIA, the AI Act
memo and the FRIA, built from a list of blocks.

Pure Python apart from python-docx (the addon's external dependency), which is
imported when a document is built: the rest of the engine needs only the
standard library.

A document is ``render(blocks, properties)``; ``blocks`` is a list of tuples:

* ``("title", text)``, ``("heading", level, text)`` (level 1-3),
* ``("paragraph", text)``, ``("note", text)`` (italic, e.g. "to complete"),
* ``("html", html)``: a section's rich text (paragraphs, lists, bold, italic,
  links, line breaks, tables) as Word paragraphs,
* ``("table", rows, header)``: ``rows`` a list of lists of text, the first row
  bold when ``header``,
* ``("bullets", items)``, ``("numbers", items)``.

``properties``: the file's own properties (``title``, ``subject``, ``author``,
``keywords``, ``comments``, ``version``, ``language``): the catalog version and
the law-as-of date go there as well as in the text.
"""

import io
import re
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section"}
BOLD_TAGS = {"b", "strong", "th"}
ITALIC_TAGS = {"i", "em"}
SPACES = re.compile(r"\s+")


class _HtmlToRuns(HTMLParser):
    """HTML as paragraphs of runs: [(style, [(text, bold, italic, underline)])].
    Styles: None (body), "List Bullet", "List Number"; a table's row is one
    paragraph whose cells are separated by tabs. Text is only ever text:
    nothing of the HTML is interpreted beyond these tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = None
        self.lists = []
        self.bold = self.italic = self.underline = 0
        self.links = []
        self.cell_started = False

    def _open(self, style=None):
        self._close()
        self.current = (style, [])

    def _close(self):
        if self.current and any(text.strip() for text, *_ in self.current[1]):
            runs = self.current[1]
            first, *rest = runs[0]
            runs[0] = (first.lstrip(), *rest)
            last, *rest = runs[-1]
            runs[-1] = (last.rstrip(), *rest)
            self.paragraphs.append(self.current)
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            style = None
            if self.lists and self.current and self.current[0]:
                # A paragraph inside a list item continues the item.
                return
            self._open(style)
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append("List Number" if tag == "ol" else "List Bullet")
        elif tag == "li":
            self._open(self.lists[-1] if self.lists else "List Bullet")
        elif tag == "tr":
            self._open()
            self.cell_started = False
        elif tag in ("td", "th"):
            if self.current is None:
                self._open()
            if self.cell_started:
                self.current[1].append(("\t", False, False, False))
            self.cell_started = True
            if tag == "th":
                self.bold += 1
        elif tag == "br":
            if self.current is not None:
                self.current[1].append(("\n", False, False, False))
        elif tag in BOLD_TAGS:
            self.bold += 1
        elif tag in ITALIC_TAGS:
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS or tag == "li" or tag == "tr":
            if not (tag in BLOCK_TAGS and self.lists and self.current and self.current[0]):
                self._close()
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag == "th" or tag in BOLD_TAGS:
            self.bold = max(0, self.bold - 1)
        elif tag in ITALIC_TAGS:
            self.italic = max(0, self.italic - 1)
        elif tag == "u":
            self.underline = max(0, self.underline - 1)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href.startswith(("http://", "https://", "mailto:")) and self.current:
                self.current[1].append((f" <{href}>", False, False, False))

    def handle_data(self, data):
        text = SPACES.sub(" ", data)
        if not text.strip() and (self.current is None or not self.current[1]):
            return
        if self.current is None:
            self._open(self.lists[-1] if self.lists else None)
        self.current[1].append((text, bool(self.bold), bool(self.italic), bool(self.underline)))

    def close(self):
        super().close()
        self._close()


def html_paragraphs(value):
    """``value`` (HTML) as [(style, [(text, bold, italic, underline)])]."""
    parser = _HtmlToRuns()
    parser.feed(value or "")
    parser.close()
    return parser.paragraphs


def _add_runs(paragraph, runs):
    for text, bold, italic, underline in runs:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                paragraph.add_run().add_break()
            if part:
                run = paragraph.add_run(part)
                run.bold = bold or None
                run.italic = italic or None
                run.underline = underline or None


def render(blocks, properties=None):
    """The .docx file (bytes) of ``blocks`` (see the module's docstring)."""
    import docx  # the addon's external dependency, needed only here
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    # Styles by id, looked up once: python-docx resolves a style name with an
    # XPath over every style at each paragraph (most of a long document's time).
    style_ids = {
        name: document.styles[name].style_id
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number")
    }

    def paragraph(style=None, text=""):
        added = document.add_paragraph(text)
        if style:
            added._p.style = style_ids[style]
        return added

    for block in blocks:
        kind = block[0]
        if kind == "title":
            paragraph("Title", block[1])
        elif kind == "heading":
            paragraph(f"Heading {max(1, min(3, block[1]))}", block[2])
        elif kind == "paragraph":
            paragraph(None, block[1])
        elif kind == "note":
            paragraph().add_run(block[1]).italic = True
        elif kind == "bullets":
            for item in block[1]:
                paragraph("List Bullet", item)
        elif kind == "numbers":
            for item in block[1]:
                paragraph("List Number", item)
        elif kind == "html":
            for style, runs in html_paragraphs(block[1]):
                _add_runs(paragraph(style), runs)
        elif kind == "table":
            rows, header = block[1], block[2]
            if not rows:
                continue
            table = document.add_table(rows=0, cols=max(len(row) for row in rows))
            table.style = "Table Grid"
            for index, row in enumerate(rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    run = cell.paragraphs[0].add_run(str(value or ""))
                    run.bold = (header and index == 0) or None
            paragraph()
        else:
            raise ValueError(f"unknown block {kind!r}")
    core = document.core_properties
    for name, value in (properties or {}).items():
        if value:
            setattr(core, name, str(value)[:255])
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def read_text(raw):
    """The text of a .docx (bytes): paragraphs and table cells, one per line;
    and its properties. For tests and checks."""
    import docx  # the addon's external dependency, needed only here

    document = docx.Document(io.BytesIO(raw))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines), document.core_properties
