import base64

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from ..models.res_partner import PARTNER_KEY_SOURCES, PARTNER_KEYS, backfill_key_columns
from .common import (
    CONTACT,
    CV_SCREENING,
    AdvisoryCase,
    FrenchWebsiteCase,
    clear_conflict_check,
    form_data,
)


class ConflictCase(AdvisoryCase):
    @classmethod
    def setup_conflicts(cls):
        cls.setup_firm()
        Partner = cls.env["res.partner"]
        cls.group = Partner.create({"name": "Acme Group", "is_company": True})
        cls.client = Partner.create(
            {
                "name": "Acme Intelligence SAS",
                "is_company": True,
                "parent_id": cls.group.id,
                "company_registry": "732 829 320 00074",
            }
        )
        cls.sister = Partner.create(
            {"name": "Acme Robotics SARL", "is_company": True, "parent_id": cls.group.id}
        )
        cls.jeanne = Partner.create(
            {"name": "Jeanne Client", "email": "jeanne@acme-ia.fr", "parent_id": cls.client.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "AI diagnostic – Acme Intelligence",
                "type": "opportunity",
                "partner_id": cls.jeanne.id,
                "partner_name": "Acme Intelligence SAS",
                "contact_name": "Jeanne Client",
                "email_from": "jeanne@acme-ia.fr",
                "user_id": cls.avocat.id,
                "itlaw_party_ids": [
                    Command.create(
                        {"name": "Société Générale de Robotique", "kind": "counterparty"}
                    ),
                    Command.create({"name": "Hyperion Models Ltd", "kind": "ai_vendor"}),
                ],
            }
        )

    def run_check(self, user=None, lead=None):
        Check = self.env["itlaw.conflict.check"]
        if user:
            Check = Check.with_user(user)
        action = Check.action_run_conflict_check(lead_id=(lead or self.lead).id)
        return Check.browse(action["res_id"])

    def hits(self, check):
        return {
            (line.subject_kind, line.reason, line.res_model, line.res_id, line.role)
            for line in check.sudo().line_ids
        }


class TestConflictMatching(ConflictCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_conflicts()

    def test_declared_party_matches_despite_case_accents_and_legal_form(self):
        other = self.env["res.partner"].create(
            {"name": "SOCIETE GENERALE DE ROBOTIQUE S.A.", "is_company": True}
        )
        check = self.run_check()
        self.assertIn(("party", "name", "res.partner", other.id, "partner"), self.hits(check))

    def test_similar_name_reports_its_similarity(self):
        other = self.env["res.partner"].create(
            {"name": "Societe Generale de Robotiques", "is_company": True}
        )
        check = self.run_check()
        line = check.line_ids.filtered(lambda line: line.res_id == other.id)
        self.assertEqual(line.reason, "similar_name")
        self.assertTrue(50 <= line.similarity < 100, line.similarity)

    def test_people_match_by_exact_name_only(self):
        """A person is matched by the same name (accents and case aside), never
        by a similar one: homonym-like names are other people."""
        namesake = self.env["res.partner"].create({"name": "JEANNE CLIENT"})
        near = self.env["res.partner"].create({"name": "Jeanne Clients"})
        other_lead = self.env["crm.lead"].create(
            {"name": "Other lead", "contact_name": "Jeanne Cliente", "partner_name": "Zeta SARL"}
        )
        same_contact = self.env["crm.lead"].create(
            {"name": "Same contact", "contact_name": "Jeanne Client", "partner_name": "Zeta SARL"}
        )
        hits = self.hits(self.run_check())
        self.assertIn(("client_contact", "name", "res.partner", namesake.id, "partner"), hits)
        self.assertIn(("client_contact", "name", "crm.lead", same_contact.id, "lead_client"), hits)
        reported = {(model, res_id) for _kind, _reason, model, res_id, _role in hits}
        self.assertNotIn(("res.partner", near.id), reported)
        self.assertNotIn(("crm.lead", other_lead.id), reported)

    def test_organisation_named_like_a_declared_person_is_matched_exactly(self):
        """A client who is a person is searched among organisations and
        parties by the exact name only."""
        person = self.env["res.partner"].create({"name": "Paul Dupont"})
        lead = self.env["crm.lead"].create(
            {"name": "Individual", "partner_id": person.id, "user_id": self.avocat.id}
        )
        Lead = self.env["crm.lead"]
        named = Lead.create(
            {
                "name": "Named him",
                "itlaw_party_ids": [
                    Command.create({"name": "Paul DUPONT", "kind": "counterparty"})
                ],
            }
        )
        near = Lead.create(
            {
                "name": "Named another",
                "itlaw_party_ids": [Command.create({"name": "Paul Dupond", "kind": "other"})],
            }
        )
        owners = {
            (line.res_id, line.reason, line.role) for line in self.run_check(lead=lead).line_ids
        }
        self.assertIn((named.id, "name", "lead_party"), owners)
        self.assertNotIn(near.id, {res_id for res_id, _reason, _role in owners})

    def test_client_declared_as_party_elsewhere(self):
        """Another prospect named the client as its counterparty: the check
        of the client finds that lead, as a declared party."""
        adverse = self.env["crm.lead"].create(
            {
                "name": "Adverse lead",
                "partner_name": "Rival SA",
                "itlaw_party_ids": [
                    Command.create({"name": "ACME Intelligence", "kind": "counterparty"})
                ],
            }
        )
        check = self.run_check()
        self.assertIn(("client", "name", "crm.lead", adverse.id, "lead_party"), self.hits(check))

    def test_group_companies_are_searched(self):
        lead = self.env["crm.lead"].create({"name": "Robotics", "partner_name": "ACME ROBOTICS"})
        check = self.run_check()
        self.assertIn(
            ("group_company", "name", "crm.lead", lead.id, "lead_client"), self.hits(check)
        )
        self.assertIn("Acme Robotics SARL", check.subjects)

    def test_email_domain_but_never_a_public_provider(self):
        colleague = self.env["crm.lead"].create(
            {"name": "Colleague", "contact_name": "Bob Other", "email_from": "bob@acme-ia.fr"}
        )
        gmail = self.env["crm.lead"].create(
            {"name": "Private", "contact_name": "Alice Gmail", "email_from": "alice@gmail.com"}
        )
        check = self.run_check()
        self.assertIn(
            ("client", "email_domain", "crm.lead", colleague.id, "lead_client"), self.hits(check)
        )
        private = self.env["crm.lead"].create(
            {"name": "Other private", "contact_name": "Zoe Else", "email_from": "zoe@gmail.com"}
        )
        check = self.run_check(lead=private)
        self.assertNotIn(gmail.id, check.line_ids.mapped("res_id"))
        self.assertFalse(check.line_ids)

    def test_siren_siret_and_french_vat_meet(self):
        twin = self.env["res.partner"].create(
            {"name": "Zeta Holding", "is_company": True, "vat": "FR44732829320"}
        )
        check = self.run_check()
        self.assertIn(("client", "siren", "res.partner", twin.id, "partner"), self.hits(check))

    def test_same_foreign_vat(self):
        self.client.vat = "DE123456789"
        twin = self.env["res.partner"].create(
            {"name": "Unrelated GmbH", "is_company": True, "vat": "de 123 456 789"}
        )
        check = self.run_check()
        self.assertIn(("client", "vat", "res.partner", twin.id, "partner"), self.hits(check))

    def test_the_lead_and_the_client_group_are_not_reported(self):
        check = self.run_check()
        self.assertNotIn(
            self.lead.id,
            check.line_ids.filtered(lambda line: line.res_model == "crm.lead").mapped("res_id"),
        )
        own = (self.group | self.client | self.sister | self.jeanne).ids
        partner_hits = check.line_ids.filtered(lambda line: line.res_model == "res.partner")
        self.assertFalse(set(partner_hits.mapped("res_id")) & set(own))

    def test_engagements_of_a_matching_client(self):
        adverse = self.env["res.partner"].create(
            {"name": "Société Générale de Robotique", "is_company": True}
        )
        engagement = self.env["itlaw.engagement"].create({"partner_id": adverse.id})
        check = self.run_check()
        self.assertIn(
            ("party", "name", "itlaw.engagement", engagement.id, "engagement_client"),
            self.hits(check),
        )

    def test_run_from_an_engagement(self):
        clear_conflict_check(self.lead)
        engagement = self.env["itlaw.engagement"].create(
            {"partner_id": self.client.id, "lead_id": self.lead.id}
        )
        rival = self.env["res.partner"].create({"name": "Hyperion Models", "is_company": True})
        Check = self.env["itlaw.conflict.check"]
        check = Check.browse(Check.action_run_conflict_check(engagement_id=engagement.id)["res_id"])
        self.assertEqual(check.engagement_id, engagement)
        self.assertEqual(check.lead_id, self.lead)
        self.assertEqual(check.partner_id, self.client)
        self.assertIn(("party", "name", "res.partner", rival.id, "partner"), self.hits(check))
        with self.assertRaises(UserError):
            Check.action_run_conflict_check()

    def test_key_columns_are_filled_in_sql_at_install(self):
        partner = self.env["res.partner"].create(
            {"name": "Électricité Backfill S.A.", "email": "a@backfill.fr", "vat": "FR44732829320"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "ALTER TABLE res_partner DROP COLUMN itlaw_name_key, DROP COLUMN itlaw_siren"
        )
        backfill_key_columns(self.env.cr, "res_partner", PARTNER_KEY_SOURCES, PARTNER_KEYS)
        self.env.invalidate_all()
        self.assertEqual(partner.itlaw_name_key, "electricite backfill")
        self.assertEqual(partner.itlaw_siren, "732829320")
        self.assertEqual(partner.itlaw_email_domain, "backfill.fr")

    def test_query_count_does_not_grow_with_the_database(self):
        # One hit of each kind to begin with, then many more of the same kinds.
        self.env["res.partner"].create({"name": "Hyperion Models", "email": "x@acme-ia.fr"})
        self.env["crm.lead"].create({"name": "Lead", "partner_name": "Acme Intelligence"})
        self.run_check()  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            self.run_check()
        queries = self.cr.sql_log_count
        self.env.invalidate_all()
        self.run_check()
        small = self.cr.sql_log_count - queries
        self.env["res.partner"].create(
            [
                {"name": f"Societe Generale de Robotique {n}", "email": f"x{n}@acme-ia.fr"}
                for n in range(60)
            ]
        )
        self.env["crm.lead"].create(
            [{"name": f"Lead {n}", "partner_name": f"Acme Intelligence {n}"} for n in range(60)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        check = self.run_check()
        self.assertEqual(self.cr.sql_log_count - queries, small)
        self.assertGreater(len(check.line_ids), 40)


class TestConflictDecision(ConflictCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_conflicts()

    def test_lawyer_runs_but_cannot_decide(self):
        check = self.run_check(user=self.avocat)
        self.assertEqual(check.decision, "pending")
        self.assertEqual(check.create_uid, self.avocat)
        self.assertFalse(check.can_decide)
        with self.assertRaises(AccessError):
            check.action_clear()
        with self.assertRaises(AccessError):
            check.write({"decision": "cleared"})
        with self.assertRaises(AccessError):
            check.create({"lead_id": self.lead.id, "decision": "cleared"})
        self.assertEqual(check.decision, "pending")

    def test_partner_clears_and_the_decision_is_tracked(self):
        check = self.run_check(user=self.avocat)
        # The run's transaction ends (mail does not track a record in the
        # transaction that created it).
        self.env.flush_all()
        self.env.cr.precommit.run()
        as_partner = check.with_user(self.associe)
        self.assertTrue(as_partner.can_decide)
        as_partner.with_context(tracking_disable=False).action_clear()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit time
        self.env.invalidate_all()
        self.assertEqual(check.decision, "cleared")
        self.assertEqual(check.decided_by_id, self.associe)
        self.assertTrue(check.decided_on)
        self.assertEqual(self.lead.itlaw_conflict_status, "cleared")
        tracked = check.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("decision", tracked)
        self.assertIn("decided_by_id", tracked)

    def test_conflict_needs_a_reason(self):
        check = self.run_check(user=self.avocat).with_user(self.associe)
        with self.assertRaises(ValidationError):
            check.action_declare_conflict()
        check.conflict_reason = "We act for Société Générale de Robotique."
        check.action_declare_conflict()
        self.assertEqual(check.decision, "conflict")
        self.assertEqual(self.lead.itlaw_conflict_status, "conflict")

    def test_rerun_keeps_history(self):
        self.assertEqual(self.lead.itlaw_conflict_status, "none")
        first = self.run_check(user=self.avocat)
        first.with_user(self.associe).action_clear()
        action = first.with_user(self.avocat).action_run_conflict_check()
        second = self.env["itlaw.conflict.check"].browse(action["res_id"])
        self.assertNotEqual(first, second)
        self.assertEqual(first.decision, "cleared")
        self.assertEqual(second.decision, "pending")
        self.assertEqual(self.lead.itlaw_conflict_check_count, 2)
        self.assertEqual(self.lead.itlaw_conflict_status, "pending")

    def test_who_sees_which_check(self):
        check = self.run_check(user=self.avocat)
        Check = self.env["itlaw.conflict.check"]
        self.assertEqual(Check.with_user(self.avocat).search([("id", "=", check.id)]), check)
        self.assertEqual(Check.with_user(self.associe).search([("id", "=", check.id)]), check)
        self.assertFalse(Check.with_user(self.avocate).search([("id", "=", check.id)]))
        with self.assertRaises(AccessError):
            check.with_user(self.avocate).read(["decision"])
        self.assertFalse(
            self.env["itlaw.conflict.check.line"]
            .with_user(self.avocate)
            .search([("check_id", "=", check.id)])
        )
        # The lead's lawyer sees a check a colleague ran on it.
        by_colleague = self.run_check(user=self.avocate)
        self.assertEqual(
            Check.with_user(self.avocat).search([("id", "=", by_colleague.id)]), by_colleague
        )

    def test_lead_lawyer_edits_the_parties(self):
        lead = self.lead.with_user(self.avocat)
        lead.itlaw_party_ids = [Command.create({"name": "Nouvel Adversaire SAS", "kind": "other"})]
        party = lead.itlaw_party_ids.filtered(lambda party: party.kind == "other")
        self.assertEqual(party.name_key, "nouvel adversaire")


class TestConflictGate(ConflictCase, TransactionCase):
    """Issue 20, items 1-4: a partner's clearance gates the lead and its
    matter, carries into the matter, is asked for with an activity, and the
    matter's stages follow it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_conflicts()
        # A contact of the firm named like a declared party: every run finds it.
        cls.rival = cls.env["res.partner"].create(
            {"name": "Societe Generale de Robotique", "is_company": True}
        )
        cls.Engagement = cls.env["itlaw.engagement"]

    def cleared_check(self, reason="Homonym: the firm never acted for this robotics company."):
        check = self.run_check(user=self.avocat).with_user(self.associe)
        check.conflict_reason = reason
        check.action_clear()
        return check

    def open_engagement(self, supervisor=None):
        self.lead.with_user(self.avocat).action_set_won()
        wizard = (
            self.env["itlaw.engagement.wizard"]
            .with_user(self.avocat)
            .with_context(active_model="crm.lead", active_id=self.lead.id)
            .create({"supervisor_id": (supervisor or self.associe).id})
        )
        return self.Engagement.browse(wizard.action_open()["res_id"]).with_user(self.avocat)

    # Item 1 ----------------------------------------------------------
    def test_lead_is_won_only_once_a_partner_cleared_its_check(self):
        lead = self.lead.with_user(self.avocat)
        self.assertEqual(lead.itlaw_conflict_gate, "none")
        with self.assertRaisesRegex(UserError, "cannot be marked won yet.*Run Conflict check"):
            lead.action_set_won()
        check = self.run_check(user=self.avocat)
        lead.invalidate_recordset(["itlaw_conflict_gate"])
        self.assertEqual(lead.itlaw_conflict_gate, "pending")
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        # The kanban's drag and drop writes the stage: refused as well.
        with self.assertRaisesRegex(UserError, "waits for a partner's decision.*Request clearance"):
            lead.write({"stage_id": won_stage.id})
        with self.assertRaises(UserError):
            lead.sudo().action_set_won()
        self.assertFalse(lead.stage_id.is_won)
        check.with_user(self.associe).conflict_reason = "Homonym, no link with the matter."
        check.with_user(self.associe).action_clear()
        lead.invalidate_recordset(["itlaw_conflict_gate"])
        self.assertEqual(lead.itlaw_conflict_gate, "cleared")
        lead.action_set_won()
        self.assertTrue(lead.stage_id.is_won)

    def test_a_declared_conflict_keeps_the_lead_from_being_won(self):
        check = self.run_check(user=self.avocat).with_user(self.associe)
        check.conflict_reason = "We act for Société Générale de Robotique."
        check.action_declare_conflict()
        with self.assertRaisesRegex(UserError, "conflict of interest"):
            self.lead.with_user(self.avocat).action_set_won()
        self.assertEqual(self.lead.itlaw_conflict_gate, "conflict")

    def test_no_engagement_from_a_lead_without_clearance(self):
        with self.assertRaisesRegex(UserError, "No engagement can be opened from"):
            self.Engagement.with_user(self.avocat).create(
                {"partner_id": self.client.id, "lead_id": self.lead.id}
            )
        # Won once cleared; a party declared afterwards needs a new check
        # before the matter opens.
        self.cleared_check()
        self.lead.with_user(self.avocat).action_set_won()
        self.lead.with_user(self.avocat).itlaw_party_ids = [
            Command.create({"name": "Nouvel Adversaire SAS", "kind": "counterparty"})
        ]
        wizard = (
            self.env["itlaw.engagement.wizard"]
            .with_user(self.avocat)
            .with_context(active_model="crm.lead", active_id=self.lead.id)
            .create({})
        )
        with self.assertRaisesRegex(UserError, "parties or client details were added"):
            wizard.action_open()
        self.assertFalse(self.lead.itlaw_engagement_ids)

    def test_the_lead_form_says_why_and_what_to_do(self):
        arch = self.lead.with_user(self.avocat).get_views([(False, "form")])["views"]["form"]
        page = html.fromstring(arch["arch"])
        banners = page.xpath("//div[contains(@class, 'o_itlaw_conflict_gate')]")
        self.assertEqual(len(banners), 2)
        self.assertIn("Request clearance", banners[0].text_content())
        self.assertIn("itlaw_conflict_gate", banners[0].get("invisible"))

    # Item 2 ----------------------------------------------------------
    def test_the_leads_clearance_carries_into_the_engagement(self):
        check = self.cleared_check()
        engagement = self.open_engagement()
        self.assertTrue(engagement.conflict_cleared)
        self.assertEqual(engagement.conflict_state, "cleared")
        self.assertEqual(engagement.conflict_check_count, 1, "no second check")
        self.assertEqual(
            self.env["itlaw.conflict.check"].search([("lead_id", "=", self.lead.id)]), check
        )
        self.assertEqual(engagement.action_view_conflict_checks()["res_id"], check.id)

    def test_a_party_added_to_the_matter_needs_a_new_check(self):
        self.cleared_check()
        engagement = self.open_engagement()
        self.env["itlaw.party"].with_user(self.avocat).create(
            {"engagement_id": engagement.id, "name": "Hélios Data GmbH", "kind": "ai_vendor"}
        )
        self.assertEqual(engagement.conflict_state, "outdated")
        self.assertFalse(engagement.conflict_cleared)
        self.assertEqual(engagement.stage, "conflict_check")
        check = self.Engagement.env["itlaw.conflict.check"].browse(
            engagement.action_run_conflict_check()["res_id"]
        )
        self.assertIn("Hélios Data GmbH", check.subjects)
        self.assertFalse(engagement.conflict_cleared, "a run still to decide clears nothing")
        check = check.with_user(self.associe)
        check.conflict_reason = "Homonym, no link with the matter."
        check.action_clear()
        self.assertTrue(engagement.conflict_cleared)
        self.assertEqual(engagement.stage, "fee_agreement")

    def test_the_engagement_form_declares_parties(self):
        self.cleared_check()
        engagement = self.open_engagement()
        with Form(engagement) as form, form.party_ids.new() as party:
            party.name = "Hélios Data GmbH"
            party.kind = "ai_vendor"
        self.assertEqual(engagement.party_ids.name, "Hélios Data GmbH")
        self.assertEqual(engagement.conflict_state, "outdated")
        self.assertEqual(engagement.stage, "conflict_check")

    def test_a_party_added_to_the_lead_later_needs_a_new_check(self):
        self.cleared_check()
        engagement = self.open_engagement()
        self.lead.with_user(self.avocat).itlaw_party_ids = [
            Command.create({"name": "Nouvel Adversaire SAS", "kind": "counterparty"})
        ]
        self.assertEqual(engagement.conflict_state, "outdated")
        self.assertEqual(engagement.stage, "conflict_check")

    # Item 3 ----------------------------------------------------------
    def test_request_clearance_asks_every_partner_with_the_matches(self):
        check = self.run_check(user=self.avocat)
        self.assertTrue(check.hit_count)
        check.with_user(self.avocat).action_request_clearance()
        activities = check.sudo().activity_ids
        partners = self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_partner").id),
                ("share", "=", False),
            ]
        )
        self.assertIn(self.associe, activities.user_id)
        self.assertEqual(activities.user_id, partners)
        self.assertNotIn(self.avocat, activities.user_id)
        mine = activities.filtered(lambda activity: activity.user_id == self.associe)
        self.assertEqual(
            mine.activity_type_id,
            self.env.ref("itlaw_ai_advisory.mail_activity_type_conflict_clearance"),
        )
        self.assertIn("Societe Generale de Robotique", str(mine.note))
        self.assertIn("Same name", str(mine.note))
        self.assertIn(f"{check.hit_count} matches found", str(mine.note))
        # Asked twice, each partner still has one activity.
        check.with_user(self.avocat).action_request_clearance()
        self.assertEqual(len(check.sudo().activity_ids), len(partners))
        # The decision closes the requests.
        check = check.with_user(self.associe)
        check.conflict_reason = "Homonym, no link with the matter."
        check.action_clear()
        self.assertFalse(check.sudo().activity_ids)
        with self.assertRaisesRegex(UserError, "already decided"):
            check.with_user(self.avocat).action_request_clearance()

    def test_request_clearance_goes_to_the_supervising_partner(self):
        other_partner = new_test_user(
            self.env, "t_associe_2", groups="base.group_user,itlaw_ai_advisory.group_partner"
        )
        engagement = self.Engagement.create(
            {
                "partner_id": self.client.id,
                "user_id": self.avocat.id,
                "supervisor_id": other_partner.id,
            }
        ).with_user(self.avocat)
        check = self.env["itlaw.conflict.check"].browse(
            engagement.action_run_conflict_check()["res_id"]
        )
        check.with_user(self.avocat).action_request_clearance()
        self.assertEqual(check.sudo().activity_ids.user_id, other_partner)

    def test_a_leads_check_goes_to_the_supervisor_of_its_matter(self):
        other_partner = new_test_user(
            self.env, "t_associe_3", groups="base.group_user,itlaw_ai_advisory.group_partner"
        )
        self.cleared_check()
        self.open_engagement(supervisor=other_partner)
        self.lead.with_user(self.avocat).itlaw_party_ids = [
            Command.create({"name": "Nouvel Adversaire SAS", "kind": "counterparty"})
        ]
        check = self.run_check(user=self.avocat)
        self.assertFalse(check.engagement_id)
        check.with_user(self.avocat).action_request_clearance()
        self.assertEqual(check.sudo().activity_ids.user_id, other_partner)

    def test_clearing_a_check_with_matches_needs_a_reason(self):
        check = self.run_check(user=self.avocat).with_user(self.associe)
        self.assertTrue(check.hit_count)
        with self.assertRaisesRegex(ValidationError, "found matches.*Reason"), self.cr.savepoint():
            check.action_clear()
        self.assertEqual(check.decision, "pending")
        check.conflict_reason = "Homonym, no link with the matter."
        check.action_clear()
        self.assertEqual(check.decision, "cleared")
        # Without matches, a clearance needs no reason.
        self.rival.unlink()
        quiet = self.run_check(user=self.avocat)
        self.assertFalse(quiet.hit_count)
        quiet.with_user(self.associe).action_clear()
        self.assertEqual(quiet.decision, "cleared")

    # Item 4 ----------------------------------------------------------
    def test_stages_follow_the_clearance_and_the_signature(self):
        engagement = self.Engagement.create(
            {"partner_id": self.client.id, "user_id": self.avocat.id}
        ).with_user(self.avocat)
        self.assertEqual(engagement.stage, "conflict_check")
        check = self.env["itlaw.conflict.check"].browse(
            engagement.action_run_conflict_check()["res_id"]
        )
        self.assertEqual(engagement.stage, "conflict_check")
        check = check.with_user(self.associe)
        check.conflict_reason = "Homonym, no link with the matter."
        check.action_clear()
        self.assertEqual(engagement.stage, "fee_agreement")
        agreement = (
            self.env["itlaw.fee.agreement"]
            .with_user(self.avocat)
            .create(
                {
                    "engagement_id": engagement.id,
                    "partner_id": self.client.id,
                    "fee_fixed": True,
                    "fixed_amount": 1000.0,
                    "scanned_copy": base64.b64encode(b"%PDF-1.4 signed"),
                    "scanned_copy_filename": "signed.pdf",
                }
            )
        )
        agreement.action_mark_signed_scanned()
        self.assertEqual(engagement.stage, "in_progress")

    def test_a_signature_before_the_clearance_starts_the_matter_when_cleared(self):
        engagement = self.Engagement.create(
            {"partner_id": self.client.id, "user_id": self.avocat.id}
        ).with_user(self.avocat)
        check = self.env["itlaw.conflict.check"].browse(
            engagement.action_run_conflict_check()["res_id"]
        )
        agreement = (
            self.env["itlaw.fee.agreement"]
            .with_user(self.avocat)
            .create(
                {
                    "engagement_id": engagement.id,
                    "partner_id": self.client.id,
                    "fee_fixed": True,
                    "fixed_amount": 1000.0,
                    "scanned_copy": base64.b64encode(b"%PDF-1.4 signed"),
                    "scanned_copy_filename": "signed.pdf",
                }
            )
        )
        agreement.action_mark_signed_scanned()
        self.assertEqual(engagement.stage, "conflict_check", "signed, not cleared yet")
        check = check.with_user(self.associe)
        check.conflict_reason = "Homonym, no link with the matter."
        check.action_clear()
        self.assertEqual(engagement.stage, "in_progress")

    def test_an_engagement_opened_from_a_cleared_lead_starts_at_the_fee_agreement(self):
        self.cleared_check()
        self.assertEqual(self.open_engagement().stage, "fee_agreement")


@tagged("post_install", "-at_install")
class TestPartiesStep(FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()

    def post(self, data):
        page = html.fromstring(self.url_open("/diagnostic-ia").content)
        data.add("csrf_token", page.cssselect("input[name=csrf_token]")[0].get("value"))
        return self.url_open(
            "/diagnostic-ia/submit", data=list(data.items(multi=True)), allow_redirects=False
        )

    def lead_of(self, email):
        return self.env["crm.lead"].search([("email_from", "=", email)])

    def test_form_has_the_parties_step(self):
        page = html.fromstring(self.url_open("/diagnostic-ia").content)
        self.assertEqual(len(page.cssselect("#step_parties input[name^=party_]")), 5)
        self.assertEqual(len(page.cssselect("#step_parties select[name^=party_]")), 5)

    def test_parties_are_stored_on_the_lead(self):
        contact = {**CONTACT, "email_from": "parties@example.fr"}
        data = form_data(
            CV_SCREENING,
            contact=contact,
            party_0_name="  Société   Générale de Robotique ",
            party_0_kind="counterparty",
            party_1_name="",
            party_1_kind="other",
            party_2_name="Hyperion Models Ltd",
            party_2_kind="ai_vendor",
            party_3_name="SOCIETE GENERALE DE ROBOTIQUE SA",
            party_3_kind="other",
        )
        self.assertEqual(self.post(data).status_code, 303)
        parties = self.lead_of("parties@example.fr").itlaw_party_ids
        self.assertEqual(
            [(party.name, party.kind) for party in parties],
            [
                ("Société Générale de Robotique", "counterparty"),
                ("Hyperion Models Ltd", "ai_vendor"),
            ],
        )

    def test_no_parties(self):
        contact = {**CONTACT, "email_from": "noparties@example.fr"}
        self.assertEqual(self.post(form_data(CV_SCREENING, contact=contact)).status_code, 303)
        lead = self.lead_of("noparties@example.fr")
        self.assertTrue(lead)
        self.assertFalse(lead.itlaw_party_ids)

    def test_bad_parties_are_refused_next_to_the_field(self):
        contact = {**CONTACT, "email_from": "badparties@example.fr"}
        data = form_data(
            CV_SCREENING,
            contact=contact,
            party_0_name="x" * 161,
            party_1_name="Rival SA",
            party_1_kind="spaceship",
            party_2_name="Line\nbreak",
            party_3_name="!!!",
            party_4_name="Kept Name SAS",
            party_4_kind="ai_vendor",
        )
        leads = self.env["crm.lead"].search_count([])
        response = self.post(data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.env["crm.lead"].search_count([]), leads)
        page = html.fromstring(response.content)
        for field in ("party_0_name", "party_1_kind", "party_2_name", "party_3_name"):
            self.assertTrue(page.cssselect(f"#{field}_error"), field)
        self.assertFalse(page.cssselect("#party_4_name_error"))
        self.assertEqual(
            page.cssselect("input[name=party_4_name]")[0].get("value"), "Kept Name SAS"
        )
        self.assertEqual(
            page.cssselect("select[name=party_4_kind] option[selected]")[0].get("value"),
            "ai_vendor",
        )
        self.assertEqual(page.cssselect("input[name=party_1_name]")[0].get("value"), "Rival SA")
