"""Declarative conditions of the catalog, compiled once into Python closures.

A condition is JSON data, never code:

- ``{"q": question_id, "in": [option_id, ...]}`` — the answer is one of the
  options (single choice) or includes one of them (multiple choice);
- ``{"fact": name}`` — a derived fact (``personal``, ``high_risk``, ``C1``...);
- ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": condition}``;
- ``{"at_least": n, "of": [...]}`` — at least ``n`` of the conditions hold.

Calibration floors (``catalog.json``) may also read the findings that count
(points > 0), so that a rule a partner switched off lifts nothing:
``{"finding": [rule_id, ...]}``, ``{"group": name}``, ``{"severity": [level, ...]}``.

Compiling a condition gives a ``Compiled`` pair: ``test(answers, facts)`` for
the hot path, and ``explain(answers, facts)`` that names the questions which
made the condition true (only called for the few rules that fired).
"""

from typing import NamedTuple


class CatalogError(ValueError):
    """The catalog data is inconsistent (a programming error, raised at load time)."""


class Compiled(NamedTuple):
    test: object
    explain: object
    questions: frozenset  # every question the condition reads
    uncertain: bool  # true only through an "unsure"/"unknown" answer


MULTIPLE_TYPES = frozenset({"multi", "none_excl"})


def compile_condition(node, questions, facts, findings=None):
    """Compile ``node``; ``questions`` maps ids to Question, ``facts`` names to Compiled.

    ``findings`` (floors only) names what finding conditions may refer to:
    ``{"finding": rule ids, "group": groups, "severity": levels}``; the test then
    reads ``finding_key(kind, name)`` entries of its facts.
    """
    if not isinstance(node, dict) or len(node) not in (1, 2):
        raise CatalogError(f"malformed condition: {node!r}")

    def child(sub):
        return compile_condition(sub, questions, facts, findings)

    if "q" in node:
        return _compile_answer(node, questions)
    if "fact" in node:
        return _compile_fact(node["fact"], facts)
    for kind in FINDING_KINDS:
        if kind in node:
            return _compile_finding(kind, node[kind], findings)
    if "not" in node:
        return _compile_not(child(node["not"]))
    if "all" in node:
        return _compile_all([child(sub) for sub in node["all"]])
    if "any" in node:
        return _compile_at_least(1, [child(sub) for sub in node["any"]])
    if "at_least" in node:
        return _compile_at_least(node["at_least"], [child(sub) for sub in node["of"]])
    raise CatalogError(f"unknown condition: {node!r}")


FINDING_KINDS = ("finding", "group", "severity")


def finding_key(kind, name):
    """The key under which a floor's facts say that a finding of ``kind`` counts."""
    return (kind, name)


def _compile_finding(kind, names, findings):
    if findings is None:
        raise CatalogError(f"a {kind!r} condition is only allowed in a calibration floor")
    names = [names] if isinstance(names, str) else names
    if not names or not set(findings[kind]).issuperset(names):
        raise CatalogError(f"{kind} condition on unknown names: {names!r}")
    keys = tuple(finding_key(kind, name) for name in names)

    def test(_answers, facts):
        return any(facts.get(key, False) for key in keys)

    return Compiled(test, lambda _answers, _facts: set(), frozenset(), False)


def _compile_answer(node, questions):
    question_id, wanted = node["q"], node.get("in")
    question = questions.get(question_id)
    if question is None:
        raise CatalogError(f"condition on unknown question {question_id!r}")
    known = {option.id for option in question.options}
    if not wanted or not known.issuperset(wanted):
        raise CatalogError(f"condition on unknown options of {question_id}: {wanted!r}")
    wanted = frozenset(wanted)
    if question.type in MULTIPLE_TYPES:

        def test(answers, _facts):
            return not wanted.isdisjoint(answers.get(question_id, ()))

    else:

        def test(answers, _facts):
            return answers.get(question_id) in wanted

    uncertain_ids = {option.id for option in question.options if option.uncertain}
    return Compiled(
        test,
        lambda _answers, _facts: {question_id},
        frozenset({question_id}),
        wanted <= uncertain_ids,
    )


def _compile_fact(name, facts):
    fact = facts.get(name)
    if fact is None:
        raise CatalogError(f"unknown fact {name!r} (facts must be defined before use)")

    def test(_answers, facts_values):
        return facts_values[name]

    return Compiled(test, fact.explain, fact.questions, False)


def _compile_not(child):
    child_test = child.test

    def test(answers, facts):
        return not child_test(answers, facts)

    # What shows the absence of something is every answer the condition looked at.
    return Compiled(test, lambda _answers, _facts: set(child.questions), child.questions, False)


def _compile_all(children):
    if not children:
        raise CatalogError("empty 'all' condition")
    tests = [child.test for child in children]
    test = tests[0]
    for other in tests[1:]:
        test = _and(test, other)

    def explain(answers, facts):
        return set().union(*(child.explain(answers, facts) for child in children))

    return Compiled(
        test,
        explain,
        frozenset().union(*(child.questions for child in children)),
        any(child.uncertain for child in children),
    )


def _compile_at_least(count, children):
    if not children or not 1 <= count <= len(children):
        raise CatalogError(f"'at_least {count}' over {len(children)} conditions")
    tests = [child.test for child in children]
    if count == 1:
        test = tests[0]
        for other in tests[1:]:
            test = _or(test, other)
    else:

        def test(answers, facts):
            return sum(1 for child_test in tests if child_test(answers, facts)) >= count

    def explain(answers, facts):
        return set().union(
            *(child.explain(answers, facts) for child in children if child.test(answers, facts))
        )

    return Compiled(
        test,
        explain,
        frozenset().union(*(child.questions for child in children)),
        all(child.uncertain for child in children),
    )


def _and(first, second):
    return lambda answers, facts: first(answers, facts) and second(answers, facts)


def _or(first, second):
    return lambda answers, facts: first(answers, facts) or second(answers, facts)
