import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/** Supplier e-invoices dropped on the Vendor Bills list, as an accountant drags them from
 *  the file manager: the drop zone, Odoo's own upload, then what opens.  The files are
 *  the ones the Python test prepared (attachments named l10n_vn_einvoice_tour_*). */

let dataTransfer = null;

/** files: [prepared file, name it is dropped as] */
async function prepareDrop(files) {
    dataTransfer = new DataTransfer();
    for (const [source, name] of files) {
        const [record] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
            model: "ir.attachment",
            method: "search_read",
            args: [[["name", "=", `l10n_vn_einvoice_tour_${source}`]]],
            kwargs: { fields: ["datas"], limit: 1 },
        });
        const blob = await (await fetch(`data:text/xml;base64,${record.datas}`)).blob();
        dataTransfer.items.add(new File([blob], name, { type: "text/xml" }));
    }
    document
        .querySelector(".o_list_renderer")
        .dispatchEvent(new DragEvent("dragenter", { dataTransfer, bubbles: true }));
}

function dropSteps(files, what) {
    return [
        {
            content: `drag ${what} over the Vendor Bills list`,
            trigger: ".o_list_view .o_list_renderer",
            run: () => prepareDrop(files),
        },
        {
            content: `drop ${what} on the drop zone`,
            trigger: ".o_drop_area",
            run: function () {
                this.anchor.dispatchEvent(new DragEvent("drop", { dataTransfer, bubbles: true }));
            },
        },
    ];
}

function backToVendorBills() {
    return {
        content: "back to the Vendor Bills list",
        trigger: ".o_breadcrumb .breadcrumb-item a",
        run: "click",
    };
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_purchase_import", {
    steps: () => [
        ...dropSteps([["C26TAA_128.xml", "C26TAA_128.xml"]], "a supplier's e-invoice"),
        {
            content: "the draft bill opens with the invoice's reference",
            trigger: ".o_form_view .o_field_widget[name=ref] input",
            run: function () {
                if (this.anchor.value !== "1C26TAA-128") {
                    throw new Error(`reference shown: "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "the supplier was found by its tax code",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: function () {
                if (this.anchor.value !== "Viettel") {
                    throw new Error(`vendor shown: "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "the banner says the tax authority's signature is missing",
            trigger: ".o_form_view #alerts .alert-warning:contains(tax authority's signature)",
        },
        {
            content: "open the Vietnamese e-invoice tab",
            trigger: ".o_notebook .nav-link:contains(Vietnamese e-invoice)",
            run: "click",
        },
        {
            content:
                "the seller's signature is valid but its signer not authenticated (a test certificate, no trusted issuer on the server)",
            trigger:
                ".o_field_widget[name=l10n_vn_einvoice_in_checks_html] tr[data-rule='signature.seller']:contains(not authenticated) .badge:contains(Info)",
        },
        {
            content: "the signer's tax code and the symbol are shown",
            trigger:
                ".o_form_view:has(.o_field_widget[name=l10n_vn_einvoice_in_checks_html]:contains(0100109106)) .o_field_widget[name=l10n_vn_einvoice_in_symbol]:contains(C26TAA)",
        },
        backToVendorBills(),
        ...dropSteps([["C26TAA_128.xml", "C26TAA_128 (1).xml"]], "the same e-invoice again"),
        {
            content: "Odoo says it is already there",
            trigger: ".o_notification:contains(already in Odoo)",
        },
        {
            content: "and the first bill opens",
            trigger: ".o_form_view .o_field_widget[name=ref] input",
            run: function () {
                if (this.anchor.value !== "1C26TAA-128") {
                    throw new Error(`reference shown: "${this.anchor.value}"`);
                }
            },
        },
        backToVendorBills(),
        ...dropSteps(
            [
                ["C26TAA_129.xml", "C26TAA_129.xml"],
                ["hostile.xml", "hostile.xml"],
            ],
            "a new e-invoice and a hostile file"
        ),
        {
            content: "the summary: one created, one refused with why",
            trigger:
                ".o_form_view:has(.o_field_widget[name=created_count]:contains(1)) .o_field_widget[name=refused_count]:contains(1)",
        },
        {
            content: "the refused file and its reason",
            trigger: ".o_form_view .o_data_row:has(td:contains(hostile.xml)):contains(DOCTYPE)",
        },
        {
            content: "open the bills",
            trigger: ".o_form_view button[name=action_open_bills]",
            run: "click",
        },
        {
            content: "the new bill is listed",
            trigger: ".o_list_view .o_data_row td[name=ref]:contains(1C26TAA-129)",
        },
    ],
});
