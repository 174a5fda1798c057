/**
 * Before payment: the buyer's MST / personal ID is checked with the server's rules, a
 * refund asks for its reason; at validation the order takes its cash-register code from
 * the local block, so it is final even offline.
 */
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import { TextInputPopup } from "@point_of_sale/app/components/popups/text_input_popup/text_input_popup";
import { makeAwaitable } from "@point_of_sale/app/utils/make_awaitable_dialog";
import { patch } from "@web/core/utils/patch";
import { checkBuyerTaxId, checkPersonalId } from "./tax_ids";

export function buyerProblem(order) {
    const checks = [
        [order.l10n_vn_einvoice_buyer_tax_code || order.getPartner()?.vat, checkBuyerTaxId],
        [order.l10n_vn_einvoice_buyer_personal_id, checkPersonalId],
    ];
    for (const [value, check] of checks) {
        if (value) {
            const result = check(value);
            if (!result.ok) {
                return `${result.message}\n${result.messageVi}`;
            }
        }
    }
    return "";
}

patch(OrderPaymentValidation.prototype, {
    async askBeforeValidation() {
        const order = this.order;
        if (this.pos.config.l10n_vn_einvoice_enabled && (await this.pos.l10nVnApplyDatedVat(order))) {
            // Midnight on New Year's Eve passed while paying: the rates of the new date
            // changed what the buyer owes; the cashier sees the new amount due first.
            this.pos.dialog.add(AlertDialog, {
                title: "VAT changed with the date / Thuế GTGT thay đổi theo ngày",
                body:
                    "The VAT rules of today changed this order's total: check the amount due " +
                    "before validating.\nQuy định thuế GTGT của ngày hôm nay làm thay đổi tổng " +
                    "tiền của đơn: hãy kiểm tra số tiền phải thu trước khi xác nhận.",
            });
            return false;
        }
        if (order.l10nVnEnabled) {
            const problem = buyerProblem(order);
            if (problem) {
                this.pos.dialog.add(AlertDialog, {
                    title: "Invalid buyer tax code / Mã số thuế người mua không hợp lệ",
                    body: problem,
                });
                return false;
            }
            if (order.isRefund && !order.l10n_vn_einvoice_reason) {
                const reason = await makeAwaitable(this.pos.dialog, TextInputPopup, {
                    title: "Refund reason / Lý do trả hàng",
                    placeholder: "Lý do thay thế hóa đơn",
                });
                if (!reason) {
                    return false;
                }
                order.l10n_vn_einvoice_reason = reason;
            }
        }
        return super.askBeforeValidation(...arguments);
    },

    async finalizeValidation() {
        const order = this.order;
        if (order.l10nVnEnabled && !order.l10n_vn_einvoice_code) {
            order.l10n_vn_einvoice_code = this.pos.l10nVnTakeCode();
        }
        return super.finalizeValidation(...arguments);
    },
});
