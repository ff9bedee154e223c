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

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
} else {
    start();
}
