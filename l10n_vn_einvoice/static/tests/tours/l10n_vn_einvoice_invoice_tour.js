/**
 * A customer invoice as an accountant makes it: a new invoice from the form (a customer,
 * lines at the reduced rate (8 % in 2026, 10 % after), 10 % and KCT), saved, edited and
 * saved again, posted; its e-invoice opened, sent, printed and e-mailed; l10n_vn's tab
 * shows it.  Then an invoice for a customer whose MST is wrong: the error names the
 * customer and opens it.  The user works in Vietnamese.
 */
import { registry } from "@web/core/registry";
import { addInvoiceLine, expectServerError, pickMany2one, screenshot } from "./tour_helpers";

// The symbol's two year digits are the invoice's year: the invoice is of today, on the
// browser's clock (Vietnam time, tour_browser.vietnam_clock).
const symbolOfToday = () => `1C${String(new Date().getFullYear()).slice(-2)}TAA-`;

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
        {
            content: "l10n_vn's tab says when the e-invoice is issued",
            trigger: "a.nav-link:contains(Vietnamese Electronic Invoicing)",
            run: "click",
        },
        {
            content: "issued when confirmed",
            trigger: ".o_l10n_vn_einvoice_not_issued:contains(xác nhận hóa đơn)",
        },
        { content: "back to the lines", trigger: "a.nav-link[name=invoice_tab]", run: "click" },
        screenshot("invoice_form"),
        { content: "post", trigger: ".o_form_saved button[name=action_post]", run: "click" },
        {
            content: "l10n_vn's tab shows the issued e-invoice",
            trigger: "a.nav-link:contains(Vietnamese Electronic Invoicing)",
            run: "click",
        },
        {
            content: "the e-invoice number, not an empty eInvoice Number",
            trigger: `.o_l10n_vn_einvoice_issued [name=l10n_vn_einvoice_document_id]:contains(${symbolOfToday()})`,
        },
        {
            content: "open the e-invoice",
            trigger: "button[name=action_l10n_vn_einvoice_open]:visible",
            run: "click",
        },
        {
            content: "the e-invoice form: number and VAT-invoice symbol",
            trigger: `.o_form_view .oe_title h1:contains(${symbolOfToday()})`,
        },
        { content: "no New on an e-invoice", trigger: ".o_form_view:not(:has(.o_form_button_create))" },
        { content: "send now", trigger: "button[name=action_send_now]", run: "click" },
        {
            content: "the sandbox accepted it",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=accepted]",
        },
        {
            content: "the exchange log names the sandbox",
            trigger: ".o-mail-Message-body:contains(sandbox: OK)",
        },
        screenshot("einvoice_form"),
        { content: "print the PDF", trigger: "button[name=action_download_pdf]", run: "click" },
        { content: "send it by e-mail", trigger: "button[name=action_send_email]", run: "click" },
        {
            // a coded invoice's e-mail leaves with the tax authority's file, fetched from
            // the provider first (models/einvoice_document_legal.py)
            content: "the chatter says the e-mail waits for the legal file",
            trigger: ".o-mail-Message-body:contains(chờ tệp XML hợp pháp)",
        },
        {
            content: "back to the invoice",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(INV/)",
            run: "click",
        },
        {
            content: "the invoice is posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]",
        },
        // A customer whose MST was saved before it was checked: posting says who and what.
        { content: "new invoice", trigger: ".o_control_panel_main_buttons .o_form_button_create", run: "click" },
        ...pickMany2one("partner_id", "Sai Mã", "Công ty Sai Mã"),
        { content: "the lines tab", trigger: "a.nav-link[name=invoice_tab]", run: "click" },
        ...addInvoiceLine("Bánh mì", 1),
        { content: "save", trigger: ".o_form_button_save:enabled", run: "click" },
        { content: "saved", trigger: ".o_form_saved" },
        expectServerError("Công ty Sai Mã"),
        { content: "post", trigger: ".o_form_saved button[name=action_post]", run: "click" },
        {
            content: "the error names the customer and the field, in Vietnamese",
            trigger: ".modal:contains(Khách hàng Công ty Sai Mã: mã số thuế (MST) không hợp lệ)",
        },
        {
            content: "open the customer from the error",
            trigger: ".modal footer button:contains(Mở thông tin khách hàng)",
            run: "click",
        },
        {
            content: "the customer's form, to correct the MST",
            trigger: ".o_breadcrumb .active:contains(Công ty Sai Mã)",
        },
    ],
});
