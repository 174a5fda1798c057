/**
 * A POS order synced with the buyer's tax code and no name or address waits for them:
 * the order form says so (in Vietnamese), the user types them and issues the e-invoice.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_held_buyer", {
    steps: () => [
        {
            content: "open the e-invoice tab",
            trigger: ".o_notebook .nav-link:contains(Hóa đơn điện tử)",
            run: "click",
        },
        {
            content: "the order says its e-invoice waits for the buyer's name and address",
            trigger: ".l10n-vn-buyer-missing:contains(Người mua đưa mã số thuế nhưng không có tên hoặc địa chỉ)",
        },
        {
            content: "the buyer's company name",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_buyer_company_name] input",
            run: "edit Công ty Viễn Thông",
        },
        {
            content: "the buyer's address",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_buyer_address] input",
            run: "edit 1 Trần Hữu Dực, Hà Nội",
        },
        {
            content: "issue the e-invoice",
            trigger: ".o_form_statusbar button[name=action_l10n_vn_einvoice_issue_held]:contains(Lập hóa đơn điện tử)",
            run: "click",
        },
        {
            content: "the e-invoice is issued, ready to send, and the order waits no more",
            trigger: ".o_form_view:not(:has(.l10n-vn-buyer-missing)) .o_field_widget[name=l10n_vn_einvoice_state]:contains(Sẵn sàng gửi)",
        },
    ],
});
