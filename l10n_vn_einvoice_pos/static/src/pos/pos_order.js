/** What the receipt prints to be the legal cash-register invoice (NĐ 123 Đ11 k3). */
import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { generateQRCodeDataUrl } from "@point_of_sale/utils";
import { patch } from "@web/core/utils/patch";

// Rate groups in the order of the XML (standard/money.py rate_sort_key).
const RATE_ORDER = ["0%", "5%", "8%", "10%", "KHAC", "KCT", "KKKNT"];
const STATUS_LABELS = {
    accepted: "accepted / đã được chấp nhận",
    sent: "sent, awaiting the tax authority / đã gửi, chờ cơ quan thuế",
    error: "failed / lỗi gửi",
    rejected: "rejected / bị từ chối",
    replaced: "replaced / đã bị thay thế",
    voided: "voided / đã hủy",
};

/** The e-invoice rate of a line: its code (KCT is not 0 %) and the percentage of VAT. */
function lineRate(line) {
    const tax =
        line.tax_ids.find((t) => t.l10n_vn_einvoice_rate_code) ||
        line.tax_ids.find((t) => t.amount_type === "percent");
    const code = tax?.l10n_vn_einvoice_rate_code || (tax ? `${tax.amount}%` : "KCT");
    if (code === "KHAC") {
        return { code, label: `KHAC ${tax.amount}%`, percent: tax.amount };
    }
    const percent = code.endsWith("%") ? parseFloat(code) : 0;
    return { code, label: code, percent };
}

patch(PosOrder.prototype, {
    get l10nVnEnabled() {
        return Boolean(
            this.config.l10n_vn_einvoice_enabled &&
                this.config.l10n_vn_einvoice_kind === "cash_register" &&
                !this.isToInvoice()
        );
    },

    /** When the invoice is issued, in Vietnam time: the order's date once validated. */
    get l10nVnIssueMoment() {
        const date = this.date_order;
        const moment =
            typeof date === "string"
                ? luxon.DateTime.fromSQL(date, { zone: "utc" })
                : date || luxon.DateTime.now();
        return moment.setZone("Asia/Ho_Chi_Minh");
    },

    /** Full symbol printed top-right: form digit + symbol with the issue year. */
    get l10nVnSymbol() {
        const symbol = this.config.l10n_vn_einvoice_symbol || "";
        const year = String(this.l10nVnIssueMoment.year % 100);
        return `${this.config.l10n_vn_einvoice_form || ""}${symbol.slice(0, 1)}${year.padStart(2, "0")}${symbol.slice(3)}`;
    },

    /** The legal per-rate table: net, VAT and total per e-invoice rate (KCT, KKKNT and
     * KHAC written as such), split from the paid prices as the server does. */
    get l10nVnRates() {
        const groups = {};
        for (const line of this.lines) {
            const rate = lineRate(line);
            const gross = line.priceIncl;
            const net = this.currency.round((gross * 100) / (100 + rate.percent));
            const group = (groups[rate.label] ||= { ...rate, net: 0, vat: 0, total: 0 });
            group.net += net;
            group.total += gross;
            group.vat = this.currency.round(group.total - group.net);
        }
        return Object.values(groups).sort(
            (a, b) => RATE_ORDER.indexOf(a.code) - RATE_ORDER.indexOf(b.code) || a.percent - b.percent
        );
    },

    get l10nVnRateTotals() {
        const rates = this.l10nVnRates;
        const net = rates.reduce((sum, rate) => sum + rate.net, 0);
        const vat = rates.reduce((sum, rate) => sum + rate.vat, 0);
        return { net, vat };
    },

    /** Time of issue as the receipt prints it: Vietnam time, whatever the till's zone. */
    get l10nVnIssuedAt() {
        return this.l10nVnIssueMoment.toFormat("dd/MM/yyyy HH:mm");
    },

    /** What the buyer button shows once a buyer is typed. */
    get l10nVnBuyerLabel() {
        return (
            this.l10n_vn_einvoice_buyer_company_name ||
            this.l10n_vn_einvoice_buyer_name ||
            this.l10n_vn_einvoice_buyer_tax_code ||
            ""
        );
    },

    get l10nVnBuyerLines() {
        const partner = this.getPartner();
        const company = this.l10n_vn_einvoice_buyer_company_name;
        return [
            company || this.l10n_vn_einvoice_buyer_name || partner?.name,
            company && this.l10n_vn_einvoice_buyer_name,
            (this.l10n_vn_einvoice_buyer_tax_code || partner?.vat) &&
                `MST: ${this.l10n_vn_einvoice_buyer_tax_code || partner?.vat}`,
            this.l10n_vn_einvoice_buyer_address || partner?.pos_contact_address,
            this.l10n_vn_einvoice_buyer_personal_id,
            this.l10n_vn_einvoice_buyer_phone || partner?.phone,
            this.l10n_vn_einvoice_buyer_email || partner?.email,
        ].filter(Boolean);
    },

    /**
     * Lookup data: seller MST, code, date and total, behind the lookup address.  On this
     * addon's own lookup page they ride in the #fragment, which the page posts and which
     * never reaches an access log; another site's address gets them as it expects them.
     */
    get l10nVnLookupData() {
        const base = this.config.l10n_vn_einvoice_lookup_url || "";
        const params = new URLSearchParams({
            mst: this.config.l10n_vn_einvoice_seller_vat || "",
            code: this.l10n_vn_einvoice_code || "",
            date: this.l10nVnIssueMoment.toISODate(),
            total: String(this.priceIncl),
        });
        if (!base) {
            return params.toString();
        }
        if (/\/einvoice\/lookup\/?$/.test(base.split("#")[0])) {
            return `${base.split("#")[0]}#${params}`;
        }
        return `${base}${base.includes("?") ? "&" : "?"}${params}`;
    },

    get l10nVnQrCode() {
        return generateQRCodeDataUrl(this.l10nVnLookupData);
    },

    /** Why this receipt is not a valid invoice (printed plainly), or "". */
    get l10nVnProblem() {
        if (this.config.l10n_vn_einvoice_config_error) {
            return this.config.l10n_vn_einvoice_config_error;
        }
        if (!this.l10n_vn_einvoice_code) {
            return "No cash-register code was available / Chưa có mã hóa đơn máy tính tiền";
        }
        return "";
    },

    /** The transmission status as the server last said it (refreshed on the receipt). */
    get l10nVnStatusLabel() {
        return STATUS_LABELS[this.uiState.l10nVnStatus] || "pending / chờ gửi";
    },
});
