/** @odoo-module **/

import { registry } from "@web/core/registry";

// The lawyer's cockpit and the partners' dashboard in a real browser
// (tests/test_cockpit.py): where a lawyer lands, the band colours of a
// lead's badge, the dashboard's tiles and charts.

// models/itlaw_intake.py BAND_COLOURS, as the browser computes them.
const BAND_RGB = {
    faible: "rgb(25, 135, 84)",
    modere: "rgb(255, 193, 7)",
    eleve: "rgb(253, 126, 20)",
    critique: "rgb(220, 53, 69)",
};

registry.category("web_tour.tours").add("itlaw_lawyer_home_tour", {
    steps: () => [
        {
            content: "Odoo opens on the lawyer's own pipeline, not on Discuss",
            trigger: ".o_action_manager .o_kanban_view .o_breadcrumb:contains('My pipeline')",
        },
        {
            content: "Only the lawyer's opportunities (the My Pipeline filter is on)",
            trigger: ".o_searchview .o_facet_values:contains('My Pipeline')",
        },
        {
            content: "Open the lawyer's lead",
            trigger: ".o_kanban_record:contains('Clinique Tournesol')",
            run: "click",
        },
        {
            content: "Open the lead's AI diagnostic tab",
            trigger: ".o_form_view .o_notebook_headers a.nav-link[name=ai_diagnostic]",
            run: "click",
        },
        {
            content: "The risk band's badge has the band's own colour",
            trigger: ".o_form_view .o_field_widget[name=ai_risk_band] .o_itlaw_band_badge",
            run() {
                const badge = document.querySelector(
                    ".o_form_view .o_field_widget[name=ai_risk_band] .o_itlaw_band_badge"
                );
                const band = Object.keys(BAND_RGB).find((key) =>
                    badge.classList.contains(`o_itlaw_band_${key}`)
                );
                const colour = getComputedStyle(badge).backgroundColor;
                if (!band || colour !== BAND_RGB[band]) {
                    throw new Error(`Band ${band} painted ${colour}`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("itlaw_partner_kpi_dashboard_tour", {
    steps: () => [
        {
            content: "The leads tile",
            trigger: ".o_form_view .o_itlaw_kpi[data-kpi=leads]",
        },
        {
            content: "Every tile is there",
            trigger: ".o_form_view .o_itlaw_kpi[data-kpi=fees]",
        },
        {
            content: "The chart's bars are painted in their band's colour",
            trigger: ".o_form_view .o_itlaw_months .o_itlaw_band_bar",
            run() {
                for (const bar of document.querySelectorAll(".o_itlaw_band_bar")) {
                    const expected = BAND_RGB[bar.dataset.band] || "rgb(173, 181, 189)";
                    const colour = getComputedStyle(bar).backgroundColor;
                    if (colour !== expected) {
                        throw new Error(`${bar.dataset.band} painted ${colour}`);
                    }
                }
            },
        },
        {
            content: "The funnel lists every stage",
            trigger: ".o_form_view .o_itlaw_funnel tr.o_itlaw_funnel_stage:nth-child(4)",
        },
    ],
});
