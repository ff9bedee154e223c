/** @odoo-module **/

import { registry } from "@web/core/registry";

// Deliverables (tests/test_deliverables_tour.py): a lawyer drafts the DPIA
// from the engagement, edits a section and publishes the PDF; the client, on
// a phone, reads it on the portal and comments on it.

registry.category("web_tour.tours").add("itlaw_lawyer_dpia_publish_tour", {
    steps: () => [
        {
            content: "Draft a DPIA from the engagement's diagnostic",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_dpia]",
            run: "click",
        },
        {
            content: "The DPIA opens, drafted",
            trigger: ".o_form_view .o_field_widget[name=catalog_version]",
        },
        {
            content: "Open the fundamental principles",
            trigger: ".o_form_view .o_notebook_headers a.nav-link[name=principles]",
            run: "click",
        },
        {
            content: "Open the purposes, still to complete",
            trigger: ".o_form_view .o_field_widget[name=principle_section_ids] .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Write the purposes",
            trigger: ".modal .o_field_widget[name=content] .odoo-editor-editable",
            run: "editor Recruiting faster, with a human deciding every case",
        },
        {
            content: "Save the section",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            // The button saves the DPIA first, as every button of a form does.
            content: "Publish the PDF to the client",
            trigger: ".o_form_view button[name=action_publish_pdf]",
            run: "click",
        },
        {
            content: "The published deliverable opens",
            trigger: ".o_form_view .o_field_widget[name=file_name]:contains(.pdf)",
        },
    ],
});

registry.category("web_tour.tours").add("itlaw_client_reads_deliverable_tour", {
    steps: () => [
        {
            content: "The client's engagement is listed",
            trigger: ".itlaw_engagement_row a",
            run: "click",
        },
        {
            content: "Its published DPIA is there",
            trigger: ".itlaw_deliverable_row a.itlaw_deliverable_link:contains(PDF)",
            run: "click",
        },
        {
            content: "The PDF can be downloaded",
            trigger: ".itlaw_deliverable_download",
        },
        {
            content: "Write a comment",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Our DPO will complete the purposes.",
        },
        {
            content: "Send it",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The comment is in the discussion",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Our DPO will complete the purposes.)",
        },
    ],
});
