/**
 * The accountant's month-end against the tax portal: the reconciliation the Python test
 * prepared (the portal's real purchase list page of September 2025 and one real detail,
 * attached as uploaded files) is run from its form; the tour reads what the accountant
 * sees — the files, the matched invoice, the ones missing in the books, the input VAT per
 * the portal beside [24] — then books a missing invoice with one click and meets its
 * draft bill.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

const LINES = ".o_field_one2many[name=line_ids]";
const MISSING_ROW = `${LINES} .o_data_row:contains(K25TEK):contains(Có trên cổng, chưa ghi sổ)`;

function fieldText(name, expected) {
    return {
        content: `${name} shows ${expected}`,
        trigger: `.o_form_view .o_field_widget[name=${name}]:contains(${expected})`,
    };
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_portal_reconciliation", {
    steps: () => [
        {
            content: "the uploaded portal files are on the form",
            trigger: ".o_field_widget[name=file_ids]:contains(portal_purchase_list_page_letieu.json)",
        },
        {
            content: "run the reconciliation",
            trigger: ".o_form_view button[name=action_compute]",
            run: "click",
        },
        {
            content: "the bill imported from the VNPT invoice is matched",
            trigger: `${LINES} .o_data_row:contains(K25TEK):contains(Khớp)`,
        },
        fieldText("count_matched", "1"),
        fieldText("count_portal_only", "6"),
        {
            content: "the portal's MISA invoice is not in the books",
            trigger: `${LINES} .o_data_row:contains(C25TGV):contains(Có trên cổng, chưa ghi sổ)`,
        },
        {
            content: "who ran it is kept",
            trigger: ".o_form_view .o_field_widget[name=computed_by_id]:contains(Kế toán)",
        },
        fieldText("portal_vat", "2.936.368"),
        fieldText("books_vat", "344.700"),
        screenshot("portal_reconciliation"),
        {
            content: "create the draft bill of K25TEK 5343, missing in the books",
            trigger: `${MISSING_ROW} button[name=action_create_bill]`,
            run: "click",
        },
        {
            content: "its draft bill opens, made by the purchase import",
            trigger: ".o_form_view .o_field_widget[name=ref] input",
            run: function () {
                if (this.anchor.value !== "1K25TEK-5343") {
                    throw new Error(`the bill's reference is ${this.anchor.value}`);
                }
            },
        },
        {
            content: "the supplier is the portal's seller",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Vinh)",
        },
        screenshot("portal_reconciliation_bill"),
        {
            content: "back to the reconciliation",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Đối chiếu với cổng: Mua vào)",
            run: "click",
        },
        {
            content: "run it again after the books changed",
            trigger: ".o_form_view button[name=action_compute]",
            run: "click",
        },
        fieldText("count_matched", "2"),
        {
            content: "K25TEK 5343 is no longer missing in the books",
            trigger: `${LINES}:has(.o_data_row:contains(K25TEK)):not(:has(.o_data_row:contains(K25TEK):contains(Có trên cổng)))`,
        },
        {
            content: "export to XLSX",
            trigger: ".o_form_view button[name=action_export_xlsx]",
            run: "click",
        },
    ],
});
