import { registry } from "@web/core/registry";

/** A Vietnamese accountant confirms a bill whose supplier e-invoice failed its checks:
 *  Confirm asks first, with the reasons in words; confirming anyway needs a reason,
 *  which the chatter keeps with the accountant's name. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_purchase_post", {
    steps: () => [
        {
            content: "the banner says the invoice is addressed to another taxpayer",
            trigger: ".o_form_view #alerts .alert-danger:contains(không phải của công ty)",
        },
        {
            content: "the e-invoice's tab bears the name the banner points at",
            trigger: ".o_form_view .o_notebook a.nav-link:contains(Hóa đơn điện tử Việt Nam)",
            run: "click",
        },
        {
            content: "its checks, in Vietnamese",
            trigger:
                ".o_form_view .o_l10n_vn_einvoice_in_checks tr[data-rule='buyer.other']:contains(Lỗi):contains(không phải của công ty)",
        },
        {
            content: "Confirm the bill",
            trigger: ".o_form_statusbar button[name=action_post]",
            run: "click",
        },
        {
            content: "the question, in Vietnamese",
            trigger: ".modal .alert-danger:contains(không đạt kiểm tra)",
        },
        {
            content: "the reasons, in words",
            trigger:
                ".modal .o_l10n_vn_einvoice_post_problems:contains(hóa đơn ghi mã số thuế người mua 0101248141)",
        },
        {
            content: "say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Người bán xác nhận số liệu qua e-mail ngày 20/11/2026",
        },
        {
            content: "confirm anyway",
            trigger: ".modal button[name=action_confirm_anyway]",
            run: "click",
        },
        {
            content: "the bill is posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]",
        },
        {
            content: "the chatter keeps who and why",
            trigger: ".o-mail-Message:contains(Lý do: Người bán xác nhận số liệu)",
        },
    ],
});
