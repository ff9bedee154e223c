/** @odoo-module **/

import { registry } from "@web/core/registry";

// A recruitment screening tool, used by an employer: an Annex III area, so the
// Art. 6(3) question must appear; health data, so the Art. 9 question must too.

export function answer(question, ...options) {
    return options.map((option) => ({
        content: `Answer "${question}": ${option}`,
        trigger: `input[name=${question}][value='${option}']`,
        run: "check",
    }));
}

export function nextStep(stepId, percent) {
    return [
        {
            content: "Go to the next step",
            trigger: ".o_itlaw_next",
            run: "click",
        },
        {
            content: `Step "${stepId}" is shown alone, its heading focused, the progress updated`,
            trigger: `#step_${stepId} h2:focus`,
        },
        {
            trigger: `.o_itlaw_progress .progress[aria-valuenow='${percent}']`,
        },
        {
            trigger: `.o_itlaw_intake_form:not(:has(.o_itlaw_step:visible:not(#step_${stepId})))`,
        },
    ];
}

function luminance(color) {
    const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((value) => {
        const channel = Number(value) / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Every step badge reads at WCAG AA (4.5:1), the current one included. */
function checkBadgeContrast() {
    for (const badge of document.querySelectorAll(".o_itlaw_progress a.badge")) {
        const style = getComputedStyle(badge);
        const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
        const ratio = (light + 0.05) / (dark + 0.05);
        if (ratio < 4.5 || style.backgroundColor.endsWith(", 0)")) {
            throw new Error(`Step badge "${badge.textContent.trim()}" has a contrast of ${ratio.toFixed(2)}:1`);
        }
    }
}

registry.category("web_tour.tours").add("itlaw_intake_tour", {
    url: "/diagnostic-ia",
    steps: () => [
        {
            content: "Only the first step is shown, without Previous nor the submit button",
            trigger: "#step_organisation:visible",
        },
        {
            trigger: ".o_itlaw_intake_form:has(.o_itlaw_previous:not(:visible)):has(.o_itlaw_submit:not(:visible))",
        },
        {
            content: "The step badges are readable (WCAG AA contrast)",
            trigger: ".o_itlaw_progress a.badge.o_itlaw_step_badge_current",
            run: checkBadgeContrast,
        },
        {
            content: "Next on the unanswered first step does not move on",
            trigger: ".o_itlaw_next",
            run: "click",
        },
        {
            content: "The first required question says so and its first option is focused",
            trigger: ".o_itlaw_question[data-question=org_type][aria-invalid=true] #org_type_error:visible",
        },
        {
            trigger: "input[name=org_type][value=private]:focus",
        },
        {
            content: "Every unanswered required question of the step has its message",
            trigger: "#org_location_error:visible",
        },
        {
            content: "The visitor stays on the first step",
            trigger: "#step_organisation:visible",
        },
        {
            trigger: ".o_itlaw_progress .progress[aria-valuenow='11']",
        },
        ...answer("org_type", "private"),
        {
            content: "Its message goes away once the question is answered",
            trigger: ".o_itlaw_question[data-question=org_type]:not(:has(.invalid-feedback)):not([aria-invalid])",
        },
        ...answer("org_location", "eu"),
        ...answer("org_ai_role", "deployer"),
        ...answer("org_dpo", "yes"),
        {
            content: "Headcount",
            trigger: "input[name=org_headcount]",
            run: "edit 40",
        },
        {
            content: "Enter in a field moves on to the next step rather than sending the form",
            trigger: "input[name=org_headcount]",
            run: "press Enter",
        },
        {
            trigger: "#step_project h2:focus",
        },
        ...answer("proj_prohibited", "none"),
        {
            content: "The Art. 6(3) question is hidden until an Annex III area is ticked",
            trigger: ".o_itlaw_question[data-question=proj_art6_3]:not(:visible)",
        },
        ...answer("proj_annex_iii", "employment"),
        {
            content: "The Art. 6(3) question appears",
            trigger: ".o_itlaw_question[data-question=proj_art6_3]:visible",
        },
        ...answer("proj_art6_3", "none"),
        ...answer("proj_profiling", "yes"),
        ...answer("proj_decision", "human_decides"),
        ...answer("proj_monitoring", "none"),
        ...answer("proj_genai_features", "chatbot", "none"),
        {
            content: "The exclusive 'none' option unticks the other ones",
            trigger: "input[name=proj_genai_features][value=chatbot]:not(:checked)",
        },
        ...answer("proj_gpai", "api_third_party"),
        ...nextStep("data", 33),
        ...answer("data_categories", "identity"),
        {
            content: "The Art. 9 question is hidden without sensitive data",
            trigger: ".o_itlaw_question[data-question=data_art9_condition]:not(:visible)",
        },
        ...answer("data_categories", "health"),
        {
            content: "The Art. 9 question appears with health data",
            trigger: ".o_itlaw_question[data-question=data_art9_condition]:visible",
        },
        ...answer("data_art9_condition", "explicit_consent"),
        ...answer("data_subjects", "employees_candidates"),
        ...answer("data_volume", "1k_10k"),
        ...answer("data_sources", "direct"),
        ...answer("data_training", "none"),
        ...answer("data_protection", "pseudonymisation"),
        ...answer("data_retention", "defined_enforced"),
        ...answer("data_transfers", "eu_only"),
        ...nextStep("rights", 44),
        ...answer("rights_notice", "generic_only"),
        ...answer("rights_age", "not_for_minors_verified"),
        ...nextStep("governance", 56),
        ...answer("gov_ropa", "yes"),
        ...answer("gov_dpia", "in_progress"),
        ...answer("gov_vendor_dpa", "dpa_all"),
        ...answer("gov_vendor_training", "no_contractual"),
        ...answer("gov_security", "encryption", "access_control"),
        ...answer("gov_ai_disclosure", "chatbot_notice"),
        ...answer("gov_ai_literacy", "yes"),
        ...nextStep("status", 67),
        ...answer("status_stage", "pilot"),
        ...nextStep("contact", 78),
        {
            content: "Name",
            trigger: "input[name=contact_name]",
            run: "edit Jeanne Tour",
        },
        {
            content: "An email without a domain",
            trigger: "input[name=email_from]",
            run: "edit jeanne.tour@example",
        },
        {
            content: "Next checks the contact step too",
            trigger: ".o_itlaw_next",
            run: "click",
        },
        {
            content: "The email is refused next to the field, which gets the focus",
            trigger: "input[name=email_from][aria-invalid=true]:focus",
        },
        {
            trigger: "#email_from_error:visible",
        },
        {
            trigger: "#step_contact:visible",
        },
        {
            content: "Email",
            trigger: "input[name=email_from]",
            run: "edit jeanne.tour@example.com",
        },
        {
            content: "Organisation",
            trigger: "input[name=partner_name]",
            run: "edit Tour Recrutement SAS",
        },
        ...nextStep("parties", 89),
        {
            content: "A declared party (optional step)",
            trigger: "input[name=party_0_name]",
            run: "edit Fournisseur IA Tour SAS",
        },
        {
            trigger: "select[name=party_0_kind]",
            run: "select ai_vendor",
        },
        ...nextStep("consent", 100),
        {
            content: "Sending without the consent is stopped in the browser",
            trigger: ".o_itlaw_submit:visible",
            run: "click",
        },
        {
            trigger: "#privacy_consent_error:visible",
        },
        {
            trigger: "input[name=privacy_consent][aria-invalid=true]:focus",
        },
        {
            content: "Consent",
            trigger: "input[name=privacy_consent]",
            run: "check",
        },
        {
            content: "Send the diagnostic",
            trigger: ".o_itlaw_submit:visible",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The result page shows the risk band",
            trigger: ".o_itlaw_result .o_itlaw_band[data-band]",
        },
    ],
});
