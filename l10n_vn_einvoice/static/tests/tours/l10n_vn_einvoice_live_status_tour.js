import { registry } from "@web/core/registry";
import { changedWithoutReload, runWorkerWhileWaiting } from "./tour_helpers";

/** An invoice just posted, its e-invoice ready to send: the accountant keeps looking at
 *  it, the worker has it accepted, and the form says so by itself. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_live_invoice", {
    steps: () => [
        runWorkerWhileWaiting(".o_form_view .oe_stat_button:contains(Sẵn sàng gửi)"),
        changedWithoutReload(
            "the invoice shows the e-invoice accepted, without a reload",
            ".o_form_view .oe_stat_button:contains(Đã chấp nhận)"
        ),
    ],
});

/** The same on the e-invoice's own form, whose chatter tells the worker's exchange and
 *  the state change in Vietnamese. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_live_document", {
    steps: () => [
        runWorkerWhileWaiting(
            ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current:contains(Sẵn sàng gửi))"
        ),
        changedWithoutReload(
            "the status bar moves to accepted, without a reload",
            ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current:contains(Đã chấp nhận))"
        ),
        changedWithoutReload(
            "the chatter tells the exchange and the change in Vietnamese",
            ".o-mail-Message:contains(Phát hành với sandbox):contains(Đã chấp nhận)"
        ),
    ],
});
