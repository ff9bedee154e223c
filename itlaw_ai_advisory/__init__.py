"""ITLAW AI Advisory engine: the GDPR / EU AI Act diagnostic and its explainable score.

Pure Python (standard library only); imports nothing from Odoo. The catalog
(questions, derived facts, rules, AI Act timeline, texts) is data in
``catalog/*.json``, compiled once per process.

Public API::

    import itlaw_ai_advisory as engine

    cat = engine.get_catalog()           # cached Catalog
    cat.version                          # "2.0.0+<8 hex digits of the data files' SHA-256>"
    cat.law_as_of                        # datetime.date: the law the catalog states is as of
    cat.default_timeline                 # "omnibus_2026": the text of the law in force then
    cat.timeline(variant=None)           # {milestone: Milestone(key, label, reference, date,
                                         #              unverified, note)} under that text
    cat.floors                           # calibration: (Floor(id, band, reason, when), ...)
    cat.steps                            # [Step(id, title {fr, en}, questions [Question])]
    cat.questions                        # {id: Question}, in questionnaire order
    cat.rules                            # {id: Rule(id, framework, group, reference,
                                         #           finding {fr, en}, action {fr, en}, unverified)}
    q = cat.questions["org_type"]
    q.id, q.step, q.type, q.label["fr"], q.help["en"], q.options, q.required, q.max_length
    # q.type: yes_no | single | multi | none_excl | number | text
    # q.options: [Option(id, label {fr, en}, exclusive, uncertain)]; q.min / q.max for numbers
    cat.is_visible(question_id, answers) -> bool
    cat.visible_questions(answers) -> list[Question]
    cat.timeline_dates("regulation_2024") -> {milestone: datetime.date}

    engine.normalize(raw: dict) -> dict
    engine.validate(answers: dict, lang="fr") -> dict[str, str]     # {} when valid
    engine.assess(answers, as_of=None, timeline=None,  # None: the catalog's default
                  rule_settings=None) -> Assessment                # or raises InvalidAnswers
        # as_of: datetime.date, default today
        # rule_settings: {rule_id: {"active": bool, "weight": float >= 0}}
    engine.InvalidAnswers                # ValueError with .errors (as validate, in French)
    engine.render(assessment, fmt="text" | "markdown", lang="fr") -> str
    engine.BANDS       # ("faible", "modere", "eleve", "critique")
    engine.SEVERITIES  # ("info", "low", "medium", "high", "critical", "prohibited")
    engine.TIMELINES   # ("regulation_2024", "omnibus_2026")

``Assessment.to_dict()`` is JSON-serialisable; its keys are also attributes:
``score`` (int 0-100), ``raw_score`` (sum of the findings' points, uncapped),
``floor`` (None or {band, id, rule, reason {fr, en}} when a calibration floor
lifted the score; ``rule`` the counting finding it followed, if any), ``band``,
``band_label`` {fr, en}, ``subscores`` {GDPR, AI_ACT, DPIA}, ``prohibited``,
``banner`` ({fr, en} or None), ``dpia`` {required, criteria, reason {fr, en}},
``dpia_verdict`` {fr, en} and ``tier_text`` {fr, en} (the verdicts in plain words),
``ai_act_tier`` (prohibited | high | transparency | minimal), ``roles``,
``role_duties`` [{role, reference {fr, en}, text}], ``findings`` [{rule, framework,
severity, points, reference {fr, en}, group, superseded_by, finding, action, triggers,
to_verify, unverified, applies_from, applicable, milestone, date_unverified}]
(points desc, then rule id),
``action_plan`` [{rule, action, points_recovered, reference {fr, en}}],
``catalog_version``, ``law_as_of`` (the date of the law the catalog states),
``timeline``, ``as_of``. The scoring model is described
in ``scoring.py``.

Command line (from the repository root)::

    python -m itlaw_ai_advisory questions [--lang fr|en]
    python -m itlaw_ai_advisory assess ANSWERS.json [--lang fr|en]
        [--format text|json|markdown] [--as-of YYYY-MM-DD]
        [--timeline omnibus_2026|regulation_2024]   # default: the catalog's
"""

from .catalog import Catalog, Option, Question, Rule, Step, get_catalog
from .conditions import CatalogError
from .questionnaire import InvalidAnswers, normalize, validate
from .render import render
from .scoring import BANDS, SEVERITIES, Assessment, Finding, assess

TIMELINES = ("regulation_2024", "omnibus_2026")

__all__ = [
    "BANDS",
    "SEVERITIES",
    "TIMELINES",
    "Assessment",
    "Catalog",
    "CatalogError",
    "Finding",
    "InvalidAnswers",
    "Option",
    "Question",
    "Rule",
    "Step",
    "assess",
    "get_catalog",
    "normalize",
    "render",
    "validate",
]
