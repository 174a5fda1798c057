import { Component, onWillDestroy, onWillUpdateProps, status, useRef } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const NOTIFICATION = "l10n_vn_einvoice.live";

/**
 * Placed on a form (e-invoice, invoice, POS order), follows the record's e-invoice
 * status: the server announces each state the worker commits on the record's own
 * channel (models/einvoice_live_status.py), and the form reads the record again — with
 * its chatter — unless the user has unsaved changes, which are never thrown away.
 */
export class EinvoiceLiveStatus extends Component {
    static template = "l10n_vn_einvoice.LiveStatus";
    static props = { ...standardWidgetProps };

    setup() {
        this.bus = useService("bus_service");
        this.root = useRef("root");
        this.onNotification = this.onNotification.bind(this);
        this.channel = "";
        this.follow(this.props.record);
        this.bus.subscribe(NOTIFICATION, this.onNotification);
        onWillUpdateProps((next) => this.follow(next.record));
        onWillDestroy(() => {
            this.bus.unsubscribe(NOTIFICATION, this.onNotification);
            this.follow(null);
        });
    }

    follow(record) {
        const channel = record?.resId
            ? `l10n_vn_einvoice.live:${record.resModel}:${record.resId}`
            : "";
        if (channel === this.channel) {
            return;
        }
        if (this.channel) {
            this.bus.deleteChannel(this.channel);
        }
        this.channel = channel;
        if (channel) {
            this.bus.addChannel(channel);
        }
    }

    async onNotification({ model, id }) {
        const record = this.props.record;
        if (model !== record.resModel || id !== record.resId || status(this) !== "mounted") {
            return;
        }
        // a form being left (a button opened another record) is not read again
        if ((await record.isDirty()) || status(this) !== "mounted") {
            return;
        }
        // A button's action in progress (this form's buttons disabled) or a dialog open
        // over the form (a wizard of its buttons): that action is what changed the state,
        // and the form is read again when it ends or the wizard closes; reading it
        // meanwhile raced that reload and left the buttons disabled or the dialog open.
        const form = this.root.el?.closest(".o_form_view");
        if (document.querySelector(".modal") ||
            form?.querySelector(".o_statusbar_buttons button:disabled")) {
            return;
        }
        await record.model.load();
    }
}

registry.category("view_widgets").add("l10n_vn_einvoice_live_status", {
    component: EinvoiceLiveStatus,
});
