/**
 * From the customer invoices, Accounting > Reporting > Vietnam e-invoices > Sales without
 * e-invoice: the screen opens on the current Vietnam month, computes, and lists the invoice the test posted without
 * its e-invoice (a reopened door), with its reason, in Vietnamese.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

registry.category("web_tour.tours").add("l10n_vn_einvoice_missing", {
    steps: () => [
        {
            content: "Reporting",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_reports']",
            run: "click",
        },
        {
            content: "sales without e-invoice",
            trigger: ".dropdown-item[data-menu-xmlid='l10n_vn_einvoice.menu_report_missing']",
            run: "click",
        },
        {
            content: "its page, named by the current month",
            trigger: ".o_breadcrumb .active:contains(Bán hàng chưa có hóa đơn điện tử)",
        },
        {
            content: "compute the period",
            trigger: ".o_form_view button[name=action_compute]",
            run: "click",
        },
        {
            content: "the invoice posted without its e-invoice, with its reason",
            trigger:
                ".o_field_one2many[name=line_ids] .o_data_row:contains(Đã ghi sổ mà không có hóa đơn điện tử riêng)",
        },
        {
            content: "and what was wrong with it",
            trigger: ".o_field_one2many[name=line_ids] .o_data_row:contains(bút toán đảo)",
        },
        {
            content: "one line",
            trigger: ".o_field_widget[name=line_count]:contains(1)",
        },
        screenshot("report_missing"),
    ],
});
