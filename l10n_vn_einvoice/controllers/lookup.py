import re

from odoo import http
from odoo.http import content_disposition, request

from ..models.einvoice_document_delivery import FINAL_STATES

# Lookup codes, MCCQT (34) and cash-register codes (23) are letters, digits and dashes;
# anything else is refused before the database is asked (no LIKE pattern ever reaches it).
CODE = re.compile(r"^[A-Za-z0-9-]{6,40}$")
MST = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")  # 12 digits: a household business


class EinvoiceLookup(http.Controller):
    """The buyer's public page: a code in, the invoice's PDF or XML out, nothing else.

    No listing and no hint beyond "not found"; every try counts against a per-client limit
    kept in the database (several workers), and the form is CSRF-protected."""

    @http.route("/einvoice/lookup", type="http", auth="public", methods=["GET", "POST"],
                csrf=True)
    def einvoice_lookup(self, code="", mst="", file_format="pdf", **_kw):
        values = {"code": (code or "").strip(), "mst": (mst or "").strip(), "error": ""}
        if request.httprequest.method != "POST":
            return self._page(values)
        address = request.httprequest.remote_addr
        if not request.env["l10n_vn_einvoice.lookup.attempt"].sudo()._try_from(address):
            values["error"] = "too_many"
            return self._page(values, status=429, headers=[("Retry-After", "600")])
        doc = self._find(values["code"], values["mst"])
        if not doc:
            values["error"] = "not_found"
            return self._page(values, status=404)
        if file_format == "xml":
            attachment = doc.provider_xml_attachment_id or doc.xml_attachment_id
            mimetype = "application/xml"
        else:
            attachment = doc._l10n_vn_einvoice_pdf()
            mimetype = "application/pdf"
        return request.make_response(attachment.raw, headers=[
            ("Content-Type", mimetype),
            ("Content-Disposition", content_disposition(attachment.name)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ])

    def _find(self, code, mst):
        """The document of a lookup code, or of a tax-authority code with its seller MST."""
        if not CODE.match(code):
            return None
        Document = request.env["l10n_vn_einvoice.document"].sudo()
        candidates = list({code, code.upper()})
        final = ("state", "in", FINAL_STATES)
        doc = Document.search([final, ("lookup_code", "in", candidates)], limit=2)
        if not doc and MST.match(mst):
            doc = Document.search([final, ("tax_authority_code", "in", candidates),
                                   ("company_id.vat", "=", mst)], limit=2)
        # Two hits would mean a non-unique lookup code: answer as for none.
        return doc if len(doc) == 1 else None

    def _page(self, values, status=200, headers=None):
        return request.render("l10n_vn_einvoice.einvoice_lookup_page", values, status=status,
                              headers=(headers or []) + [("Cache-Control", "no-store")])
