import { registry } from "@web/core/registry";

/** A transfer between two warehouses: its delivery-note tab, a validation refused while
 *  the means of transport is missing (the field is named), then validated: the note's
 *  number and state show on the transfer and the note opens from it. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_stock_note", {
    steps: () => [
        {
            content: "the transfer has a delivery-note tab",
            trigger: ".o_form_view .o_notebook a[name=l10n_vn_einvoice_note]",
            run: "click",
        },
        {
            content: "it says which note: internal transport",
            trigger:
                ".o_form_view .o_field_widget[name=l10n_vn_einvoice_note_kind]:contains(Internal transport)",
        },
        {
            content: "the dispatch order typed before is there",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_dispatch_order] input",
            run: function () {
                if (this.anchor.value !== "LĐ-2026/118") {
                    throw new Error(`dispatch order shown: "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "type a carrier: the form is edited, so validating saves it first",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_carrier] input",
            run: "edit Nguyễn Văn Tài",
        },
        {
            content: "validate without a means of transport",
            trigger: ".o_form_view .o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            content: "refused: the means of transport is marked as the missing field",
            trigger:
                ".o_form_view .o_field_widget.o_field_invalid[name=l10n_vn_einvoice_transport_means]",
        },
        {
            content: "type the means of transport",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_transport_means] input",
            run: "edit Xe tải 43C-123.45",
        },
        {
            content: "validate",
            trigger: ".o_form_view .o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            content: "the transfer shows its note's state",
            trigger:
                ".o_form_view .o_field_widget[name=l10n_vn_einvoice_state]:contains(Ready to send)",
        },
        {
            content: "the note opens from the transfer",
            trigger: ".o_form_view button[name=action_l10n_vn_einvoice_open_note]",
            run: "click",
        },
        {
            content: "the note's form names its transfer",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_picking_id]",
        },
    ],
});
