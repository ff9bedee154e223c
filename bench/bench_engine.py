"""Cost of the advisory engine: ``assess`` against a bare loop, same run, one core.

Generates N random valid answer sets (seeded), then times, in the same run,
a trivial baseline loop over the same inputs (it only counts the answers)
and ``assess`` on every set. The figure of merit is the ratio of the two times,
which does not depend on the machine as an absolute rate does; the rate is
printed beside it, with the machine. Run from the checkout:

    $(bash tools/odoo_env.sh) bench/bench_engine.py [-n 100000] [--seed 2026]
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import describe

import itlaw_ai_advisory as engine

# The design's 20,000 assessments/s on one core, as a ratio: on the machine it
# was set on (AMD EPYC) the baseline ran at about 652,000 sets/s, so 20,000/s
# is an assessment costing 32.6 baseline loops.
MAX_RATIO = 32.6


def random_answers(rng, catalog):
    """A random valid answer set: every question answered, then hidden ones dropped."""
    answers = {}
    for question in catalog.questions.values():
        if question.type == "number":
            if rng.random() < 0.5:
                answers[question.id] = rng.randint(int(question.min), 5000)
            continue
        if question.type == "text":
            if rng.random() < 0.3:
                answers[question.id] = "Mistral AI, OpenAI"
            continue
        ids = [option.id for option in question.options]
        if question.type in ("single", "yes_no"):
            answers[question.id] = rng.choice(ids)
            continue
        exclusive = [option.id for option in question.options if option.exclusive]
        others = [option_id for option_id in ids if option_id not in exclusive]
        if exclusive and rng.random() < 0.3:
            answers[question.id] = exclusive[:1]
        else:
            answers[question.id] = rng.sample(others, rng.randint(1, min(3, len(others))))
    visible = {question.id for question in catalog.visible_questions(answers)}
    return {key: value for key, value in answers.items() if key in visible}


def count_answers(answer_sets):
    """The baseline: touch every answer of every set, nothing else."""
    total = 0
    for answers in answer_sets:
        for value in answers.values():
            total += len(value) if isinstance(value, list) else 1
    return total


def assess_all(answer_sets, as_of):
    points = 0
    for answers in answer_sets:
        points += engine.assess(answers, as_of=as_of).score
    return points


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="answer sets (default 100000)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    catalog = engine.get_catalog()
    rng = random.Random(args.seed)
    answer_sets = [random_answers(rng, catalog) for _ in range(args.n)]
    as_of = datetime.date(2026, 9, 1)
    baseline = timed(count_answers, answer_sets)
    elapsed = timed(assess_all, answer_sets, as_of)
    rate = args.n / elapsed
    ratio = elapsed / baseline
    print(f"machine: {describe()}")
    print(f"catalog {catalog.version}, {args.n} answer sets, seed {args.seed}")
    print(f"baseline (count answers): {args.n / baseline:12,.0f} sets/s  ({baseline:.3f} s)")
    print(f"assess:                   {rate:12,.0f} assessments/s  ({elapsed:.3f} s)")
    print(f"assess / baseline time:   {ratio:12.1f} x")
    verdict = "within" if ratio <= MAX_RATIO else "OVER"
    print(f"ratio budget {MAX_RATIO} x: {verdict}")
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
