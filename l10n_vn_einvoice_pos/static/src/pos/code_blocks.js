/**
 * Cash-register codes made in the browser from blocks the server reserved for this POS.
 *
 * Blocks live in localStorage (one key per POS config), so a register that loses the
 * network — or is reloaded while offline — keeps issuing codes; a spare block is fetched
 * whenever the server is reachable.  Each number is consumed before the order is saved:
 * a crash between the two leaves an unused number, never a repeated one.
 */
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { patch } from "@web/core/utils/patch";

const VN_ZONE = "Asia/Ho_Chi_Minh";

function pad(number, size) {
    return String(number).padStart(size, "0");
}

patch(PosStore.prototype, {
    async afterProcessServerData() {
        const result = await super.afterProcessServerData(...arguments);
        if (this.l10nVnCashRegister) {
            this.l10nVnEnsureBlocks();
        }
        return result;
    },

    get l10nVnCashRegister() {
        return (
            this.config.l10n_vn_einvoice_enabled &&
            this.config.l10n_vn_einvoice_kind === "cash_register"
        );
    },

    get l10nVnStorageKey() {
        return `l10n_vn_einvoice.blocks.${this.config.id}`;
    },

    l10nVnIssueYear() {
        return luxon.DateTime.now().setZone(VN_ZONE).year;
    },

    l10nVnBlocks() {
        try {
            return JSON.parse(localStorage.getItem(this.l10nVnStorageKey) || "[]");
        } catch {
            return [];
        }
    },

    l10nVnSaveBlocks(blocks) {
        localStorage.setItem(this.l10nVnStorageKey, JSON.stringify(blocks));
    },

    l10nVnUsableBlocks(year) {
        const config = this.config;
        return this.l10nVnBlocks().filter(
            (b) =>
                b.year === year &&
                b.form === config.l10n_vn_einvoice_form &&
                b.authority_string === config.l10n_vn_einvoice_authority_string &&
                b.next <= b.last
        );
    },

    /** Keep the current block and a spare (only while the server can be reached); in
     * December also two blocks of the coming year, so a register that is offline at
     * midnight on New Year's Eve issues codes of the new year, never of the old one. */
    async l10nVnEnsureBlocks() {
        const now = luxon.DateTime.now().setZone(VN_ZONE);
        const years = now.month === 12 ? [now.year, now.year + 1] : [now.year];
        if (
            this.l10nVnFetching ||
            years.every((year) => this.l10nVnUsableBlocks(year).length >= 2)
        ) {
            return;
        }
        this.l10nVnFetching = true;
        try {
            for (const year of years) {
                await this.l10nVnFillBlocks(year);
            }
        } catch {
            // Offline: the codes already held keep the register selling.
        } finally {
            this.l10nVnFetching = false;
        }
    },

    async l10nVnFillBlocks(year) {
        while (this.l10nVnUsableBlocks(year).length < 2) {
            const block = await this.data.call(
                "pos.config",
                "l10n_vn_einvoice_reserve_block",
                [this.config.id, year],
                {},
                false
            );
            const blocks = this.l10nVnBlocks().filter((b) => b.next <= b.last);
            blocks.push({ ...block, next: block.first });
            this.l10nVnSaveBlocks(blocks);
        }
    },

    /** The next code, or false when no block is left (the server then assigns one). */
    l10nVnTakeCode() {
        const year = this.l10nVnIssueYear();
        const blocks = this.l10nVnBlocks();
        const block = blocks
            .filter((b) => this.l10nVnUsableBlocks(year).some((u) => u.id === b.id))
            .sort((a, b) => a.first - b.first)[0];
        if (!block) {
            this.l10nVnEnsureBlocks();
            return false;
        }
        const sequence = block.next;
        block.next += 1;
        this.l10nVnSaveBlocks(blocks);
        this.l10nVnEnsureBlocks();
        return `M${block.form}-${pad(year % 100, 2)}-${block.authority_string}-${pad(sequence, 11)}`;
    },

    async l10nVnRefreshStatus(orders) {
        const uuids = orders.filter((o) => o.l10n_vn_einvoice_code).map((o) => o.uuid);
        if (!uuids.length) {
            return;
        }
        try {
            const status = await this.data.call(
                "pos.order",
                "l10n_vn_einvoice_status",
                [uuids],
                {},
                false
            );
            for (const order of orders) {
                if (status[order.uuid]) {
                    order.uiState.l10nVnStatus = status[order.uuid].state;
                }
            }
        } catch {
            // Offline: the status stays "pending" on screen.
        }
    },
});
