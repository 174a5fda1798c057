/** Buyer button on the payment screen, transmission status on the receipt screen, and
 * the untransmitted invoices on the closing screen. */
import { ClosePosPopup } from "@point_of_sale/app/components/popups/closing_popup/closing_popup";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { ReceiptScreen } from "@point_of_sale/app/screens/receipt_screen/receipt_screen";
import { onMounted } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { EinvoiceBuyerDialog } from "./buyer_dialog";

patch(PaymentScreen.prototype, {
    l10nVnEditBuyer() {
        this.dialog.add(EinvoiceBuyerDialog, { order: this.currentOrder });
    },
});

patch(ReceiptScreen.prototype, {
    setup() {
        super.setup(...arguments);
        onMounted(() => {
            const order = this.currentOrder;
            if (order?.l10nVnEnabled) {
                setTimeout(() => this.pos.l10nVnRefreshStatus([order]), 3000);
            }
        });
    },
});

ClosePosPopup.props = [...ClosePosPopup.props, "l10n_vn_einvoice_untransmitted?"];
