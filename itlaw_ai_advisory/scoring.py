"""The assessment: rules fired on the answers, points, score, band and verdicts.

Scoring (reference §5):

- each finding scores the points of its severity times the partners' weight
  for the rule; half when it is triggered by an "unsure"/"unknown" answer
  (``to_verify``); a prohibited practice scores 100 whatever its weight (a
  knock-out cannot be diluted, only switched off);
- within a group (``dpia``, ``optout``) only the finding with the most points
  counts; the others stay listed with 0 points and ``superseded_by``;
- ``raw_score`` is the sum of the findings' points, so every point is
  explained by a finding; ``score`` is ``min(100, round(raw_score))``, 100 on a
  knock-out;
- calibration (``catalog.json`` "floors"): the band must not contradict the
  findings. Each floor is a condition on the answers, the facts and the
  findings that count (points > 0); when it holds, the score is lifted to its
  band's lower bound (reported in ``floor`` with the reason): a prohibited
  practice ⇒ *critique*; a critical finding, or a high-risk system whose
  conformity steps are not all done ⇒ at least *élevé*; a required DPIA not
  started ⇒ at least *modéré*. Floors read findings that count, so a rule a
  partner switched off or weighted to 0 lifts nothing;
- obligations not yet applicable on ``as_of`` still score (the project must
  be ready for them) and are tagged ``applicable: False`` with their date.
"""

import datetime
import functools

from .catalog import get_catalog
from .conditions import finding_key
from .questionnaire import InvalidAnswers, check, validate

BANDS = ("faible", "modere", "eleve", "critique")
SEVERITIES = ("info", "low", "medium", "high", "critical", "prohibited")
# How the parts of a reference are joined (French typography: a space before ";").
PART_SEPARATOR = {"fr": " ; ", "en": "; "}
SUBSCORE_OF_FRAMEWORK = {
    "GDPR": "GDPR",
    "AI_ACT": "AI_ACT",
    "EDPB_DPIA": "DPIA",
    "CNIL": "DPIA",
    "DSA": "GDPR",
    "FR_LAW": "GDPR",
}
AI_ACT_TIERS = ("prohibited", "high", "transparency", "minimal")


class Finding:
    """One fired rule. Attributes mirror the keys of ``to_dict()``."""

    __slots__ = (
        "_answers",
        "_case",
        "_facts",
        "_reference",
        "_triggers",
        "applicable",
        "applies_from",
        "milestone",
        "points",
        "rule",
        "severity",
        "superseded_by",
        "to_verify",
    )

    def __init__(self, rule, case, points, milestone, applicable, answers, facts):
        self.rule = rule
        self.severity = case.level
        self.to_verify = case.to_verify
        self.points = points
        self.milestone = milestone  # catalog.Milestone under the timeline followed
        self.applies_from = milestone.date
        self.applicable = applicable
        self.superseded_by = None
        self._case = case
        self._answers = answers
        self._facts = facts
        self._triggers = None
        self._reference = None

    @property
    def framework(self):
        return self.rule.framework

    @property
    def reference(self):
        """The parts of the reference that the answers call for, else the case's or the rule's."""
        if self._reference is None:
            parts = [
                part.text
                for part in self.rule.reference_parts
                if part.condition.test(self._answers, self._facts)
            ]
            if parts:
                self._reference = {
                    lang: PART_SEPARATOR[lang].join(part[lang] for part in parts)
                    for lang in ("fr", "en")
                }
            else:
                self._reference = self._case.reference or self.rule.reference
        return self._reference

    @property
    def group(self):
        return self.rule.group

    @property
    def unverified(self):
        return self.rule.unverified

    @property
    def finding(self):
        return self._case.finding or self.rule.finding

    @property
    def action(self):
        return self._case.action or self.rule.action

    @property
    def triggers(self):
        """The answers that made the rule fire and chose its severity, in catalog order."""
        if self._triggers is None:
            answers, facts = self._answers, self._facts
            questions = set(self.rule.when.explain(answers, facts))
            if self._case.condition is not None:
                questions |= self._case.condition.explain(answers, facts)
            self._triggers = {
                question_id: answers[question_id]
                for question_id in get_catalog().questions
                if question_id in questions and question_id in answers
            }
        return self._triggers

    def to_dict(self):
        return {
            "rule": self.rule.id,
            "framework": self.rule.framework,
            "severity": self.severity,
            "points": self.points,
            "reference": {lang: self.reference[lang] for lang in ("fr", "en")},
            "group": self.rule.group,
            "superseded_by": self.superseded_by,
            "finding": {lang: self.finding[lang] for lang in ("fr", "en")},
            "action": {lang: self.action[lang] for lang in ("fr", "en")},
            "triggers": {
                key: list(value) if isinstance(value, list) else value
                for key, value in self.triggers.items()
            },
            "to_verify": self.to_verify,
            "unverified": self.rule.unverified,
            "applies_from": self.applies_from.isoformat(),
            "applicable": self.applicable,
            "milestone": self.milestone.key,
            # The date is not confirmed from the Official Journal text (see the timeline).
            "date_unverified": self.milestone.unverified,
        }


class Assessment:
    """The result of ``assess``. Attributes mirror the keys of ``to_dict()``;
    everything that is not needed for the score is computed on first access."""

    def __init__(self, catalog, answers, facts, findings, as_of, timeline):
        self._catalog = catalog
        self._answers = answers
        self._facts = facts
        self._findings = findings  # in catalog rule order
        self.as_of = as_of
        self.timeline = timeline
        self.catalog_version = catalog.version
        self.raw_score = round(float(sum(finding.points for finding in findings)), 1)
        self.knockout = any(
            finding.severity == "prohibited" and finding.points > 0 for finding in findings
        )
        self.prohibited = facts["prohibited_practice"]
        self.score, self.floor = self._final_score()
        self.band = catalog.band_for(self.score)["id"]

    def _final_score(self):
        score = 100 if self.knockout else min(100, int(self.raw_score + 0.5))
        floor = None
        if not self._catalog.floors:
            return score, floor
        counting = [finding for finding in self._findings if finding.points > 0]
        facts = dict(self._facts)
        for finding in counting:
            facts[finding_key("finding", finding.rule.id)] = True
            facts[finding_key("severity", finding.severity)] = True
            if finding.rule.group:
                facts[finding_key("group", finding.rule.group)] = True
        for rule_floor in self._catalog.floors:
            minimum = self._band_min(rule_floor.band)
            if score >= minimum or not rule_floor.when.test(self._answers, facts):
                continue
            score = minimum
            cause = next(
                (
                    finding.rule.id
                    for finding in sorted(counting, key=lambda f: (-f.points, f.rule.id))
                    if finding.rule.id in rule_floor.rules
                    or finding.rule.group in rule_floor.groups
                    or finding.severity in rule_floor.levels
                ),
                None,
            )
            floor = {
                "band": rule_floor.band,
                "id": rule_floor.id,
                "rule": cause,
                "reason": dict(rule_floor.reason),
            }
        return score, floor

    def _band_min(self, band_id):
        return next(band["min"] for band in self._catalog.bands if band["id"] == band_id)

    @property
    def band_label(self):
        return dict(self._catalog.band_for(self.score)["label"])

    @property
    def banner(self):
        return dict(self._catalog.texts["banner"]) if self.prohibited else None

    @functools.cached_property
    def findings(self):
        """Findings sorted by points (highest first), then rule id."""
        return sorted(self._findings, key=lambda finding: (-finding.points, finding.rule.id))

    @property
    def subscores(self):
        totals = {"GDPR": 0.0, "AI_ACT": 0.0, "DPIA": 0.0}
        for finding in self._findings:
            totals[SUBSCORE_OF_FRAMEWORK[finding.rule.framework]] += finding.points
        return {key: min(100, int(total + 0.5)) for key, total in totals.items()}

    @property
    def dpia(self):
        facts = self._facts
        catalog = self._catalog
        reasons = catalog.texts["dpia_reasons"]
        if not facts["personal"]:
            return {"required": False, "criteria": [], "reason": dict(reasons["no_personal_data"])}
        criteria = [name for name in catalog.dpia_criteria if facts[name]]
        labels = catalog.texts["dpia_criteria"]
        parts = []
        if facts["edpb_two_criteria"]:
            # The criteria in words (their labels hold commas: a semicolon
            # between them).
            parts.append(
                {
                    lang: reasons["criteria"][lang].format(
                        count=len(criteria),
                        criteria=(" ; " if lang == "fr" else "; ").join(
                            labels[name][lang] for name in criteria
                        ),
                    )
                    for lang in ("fr", "en")
                }
            )
        if facts["art35_3"]:
            parts.append(reasons["art35_3"])
        if facts["cnil_list"]:
            parts.append(reasons["cnil_list"])
        if not parts:
            return {
                "required": False,
                "criteria": criteria,
                "reason": dict(reasons["not_required"]),
            }
        reason = {
            lang: " ".join([reasons["required"][lang]] + [part[lang] for part in parts])
            for lang in ("fr", "en")
        }
        return {"required": True, "criteria": criteria, "reason": reason}

    @property
    def tier_text(self):
        """The AI Act tier in plain words {fr, en}."""
        return dict(self._catalog.texts["plain"]["tier"][self.ai_act_tier])

    @property
    def dpia_verdict(self):
        """The DPIA verdict in plain words {fr, en}, with how far the DPIA is."""
        texts = self._catalog.texts["plain"]["dpia"]
        if not self._facts["personal"]:
            return dict(texts["no_personal_data"])
        if not self.dpia["required"]:
            return dict(texts["not_required"])
        return dict(texts.get(self._answers.get("gov_dpia"), texts["required"]))

    @property
    def law_as_of(self):
        return self._catalog.law_as_of

    @property
    def ai_act_tier(self):
        facts = self._facts
        if facts["prohibited_practice"]:
            return "prohibited"
        if facts["high_risk"]:
            return "high"
        if facts["transparency"]:
            return "transparency"
        return "minimal"

    @property
    def roles(self):
        return list(self._answers.get("org_ai_role", []))

    @property
    def role_duties(self):
        roles, tier = self.roles, self.ai_act_tier
        return [
            {
                "role": duty["role"],
                "reference": dict(duty["reference"]),
                "text": dict(duty["text"]),
            }
            for duty in self._catalog.texts["role_duties"]
            if duty["role"] in roles and tier in duty["tiers"]
        ]

    @property
    def action_plan(self):
        """What each action would take off the score, largest first (findings with points)."""
        counted = [finding for finding in self.findings if finding.points > 0]
        return [
            {
                "rule": finding.rule.id,
                "action": {lang: finding.action[lang] for lang in ("fr", "en")},
                "points_recovered": finding.points,
                "reference": {lang: finding.reference[lang] for lang in ("fr", "en")},
            }
            for finding in counted
        ]

    def to_dict(self):
        return {
            "score": self.score,
            "raw_score": self.raw_score,
            "floor": self.floor,
            "band": self.band,
            "band_label": self.band_label,
            "subscores": self.subscores,
            "prohibited": self.prohibited,
            "banner": self.banner,
            "dpia": self.dpia,
            "dpia_verdict": self.dpia_verdict,
            "ai_act_tier": self.ai_act_tier,
            "tier_text": self.tier_text,
            "roles": self.roles,
            "role_duties": self.role_duties,
            "findings": [finding.to_dict() for finding in self.findings],
            "action_plan": self.action_plan,
            "catalog_version": self.catalog_version,
            "law_as_of": self.law_as_of.isoformat(),
            "timeline": self.timeline,
            "as_of": self.as_of.isoformat(),
        }


def assess(answers, as_of=None, timeline=None, rule_settings=None):
    """Assess valid answers; raise ``InvalidAnswers`` otherwise. See the package docstring.
    ``timeline``: the text of the law followed, default the catalog's (the law in force)."""
    catalog = get_catalog()
    timeline = timeline or catalog.default_timeline
    milestones = catalog.timeline(timeline)
    problems, facts = check(catalog, answers, timeline)
    if problems:
        raise InvalidAnswers(validate(answers))
    as_of = as_of or datetime.date.today()
    settings = _checked_settings(rule_settings) if rule_settings else {}
    answers = dict(answers)  # findings explain themselves lazily from this snapshot
    points_of = catalog.points
    findings = []
    best_in_group = {}
    for rule in catalog.rules.values():
        setting = settings.get(rule.id)
        if setting is not None and not setting[0]:
            continue
        if not rule.when.test(answers, facts):
            continue
        case = _first_match(rule.severity, answers, facts)
        if case is None:
            continue
        if case.level == "prohibited":
            points = float(points_of["prohibited"])
        else:
            points = points_of[case.level] * (setting[1] if setting else 1.0)
            if case.to_verify:
                points /= 2
            points = round(points, 1)
        milestone = milestones[_first_match(rule.applies_from, answers, facts).milestone]
        finding = Finding(rule, case, points, milestone, as_of >= milestone.date, answers, facts)
        findings.append(finding)
        if rule.group:
            best = best_in_group.get(rule.group)
            if best is None or points > best.points:
                best_in_group[rule.group] = finding
    if best_in_group:
        for finding in findings:
            best = best_in_group.get(finding.rule.group)
            if best is not None and finding is not best:
                finding.superseded_by = best.rule.id
                finding.points = 0.0
    return Assessment(catalog, answers, facts, findings, as_of, timeline)


def _first_match(cases, answers, facts):
    for case in cases:
        if case.condition is None or case.condition.test(answers, facts):
            return case
    return None


def _checked_settings(rule_settings):
    """``{rule_id: (active, weight)}``; unknown rules are ignored (a retired rule's setting)."""
    checked = {}
    for rule_id, setting in rule_settings.items():
        weight = float(setting.get("weight", 1.0))
        if weight < 0:
            raise ValueError(f"negative weight for rule {rule_id}: {weight}")
        checked[rule_id] = (bool(setting.get("active", True)), weight)
    return checked
