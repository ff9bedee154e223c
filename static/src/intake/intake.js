/** @odoo-module **/
// Progressive enhancement of the AI diagnostic: one step at a time, questions
// shown only when they apply, exclusive "none" options. Without JavaScript the
// form is one long page and the server does all of this itself.
import { rpc } from "@web/core/network/rpc";
import publicWidget from "@web/legacy/js/public/public_widget";
import { scrollTo } from "@web_editor/js/common/scrolling";

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

let visibilityRequest = 0;

async function refreshVisibility(form) {
    const request = ++visibilityRequest;
    const visible = new Set(await rpc("/diagnostic-ia/visible", { answers: formAnswers(form) }));
    if (request !== visibilityRequest) {
        // A newer answer was given meanwhile: its response is the one to apply.
        return;
    }
    for (const question of form.querySelectorAll(".o_itlaw_question")) {
        question.classList.toggle("d-none", !visible.has(question.dataset.question));
    }
}

function setupSteps(form) {
    const steps = [...form.querySelectorAll(".o_itlaw_step")];
    const nav = document.querySelector(".o_itlaw_progress");
    const progress = nav.querySelector(".progress");
    const bar = progress.querySelector(".progress-bar");
    const badges = [...nav.querySelectorAll("a[href^='#step_']")];
    const submit = form.querySelector(".o_itlaw_submit");
    const previous = form.querySelector(".o_itlaw_previous");
    const next = form.querySelector(".o_itlaw_next");
    let current = 0;
    const show = (index, { focus = true } = {}) => {
        current = Math.max(0, Math.min(index, steps.length - 1));
        steps.forEach((step, i) => step.classList.toggle("d-none", i !== current));
        previous.classList.toggle("d-none", current === 0);
        next.classList.toggle("d-none", current === steps.length - 1);
        submit.classList.toggle("d-none", current !== steps.length - 1);
        const percent = Math.round(((current + 1) / steps.length) * 100);
        bar.style.width = `${percent}%`;
        progress.setAttribute("aria-valuenow", percent);
        for (const badge of badges) {
            const isCurrent = badge.getAttribute("href") === `#${steps[current].id}`;
            badge.classList.toggle("text-bg-primary", isCurrent);
            badge.classList.toggle("text-bg-light", !isCurrent);
            if (isCurrent) {
                badge.setAttribute("aria-current", "step");
            } else {
                badge.removeAttribute("aria-current");
            }
        }
        if (focus) {
            steps[current].querySelector("h2").focus({ preventScroll: true });
            // Below the website's fixed header, with the progress in sight.
            scrollTo(nav, { duration: 200 });
        }
    };
    // Links to a step or to a field's error (progress badges, error summary)
    // open the step that holds their target first.
    const openTarget = (event) => {
        const link = event.target.closest("a[href^='#']");
        const target = link && document.getElementById(link.getAttribute("href").slice(1));
        const step = target && target.closest(".o_itlaw_step");
        if (!step) {
            return;
        }
        event.preventDefault();
        // An error message sits in its question, next to the field: focus the field.
        const field = target !== step && target.parentElement.querySelector("input, textarea");
        show(steps.indexOf(step), { focus: !field });
        if (field) {
            field.focus({ preventScroll: true });
            scrollTo(target.parentElement, { duration: 200 });
        }
    };
    for (const heading of form.querySelectorAll(".o_itlaw_step h2")) {
        heading.tabIndex = -1;
    }
    progress.setAttribute("aria-valuemin", 0);
    progress.setAttribute("aria-valuemax", 100);
    progress.classList.remove("d-none");
    previous.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    // Enter in a field before the last step moves on instead of sending the form.
    form.addEventListener("submit", (event) => {
        if (current < steps.length - 1) {
            event.preventDefault();
            show(current + 1);
        }
    });
    nav.addEventListener("click", openTarget);
    const summary = document.getElementById("o_itlaw_error_summary");
    summary?.addEventListener("click", openTarget);
    // With server errors, open the first step that has one.
    const firstError = steps.findIndex((step) => step.querySelector(".invalid-feedback"));
    show(Math.max(firstError, 0), { focus: false });
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

publicWidget.registry.ItlawIntakeForm = publicWidget.Widget.extend({
    selector: ".o_itlaw_intake_form",
    // In the website editor the page is being edited, not filled in.
    disabledInEditableMode: true,

    start() {
        const form = this.el;
        setupExclusiveOptions(form);
        setupSteps(form);
        form.addEventListener("change", () => refreshVisibility(form));
        refreshVisibility(form);
        document.getElementById("o_itlaw_error_summary")?.focus();
        return this._super(...arguments);
    },
});
