"""The buyer's public page: a code (and, for printed codes, the seller's MST and the
total) in, the invoice's status and its PDF or XML out, nothing else.

The rules of what may be found and served are the document's
(``models/einvoice_document_lookup.py``), the counting of tries is the limiter's
(``models/einvoice_lookup_attempt.py``), the client's address is
``client_address.py``'s.  Codes arrive only in POST bodies: a QR code carries them in its
URL's fragment, which the page's script posts (``static/src/lookup/``), so they never sit
in a query string that access logs and proxies keep.
"""

from odoo import http
from odoo.http import content_disposition, request
from odoo.tools import config

from ..models.einvoice_document_lookup import normalise_query
from ..models.einvoice_lookup_attempt import count_try
from .client_address import DEFAULT_TRUSTED_PROXIES, TRUSTED_PROXIES, client_key

FILE_FORMATS = ("pdf", "xml")


def public_client_address():
    """The client's address as the public pages count it (trusted proxies only)."""
    trusted = request.env["ir.config_parameter"].sudo().get_param(
        TRUSTED_PROXIES, DEFAULT_TRUSTED_PROXIES)
    return client_key(request.httprequest.environ, config["proxy_mode"], trusted)


def count_public_try():
    """Seconds to wait before trying again (0: go on), for every public page that looks
    something up by a code or token; counted in its own committed transaction so that a
    failing request still counts."""
    with request.env.registry.cursor() as cr:
        return count_try(cr, public_client_address(), request.session.sid)


class EinvoiceLookup(http.Controller):

    @http.route("/einvoice/lookup", type="http", auth="public", methods=["GET", "POST"],
                csrf=True, sitemap=False)
    def einvoice_lookup(self, code="", mst="", amount="", file_format="", **_kw):
        if request.httprequest.method != "POST":
            # A query string (an old printed QR code) is neither looked up nor repeated.
            return self._page({})
        code, mst, amount = normalise_query(code, mst, amount)
        query = {"code": code, "mst": mst, "amount": amount}
        wait = self._count_try()
        if wait:
            return self._page({**query, "error": "too_many", "wait_minutes": -(-wait // 60)},
                              status=429, headers=[("Retry-After", str(wait))])
        Document = request.env["l10n_vn_einvoice.document"].sudo()
        doc = Document._l10n_vn_einvoice_find_public(code, mst, amount)
        if not doc:
            return self._page({**query, "error": "not_found"}, status=404)
        if file_format not in FILE_FORMATS:
            return self._page({**query, "result": doc._l10n_vn_einvoice_public_view()})
        found = doc._l10n_vn_einvoice_public_file(file_format)
        if not found:
            return self._page({**query, "error": "unavailable"}, status=404)
        name, content, mimetype = found
        return request.make_response(content, headers=[
            ("Content-Type", mimetype),
            ("Content-Disposition", content_disposition(name)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ])

    def _count_try(self):
        return count_public_try()

    def _page(self, values, status=200, headers=None):
        values = {"code": "", "mst": "", "amount": "", "error": "", "result": None, **values}
        return request.render("l10n_vn_einvoice.einvoice_lookup_page", values, status=status,
                              headers=(headers or []) + [("Cache-Control", "no-store"),
                                                         ("Referrer-Policy", "no-referrer")])
