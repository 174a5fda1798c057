import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { expectServerError } from "@l10n_vn_einvoice/../tests/tours/tour_helpers";

// The printed note's lookup code, kept across the page change to the public lookup page.
const LOOKUP_CODE = "l10n_vn_einvoice_stock.lookup_code";

/** A transfer between two warehouses: its delivery-note tab, a validation refused while
 *  the means of transport is missing (the field is named), then validated: the note's
 *  number and state show on the transfer and the note opens from it; sent, it is
 *  accepted; printed from the transfer (the Vietnamese form with the tax authority's
 *  code), its printed lookup code finds it on the public lookup page, which names its
 *  kind. */
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
        {
            content: "send it to the provider (the sandbox) now",
            trigger: ".o_form_view .o_form_statusbar button[name=action_send_now]",
            run: "click",
        },
        {
            content: "the sandbox accepted the note",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Accepted)",
        },
        {
            content: "back to the transfer",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active):last a",
            run: "click",
        },
        {
            content: "its delivery-note tab",
            trigger: ".o_form_view .o_notebook a[name=l10n_vn_einvoice_note]",
            run: "click",
        },
        {
            content: "the transfer shows the accepted note and its tax authority's code",
            trigger:
                ".o_form_view:has(.o_field_widget[name=l10n_vn_einvoice_state]:contains(Accepted)) .o_field_widget[name=l10n_vn_einvoice_tax_authority_code]",
        },
        {
            content: "print the note from the transfer (the PDF window is caught)",
            trigger: ".o_form_view .o_form_statusbar button[name=action_l10n_vn_einvoice_print_note]",
            run(helpers) {
                const open = browser.open;
                window.l10nVnStockPrinted = [];
                browser.open = (url) => {
                    window.l10nVnStockPrinted.push(url);
                    browser.open = open;
                    return { closed: false };
                };
                return helpers.click();
            },
        },
        {
            content: "the printed note is the Vietnamese form, with the tax authority's code",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_tax_authority_code]",
            async run() {
                const deadline = Date.now() + 10000;
                while (!window.l10nVnStockPrinted.length && Date.now() < deadline) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                const [url] = window.l10nVnStockPrinted;
                if (!url || !url.startsWith("/web/content/")) {
                    throw new Error(`printing opened ${url}`);
                }
                const response = await fetch(url);
                const text = await response.text();
                const code = this.anchor.textContent.trim();
                for (const expected of [
                    "PHIẾU XUẤT KHO KIÊM VẬN CHUYỂN NỘI BỘ",
                    "Căn cứ lệnh điều động số",
                    "Phương tiện vận chuyển:",
                    "Xe tải 43C-123.45",
                    "Thực xuất",
                    "Thực nhập",
                    "Thủ kho nhập",
                    code,
                ]) {
                    if (response.status !== 200 || !code || !text.includes(expected)) {
                        throw new Error(`the printed note (${response.status}) lacks "${expected}"`);
                    }
                }
                const lookup = text.match(/Mã tra cứu: <strong>([^<]+)<\/strong>/);
                if (!lookup) {
                    throw new Error("the printed note has no lookup code");
                }
                browser.sessionStorage.setItem(LOOKUP_CODE, lookup[1]);
            },
        },
        {
            content: "open the public lookup page",
            trigger: ".o_form_view",
            run() {
                window.location.href = "/einvoice/lookup";
            },
            expectUnloadPage: true,
        },
        {
            content: "type the lookup code printed on the note",
            trigger: ".o_lookup_form input[name='code']",
            run(helpers) {
                return helpers.edit(browser.sessionStorage.getItem(LOOKUP_CODE));
            },
        },
        {
            content: "look it up",
            trigger: ".o_lookup_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "found: an internal transport delivery note, accepted",
            trigger:
                ".o_lookup_result:has(.o_lookup_status:contains('Đã chấp nhận')) .o_lookup_kind:contains('Phiếu xuất kho kiêm vận chuyển nội bộ')",
        },
    ],
});

/** Goods sent to a sales agent: validated from the list without a means of transport,
 *  the server refuses in English and Vietnamese, naming the transfer and the field; with
 *  it typed on the form, the transfer is validated and its agent note (B) issued. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_stock_agent", {
    steps: () => [
        {
            content: "select the agent's transfer in the list",
            trigger: ".o_list_view .o_data_row:contains(Minh An) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "open the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:contains(Actions)",
            run: "click",
        },
        expectServerError("Means of transport"),
        {
            content: "validate from the list",
            trigger: ".o-dropdown--menu .o_menu_item:contains(Validate)",
            run: "click",
        },
        {
            content: "refused: the dialog names the transfer and the field, in both languages",
            trigger:
                ".modal .modal-body:contains(needs an electronic delivery note):contains(Means of transport):contains(cần phiếu xuất kho điện tử):contains(/DL/)",
        },
        {
            content: "close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "unselect it",
            trigger: ".o_list_view .o_data_row:contains(Minh An) .o_list_record_selector input:checked",
            run: "click",
        },
        {
            content: "open the transfer",
            trigger: ".o_list_view:not(:has(.o_list_record_selector input:checked)) .o_data_row:contains(Minh An) td[name=name]",
            run: "click",
        },
        {
            content: "its delivery note is an agent consignment note",
            trigger: ".o_form_view .o_notebook a[name=l10n_vn_einvoice_note]",
            run: "click",
        },
        {
            content: "the agent's contract is shown",
            trigger:
                ".o_form_view:has(.o_field_widget[name=l10n_vn_einvoice_note_kind]:contains(Agent consignment)) .o_field_widget[name=l10n_vn_einvoice_contract_number] input",
        },
        {
            content: "type the means of transport",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_transport_means] input",
            run: "edit Xe tải 51D-678.90",
        },
        {
            content: "validate",
            trigger: ".o_form_view .o_form_statusbar button[name=button_validate]",
            run: "click",
        },
        {
            content: "the agent note is issued: its number, ready to send",
            trigger:
                ".o_form_view:has(.o_field_widget[name=l10n_vn_einvoice_state]:contains(Ready to send)) .o_field_widget[name=l10n_vn_einvoice_note_name]",
        },
    ],
});
