"""Answers: lenient normalisation of form-like input, strict validation.

Answers are a dict ``{question_id: value}``: one option id (str) for ``single``
and ``yes_no``, a list of option ids for ``multi`` and ``none_excl``, an int or
float for ``number``, a str for ``text``.
"""

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


def check(catalog, answers):
    """Problems ``[(key, message code, params)]`` and the derived facts of the answers.

    The hot path of ``assess``: valid answers cost one pass over them, the
    visibility conditions and the required questions, and nothing is built.
    """
    if not isinstance(answers, dict):
        return [("_answers", "not_a_dict", {})], {}
    questions = catalog.questions
    problems = []
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            problems.append((key, "unknown_question", {"question": key}))
            continue
        problem = _check_value(question, value)
        if problem is not None:
            problems.append((key, *problem))
    well_formed = catalog.well_typed(answers) if problems else answers
    facts = catalog.derive_facts(well_formed)
    visibility = catalog.visibility
    for question in questions.values():
        condition = visibility.get(question.id)
        visible = condition is None or condition.test(well_formed, facts)
        if question.id in answers:
            if not visible:
                problems.append((question.id, "hidden", {}))
        elif visible and question.required:
            problems.append((question.id, "required", {}))
    return problems, facts


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
