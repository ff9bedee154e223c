"""Answers: lenient normalisation of form-like input, strict validation.

Answers are a dict ``{question_id: value}``: one option id (str) for ``single``
and ``yes_no``, a list of option ids for ``multi`` and ``none_excl``, an int or
float for ``number``, a str for ``text``.
"""

import functools
import math

from .catalog import get_catalog
from .conditions import MULTIPLE_TYPES


class InvalidAnswers(ValueError):
    """Raised by ``assess`` on answers that do not validate; ``errors`` as ``validate``."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))


def normalize(raw):
    """Coerce form-like input into answers (see the module docstring).

    Strips strings, turns a lone string into a one-item list for multiple
    choices, one-item lists into a string for single choices, numeric strings
    into numbers, and drops empty values. Unknown keys and values it cannot
    coerce are kept as they are, for ``validate`` to report.
    """
    if not isinstance(raw, dict):
        return raw
    questions = get_catalog().questions
    answers = {}
    for key, value in raw.items():
        key = key.strip() if isinstance(key, str) else key
        question = questions.get(key)
        value = _coerce(question.type if question else None, value)
        if value is not None:
            answers[key] = value
    return answers


def _coerce(question_type, value):
    """The coerced value, or None when the value is empty."""
    if isinstance(value, str):
        value = value.strip()
    elif isinstance(value, list | tuple):
        value = [item.strip() if isinstance(item, str) else item for item in value]
        value = [item for item in value if item not in ("", None)]
    if value in ("", None, []):
        return None
    if question_type in MULTIPLE_TYPES and isinstance(value, str):
        return [value]
    if question_type in ("single", "yes_no"):
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if question_type == "yes_no" and isinstance(value, bool):
            return "yes" if value else "no"
    if question_type == "number" and isinstance(value, str):
        return _parse_number(value)
    return value


def _parse_number(text):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def validate(answers, lang="fr"):
    """``{question_id or key: message in lang}`` for every problem; ``{}`` when valid."""
    catalog = get_catalog()
    problems, _facts = check(catalog, answers)
    lang = lang if lang in ("fr", "en") else "fr"
    return {key: _message(catalog, key, code, params, lang) for key, code, params in problems}


def _message(catalog, key, code, params, lang):
    question = catalog.questions.get(key)
    if "option" in params and question is not None:
        labels = {option.id: option.label[lang] for option in question.options}
        params = {**params, "option": labels.get(params["option"], params["option"])}
    return catalog.text("messages", code)[lang].format(**params)


def check(catalog, answers, timeline=None):
    """Problems ``[(key, message code, params)]`` and the derived facts of the answers
    (under the ``timeline`` variant of the law, default the catalog's).

    The hot path of ``assess``: valid answers cost one fast check per answer,
    a set difference for the required questions and the few visibility
    conditions; messages are only built for invalid input.
    """
    if not isinstance(answers, dict):
        return [("_answers", "not_a_dict", {})], {}
    checkers = _value_checkers(catalog)
    problems = []
    for key, value in answers.items():
        checker = checkers.get(key)
        if checker is None:
            problems.append((key, "unknown_question", {"question": key}))
            continue
        problem = checker(value)
        if problem is not None:
            problems.append((key, *problem))
    well_formed = catalog.well_typed(answers) if problems else answers
    facts = catalog.derive_facts(well_formed, timeline)
    missing = _always_required(catalog) - answers.keys()
    for question_id, condition in catalog.visibility.items():
        visible = condition.test(well_formed, facts)
        if question_id in answers:
            if not visible:
                problems.append((question_id, "hidden", {}))
        elif visible and catalog.questions[question_id].required:
            missing.add(question_id)
    if missing:
        problems += [(qid, "required", {}) for qid in catalog.questions if qid in missing]
    return problems, facts


@functools.cache
def _always_required(catalog):
    return frozenset(
        question.id
        for question in catalog.questions.values()
        if question.required and question.id not in catalog.visibility
    )


@functools.cache
def _value_checkers(catalog):
    """Question id -> ``checker(value)``: a fast path for valid values, else ``_check_value``."""
    return {question.id: _value_checker(question) for question in catalog.questions.values()}


def _value_checker(question):
    option_ids = question.option_ids
    if question.type in MULTIPLE_TYPES:
        exclusive = frozenset(option.id for option in question.options if option.exclusive)

        def check_choices(value):
            if value.__class__ is list and value:
                try:
                    if (
                        option_ids.issuperset(value)
                        and len(set(value)) == len(value)
                        and (len(value) == 1 or exclusive.isdisjoint(value))
                    ):
                        return None
                except TypeError:  # unhashable items: reported below
                    pass
            return _check_choices(question, value)

        return check_choices
    if option_ids:

        def check_choice(value):
            if value.__class__ is str and value in option_ids:
                return None
            return _check_value(question, value)

        return check_choice
    return lambda value: _check_value(question, value)


def _check_value(question, value):
    """``(message code, params)`` for a value its question cannot take, else None."""
    kind = question.type
    if kind in MULTIPLE_TYPES:
        return _check_choices(question, value)
    if kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return "expected_number", {}
        low = -math.inf if question.min is None else question.min
        high = math.inf if question.max is None else question.max
        if not low <= value <= high:
            return "out_of_range", {"min": question.min, "max": question.max}
        return None
    if kind == "text":
        if not isinstance(value, str) or not value:
            return "expected_text", {}
        if len(value) > question.max_length:
            return "too_long", {"max_length": question.max_length}
        return None
    if not isinstance(value, str):
        return "expected_single", {}
    if value not in question.option_ids:
        return "unknown_option", {"option": value}
    return None


def _check_choices(question, value):
    if not isinstance(value, list) or not value:
        return "expected_multi", {}
    for item in value:
        if not isinstance(item, str):
            return "expected_multi", {}
        if item not in question.option_ids:
            return "unknown_option", {"option": item}
    if len(set(value)) != len(value):
        duplicate = next(item for item in value if value.count(item) > 1)
        return "duplicate", {"option": duplicate}
    if len(value) > 1:
        for option in question.options:
            if option.exclusive and option.id in value:
                return "exclusive", {"option": option.id}
    return None
