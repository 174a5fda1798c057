/**
 * VAT by the date of the sale, at the register (offline too):
 * - a direct-method seller's order carries the 20 % reduction of its VAT percentage as a
 *   line on the addon's reduction product, priced by the rule of standard/money.py
 *   (per VAT sector round(revenue × percentage × 20 %), summed) while a reduction
 *   resolution is in force (the periods come from standard/regimes.py via the config);
 * - once the reduction has ended (1 January 2027, Vietnam time), lines still on the
 *   reduced 8 % tax switch to its 10 % successor.
 * Both run when the cashier goes to payment and again just before validation, so a sale
 * paid across midnight on New Year's Eve follows the date it is issued on.
 */
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { patch } from "@web/core/utils/patch";

const VN_ZONE = "Asia/Ho_Chi_Minh";
// standard/money.py DIRECT_METHOD_RATES: VAT percentage on revenue by sector.
const SECTOR_RATES = { distribution: 1, services: 5, production: 3, transport: 3, other: 2 };

export function vnToday() {
    return luxon.DateTime.now().setZone(VN_ZONE).toISODate();
}

export function reductionOn(config, isoDate) {
    return (
        (config.l10n_vn_einvoice_reduction_periods || []).find(
            ([first, last]) => first <= isoDate && isoDate <= last
        ) || null
    );
}

/** standard/money.py format_amount_vi: 1.234.567 (VND), 1.234,50 otherwise. */
export function formatAmountVi(amount, digits) {
    const [whole, decimals] = Math.abs(amount).toFixed(digits).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return decimals ? `${grouped},${decimals}` : grouped;
}

/** The prescribed note, worded as standard/money.py DIRECT_METHOD_NOTE_VI. */
function reductionNote(config, reduction, period) {
    return (config.l10n_vn_einvoice_reduction_note || "")
        .replace("{amount}", formatAmountVi(reduction, config.currency_id?.decimal_places ?? 0))
        .replace("{currency}", config.l10n_vn_einvoice_currency_word || "")
        .replace("{resolution}", period[2]);
}

patch(PosOrderline.prototype, {
    /** The reduction line reads as the note the law prescribes, on screen and receipt. */
    setFullProductName() {
        super.setFullProductName(...arguments);
        const config = this.config;
        const period = config && reductionOn(config, vnToday());
        if (period && this.product_id?.id === config.l10n_vn_einvoice_reduction_product_id?.id) {
            this.full_product_name = reductionNote(config, -this.price_unit, period);
        }
    },
});

patch(PosStore.prototype, {
    get l10nVnDirectMethod() {
        const config = this.config;
        return Boolean(
            config.l10n_vn_einvoice_enabled &&
                !config.l10n_vn_einvoice_deduction &&
                config.l10n_vn_einvoice_reduction_product_id
        );
    },

    l10nVnIsReductionLine(line) {
        return line.product_id?.id === this.config.l10n_vn_einvoice_reduction_product_id?.id;
    },

    /** The reduction the rule gives for the order's goods on the Vietnam date. */
    l10nVnReduction(order) {
        const period = reductionOn(this.config, vnToday());
        if (!period) {
            return 0;
        }
        const bySector = {};
        for (const line of order.lines) {
            const sector = line.product_id?.l10n_vn_einvoice_reduction_sector;
            if (sector && !this.l10nVnIsReductionLine(line)) {
                bySector[sector] = (bySector[sector] || 0) + line.priceIncl;
            }
        }
        const currency = this.currency;
        let reduction = 0;
        for (const sector of Object.keys(bySector).sort()) {
            const share = (bySector[sector] * SECTOR_RATES[sector]) / 500;
            reduction += Math.sign(share) * currency.round(Math.abs(share));
        }
        return currency.round(reduction);
    },

    /** Create, reprice or remove the reduction line; true when the total changed. */
    async l10nVnPriceReduction(order) {
        if (!this.l10nVnDirectMethod || order.lines.some((l) => l.refunded_orderline_id)) {
            return false;
        }
        const before = order.priceIncl;
        const reduction = this.l10nVnReduction(order);
        const existing = order.lines.filter((line) => this.l10nVnIsReductionLine(line));
        for (const line of existing.slice(reduction ? 1 : 0)) {
            line.delete();
        }
        if (reduction && existing.length) {
            existing[0].setUnitPrice(-reduction);
            existing[0].setFullProductName();
        } else if (reduction) {
            const product = this.config.l10n_vn_einvoice_reduction_product_id;
            await this.addLineToOrder(
                {
                    product_id: product,
                    product_tmpl_id: product.product_tmpl_id,
                    price_unit: -reduction,
                    qty: 1,
                    tax_ids: [],
                },
                order,
                {},
                false
            );
        }
        return order.priceIncl !== before;
    },

    /** After the reduction has ended, the 8 % tax becomes its 10 % successor. */
    l10nVnMapEndedTaxes(order) {
        if (
            !this.config.l10n_vn_einvoice_enabled ||
            reductionOn(this.config, vnToday()) ||
            order.lines.some((l) => l.refunded_orderline_id)
        ) {
            return false;
        }
        const before = order.priceIncl;
        for (const line of order.lines) {
            const taxes = line.tax_ids || [];
            const ended = (tax) =>
                tax.l10n_vn_einvoice_rate_code === "8%" && tax.l10n_vn_einvoice_successor_tax_id;
            if (taxes.some(ended)) {
                line.update({
                    tax_ids: [
                        ["set", ...taxes.map((tax) => ended(tax) ? tax.l10n_vn_einvoice_successor_tax_id : tax)],
                    ],
                });
            }
        }
        order.triggerRecomputeAllPrices?.();
        return order.priceIncl !== before;
    },

    /** Both rules on the order; true when what the buyer owes changed. */
    async l10nVnApplyDatedVat(order) {
        const mapped = this.l10nVnMapEndedTaxes(order);
        const repriced = await this.l10nVnPriceReduction(order);
        return mapped || repriced;
    },

    async pay() {
        const order = this.getOrder();
        if (order && this.config.l10n_vn_einvoice_enabled) {
            await this.l10nVnApplyDatedVat(order);
        }
        return super.pay(...arguments);
    },
});
