import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/** A file the addon keeps (the XML, the provider's XML, the PDF) shown by its name as a
 *  download link: the default many2one opened the technical attachment form instead. */
export class AttachmentDownloadField extends Component {
    static template = "l10n_vn_einvoice.AttachmentDownloadField";
    static props = { ...standardFieldProps };

    get attachment() {
        return this.props.record.data[this.props.name];
    }

    get url() {
        return `/web/content/${this.attachment.id}?download=true`;
    }
}

registry.category("fields").add("l10n_vn_einvoice_download", {
    component: AttachmentDownloadField,
    displayName: "File download",
    supportedTypes: ["many2one"],
    relatedFields: [{ name: "display_name", type: "char" }],
});
