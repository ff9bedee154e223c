/** @odoo-module **/

import { registry } from "@web/core/registry";

// A visitor books from the week strip: one day, its times only, one time.

function shownDays() {
    return [...document.querySelectorAll(".o_itlaw_slot_day")].filter(
        (day) => !day.classList.contains("d-none")
    );
}

registry.category("web_tour.tours").add("itlaw_booking_tour", {
    url: "/consultation?tz=Europe/Paris",
    steps: () => [
        {
            content: "The week strip is shown, the first day with free times chosen",
            trigger: ".o_itlaw_day_strip .o_itlaw_day[aria-pressed=true]:enabled",
        },
        {
            content: "Days without a free time (the weekend) cannot be chosen",
            trigger: ".o_itlaw_day_strip .o_itlaw_day:disabled",
        },
        {
            content: "Only one day's times are shown",
            trigger: ".o_itlaw_slots",
            run() {
                const pressed = document.querySelector(".o_itlaw_day[aria-pressed=true]");
                const shown = shownDays();
                if (shown.length !== 1 || shown[0].dataset.date !== pressed.dataset.date) {
                    throw new Error(`Expected the times of ${pressed.dataset.date} alone`);
                }
            },
        },
        {
            content: "Choose the second day with free times",
            trigger: ".o_itlaw_day_strip .o_itlaw_day:enabled:eq(1)",
            run: "click",
        },
        {
            trigger: ".o_itlaw_day_strip .o_itlaw_day:enabled:eq(1)[aria-pressed=true]",
        },
        {
            content: "Its times replace the first day's",
            trigger: ".o_itlaw_slots",
            run() {
                const pressed = document.querySelector(".o_itlaw_day[aria-pressed=true]");
                const shown = shownDays();
                if (shown.length !== 1 || shown[0].dataset.date !== pressed.dataset.date) {
                    throw new Error(`Expected the times of ${pressed.dataset.date} alone`);
                }
                if (pressed.getAttribute("aria-controls") !== shown[0].id) {
                    throw new Error("The day button does not name the times it shows");
                }
            },
        },
        {
            content: "Booking without a time is stopped with a message",
            trigger: ".o_itlaw_book",
            run: "click",
        },
        {
            trigger: "#o_itlaw_slot_missing:visible",
        },
        {
            content: "Pick the first time of that day",
            trigger: ".o_itlaw_slot_day:not(.d-none) label.btn:eq(0)",
            run: "click",
        },
        {
            trigger: ".o_itlaw_slot_day:not(.d-none) input[name=slot]:checked",
        },
        {
            content: "Name",
            trigger: "input[name=contact_name]",
            run: "edit Jeanne Semaine",
        },
        {
            content: "Email",
            trigger: "input[name=email_from]",
            run: "edit jeanne.semaine@example.fr",
        },
        {
            content: "Consent",
            trigger: "input[name=privacy_consent]",
            run: "check",
        },
        {
            content: "Book",
            trigger: ".o_itlaw_book",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consultation is booked",
            trigger: ".o_itlaw_booked",
        },
    ],
});
