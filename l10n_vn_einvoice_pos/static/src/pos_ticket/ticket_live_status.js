import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

const NOTIFICATION = "l10n_vn_einvoice.ticket_live";

/**
 * The buyer's ticket page follows the status the worker changes: the page carries its
 * bus channel (a keyed hash of the ticket's token, models/pos_order_live_status.py);
 * on a notification it reads itself again through the token and shows the new status
 * in place, without a reload.  Once the status is final the page carries no channel
 * any more and the page stops listening.
 */
export class TicketLiveStatus extends Interaction {
    static selector = ".l10n-vn-ticket-page[data-live-channel]";

    setup() {
        this.bus = this.services.bus_service;
        this.channel = this.el.dataset.liveChannel;
        this.url = this.el.dataset.liveUrl;
        this.onNotification = this.onNotification.bind(this);
    }

    start() {
        this.bus.subscribe(NOTIFICATION, this.onNotification);
        this.bus.addChannel(this.channel);
        this.registerCleanup(() => this.stopListening());
    }

    stopListening() {
        if (this.channel) {
            this.bus.unsubscribe(NOTIFICATION, this.onNotification);
            this.bus.deleteChannel(this.channel);
            this.channel = "";
        }
    }

    async onNotification() {
        if (!this.channel) {
            return;
        }
        const response = await this.waitFor(fetch(this.url, { credentials: "same-origin" }));
        if (!response.ok) {
            return;
        }
        const html = await this.waitFor(response.text());
        const fresh = new DOMParser()
            .parseFromString(html, "text/html")
            .querySelector(".l10n-vn-ticket-page");
        if (!fresh) {
            return;
        }
        this.el.replaceChildren(...fresh.childNodes);
        if (fresh.dataset.liveChannel !== this.channel) {
            this.stopListening();
        }
    }
}

registry
    .category("public.interactions")
    .add("l10n_vn_einvoice.ticket_live_status", TicketLiveStatus);
