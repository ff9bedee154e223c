/** @odoo-module **/
// Slots are rendered by the server in the time zone of the page's URL (the
// firm's, Europe/Paris, by default). With JavaScript, a visitor whose browser is
// in another zone is sent to the same page in their own zone, once; without it,
// the time zone selector does the same.

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
