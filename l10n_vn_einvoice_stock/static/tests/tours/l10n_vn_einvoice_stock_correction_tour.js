import { registry } from "@web/core/registry";

/** A transfer whose delivery note the sandbox accepted: "Adjust / Replace note" on its
 *  note tab opens the correction wizard with the note's lines and transport data; a
 *  replacement with the right quantity and vehicle is issued and opens. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_stock_correction", {
    steps: () => [
        {
            content: "the transfer's delivery-note tab",
            trigger: ".o_form_view .o_notebook a[name=l10n_vn_einvoice_note]",
            run: "click",
        },
        {
            content: "correct the note from the transfer",
            trigger: ".o_form_view button[name=action_l10n_vn_einvoice_correct_note]",
            run: "click",
        },
        {
            content: "the wizard shows the note's vehicle",
            trigger: ".modal .o_field_widget[name=transport_means] input",
            run: function () {
                if (this.anchor.value !== "Xe tải 43C-123.45") {
                    throw new Error(`vehicle shown: "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "the right vehicle",
            trigger: ".modal .o_field_widget[name=transport_means] input",
            run: "edit Xe tải 43C-999.99",
        },
        {
            content: "the note's line, to change its quantity",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td[name=new_quantity]",
            run: "click",
        },
        {
            content: "the right quantity",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row [name=new_quantity] input",
            run: "edit 9",
        },
        {
            content: "issue the replacement",
            trigger: ".modal footer button[name=action_issue]",
            run: "click",
        },
        {
            content: "the replacing note opens, pointing at the note it replaces",
            trigger: ".o_form_view:not(.modal *) .o_field_widget[name=corrected_document_id] a",
        },
    ],
});
