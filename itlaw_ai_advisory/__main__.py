"""Command line: ``python -m itlaw_ai_advisory questions|assess ...`` (see the package docstring).

Invalid input (unreadable file, bad JSON, invalid answers, bad option) exits
with status 2 and readable messages on stderr, never a traceback.
"""

import argparse
import datetime
import json
import os
import sys

from . import TIMELINES
from .catalog import get_catalog
from .questionnaire import normalize, validate
from .render import render
from .scoring import assess

INVALID_INPUT = 2
MESSAGES = {
    "read": {"fr": "Impossible de lire {path} : {error}", "en": "Cannot read {path}: {error}"},
    "json": {
        "fr": "{path} n'est pas un JSON valide (ligne {line}, colonne {column}) : {error}",
        "en": "{path} is not valid JSON (line {line}, column {column}): {error}",
    },
    "invalid": {
        "fr": "Les réponses de {path} ne sont pas valides :",
        "en": "The answers in {path} are not valid:",
    },
    "as_of": {
        "fr": "Date invalide « {value} » : attendu AAAA-MM-JJ.",
        "en": 'Invalid date "{value}": expected YYYY-MM-DD.',
    },
    "required": {"fr": "obligatoire", "en": "required"},
    "optional": {"fr": "facultative", "en": "optional"},
    "shown_if": {"fr": "affichée selon les réponses", "en": "shown depending on answers"},
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m itlaw_ai_advisory",
        description="GDPR / EU AI Act diagnostic of an AI project.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    questions = commands.add_parser("questions", help="print the questionnaire")
    questions.add_argument("--lang", choices=("fr", "en"), default="fr")
    assess_parser = commands.add_parser("assess", help="assess a JSON file of answers")
    assess_parser.add_argument("answers", help='JSON object {"question_id": value or [values]}')
    assess_parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    assess_parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    assess_parser.add_argument("--as-of", help="assessment date, YYYY-MM-DD (default: today)")
    assess_parser.add_argument("--timeline", choices=TIMELINES, default=None)
    args = parser.parse_args(argv)  # argparse itself exits with 2 on bad usage
    if args.command == "questions":
        print(questions_text(args.lang))
        return 0
    return run_assess(args)


def run_assess(args):
    lang = args.lang

    def fail(key, **params):
        print(MESSAGES[key][lang].format(**params), file=sys.stderr)
        return INVALID_INPUT

    as_of = None
    if args.as_of:
        try:
            as_of = datetime.date.fromisoformat(args.as_of)
        except ValueError:
            return fail("as_of", value=args.as_of)
    try:
        with open(args.answers, encoding="utf-8") as handle:
            raw = json.load(handle)
    except json.JSONDecodeError as error:
        return fail(
            "json", path=args.answers, line=error.lineno, column=error.colno, error=error.msg
        )
    except (OSError, UnicodeDecodeError) as error:
        return fail("read", path=args.answers, error=getattr(error, "strerror", None) or error)
    answers = normalize(raw)
    errors = validate(answers, lang=lang)
    if errors:
        fail("invalid", path=args.answers)
        for key, message in errors.items():
            print(f"  - {key}: {message}", file=sys.stderr)
        return INVALID_INPUT
    assessment = assess(answers, as_of=as_of, timeline=args.timeline)
    if args.format == "json":
        print(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(assessment, fmt=args.format, lang=lang), end="")
    return 0


def questions_text(lang):
    catalog = get_catalog()
    lines = [f"{catalog.version}"]
    for number, step in enumerate(catalog.steps, 1):
        lines += ["", f"{number}. {step.title[lang]}", "=" * (len(step.title[lang]) + 3)]
        for question in step.questions:
            flags = [question.type, MESSAGES["required" if question.required else "optional"][lang]]
            if question.visible_if:
                flags.append(MESSAGES["shown_if"][lang])
            lines.append(f"\n{question.id} ({', '.join(flags)})")
            lines.append(f"  {question.label[lang]}")
            if question.help[lang]:
                lines.append(f"  {question.help[lang]}")
            lines += [f"    - {option.id}: {option.label[lang]}" for option in question.options]
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader (``| head``, a pager) stopped early: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
