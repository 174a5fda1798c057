import { registry } from "@web/core/registry";

const CODE_RE = /^M1-\d{2}-AB12C-\d{11}$/;

function fillBuyer(taxCode) {
    return [
        {
            content: `type the tax code ${taxCode}`,
            trigger: ".l10n-vn-ticket-form input[name=tax_code]",
            run: `edit ${taxCode}`,
        },
        {
            content: "type the company name",
            trigger: ".l10n-vn-ticket-form input[name=name]",
            run: "edit Công ty Cổ phần Khách Đặt Tiệc",
        },
        {
            content: "type the address",
            trigger: ".l10n-vn-ticket-form input[name=address]",
            run: "edit 1 Trần Hưng Đạo, Phường Cửa Nam, Hà Nội",
        },
        {
            content: "type the e-mail",
            trigger: ".l10n-vn-ticket-form input[name=email]",
            run: "edit ketoan@dattiec.example",
        },
        {
            content: "confirm the request",
            trigger: ".l10n-vn-ticket-form input[name=agree]",
            run: "click",
        },
        {
            content: "send it",
            trigger: ".l10n-vn-ticket-form .l10n-vn-ticket-submit",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

/** The buyer, logged out, scans the receipt's QR: a wrong tax code is refused in both
 *  languages, the right one ends on the replacement's status. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_ticket_request", {
    steps: () => [
        {
            content: "the page names the ticket's cash-register invoice",
            trigger: ".o_l10n_vn_ticket .l10n-vn-ticket-original",
            run: function () {
                const code = this.anchor.textContent.trim();
                if (!CODE_RE.test(code)) {
                    throw new Error(`cash-register invoice shown: "${code}"`);
                }
            },
        },
        ...fillBuyer("0100109107"),
        {
            content: "the wrong check digit is refused in Vietnamese and English",
            trigger:
                ".l10n-vn-ticket-error-tax_code:contains(Mã số thuế không hợp lệ):contains(Invalid tax code)",
        },
        {
            content: "what was typed is kept",
            trigger: ".l10n-vn-ticket-form input[name=email]:value(ketoan@dattiec.example)",
        },
        ...fillBuyer("0100109106"),
        {
            content: "the replacement is shown, being sent to the tax authority",
            trigger:
                ".l10n-vn-ticket-status .l10n-vn-ticket-state:contains(Being sent to the tax authority)",
        },
        {
            content: "it is a new cash-register invoice in the buyer's name",
            trigger: ".l10n-vn-ticket-status:contains(0100109106) .l10n-vn-ticket-doc",
            run: function () {
                const code = this.anchor.textContent.trim();
                const original = document.querySelector(".l10n-vn-ticket-original").textContent;
                if (!CODE_RE.test(code) || code === original.trim()) {
                    throw new Error(`replacement shown: "${code}" (original ${original})`);
                }
            },
        },
        {
            content: "no form any more: a second request cannot be made",
            trigger: ".o_l10n_vn_ticket:not(:has(.l10n-vn-ticket-form))",
        },
    ],
});

/** The accountant invoices the POS order from the back office: Odoo's "Invoice" button
 *  ends with the replacement of the cash-register invoice in the customer's name. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_order_invoice", {
    steps: () => [
        {
            content: "choose the customer of the order",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Công ty TNHH Khách Hàng",
        },
        {
            content: "pick the company",
            trigger: ".o-autocomplete--dropdown-item:contains(Công ty TNHH Khách Hàng)",
            run: "click",
        },
        {
            content: "invoice the order",
            trigger: ".o_form_view .o_form_statusbar button[name=action_pos_order_invoice]",
            run: "click",
        },
        {
            content: "the invoice says which e-invoice now stands for the sale",
            trigger: ".o-mail-Message-body:contains(replaces the cash-register invoice)",
        },
        {
            content: "back to the order (the breadcrumb's last link)",
            trigger: ".o_breadcrumb .breadcrumb-item a:last",
            run: "click",
        },
        {
            // The web client restores the order as it was before the button: read it again.
            content: "reload the order",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_pos_order_invoice]))",
            run: () => window.location.reload(),
            expectUnloadPage: true,
        },
        {
            content: "open its e-invoice tab",
            trigger: ".o_notebook .nav-link:contains(E-invoice)",
            run: "click",
        },
        {
            content: "the current e-invoice is the replacement, not the receipt's",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_live_document_id]",
            run: function () {
                const live = this.anchor.textContent.trim();
                const original = document
                    .querySelector(".o_field_widget[name=l10n_vn_einvoice_document_id]")
                    .textContent.trim();
                if (!CODE_RE.test(live) || live === original) {
                    throw new Error(`current e-invoice "${live}", receipt's "${original}"`);
                }
            },
        },
    ],
});
