/** @odoo-module **/

import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The firm's side in the backend: a lawyer takes a new lead of the AI
// pipeline from its diagnostic to an engagement, a partner clears the
// conflict check in between, and a partner reads the pipeline dashboard and
// downloads its workbook. The tests (tests/test_backend_tours.py) open each
// tour on its record and check the records afterwards.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Journey 3, first part: the lawyer reads the findings and runs the check. */
registry.category("web_tour.tours").add("itlaw_lawyer_lead_tour", {
    steps: () => [
        {
            content: "The new lead is in the AI pipeline",
            trigger: ".o_kanban_record:contains('Clinique Tournesol')",
            run: "click",
        },
        {
            content: "Open the lead's AI diagnostic tab",
            trigger: ".o_form_view .o_notebook_headers a.nav-link[name=ai_diagnostic]",
            run: "click",
        },
        {
            content: "The risk band is shown",
            trigger: ".o_form_view .o_field_widget[name=ai_risk_band] .badge",
        },
        {
            content: "The findings are listed",
            trigger: ".o_form_view .o_field_widget[name=ai_finding_ids] .o_data_row",
        },
        {
            content: "The lead says a partner must clear a conflict check before it is won",
            trigger: ".o_form_view .o_itlaw_conflict_gate.alert-warning:visible",
        },
        {
            content: "Run the conflict check",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_itlaw_run_conflict_check]",
            run: "click",
        },
        {
            content: "The check opens, waiting for a partner's decision",
            trigger: ".o_form_view .o_field_widget[name=decision] .o_arrow_button_current[data-value=pending]",
        },
        {
            content: "A lawyer cannot decide: the check says a partner does",
            trigger: ".o_form_view .alert-info[role=status]:visible",
        },
        {
            content: "... and shows no Clear button",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_clear]))",
        },
        {
            content: "Ask a partner for the clearance",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_request_clearance]",
            run: "click",
        },
        {
            content: "The chatter says who was asked",
            trigger: ".o-mail-Message:contains('Clearance requested')",
        },
    ],
});

/** Journey 3, between the two: a partner clears the check. */
registry.category("web_tour.tours").add("itlaw_partner_clear_check_tour", {
    steps: () => [
        {
            content: "Write why the firm may act (required when the check found matches)",
            trigger: ".o_form_view .o_field_widget[name=conflict_reason] textarea",
            run: "edit Homonymies sans lien avec le dossier.",
        },
        {
            content: "Clear the check",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_clear]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The check is cleared",
            trigger: ".o_form_view .o_field_widget[name=decision] .o_arrow_button_current[data-value=cleared]",
        },
    ],
});

/** Journey 3, second part: the lead is won and the lawyer opens the engagement. */
registry.category("web_tour.tours").add("itlaw_lawyer_engagement_tour", {
    steps: () => [
        {
            content: "Mark the lead won",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_set_won_rainbowman]",
            run: "click",
        },
        {
            content: "Open the engagement",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_itlaw_engagement_wizard]",
            run: "click",
        },
        {
            content: "The wizard is prefilled from the lead",
            trigger: ".modal .o_form_view .o_field_widget[name=partner_id] input:value(Clinique Tournesol)",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name=intake_id] input:value(/./)",
        },
        {
            content: "Open it",
            trigger: ".modal .modal-footer button[name=action_open]",
            run: "click",
        },
        {
            content: "The engagement form shows its reference",
            trigger: ".o_action_manager .o_form_view .oe_title .o_field_widget[name=name]:contains(DOS/)",
        },
        {
            content: "... and its project, named after it",
            trigger: ".o_action_manager .o_form_view .o_field_widget[name=project_id]",
            run() {
                const field = this.anchor;
                const shown = field.querySelector("input")?.value || field.textContent;
                if (!shown.includes("DOS/")) {
                    throw new Error(`The project field shows "${shown}": ${field.outerHTML}`);
                }
            },
        },
    ],
});

/** Journey 4: a partner reads the dashboard and downloads the workbook. */
registry.category("web_tour.tours").add("itlaw_partner_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("itlaw_ai_advisory.menu_root", "Open AI Advisory"),
        {
            content: "Open Reporting",
            trigger: ".o_menu_sections .dropdown-toggle[data-menu-xmlid='itlaw_ai_advisory.menu_reporting']",
            run: "click",
        },
        {
            content: "Open the pipeline dashboard",
            trigger: ".dropdown-item[data-menu-xmlid='itlaw_ai_advisory.itlaw_pipeline_analysis_menu']",
            run: "click",
        },
        {
            content: "The dashboard opens on its graph",
            trigger: ".o_action_manager .o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_control_panel button.o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the leads",
            trigger: ".o_pivot_view .o_pivot table .o_pivot_header_cell_opened",
        },
        {
            content: "Open Reporting again",
            trigger: ".o_menu_sections .dropdown-toggle[data-menu-xmlid='itlaw_ai_advisory.menu_reporting']",
            run: "click",
        },
        {
            content: "Open the pipeline workbook",
            trigger: ".dropdown-item[data-menu-xmlid='itlaw_ai_advisory.itlaw_pipeline_report_wizard_menu']",
            run: "click",
        },
        {
            content: "The workbook dialog asks for the period",
            trigger: ".modal .o_form_view .o_field_widget[name=date_from] input",
            run() {
                // Headless Chromium would open the download in a new tab:
                // keep its URL instead, the next step fetches it.
                browser.open = (url) => {
                    document.body.dataset.itlawDownload = url;
                };
            },
        },
        {
            content: "Download",
            trigger: ".modal .modal-footer button[name=action_download]",
            run: "click",
        },
        {
            content: "The browser asked for the workbook, and got it",
            trigger: "body[data-itlaw-download]",
            async run() {
                const url = document.body.dataset.itlawDownload;
                const response = await fetch(url);
                const type = response.headers.get("Content-Type");
                const bytes = new Uint8Array(await response.arrayBuffer());
                // An xlsx file is a zip archive: it starts with "PK".
                if (response.status !== 200 || type !== XLSX || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
                    throw new Error(`${url} answered ${response.status} ${type}`);
                }
                document.body.dataset.itlawDownloaded = url;
            },
        },
        {
            trigger: "body[data-itlaw-downloaded]",
        },
    ],
});
