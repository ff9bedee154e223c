from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..itlaw_ai_advisory import conflicts, privacy
from .booking_common import paris
from .common import clear_conflict_check
from .fixtures import CONTACT, CV_SCREENING, request_info
from .gdpr_common import EMAIL, NEEDLES, PERSON, VENDOR_ANSWER, GdprCase, scan_database

NOW = "2026-11-30 08:00:00"


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestGdprErasure(GdprCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()

    def test_erasure_leaves_the_person_nowhere_but_the_hashed_proof(self):
        intake, event = self.make_person()
        partner, lead = intake.partner_id, intake.lead_id
        consent_date, version = intake.consent_date, intake.consent_version
        self.assertTrue(self.link_token())
        partner._itlaw_object()
        # Everything the scan looks for is really there before.
        before = {table for table, _column, _count in scan_database(self.env)}
        self.assertTrue(
            {
                "res_partner",
                "crm_lead",
                "itlaw_intake",
                "mail_mail",
                "mail_message",
                "calendar_attendee",
                "ir_attachment",
                "mail_blacklist",
                "itlaw_privacy_request",
            }
            <= before,
            before,
        )
        self.assertIn(VENDOR_ANSWER, str(intake.answers))

        self.assertEqual(partner._itlaw_request_erasure(), "erased")

        self.assertEqual(scan_database(self.env), [])
        self.assertTrue(partner.itlaw_anonymised_on)
        self.assertFalse(partner.active)
        self.assertTrue(lead.itlaw_anonymised)
        self.assertFalse(lead.email_from)
        self.assertEqual(event.attendee_ids.partner_id, event.user_id.partner_id | partner)
        self.assertNotIn("gov_ai_vendors", intake.answers)
        self.assertNotIn("gov_ai_vendors", intake.answer_ids.mapped("question"))
        self.assertFalse(intake.description)
        # The assessment itself stays (statistics), the proof of consent too.
        self.assertTrue(intake.score)
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        self.assertEqual(
            intake.consent_proof, privacy.consent_proof(secret, EMAIL, consent_date, version)
        )
        consents = self.env["itlaw.consent"].search([("partner_id", "=", partner.id)])
        self.assertEqual(sorted(consents.mapped("kind")), ["marketing", "marketing"])
        self.assertTrue(all(consents.mapped("proof")))
        self.assertFalse(any(consents.mapped("ip")))
        logs = self.env["privacy.log"].search([("itlaw_kind", "=", "erasure")])
        self.assertEqual(len(logs), 1)
        self.assertNotIn("Quennevillard", logs.anonymized_name)
        # Odoo's privacy lookup finds nothing left either.
        self.assertFalse(logs.records_description)

    def test_erasure_leaves_no_organisation_party_nor_referrer(self):
        """What the person typed and their submission created — the
        organisation's contact (name and name key), the parties they declared
        (name and key), the UTM source made from their referrer — leaves the
        database with them; a UTM source others came from stays."""
        organisation = "Paula Conseil EURL"
        parties = [
            {"name": "Quennevillard Holding SAS", "kind": "counterparty"},
            {"name": "Robotique Témoin Ltd", "kind": "ai_vendor"},
        ]
        referrer = "blog-de-zoe-quennevillard.example"
        intake, _event = self.make_person(
            dict(PERSON, partner_name=organisation, parties=parties),
            book=False,
            referrer_host=referrer,
        )
        partner, lead = intake.partner_id, intake.lead_id
        company = partner.parent_id
        self.assertEqual(company.name, organisation)
        self.assertEqual(lead.source_id.name, referrer)
        self.assertEqual(len(lead.itlaw_party_ids), 2)
        # Another prospect came through a source first, the person after.
        other = (
            self.env["itlaw.intake"]
            ._submit(
                dict(CV_SCREENING),
                dict(CONTACT, email_from="autre@exemple-rgpd.fr"),
                request_info(utm={"utm_source": "linkedin-zq"}),
            )
            .lead_id
        )
        mine = self.make_person(book=False, utm={"utm_source": "linkedin-zq"})[0].lead_id
        self.assertEqual(mine.source_id, other.source_id)
        # Conflict checks: one of the person's lead, one of a lead of the same
        # email domain, whose matches name the person, their lead and company.
        Check = self.env["itlaw.conflict.check"]
        neighbour = self.env["crm.lead"].create(
            {"name": "Voisin", "email_from": "contact@exemple-rgpd.fr", "type": "opportunity"}
        )
        own_check = Check.browse(Check.action_run_conflict_check(lead_id=lead.id)["res_id"])
        their_check = Check.browse(Check.action_run_conflict_check(lead_id=neighbour.id)["res_id"])
        own_check.conflict_reason = "Homonymes sans lien avec le dossier."
        own_check.action_clear()
        self.assertIn(organisation, own_check.subjects)
        self.assertIn(
            partner, self.env["res.partner"].browse(their_check.line_ids.mapped("res_id"))
        )
        needles = (
            *NEEDLES,
            organisation,
            conflicts.name_key(organisation),
            *(party["name"] for party in parties),
            *(conflicts.name_key(party["name"]) for party in parties),
            referrer,
        )
        before = {table for table, _column, _count in scan_database(self.env, needles)}
        self.assertTrue(
            {"res_partner", "itlaw_party", "utm_source", "itlaw_conflict_check"}
            | {"itlaw_conflict_check_line"}
            <= before,
            before,
        )

        self.assertEqual(partner._itlaw_request_erasure(), "erased")

        self.assertEqual(scan_database(self.env, needles), [])
        self.assertFalse(company.exists())
        self.assertFalse(self.env["itlaw.party"].search([("lead_id", "=", lead.id)]))
        self.assertFalse(lead.source_id)
        # The other prospect's source is theirs too: it stays.
        self.assertTrue(other.source_id.exists())
        self.assertEqual(other.source_id.name, "linkedin-zq")
        # The checks and their decisions stay, without the person's names.
        self.assertEqual(own_check.decision, "cleared")
        self.assertEqual(len(their_check.line_ids), their_check.hit_count)

    def test_erasure_keeps_an_organisation_others_refer_to(self):
        """An organisation that existed before, or that a colleague of the
        person also gave, is not the person's to erase."""
        intake, _event = self.make_person(book=False)
        company = intake.partner_id.parent_id
        colleague = self.make_person(
            dict(PERSON, email_from="collegue@exemple-rgpd.fr", contact_name="Collègue Témoin"),
            book=False,
        )[0].partner_id
        self.assertEqual(colleague.parent_id, company)
        intake.partner_id._itlaw_request_erasure()
        self.assertTrue(company.exists())
        self.assertEqual(colleague.parent_id, company)

    def test_gdpr_flags_are_set_by_the_privacy_paths_only(self):
        """A lawyer (or a partner, sudo() included) cannot clear the flags of a
        person who objected or was erased, nor set them."""
        intake, _event = self.make_person(book=False)
        partner, lead = intake.partner_id, intake.lead_id
        partner._itlaw_object()
        lawyer = new_test_user(
            self.env, "zq_lawyer", groups="base.group_user,itlaw_ai_advisory.group_lawyer"
        )
        for env in (partner.with_user(lawyer), partner.with_user(lawyer).sudo()):
            for vals in (
                {"itlaw_objected_on": False},
                {"itlaw_restricted": True},
                {"itlaw_anonymised_on": "2026-01-01 00:00:00"},
            ):
                with self.subTest(vals=vals, su=env.env.su), self.assertRaises(AccessError):
                    env.write(vals)
        for vals in ({"itlaw_objected": False}, {"itlaw_restricted": True}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                lead.with_user(lawyer).write(vals)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(lawyer).create(
                {"name": "Forged", "itlaw_anonymised_on": "2026-01-01 00:00:00"}
            )
        self.assertTrue(partner.itlaw_objected_on)
        self.assertTrue(lead.itlaw_objected)

    def test_contact_of_a_client_organisation_is_restricted(self):
        """The engagement is the company's, opened from the person's lead (not
        marked won): the person is a client's contact in that matter. Erasure
        restricts them, and the matter keeps its origin lead and diagnostic."""
        intake, _event = self.make_person(book=False)
        partner, lead = intake.partner_id, intake.lead_id
        company = partner.parent_id
        clear_conflict_check(lead)
        engagement = self.env["itlaw.engagement"].create(
            {
                "partner_id": company.id,
                "lead_id": lead.id,
                "intake_id": intake.id,
                "user_id": self.avocat.id,
            }
        )
        self.assertFalse(lead.stage_id.is_won)
        self.assertTrue(partner._itlaw_is_client())
        self.assertTrue(company._itlaw_is_client())
        self.assertEqual(partner._itlaw_request_erasure(), "restricted")
        self.assertEqual(engagement.lead_id, lead)
        self.assertEqual(engagement.intake_id, intake)
        self.assertEqual(lead.email_from, PERSON["email_from"])
        self.assertTrue(partner.itlaw_restricted)
        self.assertFalse(partner.itlaw_anonymised_on)
        # A colleague with a diagnostic of their own, outside the matter, is no client.
        colleague = self.make_person(
            dict(PERSON, email_from="collegue@exemple-rgpd.fr", contact_name="Collègue"),
            book=False,
        )[0].partner_id
        self.assertEqual(colleague.parent_id, company)
        self.assertFalse(colleague._itlaw_is_client())

    def test_erasure_names_what_the_lookup_still_finds(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        intake, _event = self.make_person(book=False)
        # A lead typed in by hand with the same email is erased too; a user's
        # own contact with it is never touched, but named for review.
        manual = self.env["crm.lead"].create(
            {"name": "Saisie manuelle", "email_from": "Zoe.Quennevillard@exemple-rgpd.fr"}
        )
        user = new_test_user(self.env, "zq_portal", email=EMAIL, groups="base.group_portal")
        intake.partner_id._itlaw_request_erasure()
        log = self.env["privacy.log"].search([("itlaw_kind", "=", "erasure")])
        self.assertTrue(manual.itlaw_anonymised)
        self.assertIn(f"res.partner #{user.partner_id.id}", log.records_description or "")
        self.assertTrue(log.with_context(lang="en_US").records_description.startswith("Left"))
        french = log.with_context(lang="fr_FR").records_description
        self.assertTrue(french.startswith("À examiner :"), french)

    def test_erasure_takes_the_declared_parties_and_their_names_in_checks(self):
        """The privacy notice says that the parties a prospect names are
        erased with the request."""
        party = "Robotique Témoin SAS"
        contact = {**PERSON, "parties": [{"name": party, "kind": "ai_vendor"}]}
        intake, _event = self.make_person(contact=contact, book=False)
        lead = intake.lead_id
        self.assertEqual(lead.itlaw_party_ids.mapped("name"), [party])
        check = self.env["itlaw.conflict.check"]._run(lead, self.env["itlaw.engagement"])
        self.assertIn(party, check.subjects)
        self.assertEqual(intake.partner_id._itlaw_request_erasure(), "erased")
        self.assertFalse(lead.itlaw_party_ids)
        # The check stays as the record that one was run; the names go.
        self.assertTrue(check.exists())
        self.assertNotIn(party, check.subjects or "")
        self.assertEqual(scan_database(self.env, ("Robotique Témoin",)), [])

    def test_proofs_and_request_logs_are_kept_five_years(self):
        """As the privacy notice says: the hashed proofs of consent and the log
        of the requests go five years after the erasure (limitation period)."""
        intake, _event = self.make_person(book=False)
        partner = intake.partner_id
        partner._itlaw_request_erasure()
        consents = self.env["itlaw.consent"].search([("partner_id", "=", partner.id)])
        logs = self.env["privacy.log"].search([("itlaw_kind", "!=", False)])
        self.assertTrue(consents and logs and intake.consent_proof)

        def purge():
            self.env["itlaw.consent"]._gc_itlaw_expired_proofs()
            self.env["privacy.log"]._gc_itlaw_old_requests()
            self.env.invalidate_all()

        with freeze_time("2031-11-29 08:00:00"):
            purge()
        self.assertTrue(consents.exists())
        self.assertEqual(logs.exists(), logs)
        self.assertTrue(intake.consent_proof)
        with freeze_time("2031-12-01 08:00:00"):
            purge()
        self.assertFalse(consents.exists())
        self.assertFalse(logs.exists())
        self.assertFalse(intake.consent_proof)
        # The anonymised assessment itself stays (statistics).
        self.assertTrue(intake.exists() and intake.score)

    def test_erasure_cancels_consultations_and_leaves_the_pipeline(self):
        """Issue 20 item 13: the erased person's planned consultation is
        cancelled (time free, lawyer told), their open activities closed, their
        anonymised lead out of the pipeline, lost as "personal data erased"."""
        intake, event = self.make_person()
        lead, lawyer, start = intake.lead_id, event.user_id, event.start
        now = pytz.utc.localize(datetime.fromisoformat(NOW))
        self.assertFalse(self.ctype._is_free(lawyer, pytz.utc.localize(start), now))
        self.assertTrue(lead.activity_ids)
        self.assertEqual(intake.partner_id._itlaw_request_erasure(), "erased")
        self.assertEqual((event.itlaw_state, event.show_as), ("cancelled", "free"))
        self.assertEqual(set(event.attendee_ids.mapped("state")), {"declined"})
        self.assertTrue(self.ctype._is_free(lawyer, pytz.utc.localize(start), now))
        told = event.message_ids.filtered(lambda message: lawyer.partner_id in message.partner_ids)
        self.assertEqual(len(told), 1)
        self.assertIn("erasure of their personal data", str(told.body))
        self.assertNotIn("Quennevillard", str(told.body))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "=", lead.id),
                    "&",
                    ("res_model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                ]
            )
        )
        self.assertFalse(lead.active)
        self.assertEqual(lead.probability, 0)
        self.assertEqual(
            lead.lost_reason_id, self.env.ref("itlaw_ai_advisory.crm_lost_reason_erased")
        )
        self.assertFalse(self.env["crm.lead"].search([("id", "=", lead.id)]))

    def test_erasure_before_the_invitation_cron_leaves_nothing_to_tell(self):
        """Erased seconds after booking online, before the invitation cron:
        the cron then writes no note of the booking on the anonymised lead and
        sends no invitation."""
        intake, _event = self.make_person(book=False)
        lead = intake.lead_id
        event = self.ctype._book(
            paris(2026, 12, 1, 10, 0), intake.partner_id, lead, "Europe/Paris", intake=intake
        )
        self.assertTrue(event.itlaw_invitation_pending)
        self.assertEqual(intake.partner_id._itlaw_request_erasure(), "erased")
        self.assertFalse(event.itlaw_invitation_pending)
        mails = self.env["mail.mail"].search([])
        self.env["calendar.event"]._cron_send_invitations()
        self.assertFalse(self.env["mail.mail"].search([]) - mails)
        messages = self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        notes = [str(body) for body in messages.mapped("body") if "Consultation" in str(body)]
        self.assertFalse(notes)

    def test_request_log_reads_in_the_readers_language(self):
        """Issue 20 item 10: partners show this log to the CNIL in French."""
        self.env["res.lang"]._activate_lang("fr_FR")
        intake, _event = self.make_person(book=False)
        intake.partner_id._itlaw_object()
        intake.partner_id._itlaw_request_erasure()
        logs = self.env["privacy.log"].search([("itlaw_kind", "in", ("objection", "erasure"))])
        self.assertEqual(
            sorted(logs.with_context(lang="fr_FR").mapped("execution_details")),
            ["Effacement sur demande : anonymisé", "Opposition / retrait du consentement : fait"],
        )
        self.assertEqual(
            sorted(logs.with_context(lang="en_US").mapped("execution_details")),
            ["Erasure on request: anonymised", "Objection / withdrawal of consent: done"],
        )
        kinds = dict(
            logs._fields["itlaw_kind"]._description_selection(logs.with_context(lang="fr_FR").env)
        )
        self.assertEqual(kinds["erasure"], "Effacement")

    def test_erasure_is_idempotent(self):
        intake, _event = self.make_person(book=False)
        partner = intake.partner_id
        partner._itlaw_request_erasure()
        self.assertFalse(partner._itlaw_erase("erasure", "again"))
        self.assertEqual(len(self.env["privacy.log"].search([("itlaw_kind", "=", "erasure")])), 1)

    def test_clients_are_restricted_not_erased(self):
        intake, _event = self.make_person(book=False)
        partner, lead = intake.partner_id, intake.lead_id
        clear_conflict_check(lead)
        lead.action_set_won()
        self.assertTrue(partner._itlaw_is_client())
        self.assertEqual(partner._itlaw_request_erasure(), "restricted")
        self.assertEqual(partner.name, "Zoé Quennevillard")
        self.assertEqual(partner.email_normalized, EMAIL)
        self.assertTrue(partner.itlaw_restricted)
        self.assertFalse(partner.itlaw_anonymised_on)
        self.assertTrue(lead.itlaw_restricted)
        activity = lead.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("itlaw_ai_advisory.mail_activity_type_privacy")
            )
        )
        self.assertEqual(activity.user_id, lead.user_id)
        self.assertIn(partner, partner._itlaw_opted_out())
        self.assertEqual(
            self.env["privacy.log"].search([], order="id desc", limit=1).itlaw_kind, "restriction"
        )

    def test_objection_blacklists_flags_and_notifies(self):
        intake, event = self.make_person()
        partner, lead = intake.partner_id, intake.lead_id
        reminder = self.env.ref("itlaw_ai_advisory.mail_template_consultation_reminder")

        def reminded():
            mails = self.env["mail.mail"].search([])
            event.attendee_ids._send_mail_to_attendees(reminder)
            return (self.env["mail.mail"].search([]) - mails).recipient_ids

        self.assertIn(partner, reminded())
        self.assertTrue(partner.itlaw_marketing_consent)
        partner._itlaw_object()
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", EMAIL)]))
        self.assertTrue(partner.is_blacklisted)
        self.assertTrue(partner.itlaw_objected_on)
        self.assertFalse(partner.itlaw_marketing_consent)
        self.assertTrue(lead.itlaw_objected)
        privacy_type = self.env.ref("itlaw_ai_advisory.mail_activity_type_privacy")
        self.assertEqual(
            lead.activity_ids.filtered(lambda a: a.activity_type_id == privacy_type).user_id,
            lead.user_id,
        )
        # No reminder for them any more.
        self.assertNotIn(partner, reminded())
        # Nor the confirmation of a new diagnostic.
        intake2, _event = self.make_person(book=False)
        self.assertEqual(intake2.partner_id, partner)
        self.assertTrue(intake2.confirmation_sent)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "itlaw.intake"), ("res_id", "=", intake2.id)]
            )
        )

    def test_export_holds_everything(self):
        intake, _event = self.make_person()
        data = intake.partner_id._itlaw_export(readable=False)
        self.assertEqual(data["contact"][0]["email"], "Zoe.Quennevillard@exemple-rgpd.fr")
        self.assertEqual(data["contact"][0]["phone"], "+33 6 11 22 33 44")
        self.assertTrue(data["contact"][0]["newsletter"])
        self.assertEqual(len(data["requests"]), 1)
        diagnostic = data["diagnostics"][0]
        self.assertEqual(diagnostic["reference"], intake.name)
        self.assertIn(VENDOR_ANSWER, [answer["answer"] for answer in diagnostic["answers"]])
        self.assertEqual(diagnostic["consent"]["ip"], "203.0.113.0")
        self.assertTrue(diagnostic["findings"])
        self.assertEqual(data["consultations"][0]["start"], "2026-12-01T10:00:00+01:00")
        kinds = [consent["kind"] for consent in data["consents"]]
        self.assertEqual(len(kinds), 2)
        self.assertEqual(len(set(kinds)), 1)
        self.assertNotIn("marketing", kinds)
        self.assertGreaterEqual(len(data["emails"]), 2)

    def test_marketing_consent_is_optional(self):
        intake, _event = self.make_person(book=False, marketing=False)
        self.assertFalse(intake.partner_id.itlaw_marketing_consent)
        self.assertFalse(
            self.env["itlaw.consent"].search([("partner_id", "=", intake.partner_id.id)])
        )
