/**
 * The e-invoice list as an accountant uses it: no blank e-invoice can be made, filters,
 * kanban; then the four ways to correct an issued e-invoice, each from its form: an
 * adjustment that states only the difference, a replacement prefilled with the original,
 * a 04/SS notice for a wrong address, and voiding one never transmitted.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

function openFromList(buyer) {
    return [
        {
            content: "back to the e-invoice list",
            trigger: ".o_breadcrumb .breadcrumb-item:first a",
            run: "click",
        },
        {
            content: `open the e-invoice of ${buyer}`,
            trigger: `.o_list_view .o_data_row:contains(${buyer}) td.o_data_cell:first`,
            run: "click",
        },
        { content: "its form", trigger: `.o_form_view [name=buyer_name]:contains(${buyer})` },
    ];
}

function agreementAndCause() {
    return [
        {
            content: "the agreement is required before anything is clicked",
            trigger: ".modal .o_field_widget[name=agreement_name].o_required_modifier",
        },
        {
            content: "so is the cause code (from 2026-07-01)",
            trigger: ".modal .o_field_widget[name=cause_code].o_required_modifier",
        },
        {
            content: "agreement document",
            trigger: ".modal [name=agreement_name] input",
            run: "edit Biên bản thỏa thuận 01/2026",
        },
        {
            content: "agreement date (Vietnamese date format)",
            trigger: ".modal [name=agreement_date] input",
            run: "edit 30/11/2026 && press Enter",
        },
        { content: "cause code", trigger: ".modal [name=cause_code] .o_select_menu_toggler", run: "click" },
        { content: "04", trigger: ".o_select_menu_item:contains(04 -)", run: "click" },
    ];
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_documents", {
    steps: () => [
        { content: "the list", trigger: ".o_list_view .o_data_row:contains(Khách Hủy Đơn)" },
        {
            content: "no New button: e-invoices come from invoices and POS orders",
            trigger: ".o_control_panel:not(:has(.o_list_button_add))",
        },
        { content: "open the filters", trigger: ".o_searchview_dropdown_toggler", run: "click" },
        {
            content: "accepted only",
            trigger: ".o_filter_menu .o-dropdown-item:contains(Đã chấp nhận)",
            run: "click",
        },
        {
            content: "the e-invoice never sent is filtered out",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Khách Hủy Đơn))):has(.o_data_row)",
        },
        { content: "remove the filter", trigger: ".o_searchview_facet .o_facet_remove", run: "click" },
        { content: "kanban", trigger: ".o_switch_view.o_kanban", run: "click" },
        { content: "cards by status", trigger: ".o_kanban_view .o_kanban_record:contains(Khách Hủy Đơn)" },
        {
            content: "no New nor quick create in the kanban",
            trigger: ".o_control_panel:not(:has(.o-kanban-button-new)):not(:has(.o_kanban_quick_add))",
        },
        screenshot("einvoice_kanban"),
        { content: "back to the list", trigger: ".o_switch_view.o_list", run: "click" },
        { content: "the list again", trigger: ".o_list_view .o_data_row:contains(Khách Hủy Đơn)" },
        screenshot("einvoice_list"),
        // 1. adjustment: one line, 2 → 1
        {
            content: "open the e-invoice to adjust",
            trigger: ".o_list_view .o_data_row:contains(Công ty TNHH Khách Hàng) td.o_data_cell:first",
            run: "click",
        },
        { content: "adjust", trigger: "button[name=action_l10n_vn_einvoice_correct]", run: "click" },
        ...agreementAndCause(),
        {
            content: "the line starts with what was invoiced",
            trigger: ".modal [name=line_ids] .o_data_row:first td[name=new_quantity]:contains(2,00)",
            run: "click",
        },
        {
            content: "the right quantity is 1",
            trigger: ".modal [name=line_ids] .o_selected_row td[name=new_quantity] input",
            run: "edit 1 && click .modal-title",
        },
        {
            content: "the adjustment is the difference",
            trigger: ".modal [name=amount_change]:contains(-150.000)",
        },
        screenshot("correction_wizard", ".modal-content"),
        { content: "prepare", trigger: ".modal button[name=action_prepare]", run: "click" },
        {
            content: "a draft credit note of one unit, not a copy of the invoice",
            trigger: ".o_form_view div[name=invoice_line_ids]:not(:has(.o_data_row + .o_data_row)) .o_data_row td[name=quantity]:contains(1,00)",
        },
        { content: "post it", trigger: "button[name=action_post]", run: "click" },
        {
            content: "its e-invoice is issued",
            trigger: "button[name=action_l10n_vn_einvoice_open]:visible",
        },
        // 2. replacement: prefilled with the original, the price corrected
        ...openFromList("Công ty Thay Thế"),
        { content: "replace", trigger: "button[name=action_l10n_vn_einvoice_correct]", run: "click" },
        {
            content: "replacement",
            trigger: ".modal div[name=method] input[data-value=replacement]",
            run: "click",
        },
        ...agreementAndCause(),
        { content: "prepare", trigger: ".modal button[name=action_prepare]", run: "click" },
        {
            content: "the replacing invoice starts as the original",
            trigger: ".o_form_view div[name=invoice_line_ids] td[name=price_unit]:contains(100.000,00)",
            run: "click",
        },
        {
            content: "the right price",
            trigger: ".o_form_view div[name=invoice_line_ids] .o_selected_row td[name=price_unit] input",
            run: "edit 90000",
        },
        { content: "save", trigger: ".o_form_button_save:enabled", run: "click" },
        { content: "saved", trigger: ".o_form_saved" },
        { content: "post it", trigger: ".o_form_saved button[name=action_post]", run: "click" },
        {
            content: "its e-invoice is issued",
            trigger: "button[name=action_l10n_vn_einvoice_open]:visible",
        },
        // 3. 04/SS notice: only the address was wrong
        ...openFromList("Công ty Sai Địa Chỉ"),
        { content: "notify", trigger: "button[name=action_l10n_vn_einvoice_notice]", run: "click" },
        {
            content: "what is wrong and what is right",
            trigger: ".modal [name=reason] input",
            run: "edit Sai địa chỉ người mua; đúng: 14 Nguyễn Huệ",
        },
        { content: "send the notice", trigger: ".modal button[name=action_send]", run: "click" },
        {
            content: "the e-invoice is notified",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=notified]",
        },
        // 4. void: never transmitted, within 24 hours
        ...openFromList("Khách Hủy Đơn"),
        { content: "void", trigger: "button[name=action_l10n_vn_einvoice_void]", run: "click" },
        {
            content: "reason",
            trigger: ".modal [name=reason] input",
            run: "edit Lập nhầm khách hàng",
        },
        { content: "void it", trigger: ".modal button[name=action_void]", run: "click" },
        {
            content: "voided",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=voided]",
        },
    ],
});
