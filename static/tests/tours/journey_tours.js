/** @odoo-module **/

import { registry } from "@web/core/registry";
import { answer, nextStep } from "@itlaw_ai_advisory/../tests/tours/intake_tour";
import { pickDayAndTime } from "@itlaw_ai_advisory/../tests/tours/slot_steps";

// Whole journeys of a prospect, from the diagnostic to a booked consultation,
// then (English) rescheduled and cancelled from the links of the emails.
// A customer-service chatbot on a third party's model: no Annex III area, no
// sensitive data, so no conditional question shows up.

/** The page is in ``lang`` (the <html lang> Odoo sets from the request's language). */
function inLanguage(lang, text, selector = "body") {
    return {
        content: `The page is in ${lang} ("${text}")`,
        trigger: `html[lang='${lang}'] ${selector}:contains(${JSON.stringify(text)})`,
    };
}

/** Nothing sticks out sideways: the page reads on a phone without scrolling left and right. */
function fitsTheViewport() {
    return {
        content: "No horizontal scrolling",
        trigger: "body",
        run() {
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (overflow > 0) {
                throw new Error(`The page is ${overflow}px wider than the ${window.innerWidth}px screen`);
            }
        },
    };
}

function completeDiagnostic({ name, email, organisation }) {
    return [
        {
            content: "The diagnostic starts with its first step",
            trigger: "#step_organisation:visible",
        },
        ...answer("org_type", "private"),
        ...answer("org_location", "eu"),
        ...answer("org_ai_role", "deployer"),
        ...answer("org_dpo", "no"),
        ...nextStep("project", 22),
        ...answer("proj_prohibited", "none"),
        ...answer("proj_annex_iii", "none"),
        ...answer("proj_profiling", "no"),
        ...answer("proj_decision", "no_decision"),
        ...answer("proj_monitoring", "none"),
        ...answer("proj_genai_features", "chatbot"),
        ...answer("proj_gpai", "api_third_party"),
        ...nextStep("data", 33),
        ...answer("data_categories", "identity", "prompts_free_text"),
        ...answer("data_subjects", "customers"),
        ...answer("data_volume", "10k_100k"),
        ...answer("data_sources", "direct"),
        ...answer("data_training", "none"),
        ...answer("data_protection", "none"),
        ...answer("data_retention", "undefined"),
        ...answer("data_transfers", "adequacy_or_dpf"),
        ...nextStep("rights", 44),
        ...answer("rights_notice", "generic_only"),
        ...answer("rights_age", "age_declared"),
        ...nextStep("governance", 56),
        ...answer("gov_ropa", "partial"),
        ...answer("gov_dpia", "not_done"),
        ...answer("gov_vendor_dpa", "dpa_some"),
        ...answer("gov_vendor_training", "unknown"),
        ...answer("gov_security", "access_control"),
        ...answer("gov_ai_disclosure", "none"),
        ...answer("gov_ai_literacy", "no"),
        ...nextStep("status", 67),
        ...answer("status_stage", "development"),
        ...nextStep("contact", 78),
        { content: "Name", trigger: "input[name=contact_name]", run: `edit ${name}` },
        { content: "Email", trigger: "input[name=email_from]", run: `edit ${email}` },
        { content: "Organisation", trigger: "input[name=partner_name]", run: `edit ${organisation}` },
        // The parties step is optional: nobody declared.
        ...nextStep("parties", 89),
        ...nextStep("consent", 100),
        { content: "Consent", trigger: "input[name=privacy_consent]", run: "check" },
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
        {
            // booking.js reloads the page once to show the times in the browser's
            // time zone (UTC in Odoo's test browser): a day chosen before that
            // reload would be lost with the page.
            content: "The times are shown in the browser's time zone",
            trigger: `.o_itlaw_tz_form[data-tz="${Intl.DateTimeFormat().resolvedOptions().timeZone}"]`,
        },
    ];
}

registry.category("web_tour.tours").add("itlaw_journey_fr_phone", {
    url: "/diagnostic-ia",
    steps: () => [
        inLanguage("fr-FR", "Suivant", ".o_itlaw_next"),
        fitsTheViewport(),
        ...completeDiagnostic({
            name: "Camille Mobile",
            email: "camille.mobile@example.fr",
            organisation: "Assistant Client SAS",
        }),
        inLanguage("fr-FR", "Prochaine étape", ".o_itlaw_booking_step h2"),
        fitsTheViewport(),
        ...pickDayAndTime(1),
        {
            content: "Book",
            trigger: ".o_itlaw_book:contains('Réserver cette consultation')",
            run: "click",
            expectUnloadPage: true,
        },
        inLanguage("fr-FR", "Votre consultation est réservée", ".o_itlaw_booked"),
        fitsTheViewport(),
    ],
});

registry.category("web_tour.tours").add("itlaw_journey_en_desktop", {
    url: "/en/diagnostic-ia",
    steps: () => [
        inLanguage("en-US", "Next", ".o_itlaw_next"),
        ...completeDiagnostic({
            name: "Chris Desktop",
            email: "chris.desktop@example.com",
            organisation: "Helpdesk Bots Ltd",
        }),
        inLanguage("en-US", "Next step", ".o_itlaw_booking_step h2"),
        ...pickDayAndTime(1),
        {
            content: "Book",
            trigger: ".o_itlaw_book:contains('Book this consultation')",
            run: "click",
            expectUnloadPage: true,
        },
        inLanguage("en-US", "Your consultation is booked", ".o_itlaw_booked"),
    ],
});

// Opened on the reschedule link of the booking email.
registry.category("web_tour.tours").add("itlaw_journey_en_reschedule", {
    steps: () => [
        inLanguage("en-US", "Reschedule your consultation", "h1"),
        ...pickDayAndTime(2),
        {
            content: "Move the consultation",
            trigger: "button:contains('Move my consultation')",
            run: "click",
            expectUnloadPage: true,
        },
        inLanguage("en-US", "Your consultation was moved", ".o_itlaw_rescheduled"),
    ],
});

// Opened on the cancel link of the email that confirmed the new time.
registry.category("web_tour.tours").add("itlaw_journey_en_cancel", {
    steps: () => [
        inLanguage("en-US", "Cancel your consultation?", "h1"),
        {
            content: "Confirm the cancellation",
            trigger: ".o_itlaw_confirm_cancel:contains('Yes, cancel it')",
            run: "click",
            expectUnloadPage: true,
        },
        inLanguage("en-US", "Your consultation is cancelled", ".o_itlaw_message.alert-success"),
    ],
});
