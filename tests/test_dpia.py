import base64
import json
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from ..itlaw_ai_advisory import dpia as engine_dpia
from .common import (
    CONTACT,
    CV_SCREENING,
    EMOTION_AT_WORK,
    HARMLESS,
    AdvisoryCase,
    clear_conflict_check,
)
from .common import request_info as make_request_info
from .deliverables_common import docx_text, pdf_text, render_pdf

SCHEMA = json.loads((Path(__file__).resolve().parent / "pia_schema.json").read_text())


@tagged("post_install", "-at_install")
class TestDpia(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )
        cls.client = cls.env["res.partner"].create({"name": "Client SAS", "is_company": True})
        clear_conflict_check(cls.intake.lead_id)
        cls.engagement = cls.env["itlaw.engagement"].create(
            {
                "partner_id": cls.client.id,
                "user_id": cls.avocat.id,
                "lead_id": cls.intake.lead_id.id,
                "intake_id": cls.intake.id,
            }
        )
        cls.other_engagement = cls.env["itlaw.engagement"].create(
            {"partner_id": cls.client.id, "user_id": cls.avocate.id}
        )

    def _draft(self, user=None, engagement=None):
        engagement = (engagement or self.engagement).with_user(user or self.avocat)
        action = engagement.action_create_dpia()
        return self.env["itlaw.dpia"].browse(action["res_id"]).with_user(user or self.avocat)

    def _sections(self, dpia):
        return {section.key: section for section in dpia.section_ids}

    # ------------------------------------------------------------------
    # Drafting
    # ------------------------------------------------------------------
    def test_draft_from_the_engagement_fills_or_flags_every_section(self):
        dpia = self._draft()
        sections = self._sections(dpia)
        self.assertEqual(list(sections), [s.key for s in engine_dpia.SECTIONS])
        self.assertEqual(dpia.engagement_id, self.engagement)
        self.assertEqual(dpia.intake_id, self.intake)
        self.assertEqual(dpia.partner_id, self.client)
        self.assertEqual(dpia.lang, "fr")  # the client filled in the diagnostic in French
        self.assertEqual(dpia.catalog_version, self.intake.catalog_version)
        self.assertEqual(dpia.law_as_of, self.intake.assessed_on)
        for key, section in sections.items():
            with self.subTest(key=key):
                if section.state == "drafted":
                    self.assertTrue(section.proposal)
                    self.assertTrue(section._has_content())
                else:
                    self.assertEqual(section.state, "to_complete")
                    self.assertFalse(section._has_content())
        for key in ("ctx_standards", "pr_purposes", "pr_accuracy", "val_dpo", "val_subjects"):
            self.assertEqual(sections[key].state, "to_complete", key)
        self.assertIn("Tri automatique des CV", sections["ctx_overview"].content)
        self.assertEqual(sections["ctx_overview"].name, "Présentation du traitement")
        # The findings are planned measures carrying their legal reference.
        planned = dpia.measure_ids.filtered("planned")
        counting = self.intake.finding_ids.filtered(lambda f: not f.superseded_by)
        self.assertEqual(len(planned), len(counting))
        for finding in counting:
            self.assertTrue(
                any(finding.reference_fr in (m.content or "") for m in planned),
                finding.rule,
            )
        self.assertTrue(all(dpia.measure_ids.mapped("proposal")))
        self.assertEqual(sections["rk_access"].severity, "3")
        self.assertTrue(0 < dpia.progress < 50)
        self.assertEqual(
            dpia.to_complete_count, sum(s.state == "to_complete" for s in sections.values())
        )

    def test_each_answer_set_drafts_in_the_clients_language(self):
        for answers, lang in ((HARMLESS, "en_US"), (EMOTION_AT_WORK, "fr_FR")):
            intake = self.env["itlaw.intake"]._submit(
                dict(answers), dict(CONTACT, email_from="x@example.org"), make_request_info(lang)
            )
            action = intake.with_user(self.avocat).action_create_dpia()
            dpia = self.env["itlaw.dpia"].browse(action["res_id"])
            with self.subTest(lang=lang):
                self.assertFalse(dpia.engagement_id)
                self.assertEqual(dpia.user_id, self.avocat)
                self.assertEqual(dpia.lang, lang[:2])
                self.assertTrue(dpia.name.startswith("AIPD – " if lang == "fr_FR" else "DPIA – "))
                overview = self._sections(dpia)["ctx_overview"]
                self.assertEqual(overview.name, engine_dpia.section_title("ctx_overview", lang[:2]))
                for section in dpia.section_ids:
                    self.assertIn(section.state, ("drafted", "to_complete"))
                    self.assertEqual(section.state == "drafted", section._has_content())

    def test_redrafting_never_overwrites_the_lawyers_text(self):
        dpia = self._draft()
        sections = self._sections(dpia)
        sections["pr_purposes"].content = "<p>Recruter plus vite.</p>"
        sections["ctx_data"].content = "<p>Revu par l'avocat.</p>"
        measures = len(dpia.measure_ids)
        dpia.action_draft_from_diagnostic()
        self.assertEqual(sections["pr_purposes"].state, "drafted")
        self.assertIn("Recruter plus vite.", sections["pr_purposes"].content)
        self.assertIn("Revu par l'avocat.", sections["ctx_data"].content)
        self.assertEqual(len(dpia.measure_ids), measures)

    def test_section_edits_are_logged_and_drive_progress(self):
        dpia = self._draft()
        section = self._sections(dpia)["pr_purposes"]
        before = dpia.progress
        messages = len(dpia.message_ids)
        section.write({"content": "<p>Trier les candidatures.</p>"})
        self.assertEqual(section.state, "drafted")
        section.state = "reviewed"
        self.assertFalse(section.proposal)
        self.assertGreater(dpia.progress, before)
        dpia.invalidate_recordset(["message_ids"])
        logged = dpia.message_ids[: len(dpia.message_ids) - messages]
        self.assertEqual(len(logged), 2)
        self.assertEqual(set(logged.author_id), {self.avocat.partner_id})
        self.assertIn(section.name, logged[1].body)

    def test_lawyer_edits_sections_and_measures_in_the_form(self):
        dpia = self._draft()
        purposes = self._sections(dpia)["pr_purposes"]
        index = dpia.principle_section_ids.ids.index(purposes.id)
        with Form(dpia) as form:
            with form.principle_section_ids.edit(index) as section:
                section.content = "<p>Trier les candidatures reçues.</p>"
            with form.measure_ids.new() as measure:
                measure.name = "Sauvegardes quotidiennes"
                measure.planned = True
            form.dpo_names = "Jeanne DPO"
        self.assertIn("Trier les candidatures", purposes.content)
        self.assertEqual(purposes.state, "drafted")
        added = dpia.measure_ids.filtered(lambda m: m.name == "Sauvegardes quotidiennes")
        self.assertTrue(added.planned)
        self.assertFalse(added.proposal)
        self.assertEqual(dpia.dpo_names, "Jeanne DPO")

    def test_the_buttons_are_on_the_engagement_and_the_diagnostic_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        for model in ("itlaw.engagement", "itlaw.intake"):
            arch = (
                self.env[model]
                .with_user(self.avocat)
                .with_context(lang="fr_FR")
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertIn('name="action_create_dpia"', arch, model)
            self.assertIn('string="Rédiger une AIPD"', arch, model)
            self.assertIn('name="action_view_dpias"', arch, model)
        arch = (
            self.env["itlaw.dpia"]
            .with_user(self.avocat)
            .with_context(lang="fr_FR")
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('string="Exporter vers PIA (.json)"', arch)
        self.assertIn('string="Importer depuis PIA (.json)"', arch)

    # ------------------------------------------------------------------
    # PIA software's file
    # ------------------------------------------------------------------
    def _export(self, dpia):
        action = dpia.action_export_pia()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_model, "itlaw.dpia")
        self.assertEqual(attachment.res_id, dpia.id)
        return attachment.raw

    def _import(self, dpia, raw):
        wizard = (
            self.env["itlaw.dpia.import.wizard"]
            .with_user(dpia.env.user)
            .create({"dpia_id": dpia.id, "file": base64.b64encode(raw), "filename": "export.json"})
        )
        return wizard.action_import()

    def test_export_is_a_pia_file_and_round_trips(self):
        import jsonschema  # the tests' own dependency (tools/requirements-dev.txt)

        dpia = self._draft()
        sections = self._sections(dpia)
        sections["rk_access"].write(
            {
                "impacts": "Discrimination\nAtteinte à la réputation",
                "threats": "Vol d'identifiants",
                "risk_sources": "Attaquant externe",
                "likelihood": "2",
            }
        )
        sections["val_dpo"].content = "<p>Avis favorable sous réserve.</p>"
        dpia.write({"dpo_names": "Jeanne DPO", "dpo_status": "1", "decision": "2"})
        raw = self._export(dpia)
        data = json.loads(raw)
        jsonschema.validate(data, SCHEMA)
        answers = {answer["reference_to"]: answer["data"] for answer in data["answers"]}
        self.assertEqual(answers[321]["list"], ["Discrimination", "Atteinte à la réputation"])
        self.assertEqual(answers[326]["gauge"], 2)
        self.assertEqual(data["pia"]["dpo_opinion"], "<p>Avis favorable sous réserve.</p>")
        self.assertEqual(len(data["measures"]), len(dpia.measure_ids))

        other = self._draft()
        self._import(other, raw)
        self.assertEqual(other._pia_record(), dpia._pia_record())
        self.assertEqual(other.dpo_names, "Jeanne DPO")
        self.assertEqual(other.decision, "2")
        self.assertEqual(
            other.measure_ids.filtered("planned").mapped("name"),
            dpia.measure_ids.filtered("planned").mapped("name"),
        )

    def test_foreign_or_malformed_files_change_nothing(self):
        dpia = self._draft()
        before = dpia._pia_record()
        measures = dpia.measure_ids
        messages = len(dpia.message_ids)
        bad_gauge = dpia._pia_file().replace(b'"gauge": 3', b'"gauge": 7')
        self.assertNotEqual(bad_gauge, dpia._pia_file())
        cases = {
            "not json": b"PK\x03\x04 a zip",
            "not utf-8": b"\xff\xfe{}",
            "foreign json": json.dumps({"name": "x", "answers": []}).encode(),
            "a list": b"[1, 2]",
            "bad gauge": bad_gauge,
        }
        for name, raw in cases.items():
            with self.subTest(name), self.assertRaises(UserError) as caught:
                self._import(dpia, raw)
            self.assertTrue(str(caught.exception))
            self.assertEqual(dpia._pia_record(), before)
            self.assertEqual(dpia.measure_ids, measures)
        self.assertEqual(len(dpia.message_ids), messages)

    def test_import_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        dpia = self._draft().with_context(lang="fr_FR")
        with self.assertRaisesRegex(UserError, "n'est pas un export PIA"):
            dpia._import_pia_file(b'{"answers": []}')

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_another_teams_lawyer_sees_nothing(self):
        dpia = self._draft()
        with self.assertRaises(AccessError):
            dpia.with_user(self.avocate).read(["name"])
        with self.assertRaises(AccessError):
            dpia.section_ids[:1].with_user(self.avocate).read(["content"])
        with self.assertRaises(AccessError):
            self.other_engagement.with_user(self.avocat).action_create_dpia()
        self.assertTrue(dpia.with_user(self.associe).read(["name"]))

    def test_scope_and_structure_are_the_workflows(self):
        dpia = self._draft()
        section = dpia.section_ids[:1]
        for user in (self.avocat, self.associe):
            for vals in (
                {"engagement_id": self.other_engagement.id},
                {"intake_id": False},
                {"user_id": self.avocate.id},
                {"catalog_version": "forged"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    dpia.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                section.with_user(user).write({"key": "val_decision"})
            with self.assertRaises(AccessError):
                section.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["itlaw.dpia"].with_user(user).create(
                    {"name": "Forged", "engagement_id": self.other_engagement.id}
                )
        other = self._draft(user=self.avocate, engagement=self.other_engagement)
        with self.assertRaises(AccessError):
            dpia.measure_ids[:1].write({"dpia_id": other.id})
        with self.assertRaises(AccessError):
            self.env["itlaw.dpia.measure"].with_user(self.avocat).create(
                {"dpia_id": dpia.id, "name": "Forged", "proposal": True}
            )

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def test_report_in_the_dpias_language_with_its_catalog_version(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        report = "itlaw_ai_advisory.report_dpia"
        french = self._draft()
        contact = dict(CONTACT, email_from="y@example.org")
        english_intake = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), contact, make_request_info("en_US")
        )
        english = self.env["itlaw.dpia"].browse(
            english_intake.with_user(self.avocat).action_create_dpia()["res_id"]
        )
        for dpia, expected, absent in (
            (french, ["Contexte", "Principes fondamentaux", "Gravité", "Droit applicable au"], []),
            (english, ["Context", "Fundamental principles", "Severity", "Law as of"], ["Contexte"]),
        ):
            html, _type = self.env["ir.actions.report"]._render_qweb_html(report, dpia.ids)
            text = html.decode()
            with self.subTest(lang=dpia.lang):
                for term in expected:
                    self.assertIn(term, text)
                for term in absent:
                    self.assertNotIn(term, text)
                self.assertIn(dpia.catalog_version, text)
                self.assertIn(
                    engine_dpia.section_title("pr_transfers", dpia.lang).replace("'", "&#39;"),
                    text.replace("&#x27;", "&#39;"),
                )

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_report_as_pdf(self):
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        dpia = self._draft()
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("itlaw_ai_advisory.report_dpia", dpia.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))

    def _french_and_english(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self._draft()
        english_intake = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING),
            dict(CONTACT, email_from="en@example.org"),
            make_request_info("en_US"),
        )
        english = self.env["itlaw.dpia"].browse(
            english_intake.with_user(self.avocat).action_create_dpia()["res_id"]
        )
        return french, english

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_read_back_in_both_languages(self):
        french, english = self._french_and_english()
        for dpia, expected, absent in (
            (french, ["Contexte", "Principes fondamentaux", "Droit applicable au"], "Fundamental"),
            (english, ["Context", "Fundamental principles", "Law as of"], "Contexte"),
        ):
            with self.subTest(lang=dpia.lang):
                text = pdf_text(render_pdf(self.env, "itlaw_ai_advisory.report_dpia", dpia.ids))
                for term in [*expected, dpia.catalog_version, dpia.partner_id.name]:
                    self.assertIn(term, text)
                self.assertNotIn(absent, text)

    def test_docx_read_back_in_both_languages(self):
        french, english = self._french_and_english()
        french.section_ids.filtered(lambda s: s.key == "pr_purposes").with_user(
            self.avocat
        ).content = "<p>Recruter <strong>plus vite</strong></p>"
        for dpia, expected, absent, law_as_of in (
            (french, ["Contexte", "Principes fondamentaux", "Recruter plus vite"], "Fundamental",
             "Droit applicable au"),
            (english, ["Context", "Fundamental principles"], "Contexte", "Law as of"),
        ):  # fmt: skip
            with self.subTest(lang=dpia.lang):
                action = dpia.with_user(self.avocat).action_export_docx()
                attachment = dpia.message_ids[0].attachment_ids
                self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
                self.assertTrue(attachment.name.endswith(".docx"))
                text, properties = docx_text(attachment.raw)
                for term in [*expected, dpia.catalog_version, law_as_of]:
                    self.assertIn(term, text)
                self.assertNotIn(absent, text)
                self.assertEqual(properties.version, dpia.catalog_version)
                self.assertIn(dpia.law_as_of.isoformat(), properties.keywords)
                # Every section is there, flagged when still to complete.
                for section in dpia.section_ids:
                    self.assertIn(section.name, text)
                self.assertEqual(
                    text.count(engine_dpia.DOCX_TEXTS["to_complete"][dpia.lang]),
                    dpia.to_complete_count,
                )
