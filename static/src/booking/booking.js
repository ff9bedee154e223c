/** @odoo-module **/
// Slots are rendered by the server in the time zone of the page's URL (the
// firm's, Europe/Paris, by default). With JavaScript, a visitor whose browser is
// in another zone is sent to the same page in their own zone, once; without it,
// the time zone selector does the same.
//
// The server lists every free time of the coming days. With JavaScript, a week
// strip offers the days (those without a free time disabled) and only the
// chosen day's times are shown, as booking tools do.
import { _t } from "@web/core/l10n/translation";
import publicWidget from "@web/legacy/js/public/public_widget";

const DAY_MS = 24 * 60 * 60 * 1000;

function start() {
    const form = document.querySelector(".o_itlaw_tz_form");
    if (!form || !form.dataset.autoTz) {
        return;
    }
    let browserTz;
    try {
        browserTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
        return;
    }
    const url = new URL(window.location.href);
    if (!browserTz || url.searchParams.has("tz") || browserTz === form.dataset.tz) {
        return;
    }
    url.searchParams.set("tz", browserTz);
    window.location.replace(url.toString());
}

// After a refused booking, the error summary takes the focus (screen readers
// read it); each of its links moves the focus to its field.
function focusErrors() {
    const summary = document.querySelector(".o_itlaw_booking #o_itlaw_error_summary");
    if (!summary) {
        return;
    }
    summary.addEventListener("click", (ev) => {
        const link = ev.target.closest("a.o_itlaw_error_link");
        const error = link && document.getElementById(link.hash.slice(1));
        if (!error) {
            return;
        }
        const name = error.id.replace(/_error$/, "");
        const field =
            document.getElementById(name) ||
            error.parentElement
                .closest("fieldset, div")
                ?.querySelector("input:not([type=hidden]), select, textarea");
        if (field) {
            ev.preventDefault();
            error.scrollIntoView({ block: "center" });
            field.focus({ preventScroll: true });
        }
    });
    summary.focus();
}

function init() {
    start();
    focusErrors();
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
} else {
    init();
}

/** "2026-11-30" -> a Date at 00:00 UTC (dates are formatted in UTC, never shifted). */
function parseDate(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return new Date(Date.UTC(year, month - 1, day));
}

function isoDate(date) {
    return date.toISOString().slice(0, 10);
}

/** The Monday of the week holding ``date``. */
function weekStart(date) {
    return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS);
}

function createElement(tag, className, attributes = {}) {
    const element = document.createElement(tag);
    element.className = className;
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, value);
    }
    return element;
}

publicWidget.registry.ItlawSlotPicker = publicWidget.Widget.extend({
    selector: ".o_itlaw_slots",
    // In the website editor the page is being edited, not booked.
    disabledInEditableMode: true,

    start() {
        this.days = [...this.el.querySelectorAll(".o_itlaw_slot_day[data-date]")];
        if (this.days.length) {
            this.setup();
        }
        return this._super(...arguments);
    },

    setup() {
        const lang = document.documentElement.lang || undefined;
        this.formats = {
            weekday: new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" }),
            day: new Intl.DateTimeFormat(lang, { day: "numeric", timeZone: "UTC" }),
            long: new Intl.DateTimeFormat(lang, { dateStyle: "full", timeZone: "UTC" }),
            month: new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }),
        };
        this.byDate = new Map(this.days.map((day) => [day.dataset.date, day]));
        const first = weekStart(parseDate(this.days[0].dataset.date));
        const last = weekStart(parseDate(this.days.at(-1).dataset.date));
        this.weeks = [];
        for (let monday = first; monday <= last; monday = new Date(monday.getTime() + 7 * DAY_MS)) {
            this.weeks.push(monday);
        }
        this.days.forEach((day, index) => {
            day.id ||= `o_itlaw_slot_day_${index}`;
        });
        this.buildStrip();
        // The day of the time already chosen (a form shown again), else the first one.
        const checked = this.el.querySelector("input[name=slot]:checked");
        const initial = checked ? checked.closest(".o_itlaw_slot_day") : this.days[0];
        this.selectDay(initial.dataset.date, { keepTime: true });
        const form = this.el.closest("form");
        if (form) {
            // The times of the other days are hidden: the browser's own check of
            // the required radios could point at one of them. This one cannot.
            form.noValidate = true;
            form.addEventListener("submit", (event) => this.onSubmit(event));
        }
        this.el.addEventListener("change", (event) => {
            if (event.target.name === "slot") {
                this.error?.remove();
            }
        });
    },

    buildStrip() {
        this.picker = createElement("div", "o_itlaw_day_picker mb-3");
        const header = createElement("div", "d-flex align-items-center justify-content-between gap-2 mb-2");
        this.previousWeek = createElement("button", "btn btn-sm btn-outline-secondary o_itlaw_week_previous", {
            type: "button",
            "aria-label": _t("Previous week"),
        });
        this.previousWeek.textContent = "‹";
        this.nextWeek = createElement("button", "btn btn-sm btn-outline-secondary o_itlaw_week_next", {
            type: "button",
            "aria-label": _t("Next week"),
        });
        this.nextWeek.textContent = "›";
        this.weekLabel = createElement("span", "fw-bold o_itlaw_week_label", {
            "aria-live": "polite",
        });
        header.append(this.previousWeek, this.weekLabel, this.nextWeek);
        this.strip = createElement("div", "o_itlaw_day_strip", {
            role: "group",
            "aria-label": _t("Days"),
        });
        this.picker.append(header, this.strip);
        this.days[0].before(this.picker);
        this.previousWeek.addEventListener("click", () => this.showWeek(this.week - 1));
        this.nextWeek.addEventListener("click", () => this.showWeek(this.week + 1));
        this.strip.addEventListener("click", (event) => {
            const button = event.target.closest(".o_itlaw_day");
            if (button && !button.disabled) {
                this.selectDay(button.dataset.date);
            }
        });
        this.strip.addEventListener("keydown", (event) => this.onStripKeydown(event));
    },

    showWeek(index) {
        this.week = Math.max(0, Math.min(index, this.weeks.length - 1));
        const monday = this.weeks[this.week];
        // "novembre – décembre 2026" for a week across two months.
        const label = this.formats.month.formatRange(monday, new Date(monday.getTime() + 6 * DAY_MS));
        this.weekLabel.textContent = label.charAt(0).toUpperCase() + label.slice(1);
        this.previousWeek.disabled = this.week === 0;
        this.nextWeek.disabled = this.week === this.weeks.length - 1;
        const buttons = [];
        for (let offset = 0; offset < 7; offset++) {
            const date = new Date(monday.getTime() + offset * DAY_MS);
            const iso = isoDate(date);
            const day = this.byDate.get(iso);
            const button = createElement("button", "btn o_itlaw_day", {
                type: "button",
                "data-date": iso,
                "aria-pressed": String(iso === this.selected),
            });
            const weekday = createElement("span", "d-block small o_itlaw_day_name");
            weekday.textContent = this.formats.weekday.format(date);
            const number = createElement("span", "d-block fw-bold o_itlaw_day_number");
            number.textContent = this.formats.day.format(date);
            button.append(weekday, number);
            if (day) {
                button.setAttribute("aria-controls", day.id);
                button.setAttribute("aria-label", this.formats.long.format(date));
            } else {
                button.disabled = true;
                button.setAttribute("aria-label", _t("%s: no free time", this.formats.long.format(date)));
            }
            buttons.push(button);
        }
        this.strip.replaceChildren(...buttons);
    },

    selectDay(iso, { keepTime = false } = {}) {
        this.selected = iso;
        for (const day of this.days) {
            const shown = day.dataset.date === iso;
            day.classList.toggle("d-none", !shown);
            if (!shown && !keepTime) {
                // What is sent is always what is seen.
                for (const radio of day.querySelectorAll("input[name=slot]:checked")) {
                    radio.checked = false;
                }
            }
        }
        const week = this.weeks.findIndex((monday) => monday <= parseDate(iso) && parseDate(iso) < new Date(monday.getTime() + 7 * DAY_MS));
        if (week !== this.week) {
            this.showWeek(week);
        }
        for (const button of this.strip.querySelectorAll(".o_itlaw_day")) {
            button.setAttribute("aria-pressed", String(button.dataset.date === iso));
        }
    },

    onStripKeydown(event) {
        const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
        const button = event.target.closest(".o_itlaw_day");
        if (!step || !button) {
            return;
        }
        // Arrows move to the previous/next day that has free times.
        const dates = this.days.map((day) => day.dataset.date);
        const target = dates[dates.indexOf(this.selected) + step];
        if (target) {
            event.preventDefault();
            this.selectDay(target);
            this.strip.querySelector(`.o_itlaw_day[data-date="${target}"]`).focus();
        }
    },

    onSubmit(event) {
        if (this.el.querySelector("input[name=slot]:checked")) {
            return;
        }
        event.preventDefault();
        if (!this.error) {
            this.error = createElement("div", "invalid-feedback d-block o_itlaw_slot_missing", {
                id: "o_itlaw_slot_missing",
                role: "alert",
            });
            this.error.textContent = _t("Please choose a time.");
        }
        this.picker.after(this.error);
        const shown = this.days.find((day) => !day.classList.contains("d-none"));
        shown.querySelector("input[name=slot]")?.focus();
    },
});
