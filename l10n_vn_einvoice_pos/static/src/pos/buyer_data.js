/**
 * A buyer with a tax code is named and located on the invoice (NĐ 123/2020 Đ10 k5,
 * Đ11 k3): the buyer dialog refuses to close, and the order to validate, with a tax code
 * and no name or address.  The server applies the same rule to what reaches it anyway
 * (models/pos_order_buyer_data.py).
 */
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import { patch } from "@web/core/utils/patch";
import { EinvoiceBuyerDialog } from "./buyer_dialog";
import { checkBuyerTaxId } from "./tax_ids";

// The country alone (a contact with a country and nothing else) is no address.
const COUNTRY_ONLY = new Set(["việt nam", "viet nam", "vietnam"]);

export function addressGiven(address) {
    return (address || "")
        .split(/[,\n]/)
        .map((part) => part.trim())
        .some((part) => part && !COUNTRY_ONLY.has(part.toLowerCase()));
}

/** Why a buyer with this (valid) tax code cannot be invoiced as given, or "". */
export function buyerDataProblem({ taxCode, name, address }) {
    if (!(taxCode || "").trim() || !checkBuyerTaxId(taxCode).ok) {
        return ""; // no tax code, or a wrong one the tax-code check explains
    }
    const missing = [];
    const missingVi = [];
    if (!(name || "").trim()) {
        missing.push("name");
        missingVi.push("tên");
    }
    if (!addressGiven(address)) {
        missing.push("address");
        missingVi.push("địa chỉ");
    }
    if (!missing.length) {
        return "";
    }
    return (
        `A buyer with a tax code needs its ${missing.join(" and ")} on the invoice: ` +
        `type the company name (or the buyer's name) and the address.\n` +
        `Người mua có mã số thuế phải có ${missingVi.join(" và ")} trên hóa đơn: ` +
        `hãy nhập tên đơn vị (hoặc họ tên người mua) và địa chỉ.`
    );
}

/** The buyer an order's invoice will carry: typed at the till first, then the customer. */
export function orderBuyerDataProblem(order, values = order) {
    const partner = order.getPartner();
    return buyerDataProblem({
        taxCode: values.l10n_vn_einvoice_buyer_tax_code || partner?.vat,
        name:
            values.l10n_vn_einvoice_buyer_company_name ||
            values.l10n_vn_einvoice_buyer_name ||
            partner?.name,
        address: values.l10n_vn_einvoice_buyer_address || partner?.pos_contact_address,
    });
}

patch(EinvoiceBuyerDialog.prototype, {
    confirm() {
        const problem = orderBuyerDataProblem(this.props.order, this.state);
        if (problem) {
            this.state.error = problem;
            return;
        }
        return super.confirm(...arguments);
    },
});

patch(OrderPaymentValidation.prototype, {
    async askBeforeValidation() {
        const problem = this.order.l10nVnEnabled && orderBuyerDataProblem(this.order);
        if (problem) {
            this.pos.dialog.add(AlertDialog, {
                title: "Buyer's name and address missing / Thiếu tên, địa chỉ người mua",
                body: problem,
            });
            return false;
        }
        return super.askBeforeValidation(...arguments);
    },
});
