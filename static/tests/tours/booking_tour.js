/** @odoo-module **/

import { registry } from "@web/core/registry";
import { onlyChosenDayShown, pickDay, pickFirstTime } from "@itlaw_ai_advisory/../tests/tours/slot_steps";

// A visitor books from the week strip: one day, its times only, one time.

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
        onlyChosenDayShown(),
        // The second day the page offers: in the first week, or a later one.
        ...pickDay(1),
        {
            content: "Booking without a time is stopped with a message",
            trigger: ".o_itlaw_book",
            run: "click",
        },
        {
            trigger: "#o_itlaw_slot_missing:visible",
        },
        ...pickFirstTime(),
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
