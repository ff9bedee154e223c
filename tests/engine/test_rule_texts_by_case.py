"""A finding cites what the answers call for: reference parts per ticked option, and texts
of the severity case that matched (provider vs deployer), else the rule's own."""

import json

import pytest
from conftest import BASELINE, vary

from itlaw_ai_advisory.catalog import CATALOG_DIR, DATA_FILES, CatalogError, load_catalog
from itlaw_ai_advisory.scoring import assess


def _catalog_with(tmp_path, change_rule):
    for name in DATA_FILES:
        (tmp_path / name).write_bytes((CATALOG_DIR / name).read_bytes())
    rules = json.loads((tmp_path / "rules.json").read_text())
    rule = next(rule for rule in rules["rules"] if rule["id"] == "aia_ai_literacy")
    change_rule(rule)
    (tmp_path / "rules.json").write_text(json.dumps(rules))
    return load_catalog(tmp_path)


def _literacy_finding(catalog, monkeypatch, answers):
    monkeypatch.setattr("itlaw_ai_advisory.scoring.get_catalog", lambda: catalog)
    result = assess(answers)
    return next(f for f in result.findings if f.rule.id == "aia_ai_literacy")


def test_reference_parts_cite_only_what_holds(tmp_path, monkeypatch):
    def parts(rule):
        rule["reference_parts"] = [
            {
                "when": {"q": "org_type", "in": ["public_body"]},
                "fr": "part public",
                "en": "public part",
            },
            {"when": {"q": "org_dpo", "in": ["yes"]}, "fr": "part DPO", "en": "DPO part"},
        ]
        # One case without texts of its own: the rule's reference is the fallback.
        rule["severity"] = [{"level": "medium"}]

    catalog = _catalog_with(tmp_path, parts)
    lacking = vary({"gov_ai_literacy": "no"})
    both = _literacy_finding(catalog, monkeypatch, {**lacking, "org_type": "public_body"})
    # French typography: a space before the semicolon.
    assert both.reference == {"fr": "part public ; part DPO", "en": "public part; DPO part"}
    assert both.to_dict()["reference"]["en"] == "public part; DPO part"
    one = _literacy_finding(catalog, monkeypatch, lacking)
    assert one.reference["en"] == "DPO part"
    neither = _literacy_finding(catalog, monkeypatch, {**lacking, "org_dpo": "no"})
    assert neither.reference == catalog.rules["aia_ai_literacy"].reference


def test_severity_case_texts_override_the_rules(tmp_path, monkeypatch):
    def cases(rule):
        rule["severity"] = [
            {
                "when": {"q": "org_type", "in": ["public_body"]},
                "level": "high",
                "finding": {"fr": "texte public", "en": "public text"},
                "action": {"fr": "action publique", "en": "public action"},
                "reference": {"fr": "réf. publique", "en": "public ref."},
            },
            {"level": "low"},
        ]

    catalog = _catalog_with(tmp_path, cases)
    lacking = vary({"gov_ai_literacy": "no"})
    public = _literacy_finding(catalog, monkeypatch, {**lacking, "org_type": "public_body"})
    assert (public.severity, public.finding["en"], public.action["fr"], public.reference["en"]) == (
        "high",
        "public text",
        "action publique",
        "public ref.",
    )
    private = _literacy_finding(catalog, monkeypatch, lacking)
    rule = catalog.rules["aia_ai_literacy"]
    assert (private.finding, private.action, private.reference) == (
        rule.finding,
        rule.action,
        rule.reference,
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"sources": [{"label": {"fr": "x", "en": "x"}, "url": "http://insecure.example"}]},
        {"sources": [{"label": {"fr": "x"}, "url": "https://eur-lex.europa.eu/"}]},
        {"checked": "2 décembre 2026"},
        {"reference_parts": [{"when": {"q": "org_dpo", "in": ["yes"]}, "fr": "seul"}]},
    ],
)
def test_malformed_sources_and_parts_are_refused(tmp_path, broken):
    with pytest.raises(CatalogError):
        _catalog_with(tmp_path, lambda rule: rule.update(broken))


def test_baseline_still_fires_nothing():
    assert assess(BASELINE).findings == []


def test_rules_can_follow_the_text_of_the_law_chosen(tmp_path, monkeypatch):
    """``law_<variant>`` facts: a rule whose duty an amendment removed fires under one text only."""

    def only_under_2024(rule):
        rule["when"] = {"all": [rule["when"], {"fact": "law_regulation_2024"}]}

    catalog = _catalog_with(tmp_path, only_under_2024)
    monkeypatch.setattr("itlaw_ai_advisory.scoring.get_catalog", lambda: catalog)
    lacking = vary({"gov_ai_literacy": "no"})
    fired = {
        variant: any(
            f.rule.id == "aia_ai_literacy" for f in assess(lacking, timeline=variant).findings
        )
        for variant in ("regulation_2024", "omnibus_2026")
    }
    assert fired == {"regulation_2024": True, "omnibus_2026": False}
