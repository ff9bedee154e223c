/** @odoo-module **/

// Choosing a consultation time as a visitor does, whatever the day the tour
// runs on. The week strip shows one week at a time, and the first week may hold
// one day with free times, or none (on a Thursday, with 24 hours' notice): the
// tour counts the days the page offers, not the buttons of the first week, and
// moves to the next week as a visitor would until the day it wants shows.

/** The date (YYYY-MM-DD) of the ``day``-th day with free times the page offers (0 = first). */
export function offeredDate(day) {
    const days = document.querySelectorAll(".o_itlaw_slot_day[data-date]");
    if (days.length <= day) {
        throw new Error(`The page offers ${days.length} days with free times, the tour needs ${day + 1}`);
    }
    return days[day].dataset.date;
}

/** The times of the chosen day alone are shown, and its button names them. */
export function onlyChosenDayShown() {
    return {
        content: "Only the chosen day's times are shown",
        trigger: ".o_itlaw_slots",
        run() {
            const pressed = document.querySelectorAll(".o_itlaw_day[aria-pressed=true]");
            const shown = [...document.querySelectorAll(".o_itlaw_slot_day")].filter(
                (day) => !day.classList.contains("d-none")
            );
            if (pressed.length !== 1 || shown.length !== 1 || shown[0].dataset.date !== pressed[0].dataset.date) {
                throw new Error(`Expected the times of ${pressed[0]?.dataset.date} alone`);
            }
            if (pressed[0].getAttribute("aria-controls") !== shown[0].id) {
                throw new Error("The day button does not name the times it shows");
            }
        },
    };
}

/** Choose the ``day``-th day with free times (0 = first), moving week by week. */
export function pickDay(day) {
    return [
        {
            content: "The week strip offers the days with free times",
            trigger: ".o_itlaw_day_strip .o_itlaw_day[aria-pressed=true]:enabled",
        },
        {
            content: `Choose day ${day + 1} with free times, in a later week if need be`,
            trigger: ".o_itlaw_day_strip .o_itlaw_day[aria-pressed=true]:enabled",
            async run(helpers) {
                const date = offeredDate(day);
                const button = () =>
                    document.querySelector(`.o_itlaw_day_strip .o_itlaw_day[data-date="${date}"]`);
                const next = document.querySelector(".o_itlaw_week_next");
                while (!button()) {
                    if (next.disabled) {
                        throw new Error(`No week of the strip shows ${date}`);
                    }
                    await helpers.click(next);
                }
                if (button().disabled) {
                    throw new Error(`${date} has free times but cannot be chosen`);
                }
                await helpers.click(button());
            },
        },
        {
            content: `Day ${day + 1} with free times is chosen`,
            trigger: ".o_itlaw_day_strip .o_itlaw_day[aria-pressed=true]:enabled",
            run() {
                const pressed = document.querySelector(".o_itlaw_day_strip .o_itlaw_day[aria-pressed=true]");
                if (pressed.dataset.date !== offeredDate(day)) {
                    throw new Error(`${pressed.dataset.date} is chosen, not ${offeredDate(day)}`);
                }
            },
        },
        onlyChosenDayShown(),
    ];
}

/** The first time of the chosen day. */
export function pickFirstTime() {
    return [
        {
            content: "Pick the first time of that day",
            trigger: ".o_itlaw_slot_day:not(.d-none) label.btn:eq(0)",
            run: "click",
        },
        {
            trigger: ".o_itlaw_slot_day:not(.d-none) input[name=slot]:checked",
        },
    ];
}

/** The ``day``-th day with free times the page offers (0 = first), then its first time. */
export function pickDayAndTime(day) {
    return [...pickDay(day), ...pickFirstTime()];
}
