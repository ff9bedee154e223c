/** @odoo-module **/
// Progressive enhancement of the AI diagnostic: one step at a time, questions
// shown only when they apply, exclusive "none" options. Without JavaScript the
// form is one long page and the server does all of this itself.
import { rpc } from "@web/core/network/rpc";

function formAnswers(form) {
    const answers = {};
    for (const question of form.querySelectorAll(".o_itlaw_question")) {
        const name = question.dataset.question;
        const inputs = [...question.querySelectorAll(`[name="${name}"]`)];
        const values = inputs
            .filter((input) => !["radio", "checkbox"].includes(input.type) || input.checked)
            .map((input) => input.value)
            .filter(Boolean);
        if (values.length) {
            answers[name] = inputs[0].type === "checkbox" ? values : values[0];
        }
    }
    return answers;
}

async function refreshVisibility(form) {
    const visible = new Set(await rpc("/diagnostic-ia/visible", { answers: formAnswers(form) }));
    for (const question of form.querySelectorAll(".o_itlaw_question")) {
        question.classList.toggle("d-none", !visible.has(question.dataset.question));
    }
}

function setupSteps(form) {
    const steps = [...form.querySelectorAll(".o_itlaw_step")];
    const progress = document.querySelector(".o_itlaw_progress .progress");
    const bar = progress && progress.querySelector(".progress-bar");
    const submit = form.querySelector(".o_itlaw_submit");
    const previous = form.querySelector(".o_itlaw_previous");
    const next = form.querySelector(".o_itlaw_next");
    progress && progress.classList.remove("d-none");
    let current = 0;
    // With server errors, open the first step that has one.
    const firstError = steps.findIndex((step) => step.querySelector(".invalid-feedback"));
    if (firstError >= 0) {
        current = firstError;
    }
    const show = (index) => {
        current = Math.max(0, Math.min(index, steps.length - 1));
        steps.forEach((step, i) => step.classList.toggle("d-none", i !== current));
        previous.classList.toggle("d-none", current === 0);
        next.classList.toggle("d-none", current === steps.length - 1);
        submit.classList.toggle("d-none", current !== steps.length - 1);
        if (bar) {
            bar.style.width = `${Math.round(((current + 1) / steps.length) * 100)}%`;
        }
        steps[current].querySelector("h2").focus({ preventScroll: true });
        steps[current].scrollIntoView({ block: "start" });
    };
    for (const heading of form.querySelectorAll(".o_itlaw_step h2")) {
        heading.tabIndex = -1;
    }
    previous.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    show(current);
}

function setupExclusiveOptions(form) {
    form.addEventListener("change", (event) => {
        const input = event.target;
        if (input.type !== "checkbox" || !input.checked) {
            return;
        }
        const exclusive = ["none", "no_personal_data"];
        for (const other of form.querySelectorAll(`input[type=checkbox][name="${input.name}"]`)) {
            if (other !== input && (exclusive.includes(input.value) || exclusive.includes(other.value))) {
                other.checked = false;
            }
        }
    });
}

function start() {
    const form = document.querySelector(".o_itlaw_intake_form");
    if (!form) {
        return;
    }
    setupExclusiveOptions(form);
    setupSteps(form);
    form.addEventListener("change", () => refreshVisibility(form));
    refreshVisibility(form);
    const summary = document.getElementById("o_itlaw_error_summary");
    summary && summary.focus();
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
} else {
    start();
}
