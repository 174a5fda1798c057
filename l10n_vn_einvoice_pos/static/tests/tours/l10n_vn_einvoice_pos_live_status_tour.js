import { registry } from "@web/core/registry";
import { changedWithoutReload, runWorkerWhileWaiting } from "@l10n_vn_einvoice/../tests/tours/tour_helpers";

/** The POS order form in the back office, on its E-invoice tab: the cash-register
 *  invoice is transmitted while the form stays open. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_live_pos_order", {
    steps: () => [
        {
            content: "open the order's e-invoice tab",
            trigger: ".o_notebook .nav-link[name=l10n_vn_einvoice]",
            run: "click",
        },
        runWorkerWhileWaiting(
            ".o_form_view .o_field_widget[name=l10n_vn_einvoice_state]:contains(Sẵn sàng gửi)"
        ),
        changedWithoutReload(
            "the order shows its e-invoice accepted, without a reload",
            ".o_form_view .o_field_widget[name=l10n_vn_einvoice_state]:contains(Đã chấp nhận)"
        ),
    ],
});

/** The buyer's ticket page, logged out, after asking for the invoice in their name:
 *  "being sent" turns into "accepted" with its downloads while the page stays open. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_live_ticket", {
    steps: () => [
        runWorkerWhileWaiting(
            ".l10n-vn-ticket-status .l10n-vn-ticket-state:contains(Đang gửi đến cơ quan thuế)"
        ),
        changedWithoutReload(
            "the page shows the invoice accepted, without a reload",
            ".l10n-vn-ticket-status .l10n-vn-ticket-state:contains(Đã được cơ quan thuế chấp nhận)"
        ),
        changedWithoutReload(
            "and offers its PDF and XML",
            ".l10n-vn-ticket-downloads a:contains(Tải PDF)"
        ),
    ],
});
