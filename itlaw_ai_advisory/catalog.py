"""The versioned catalog: questions, derived facts, rules, timeline and texts.

The data lives in ``catalog/*.json``; it is read and compiled once per process
(``get_catalog()``). The version is the semantic version of ``catalog.json``
plus the first 8 hex digits of a SHA-256 over every data file, so that any
change of a question, rule, weight or date changes the version stored with
the assessments.
"""

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .conditions import (
    FINDING_KINDS,
    MULTIPLE_TYPES,
    CatalogError,
    Compiled,
    compile_condition,
)

LAW_FACT_PREFIX = "law_"  # law_<timeline variant>: the text of the law the assessment follows

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
DATA_FILES = ("catalog.json", "questions.json", "rules.json", "timeline.json")
QUESTION_TYPES = frozenset({"yes_no", "single", "multi", "none_excl", "number", "text"})
# DSA and FR_LAW: texts beside the GDPR (minors on platforms; French sector law), GDPR subscore.
FRAMEWORKS = ("GDPR", "AI_ACT", "EDPB_DPIA", "CNIL", "DSA", "FR_LAW")
GROUPS = frozenset({"dpia", "optout"})
LANGS = ("fr", "en")
TEXT_MAX_LENGTH = 2000


def _bilingual(text):
    """A {fr, en} text with both languages present and non-empty."""
    return isinstance(text, dict) and all(str(text.get(lang, "")).strip() for lang in LANGS)


@dataclass(frozen=True)
class Option:
    id: str
    label: dict
    exclusive: bool = False
    uncertain: bool = False  # "unsure" / "unknown": findings it triggers are « à vérifier »


@dataclass(frozen=True)
class Question:
    id: str
    step: str
    type: str
    label: dict
    help: dict
    options: list
    required: bool
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    visible_if: dict | None = None
    option_ids: frozenset = field(default=frozenset(), repr=False)


@dataclass(frozen=True)
class Step:
    id: str
    title: dict
    questions: list


class SeverityCase(NamedTuple):
    condition: Compiled | None  # None: the default case
    level: str
    to_verify: bool
    # Texts of this case only (e.g. the provider's duty vs the deployer's), else the rule's.
    finding: dict | None = None
    action: dict | None = None
    reference: dict | None = None


class ReferencePart(NamedTuple):
    """A reference cited only when its condition holds (the letter of a ticked option)."""

    condition: Compiled
    text: dict


class DateCase(NamedTuple):
    condition: Compiled | None
    milestone: str


@dataclass(frozen=True)
class Rule:
    id: str
    framework: str
    group: str | None
    reference: dict  # {fr, en}
    finding: dict
    action: dict
    unverified: bool
    when: Compiled = field(repr=False)
    severity: tuple = field(repr=False)  # SeverityCase, first match wins
    applies_from: tuple = field(repr=False)  # DateCase, first match wins
    # ReferencePart, in order: the finding cites those whose condition holds, else `reference`.
    reference_parts: tuple = field(default=(), repr=False)
    sources: tuple = field(default=(), repr=False)  # [{label: {fr, en}, url}]
    checked: datetime.date | None = None  # when the rule was last read against its sources


class Floor(NamedTuple):
    """A calibration floor: the score is lifted to ``band``'s lower bound when ``when`` holds."""

    id: str
    band: str
    reason: dict  # {fr, en}: why, in plain words
    when: Compiled
    # What its finding conditions name, to report the finding that lifted the score.
    rules: frozenset
    groups: frozenset
    levels: frozenset


class Milestone(NamedTuple):
    """A date of the timeline under one text of the law."""

    key: str
    label: dict  # {fr, en}
    reference: dict  # {fr, en}
    date: datetime.date
    unverified: bool  # not confirmed from the Official Journal text
    note: dict | None  # {fr, en}: what is (not) confirmed, shown with the date


class Catalog:
    """Everything the engine knows, compiled once. See the package docstring."""

    def __init__(self, data, version):
        self.version = version
        self.texts = data["catalog"]
        self.points = self.texts["points"]
        self.bands = self.texts["bands"]
        try:
            # The date of the law the catalog states ("droit applicable au ...").
            self.law_as_of = datetime.date.fromisoformat(self.texts["law_as_of"])
        except (KeyError, TypeError, ValueError):
            raise CatalogError("catalog.json needs law_as_of, an ISO date") from None
        self.timelines = data["timeline"]["variants"]
        self.default_timeline = data["timeline"]["default"]
        self.milestones = data["timeline"]["milestones"]
        for key, milestone in self.milestones.items():
            if not _bilingual(milestone["reference"]):
                raise CatalogError(f"milestone {key}: the reference needs French and English")
        for duty in self.texts["role_duties"]:
            if not _bilingual(duty["reference"]):
                raise CatalogError(f"{duty['role']} duty: the reference needs French and English")
        if self.default_timeline not in self.timelines:
            raise CatalogError(f"unknown default timeline {self.default_timeline!r}")
        self._timeline = {
            variant: self._make_timeline(variant, timeline)
            for variant, timeline in self.timelines.items()
        }
        self._timeline_dates = {
            variant: {key: milestone.date for key, milestone in timeline.items()}
            for variant, timeline in self._timeline.items()
        }
        self.steps = []
        self.questions = {}
        for step_data in data["questions"]["steps"]:
            step = Step(step_data["id"], step_data["title"], [])
            for question_data in step_data["questions"]:
                question = self._make_question(step.id, question_data)
                if question.id in self.questions:
                    raise CatalogError(f"duplicate question {question.id}")
                step.questions.append(question)
                self.questions[question.id] = question
            self.steps.append(step)
        # Rules may differ by the text of the law chosen (e.g. an article the omnibus amended).
        self.facts = {
            LAW_FACT_PREFIX + variant: Compiled(
                lambda _answers, _facts: False, lambda _answers, _facts: set(), frozenset(), False
            )
            for variant in self.timelines
        }
        for name, node in data["rules"]["facts"].items():
            self.facts[name] = compile_condition(node, self.questions, self.facts)
        self._fact_items = tuple(
            (name, fact.test)
            for name, fact in self.facts.items()
            if not name.startswith(LAW_FACT_PREFIX)
        )
        self.dpia_criteria = tuple(data["rules"]["dpia_criteria"])
        self.visibility = {
            question.id: compile_condition(question.visible_if, self.questions, self.facts)
            for question in self.questions.values()
            if question.visible_if
        }
        self.rules = {}
        for rule_data in data["rules"]["rules"]:
            rule = self._make_rule(rule_data)
            if rule.id in self.rules:
                raise CatalogError(f"duplicate rule {rule.id}")
            self.rules[rule.id] = rule
        self.floors = tuple(self._make_floor(floor) for floor in self.texts["floors"])

    # ------------------------------------------------------------------
    # Building
    # ------------------------------------------------------------------
    def _make_timeline(self, variant, data):
        dates, overrides = data["dates"], data.get("milestones", {})
        if set(dates) != set(self.milestones) or not set(overrides) <= set(self.milestones):
            raise CatalogError(f"timeline {variant}: dates for exactly the known milestones")
        if not _bilingual(data.get("label")) or not _bilingual(data.get("status")):
            raise CatalogError(f"timeline {variant}: label and status need French and English")
        _check_sources(f"timeline {variant}", data.get("sources", []))
        timeline = {}
        for key, shared in self.milestones.items():
            merged = {**shared, **overrides.get(key, {})}
            note = merged.get("note")
            if not _bilingual(merged["reference"]) or (note is not None and not _bilingual(note)):
                raise CatalogError(f"timeline {variant}, {key}: texts need French and English")
            if merged.get("unverified") and note is None:
                raise CatalogError(f"timeline {variant}, {key}: say what is unverified in a note")
            try:
                date = datetime.date.fromisoformat(dates[key])
            except (TypeError, ValueError):
                raise CatalogError(f"timeline {variant}, {key}: not an ISO date") from None
            timeline[key] = Milestone(
                key,
                {"fr": merged["fr"], "en": merged["en"]},
                merged["reference"],
                date,
                bool(merged.get("unverified", False)),
                note,
            )
        return timeline

    def _make_floor(self, data):
        if data.get("band") not in {band["id"] for band in self.bands}:
            raise CatalogError(f"floor {data.get('id')}: unknown band {data.get('band')!r}")
        if not _bilingual(data.get("reason")):
            raise CatalogError(f"floor {data.get('id')}: the reason needs French and English")
        names = {
            "finding": frozenset(self.rules),
            "group": GROUPS,
            "severity": frozenset(self.points),
        }
        named = {kind: set() for kind in FINDING_KINDS}
        _collect_finding_names(data["when"], named)
        return Floor(
            data["id"],
            data["band"],
            data["reason"],
            compile_condition(data["when"], self.questions, self.facts, names),
            frozenset(named["finding"]),
            frozenset(named["group"]),
            frozenset(named["severity"]),
        )

    def _make_question(self, step_id, data):
        if data["type"] not in QUESTION_TYPES:
            raise CatalogError(f"{data['id']}: unknown type {data['type']!r}")
        if data["type"] == "yes_no":
            options_data = [
                {"id": option_id, "label": label}
                for option_id, label in self.texts["yes_no"].items()
            ]
        else:
            options_data = data.get("options", [])
        options = [
            Option(
                item["id"],
                item["label"],
                item.get("exclusive", False),
                item.get("uncertain", False),
            )
            for item in options_data
        ]
        choice = data["type"] not in ("number", "text")
        if choice != bool(options):
            raise CatalogError(f"{data['id']}: options do not match type {data['type']}")
        return Question(
            id=data["id"],
            step=step_id,
            type=data["type"],
            label=data["label"],
            help=data.get("help") or {"fr": "", "en": ""},
            options=options,
            required=data["required"],
            max_length=data.get("max_length", TEXT_MAX_LENGTH) if data["type"] == "text" else None,
            min=data.get("min"),
            max=data.get("max"),
            visible_if=data.get("visible_if"),
            option_ids=frozenset(option.id for option in options),
        )

    def _make_rule(self, data):
        def compile_optional(node):
            return None if node is None else compile_condition(node, self.questions, self.facts)

        severity = []
        for case in data["severity"]:
            condition = compile_optional(case.get("when"))
            uncertain = condition is not None and condition.uncertain
            for key in ("finding", "action", "reference"):
                if key in case and not _bilingual(case[key]):
                    raise CatalogError(
                        f"{data['id']}: a severity case's {key} needs French and English"
                    )
            severity.append(
                SeverityCase(
                    condition,
                    case["level"],
                    uncertain,
                    case.get("finding"),
                    case.get("action"),
                    case.get("reference"),
                )
            )
        reference_parts = []
        for part in data.get("reference_parts", ()):
            if not _bilingual(part):
                raise CatalogError(f"{data['id']}: a reference part needs French and English")
            reference_parts.append(
                ReferencePart(compile_condition(part["when"], self.questions, self.facts), part)
            )
        sources = data.get("sources", [])
        _check_sources(data["id"], sources)
        checked = data.get("checked")
        if checked is not None:
            try:
                checked = datetime.date.fromisoformat(checked)
            except (TypeError, ValueError):
                raise CatalogError(f"{data['id']}: checked must be an ISO date") from None
        for case in severity:
            if case.level not in self.points:
                raise CatalogError(f"{data['id']}: unknown severity {case.level!r}")
        applies_from = data["applies_from"]
        if isinstance(applies_from, str):
            applies_from = [{"key": applies_from}]
        date_cases = tuple(
            DateCase(compile_optional(case.get("when")), case["key"]) for case in applies_from
        )
        for case in date_cases:
            if case.milestone not in self.milestones:
                raise CatalogError(f"{data['id']}: unknown milestone {case.milestone!r}")
        if date_cases[-1].condition is not None:
            raise CatalogError(f"{data['id']}: the last applies_from case needs no condition")
        if not _bilingual(data["reference"]):
            raise CatalogError(f"{data['id']}: the reference needs French and English")
        if data["framework"] not in FRAMEWORKS:
            raise CatalogError(f"{data['id']}: unknown framework {data['framework']!r}")
        if data.get("group") not in GROUPS | {None}:
            raise CatalogError(f"{data['id']}: unknown group {data['group']!r}")
        return Rule(
            id=data["id"],
            framework=data["framework"],
            group=data.get("group"),
            reference=data["reference"],
            finding=data["finding"],
            action=data["action"],
            unverified=data.get("unverified", False),
            when=compile_condition(data["when"], self.questions, self.facts),
            severity=tuple(severity),
            applies_from=date_cases,
            reference_parts=tuple(reference_parts),
            sources=tuple(sources),
            checked=checked,
        )

    # ------------------------------------------------------------------
    # Facts and visibility
    # ------------------------------------------------------------------
    def derive_facts(self, answers, timeline=None):
        """The derived facts (``personal``, ``high_risk``, ``C1``...) of well-typed answers,
        with ``law_<variant>`` true for the timeline variant followed (default: the catalog's)."""
        timeline = timeline or self.default_timeline
        facts = {LAW_FACT_PREFIX + variant: variant == timeline for variant in self.timelines}
        for name, test in self._fact_items:
            facts[name] = test(answers, facts)
        return facts

    def is_visible(self, question_id, answers):
        """Whether the question applies, given the other answers."""
        condition = self.visibility.get(question_id)
        if condition is None:
            return question_id in self.questions
        answers = self.well_typed(answers)
        return condition.test(answers, self.derive_facts(answers))

    def visible_questions(self, answers):
        """The questions that apply to these answers, in catalog order."""
        answers = self.well_typed(answers)
        facts = self.derive_facts(answers)
        return [
            question
            for question in self.questions.values()
            if question.id not in self.visibility
            or self.visibility[question.id].test(answers, facts)
        ]

    def well_typed(self, answers):
        """The answers whose value has the shape its question expects (others dropped),
        so that conditions can be evaluated on input that does not validate."""
        if not isinstance(answers, dict):
            return {}
        questions = self.questions
        bad = [key for key, value in answers.items() if not _has_shape(questions.get(key), value)]
        if not bad:
            return answers
        return {key: value for key, value in answers.items() if key not in bad}

    # ------------------------------------------------------------------
    # Timeline
    # ------------------------------------------------------------------
    def timeline_dates(self, variant):
        """Milestone -> date for a timeline variant (``regulation_2024``, ``omnibus_2026``)."""
        return self._timeline_dates[self._known_timeline(variant)]

    def timeline(self, variant=None):
        """Milestone -> ``Milestone`` (label, reference, date, unverified, note) of a
        timeline variant (default: the catalog's), as that text of the law states them."""
        return self._timeline[self._known_timeline(variant or self.default_timeline)]

    def _known_timeline(self, variant):
        if variant not in self._timeline:
            raise ValueError(
                f"unknown timeline {variant!r}; expected one of {', '.join(self.timelines)}"
            )
        return variant

    def band_for(self, score):
        band = self.bands[0]
        for candidate in self.bands:
            if score >= candidate["min"]:
                band = candidate
        return band

    def text(self, group, key):
        """A {fr, en} text of catalog.json, e.g. ``text("messages", "required")``."""
        return self.texts[group][key]


def _check_sources(owner, sources):
    for source in sources:
        if not _bilingual(source.get("label")) or not str(source.get("url", "")).startswith(
            "https://"
        ):
            raise CatalogError(f"{owner}: a source needs a bilingual label and an https url")


def _collect_finding_names(node, named):
    """The rule ids, groups and severities a floor's condition names (``named`` by kind)."""
    if isinstance(node, dict):
        for kind in FINDING_KINDS:
            if kind in node:
                value = node[kind]
                named[kind].update([value] if isinstance(value, str) else value)
        for key in ("not", "all", "any", "of"):
            children = node.get(key)
            for child in children if isinstance(children, list) else [children]:
                _collect_finding_names(child, named)


def _has_shape(question, value):
    if question is None:
        return False
    if question.type in MULTIPLE_TYPES:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if question.type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def load_catalog(directory=CATALOG_DIR):
    """Read and compile the catalog files of ``directory`` (no caching)."""
    directory = Path(directory)
    digest = hashlib.sha256()
    data = {}
    for name in DATA_FILES:
        raw = (directory / name).read_bytes()
        digest.update(name.encode() + b"\0" + raw + b"\0")
        data[name.removesuffix(".json")] = json.loads(raw)
    version = f"{data['catalog']['version']}+{digest.hexdigest()[:8]}"
    return Catalog(data, version)


@functools.cache
def get_catalog():
    """The catalog shipped with the engine, loaded once per process."""
    return load_catalog()
