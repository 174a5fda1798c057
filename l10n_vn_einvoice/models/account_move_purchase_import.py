"""Odoo's own import mechanism reads Vietnamese e-invoices (drop, upload, mail alias).

``account.document.import.mixin`` turns each file into ``file_data``, asks
``_get_import_file_type`` what it is and ``_get_edi_decoder`` who reads it, exactly as
``account_edi_ubl_cii`` plugs in UBL and Factur-X.  This file adds:

* ``_get_xml_tree``: every XML is parsed by the project's safe parser; a DOCTYPE, an
  entity or XInclude is refused before libxml2 sees the file (Odoo's own parse would
  expand it), and the refusal is kept with the file to be shown, bilingual;
* ``_get_import_file_type``: a document of the tax authority's standard (``HDon``, a
  ``TDiep``, or a 04/SS notice dropped by mistake) or a ``.zip`` is ours;
* ``_unwrap_attachment``: a zip's XML and PDF members become attachments of their own, so
  that each invoice in a folder of 500 gets its bill, with its PDF;
* ``_group_files_data_by_origin_attachment`` (the grouping of a drop or upload): the PDF
  goes with the XML of the same name, the zip itself makes no bill, and — when the journal
  upload asked for a report — an invoice already in Odoo or a refused file makes no bill
  either: they are reported instead (:mod:`.purchase_import_report`);
* ``_l10n_vn_einvoice_outcome``: one inbound read per file, kept in its ``file_data``,
  shared by the grouping, the mail alias and the decoder (one parse per document).
"""

import logging
import posixpath
from dataclasses import dataclass, field

from lxml import etree

from odoo import api, models
from odoo.tools.mimetypes import guess_mimetype

from ..standard import (
    codes,
    inbound,
    invoice_archive,
    purchase_bill,
    purchase_check_words,
    safe_xml,
)
from ..standard.errors import HostileXmlError, StandardError
from .purchase_import_report import ImportReport, report_of

_logger = logging.getLogger(__name__)

FILE_TYPE = "l10n_vn_einvoice"
ZIP_TYPE = "l10n_vn_einvoice.zip"
REFUSAL = "l10n_vn_einvoice_refusal"
OUTCOME = "l10n_vn_einvoice_outcome"
ZIP_ORIGIN = "l10n_vn_einvoice_zip"
# Roots of the standard's documents; only HDon (bare or in a TDiep) is an invoice.
STANDARD_ROOTS = {"HDon": "", "TDiep": "", "TBao": "04/SS-HĐĐT", "BTHDLieu": "01/TH-HĐĐT",
                  "BKDCTT": "01/BK-ĐCTT", "HSoThueDTu": "01/GTGT"}
# Bytes that mark an invoice of the standard, when its XML is too broken to parse.
STANDARD_MARKERS = (b"<HDon", b":HDon", b"<TDiep", b":TDiep", b"<DLHDon")


@dataclass
class Outcome:
    """What one file is for the purchase import: refused, already booked, or to book."""

    name: str
    refusal: tuple[str, str] | None = None
    result: inbound.InboundResult | None = None
    key: str = ""
    existing: object = None  # the bill already holding this invoice, if any
    stem: str = field(default="")


def _is_xml(file_data) -> bool:
    """The same test as the mixin's ``_get_xml_tree`` (mail attachments come as text)."""
    mimetype, name = file_data["mimetype"] or "", file_data["name"] or ""
    if "text/plain" in mimetype:
        return name.endswith(".xml") or guess_mimetype(file_data["raw"] or b"").endswith("/xml")
    return mimetype.endswith("/xml")


def _stem(name: str) -> str:
    return posixpath.splitext(posixpath.basename(name or ""))[0].lower()


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ reading files
    @api.model
    def _get_xml_tree(self, file_data):
        # EXTEND 'account': XML from outside is parsed safely, refusals are kept.
        if not _is_xml(file_data):
            return super()._get_xml_tree(file_data)
        raw = file_data["raw"] or b""
        ours = any(marker in raw for marker in STANDARD_MARKERS)
        if ours and len(raw) > safe_xml.DEFAULT_MAX_BYTES:
            limit, size = safe_xml.DEFAULT_MAX_BYTES // 2 ** 20, len(raw) / 2 ** 20
            file_data[REFUSAL] = (
                f"the e-invoice file is {size:.1f} MB, more than the {limit} MB an e-invoice "
                f"may have",
                f"tệp hóa đơn điện tử dung lượng {size:.1f} MB, vượt quá {limit} MB cho phép")
            return None
        try:
            # Other formats may be larger (UBL files embed their PDF): no size limit here.
            return safe_xml.parse_xml(raw, max_bytes=max(len(raw), 1))
        except HostileXmlError as error:
            file_data[REFUSAL] = (error.message, error.message_vi)
            return None
        except StandardError as error:
            if ours:
                file_data[REFUSAL] = (error.message, error.message_vi)
                return None
            return super()._get_xml_tree(file_data)

    @api.model
    def _get_import_file_type(self, file_data):
        # EXTEND 'account'
        tree = file_data["xml_tree"]
        if file_data.get(REFUSAL) or (
                tree is not None and etree.QName(tree).localname in STANDARD_ROOTS):
            return FILE_TYPE
        if invoice_archive.is_zip(file_data["raw"] or b"") and \
                (file_data["name"] or "").lower().endswith(".zip"):
            return ZIP_TYPE
        return super()._get_import_file_type(file_data)

    @api.model
    def _unwrap_attachment(self, file_data, recurse=True):
        # EXTEND 'account': each XML and PDF of a zip is a file of its own.
        if file_data["import_file_type"] != ZIP_TYPE:
            return super()._unwrap_attachment(file_data, recurse)
        try:
            members, refused = invoice_archive.read_archive(file_data["raw"])
        except StandardError as error:
            members, refused = [], [invoice_archive.Refused(file_data["name"], error.message,
                                                            error.message_vi)]
        file_data[REFUSAL + "_members"] = refused
        if not members:
            return []
        attachments = self.env["ir.attachment"].create([{
            "name": member.name, "raw": member.data,
            "mimetype": "application/pdf" if member.name.lower().endswith(".pdf")
            else "application/xml",
        } for member in members])
        unwrapped = self._to_files_data(attachments)
        for member_data in unwrapped:
            member_data[ZIP_ORIGIN] = file_data["origin_attachment"].id
        if recurse:
            unwrapped.extend(self._unwrap_attachments(unwrapped))
        return unwrapped

    @api.model
    def _get_edi_decoder(self, file_data, new=False):
        # EXTEND 'account'
        if file_data["import_file_type"] == FILE_TYPE:
            return {"priority": 30,
                    "decoder": self.env["l10n_vn_einvoice.bill_import"]._import_bill}
        return super()._get_edi_decoder(file_data, new)

    # ------------------------------------------------------------------ what a file is
    @api.model
    def _l10n_vn_einvoice_company(self):
        """The company the files are imported for: the journal's, as Odoo creates them."""
        journal_id = self.env.context.get("default_journal_id")
        if isinstance(journal_id, int) and journal_id:
            return self.env["account.journal"].browse(journal_id).company_id
        return self.env.company

    @api.model
    def _l10n_vn_einvoice_outcome(self, file_data, company=None):
        """Read a file of ours once and say what it is; kept in ``file_data``."""
        outcome = file_data.get(OUTCOME)
        if outcome is None:
            outcome = file_data[OUTCOME] = self._l10n_vn_einvoice_read(file_data)
        if outcome.key and outcome.existing is None:
            company = company or self._l10n_vn_einvoice_company()
            outcome.existing = self.sudo().search([
                ("company_id", "=", company.id), ("l10n_vn_einvoice_in_key", "=", outcome.key),
            ], limit=1).sudo(False)
        return outcome

    @api.model
    def _l10n_vn_einvoice_read(self, file_data):
        outcome = Outcome(file_data["name"] or "", stem=_stem(file_data["name"]))
        if file_data.get(REFUSAL):
            outcome.refusal = file_data[REFUSAL]
            return outcome
        root = etree.QName(file_data["xml_tree"]).localname
        if STANDARD_ROOTS.get(root):
            outcome.refusal = (
                f"this is a {STANDARD_ROOTS[root]} document, not an invoice",
                f"đây là tài liệu {STANDARD_ROOTS[root]}, không phải hóa đơn")
            return outcome
        result = inbound.read_inbound(file_data["xml_tree"])
        if result.invoice is None:
            # the tags and rules are for whoever asks the seller's provider: in the log
            _logger.info("e-invoice %s cannot be read: %s", outcome.name, "; ".join(
                f"{f.xpath}: {f.message}" for f in result.errors[:5]))
            outcome.refusal = purchase_check_words.unreadable_words(result.errors)
            return outcome
        outcome.result = result
        outcome.key = purchase_bill.key_of(result.invoice)
        if not codes.normalise_tax_id(result.invoice.seller.tax_code):
            outcome.refusal = ("the invoice names no seller tax code",
                               "hóa đơn không ghi mã số thuế người bán")
        return outcome

    # ------------------------------------------------------------------ grouping
    def _group_files_data_by_origin_attachment(self, files_data):
        # EXTEND 'account': a PDF goes with its XML, a zip makes no bill, and for the
        # journal's upload, known or refused invoices make no bill but a report line.
        groups = super()._group_files_data_by_origin_attachment(files_data)
        report = report_of(self.env)
        if report is None and not any(
                fd["import_file_type"] in (FILE_TYPE, ZIP_TYPE) for fd in files_data):
            return groups
        return self._l10n_vn_einvoice_screen_groups(groups, report)

    def _l10n_vn_einvoice_screen_groups(self, groups, report: ImportReport | None):
        kept, xml_groups, pdf_groups, keys = [], {}, [], {}
        for group in groups:
            first = group[0]
            kind = first["import_file_type"]
            if kind == ZIP_TYPE and len(group) == 1:
                if report is not None:
                    report.refuse_members(first["name"], first.get(REFUSAL + "_members", ()))
                continue
            if kind == FILE_TYPE and report is not None:
                outcome = self._l10n_vn_einvoice_outcome(first)
                if outcome.refusal:
                    report.refuse(outcome.name, *outcome.refusal)
                    continue
                if outcome.existing:
                    report.present(outcome.name, outcome.existing)
                    continue
                if outcome.key in keys:
                    report.refuse(outcome.name, f"the same invoice as {keys[outcome.key]}",
                                  f"trùng hóa đơn với tệp {keys[outcome.key]}")
                    continue
                keys[outcome.key] = outcome.name
            if kind == FILE_TYPE:
                xml_groups.setdefault((first.get(ZIP_ORIGIN), _stem(first["name"])), group)
            elif kind == "pdf" and len(group) == 1:
                pdf_groups.append(group)
                continue
            kept.append(group)
        for group in pdf_groups:
            pdf = group[0]
            partner = xml_groups.get((pdf.get(ZIP_ORIGIN), _stem(pdf["name"])))
            if partner is not None:
                partner.extend(group)
            else:
                kept.append(group)
        if report is not None:
            report.kept_names = [group[0]["name"] for group in kept]
        return kept
