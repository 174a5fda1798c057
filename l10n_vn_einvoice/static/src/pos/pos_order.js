/** What the receipt prints to be the legal cash-register invoice (NĐ 123 Đ11 k3). */
import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { generateQRCodeDataUrl } from "@point_of_sale/utils";
import { patch } from "@web/core/utils/patch";

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

    /** Net, VAT and total per rate, split from the paid prices as the server does. */
    get l10nVnRates() {
        const groups = {};
        for (const line of this.lines) {
            const tax = line.tax_ids.find((t) => t.amount_type === "percent");
            const rate = tax ? tax.amount : 0;
            const gross = line.priceIncl;
            const net = this.currency.round((gross * 100) / (100 + rate));
            const group = (groups[rate] ||= { rate: `${rate}%`, net: 0, vat: 0, total: 0 });
            group.net += net;
            group.total += gross;
            group.vat = group.total - group.net;
        }
        return Object.keys(groups)
            .sort((a, b) => a - b)
            .map((key) => groups[key]);
    },

    get l10nVnBuyerLines() {
        const partner = this.getPartner();
        return [
            this.l10n_vn_einvoice_buyer_name || partner?.name,
            this.l10n_vn_einvoice_buyer_tax_code || partner?.vat,
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

    get l10nVnStatusLabel() {
        const state = this.uiState.l10nVnStatus;
        if (state === "accepted") {
            return "sent / đã gửi";
        }
        if (state === "error" || state === "rejected") {
            return "failed / lỗi gửi";
        }
        return "pending / chờ gửi";
    },
});
