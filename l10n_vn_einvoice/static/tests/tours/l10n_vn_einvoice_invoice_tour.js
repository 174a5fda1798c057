/**
 * A customer invoice as an accountant makes it: a new invoice from the form (a customer,
 * lines at 8 %, 10 % and KCT), saved, edited and saved again, posted; its e-invoice
 * opened.  The user works in Vietnamese.
 */
import { registry } from "@web/core/registry";
import { addInvoiceLine, pickMany2one, screenshot } from "./tour_helpers";

registry.category("web_tour.tours").add("l10n_vn_einvoice_invoice_form", {
    steps: () => [
        ...pickMany2one("partner_id", "Khách Hàng", "Công ty TNHH Khách Hàng"),
        ...addInvoiceLine("Bánh mì", 1),
        ...addInvoiceLine("Lắp đặt", 2),
        ...addInvoiceLine("Sách giáo khoa", 3),
        { content: "save the new invoice", trigger: ".o_form_button_save:enabled", run: "click" },
        { content: "saved", trigger: ".o_form_saved" },
        {
            content: "edit the quantity of the first line",
            trigger: "div[name=invoice_line_ids] .o_data_row:first td[name=quantity]",
            run: "click",
        },
        {
            content: "two loaves",
            trigger: "div[name=invoice_line_ids] .o_selected_row td[name=quantity] input",
            run: "edit 2",
        },
        { content: "save the edit", trigger: ".o_form_button_save:enabled", run: "click" },
        { content: "saved again", trigger: ".o_form_saved" },
        screenshot("invoice_form"),
        { content: "post", trigger: ".o_form_saved button[name=action_post]", run: "click" },
        {
            content: "the e-invoice is issued at posting",
            trigger: "button[name=action_l10n_vn_einvoice_open]:visible",
            run: "click",
        },
        {
            content: "the e-invoice form: number and VAT-invoice symbol",
            trigger: ".o_form_view .oe_title h1:contains(1C26TAA-)",
        },
        {
            content: "back to the invoice",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(INV/)",
            run: "click",
        },
        { content: "the invoice is posted", trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]" },
    ],
});
