/** Buyer button on the payment screen, transmission status on the receipt screen, and
 * the untransmitted invoices on the closing screen. */
import { ClosePosPopup } from "@point_of_sale/app/components/popups/closing_popup/closing_popup";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { ReceiptScreen } from "@point_of_sale/app/screens/receipt_screen/receipt_screen";
import { onMounted, onWillUnmount } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { EinvoiceBuyerDialog } from "./buyer_dialog";

patch(PaymentScreen.prototype, {
    l10nVnEditBuyer() {
        this.dialog.add(EinvoiceBuyerDialog, { order: this.currentOrder });
    },
});

// Seconds between status checks while the receipt stays open: quick at first (the
// outbox usually answers within seconds online), then rarer, then stop.
const STATUS_POLL_DELAYS = [2, 4, 8, 16, 30];
const FINAL_STATES = new Set(["accepted", "rejected", "error", "replaced", "voided"]);

patch(ReceiptScreen.prototype, {
    setup() {
        super.setup(...arguments);
        let timer = null;
        let attempt = 0;
        let stopped = false;
        const poll = async () => {
            const order = this.currentOrder;
            await this.pos.l10nVnRefreshStatus([order]);
            attempt += 1;
            if (stopped) {
                return;
            }
            if (!FINAL_STATES.has(order.uiState.l10nVnStatus) && attempt < STATUS_POLL_DELAYS.length) {
                timer = setTimeout(poll, STATUS_POLL_DELAYS[attempt] * 1000);
            }
        };
        onMounted(() => {
            if (this.currentOrder?.l10nVnEnabled) {
                timer = setTimeout(poll, STATUS_POLL_DELAYS[0] * 1000);
            }
        });
        onWillUnmount(() => {
            stopped = true;
            clearTimeout(timer);
        });
    },
});

ClosePosPopup.props = [...ClosePosPopup.props, "l10n_vn_einvoice_untransmitted?"];
