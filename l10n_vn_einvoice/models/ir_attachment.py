"""The files of an e-invoice are legal records kept for 10 years: once attached, nobody
changes, re-links or deletes them — not through the document (its file fields are
closed to users) and not through ``ir.attachment`` either, where anyone who may write the
document could otherwise write the file (issue 11 §3)."""

import base64

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# Writes that leave a guarded file as it is: Odoo's share links, and the storage
# migration (``force_storage``), which rewrites the same bytes and mimetype.
HARMLESS = {"access_token"}
SAME_CONTENT = {"raw", "datas", "mimetype"}
DOCUMENT_FILE_FIELDS = ("xml_attachment_id", "pdf_attachment_id",
                        "provider_xml_attachment_id", "correction_list_attachment_id")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_files(self):
        """{attachment id: name of the e-invoice or summary table it is a file of}."""
        if not self.ids:
            return {}
        self.env["l10n_vn_einvoice.document"].flush_model(
            [*DOCUMENT_FILE_FIELDS, "notice_attachment_ids"])
        self.env["l10n_vn_einvoice.summary_table"].flush_model(["xml_attachment_id", "state"])
        self.env.cr.execute("""
            SELECT file_id, d.name
              FROM l10n_vn_einvoice_document d,
                   unnest(ARRAY[d.xml_attachment_id, d.pdf_attachment_id,
                                d.provider_xml_attachment_id,
                                d.correction_list_attachment_id]) AS file_id
             WHERE (d.xml_attachment_id = ANY(%(ids)s) OR d.pdf_attachment_id = ANY(%(ids)s)
                    OR d.provider_xml_attachment_id = ANY(%(ids)s)
                    OR d.correction_list_attachment_id = ANY(%(ids)s))
               AND file_id = ANY(%(ids)s)
            UNION ALL
            SELECT r.attachment_id, d.name
              FROM l10n_vn_einvoice_document_notice_rel r
              JOIN l10n_vn_einvoice_document d ON d.id = r.document_id
             WHERE r.attachment_id = ANY(%(ids)s)
            UNION ALL
            SELECT t.xml_attachment_id, t.name
              FROM l10n_vn_einvoice_summary_table t
             WHERE t.xml_attachment_id = ANY(%(ids)s) AND t.state != 'draft'
        """, {"ids": list(self.ids)})
        return dict(self.env.cr.fetchall())

    def _l10n_vn_einvoice_changes(self, vals):
        """The fields of ``vals`` that would change this attachment."""
        changes = set(vals) - HARMLESS
        if "thumbnail" in changes and not self.thumbnail:
            # The chatter makes a PDF's preview image once, when it first shows the file
            # (mail's /mail/attachment/update_thumbnail); a preview never replaces one.
            changes.discard("thumbnail")
        if not changes <= SAME_CONTENT:
            return changes
        if "raw" in vals or "datas" in vals:
            raw = vals["raw"] if "raw" in vals else base64.b64decode(vals["datas"] or b"")
            raw = raw.encode() if isinstance(raw, str) else raw or b""
            if self._compute_checksum(raw) != self.checksum:
                return changes
        if "mimetype" in vals and vals["mimetype"] != self.mimetype:
            return changes
        return set()

    def write(self, vals):
        # EXTEND 'base': the files of e-invoices are read-only for everyone.
        files = self._l10n_vn_einvoice_files()
        for attachment in self.browse(list(files)):
            changes = attachment._l10n_vn_einvoice_changes(vals)
            if changes:
                raise AccessError(self.env._(
                    "File %(file)s belongs to %(record)s and is kept unchanged for 10 "
                    "years (%(fields)s cannot be written); correct the invoice by an "
                    "adjustment or a replacement.\nTệp %(file)s thuộc %(record)s, được lưu "
                    "trữ nguyên vẹn 10 năm, không thể sửa; hãy điều chỉnh hoặc thay thế hóa "
                    "đơn.",
                    file=attachment.name, record=files[attachment.id],
                    fields=", ".join(sorted(changes))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_einvoice_files(self):
        # EXTEND 'base': e-invoice XML/PDF files are legal records kept for 10 years.
        files = self._l10n_vn_einvoice_files()
        if files:
            raise UserError(self.env._(
                "This file belongs to e-invoice %(name)s and must be kept for 10 years.\n"
                "Tệp này thuộc hóa đơn điện tử %(name)s, phải lưu trữ 10 năm.",
                name=next(iter(files.values()))))
