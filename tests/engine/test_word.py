"""Word documents (.docx): built from blocks, read back with python-docx."""

import pytest
from test_dpia import CV_SCREENING, drafted

from itlaw_ai_advisory import dpia, word


def test_html_becomes_paragraphs_lists_and_runs():
    paragraphs = word.html_paragraphs(
        "<p>Un <strong>texte</strong> et <em>ceci</em><br>suite</p>"
        "<ul><li>premier</li><li><p>second</p></li></ul><ol><li>un</li></ol>"
        "<table><tr><th>A</th><td>B</td></tr></table>"
        '<p><a href="https://cnil.fr">CNIL</a> <a href="javascript:x()">x</a></p>'
    )
    styles = [style for style, _runs in paragraphs]
    assert styles == [None, "List Bullet", "List Bullet", "List Number", None, None]
    texts = ["".join(text for text, *_ in runs) for _style, runs in paragraphs]
    assert texts == [
        "Un texte et ceci\nsuite",
        "premier",
        "second",
        "un",
        "A\tB",
        "CNIL <https://cnil.fr> x",
    ]
    runs = paragraphs[0][1]
    assert ("texte", True, False, False) in runs
    assert ("ceci", False, True, False) in runs


def test_markup_in_text_stays_text():
    raw = word.render([("paragraph", "<script>alert(1)</script> =SUM(A1)")])
    text, _props = word.read_text(raw)
    assert "<script>alert(1)</script> =SUM(A1)" in text


def test_unknown_block_is_refused():
    with pytest.raises(ValueError):
        word.render([("chart", "x")])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dpia_document_has_every_section_and_its_origin(lang):
    sections, measures = drafted(CV_SCREENING, lang)
    record = dpia.empty_record()
    for key, section in sections.items():
        record["sections"][key].update(
            content=section.content,
            severity=section.severity,
            likelihood=section.likelihood,
            measures=section.measures,
        )
    record["measures"] = [
        {"title": m.title, "content": m.content, "planned": m.planned} for m in measures
    ]
    record["name"] = "AIPD"
    states = {key: "drafted" if s.filled else "to_complete" for key, s in sections.items()}
    meta = {
        "client": "Client SAS",
        "catalog_version": "2.0.0+abcd",
        "law_as_of": "2 décembre 2026" if lang == "fr" else "12/02/2026",
        "law_as_of_iso": "2026-12-02",
        "states": states,
        "proposals": [key for key, state in states.items() if state == "drafted"],
    }
    raw = word.render(
        dpia.docx_blocks(record, meta, lang), dpia.docx_properties(record, meta, lang)
    )
    assert raw[:2] == b"PK"
    text, properties = word.read_text(raw)
    for section in dpia.SECTIONS:
        assert section.title[lang] in text
    for _part, title in dpia.PARTS:
        assert title[lang] in text
    assert "2.0.0+abcd" in text
    assert meta["law_as_of"] in text
    assert dpia.DOCX_TEXTS["law_as_of"][lang] in text
    assert text.count(dpia.DOCX_TEXTS["to_complete"][lang]) == list(states.values()).count(
        "to_complete"
    )
    assert measures[0].title in text
    assert properties.version == "2.0.0+abcd"
    assert "law-as-of 2026-12-02" in properties.keywords
    assert properties.language == ("fr-FR" if lang == "fr" else "en-GB")
    other = "en" if lang == "fr" else "fr"
    assert dpia.PARTS[1][1][other] not in text
