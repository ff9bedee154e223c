"""Conflict check: one check against 100,000 contacts and 50,000 leads.

Runs in-process on the benchmarks' own database (`tools/bench_db.sh` creates or
updates it and prints the Odoo options to reach it), inside one transaction
rolled back at the end: nothing is left behind. Inserts the contacts (half of
them companies, with SIREN / VAT for one company in four, emails on
organisation and public domains) and the leads (organisation, contact, email,
two declared parties each) in bulk SQL with their conflict keys computed by the
engine, ANALYZEs the tables, then times N checks run by a lawyer from random
leads, each with a cold ORM cache (whole ``action_run_conflict_check``: subjects,
the four searches, the check and its lines written). Prints p50 / p95 / max,
the query count of one check, and EXPLAIN (ANALYZE) of the search queries of
the last check, where the indexes used show. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_conflict.py $(bash tools/bench_db.sh) -n 200
"""

import argparse
import random
import statistics
import time

from database import vacuum
from machine import describe

import odoo
from odoo import SUPERUSER_ID, api
from odoo.sql_db import Cursor

WORDS = [
    "acme",
    "alpha",
    "nova",
    "data",
    "robot",
    "vision",
    "cloud",
    "neural",
    "lumiere",
    "atlas",
    "orion",
    "vertex",
    "delta",
    "pixel",
    "quantum",
    "sigma",
    "horizon",
    "boreal",
    "azur",
    "cedre",
    "granit",
    "hermes",
    "iris",
    "jade",
    "kappa",
    "lynx",
    "mistral",
    "nord",
    "opale",
    "prisme",
    "rubis",
    "saphir",
    "titan",
    "ultra",
    "vega",
    "zenith",
    "agora",
    "bastide",
    "cobalt",
    "dune",
    "etoile",
    "faucon",
    "galaxie",
    "helios",
    "indigo",
    "jupiter",
    "kiwi",
    "lotus",
]
FORMS = ("SAS", "SARL", "SA", "GmbH", "Ltd", "Inc", "", "", "")
DOMAINS = ("gmail.com", "outlook.fr", "orange.fr", "yahoo.fr")
FIRST = ["jeanne", "paul", "marie", "louis", "camille", "hugo", "lea", "jules", "chloe", "arthur"]
LAST = [
    "martin",
    "bernard",
    "dubois",
    "thomas",
    "robert",
    "richard",
    "petit",
    "durand",
    "leroy",
    "moreau",
]


def siren_of(rng):
    from odoo.addons.itlaw_ai_advisory.itlaw_ai_advisory import conflicts

    stem = f"{rng.randrange(10**8):08d}"
    return stem + next(d for d in "0123456789" if conflicts.luhn_valid(stem + d))


def setup(env, partners, leads):
    from odoo.addons.itlaw_ai_advisory.itlaw_ai_advisory import conflicts

    rng = random.Random(2026)
    cr = env.cr

    def org():
        words = rng.sample(WORDS, rng.choice((1, 2, 2, 3)))
        return " ".join(word.capitalize() for word in words) + f" {rng.randrange(1000)}"

    rows = []
    for n in range(partners):
        company = n % 2 == 0
        name = (
            f"{org()} {rng.choice(FORMS)}".strip()
            if company
            else f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()} {n}"
        )
        domain = rng.choice(DOMAINS) if rng.random() < 0.4 else f"{name.split()[0].lower()}{n}.fr"
        email = f"contact{n}@{domain}"
        siren = siren_of(rng) if company and n % 4 == 0 else None
        vat = f"FR{conflicts.french_vat_key(siren):02d}{siren}" if siren and n % 8 == 0 else None
        rows.append(
            (
                name,
                email,
                company,
                siren if not vat else None,
                vat,
                conflicts.name_key(name) or None,
                conflicts.email_domain(email) or None,
                conflicts.organisation_siren(siren if not vat else None, vat) or None,
                conflicts.vat_key(vat) or None,
            )
        )
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, email, is_company, company_registry, vat,
                                 itlaw_name_key, itlaw_email_domain, itlaw_siren, itlaw_vat_key,
                                 active, type, lang)
        SELECT name, name, email, is_company, registry, vat, k1, k2, k3, k4, true, 'contact',
               'fr_FR'
          FROM unnest(%s::varchar[], %s::varchar[], %s::bool[], %s::varchar[], %s::varchar[],
                      %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[])
               AS v(name, email, is_company, registry, vat, k1, k2, k3, k4)
        """,
        [list(column) for column in zip(*rows, strict=True)],
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    lead_rows, party_rows = [], []
    for n in range(leads):
        organisation = org() + " " + rng.choice(FORMS)
        contact = f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"
        domain = (
            rng.choice(DOMAINS)
            if rng.random() < 0.4
            else f"{organisation.split()[0].lower()}{n}.fr"
        )
        email = f"{contact.split()[0].lower()}@{domain}"
        lead_rows.append(
            (
                f"Bench lead {n}",
                organisation,
                contact,
                email,
                conflicts.name_key(organisation) or None,
                conflicts.name_key(contact) or None,
                conflicts.email_domain(email) or None,
            )
        )
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, partner_name, contact_name, email_from,
                              itlaw_partner_name_key, itlaw_contact_name_key, itlaw_email_domain,
                              itlaw_conflict_status)
        SELECT name, 'opportunity', true, org, contact, email, k1, k2, k3, 'none'
          FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
                      %s::varchar[], %s::varchar[], %s::varchar[])
               AS v(name, org, contact, email, k1, k2, k3)
        RETURNING id
        """,
        [list(column) for column in zip(*lead_rows, strict=True)],
    )
    lead_ids = [row[0] for row in cr.fetchall()]
    for lead_id in lead_ids:
        for kind in ("counterparty", "ai_vendor"):
            name = org() + " " + rng.choice(FORMS)
            party_rows.append((lead_id, name, kind, conflicts.name_key(name)))
    cr.execute(
        """
        INSERT INTO itlaw_party (lead_id, name, kind, name_key, sequence)
        SELECT lead_id, name, kind, key, 10
          FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[])
               AS v(lead_id, name, kind, key)
        """,
        [list(column) for column in zip(*party_rows, strict=True)],
    )
    for table in ("res_partner", "crm_lead", "itlaw_party"):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    lawyer = env["res.users"].create(
        {
            "name": "Bench lawyer",
            "login": f"bench_lawyer_{time.time_ns()}",
            "groups_id": [
                (4, env.ref("base.group_user").id),
                (4, env.ref("itlaw_ai_advisory.group_lawyer").id),
            ],
        }
    )
    return lawyer, lead_ids


def percentile(ordered, fraction):
    return ordered[int(fraction * (len(ordered) - 1))]


def record_queries(function):
    """Run ``function`` and return the (query, params) of its conflict searches."""
    recorded = []
    execute = Cursor.execute

    def spy(cursor, query, params=None, log_exceptions=True):
        text = str(query)
        if "LATERAL" in text or "FROM itlaw_engagement e" in text:
            recorded.append((query, params))
        return execute(cursor, query, params, log_exceptions)

    Cursor.execute = spy
    try:
        function()
    finally:
        Cursor.execute = execute
    return recorded


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="checks to time")
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=50_000)
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    from odoo.addons.itlaw_ai_advisory.models.itlaw_conflict_check import (
        HITS_PER_REASON,
        SIMILARITY_THRESHOLD,
    )

    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    vacuum(registry, "res_partner", "crm_lead", "itlaw_party")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            started = time.perf_counter()
            lawyer, lead_ids = setup(env, args.partners, args.leads)
            print(f"setup: {time.perf_counter() - started:.1f} s")
            rng = random.Random(7)
            Check = env(user=lawyer)["itlaw.conflict.check"]
            Partner = env(user=lawyer)["res.partner"]
            times, lookups, hits = [], [], []
            for lead_id in rng.sample(lead_ids, args.n):
                # Baseline, alternating with the checks: Odoo's own lookup of
                # the organisation among the contacts (the search a lawyer
                # would type by hand), cold cache.
                organisation = env["crm.lead"].browse(lead_id).partner_name
                env.invalidate_all()
                before = time.perf_counter()
                Partner.name_search(organisation, limit=HITS_PER_REASON)
                lookups.append((time.perf_counter() - before) * 1000)
                env.invalidate_all()
                before = time.perf_counter()
                action = Check.action_run_conflict_check(lead_id=lead_id)
                env.flush_all()
                times.append((time.perf_counter() - before) * 1000)
                hits.append(Check.browse(action["res_id"]).hit_count)
            queries = cr.sql_log_count
            last = rng.choice(lead_ids)
            env.invalidate_all()
            searches = record_queries(lambda: Check.action_run_conflict_check(lead_id=last))
            env.flush_all()
            queries = cr.sql_log_count - queries
            times.sort()
            lookups.sort()
            p95, lookup_p95 = percentile(times, 0.95), percentile(lookups, 0.95)
            print(f"machine: {describe()}")
            print(
                f"{args.partners} contacts, {args.leads} leads "
                f"({2 * args.leads} declared parties): "
                f"{args.n} checks, p50 {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
                f"matches per check: median {statistics.median(hits)}, max {max(hits)}; "
                f"{queries} queries for one check"
            )
            print(
                f"baseline, Odoo's contact lookup of the organisation (name_search): "
                f"p50 {statistics.median(lookups):.1f} ms, p95 {lookup_p95:.1f} ms; "
                f"a check costs {p95 / lookup_p95:.1f} x its p95"
            )
            for query, params in searches:
                cr.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                    [str(SIMILARITY_THRESHOLD)],
                )
                cr.execute(f"EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) {query}", params)
                print("\n".join(row[0] for row in cr.fetchall()))
                print("-" * 72)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
