/** The receipt of a Vietnamese e-invoice: amounts of the per-rate VAT table without the
 * currency symbol, so the three columns fit 58 mm paper (the Total line above carries the
 * currency), and units named as Vietnamese invoices name them. */
import { Orderline } from "@point_of_sale/app/components/orderline/orderline";
import { OrderReceipt } from "@point_of_sale/app/screens/receipt_screen/receipt/order_receipt";
import { formatCurrency } from "@web/core/currency";
import { patch } from "@web/core/utils/patch";

patch(OrderReceipt.prototype, {
    l10nVnAmount(amount) {
        return formatCurrency(amount, this.order.currency.id, { noSymbol: true });
    },
});

patch(Orderline.prototype, {
    /** On a Vietnamese e-invoice receipt, "26.337 ₫ / Cái", not "/ Units". */
    get lineScreenValues() {
        const values = super.lineScreenValues;
        const line = this.line;
        const unit = line.product_id?.uom_id;
        if (values.displayPriceUnit && values.isReceipt && line.order_id?.l10nVnEnabled) {
            values.displayPriceUnit = `${line.currencyDisplayPriceUnit} / ${
                unit?.l10n_vn_einvoice_name || unit?.name || ""
            }`;
        }
        return values;
    },
});
