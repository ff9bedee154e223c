/** @odoo-module **/
// Progressive enhancement of the AI diagnostic: one step at a time, questions
// shown only when they apply, exclusive "none" options. Without JavaScript the
// form is one long page and the server does all of this itself.
import { _t } from "@web/core/l10n/translation";
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

// A dot and a top-level domain after the "@", as the server requires.
const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[^@\s.]{2,}$/;

/** The message for one question or contact field of a step, or "" when valid. */
function fieldProblem(group) {
    const inputs = [...group.querySelectorAll("input, textarea")];
    const choices = inputs.filter((input) => ["radio", "checkbox"].includes(input.type));
    const required = group.dataset.required || inputs.some((input) => input.required);
    if (choices.length) {
        return required && !choices.some((input) => input.checked)
            ? group.id === "privacy_consent_group"
                ? _t("Please accept the processing of your data to go on.")
                : _t("Please answer this question.")
            : "";
    }
    const input = inputs[0];
    const value = input.value.trim();
    if (input.validity.badInput || (input.type === "number" && value && !Number.isFinite(Number(value)))) {
        return _t("Please enter a number, in digits.");
    }
    if (!value) {
        return required ? _t("Please fill in this field.") : "";
    }
    if (input.type === "email" && !EMAIL.test(value)) {
        return _t("Please enter a valid email address, such as jeanne@example.fr.");
    }
    const maxLength = Number(input.getAttribute("maxlength"));
    if (maxLength && value.length > maxLength) {
        return _t("Please keep this under %s characters.", maxLength);
    }
    return "";
}

/** Show ``message`` under the field (or remove the message this script left there). */
function showProblem(group, message) {
    const described = group.matches("fieldset") ? [group] : [...group.querySelectorAll("input, textarea")];
    const name = group.dataset.question || described[0].name;
    const errorId = `${name}_error`;
    let error = document.getElementById(errorId);
    if (!message) {
        if (error?.dataset.client) {
            error.remove();
            for (const element of described) {
                element.removeAttribute("aria-invalid");
                const ids = (element.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== errorId);
                if (ids.length) {
                    element.setAttribute("aria-describedby", ids.join(" "));
                } else {
                    element.removeAttribute("aria-describedby");
                }
            }
        }
        return;
    }
    if (!error) {
        error = document.createElement("div");
        error.id = errorId;
        error.className = "invalid-feedback d-block";
        error.dataset.client = "1";
        group.append(error);
    }
    error.textContent = message;
    for (const element of described) {
        element.setAttribute("aria-invalid", "true");
        const ids = (element.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!ids.includes(errorId)) {
            element.setAttribute("aria-describedby", [...ids, errorId].join(" "));
        }
    }
}

/** The fields of a step the visitor can see: questions and contact fields. */
function stepGroups(step) {
    const groups = [...step.querySelectorAll(".o_itlaw_question:not(.d-none)")];
    for (const input of step.querySelectorAll(".o_itlaw_field input, .o_itlaw_field textarea")) {
        groups.push(input.closest(".o_itlaw_field"));
    }
    return groups;
}

/**
 * Check the visible fields of ``step`` as the server will (required answers,
 * numbers, email, length): messages next to the fields, the first one focused.
 * True when the step can be left. The server checks everything again.
 */
function validateStep(step) {
    let first = null;
    for (const group of stepGroups(step)) {
        const message = fieldProblem(group);
        showProblem(group, message);
        first ||= message && group;
    }
    if (first) {
        const field = first.querySelector("input, textarea");
        field.focus({ preventScroll: true });
        scrollTo(first, { duration: 200 });
    }
    return !first;
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
            badge.classList.toggle("o_itlaw_step_badge_current", isCurrent);
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
    const goOn = () => {
        if (validateStep(steps[current])) {
            show(current + 1);
        }
    };
    next.addEventListener("click", goOn);
    // Enter in a field before the last step moves on instead of sending the form.
    form.addEventListener("submit", (event) => {
        if (current < steps.length - 1) {
            event.preventDefault();
            goOn();
        } else if (!validateStep(steps[current])) {
            event.preventDefault();
        }
    });
    // A message this script showed goes away once the field is answered.
    form.addEventListener("change", (event) => {
        const group = event.target.closest(".o_itlaw_question, .o_itlaw_field");
        if (group?.querySelector(".invalid-feedback[data-client]")) {
            showProblem(group, fieldProblem(group));
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
