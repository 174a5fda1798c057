"""List 01/BK-ĐCTT: the invoices one adjusting or replacing invoice corrects (NĐ 70/2025
k13 Đ1; NĐ 254/2026).

The tax authority publishes the list as a paper form, not as an XML schema, and only its
number and date travel in the invoice (``SBKCLQuan``/``NBKCLQuan``).  It is kept as an XML
attachment of the correcting e-invoice, with tag names in the style of the standard, so
that it is machine-readable, diffable in tests and printable by any XML viewer; the seller
presents it on request."""

from lxml import etree

from odoo.exceptions import UserError

from ..standard import regimes, validate
from ..standard.numbers_format import date_to_text
from .account_move import problems_message

# Phụ lục XVII cause codes as an Odoo selection (the move, the document and the wizard).
CAUSE_SELECTION = [(c.code, f"{c.code} - {c.label_en}") for c in regimes.CAUSE_CODES]
FORM = "01/BK-ĐCTT"
TITLE = "Bảng kê hóa đơn điện tử được điều chỉnh, thay thế"


def _text(parent, tag, value):
    if value in (None, "", False):
        return
    etree.SubElement(parent, tag).text = date_to_text(value) if hasattr(
        value, "isoformat") else str(value)


def build_correction_list(doc, originals, number, date):
    """The list of ``originals`` corrected by the e-invoice ``doc``, as UTF-8 XML."""
    root = etree.Element("BKDCTT")
    head = etree.SubElement(root, "TTChung")
    for tag, value in (("MSo", FORM), ("Ten", TITLE), ("So", number), ("NLap", date),
                       ("CCu", regimes.legal_basis_text(date)),
                       ("TNNT", doc.company_id.l10n_vn_einvoice_legal_name
                        or doc.company_id.name),
                       ("MST", doc.company_id._l10n_vn_einvoice_tax_code()),
                       ("TNMua", doc.buyer_name), ("MSTNMua", doc.buyer_tax_code)):
        _text(head, tag, value)
    fixer = etree.SubElement(root, "HDXLy")
    for tag, value in (("TCHDon", 1 if doc.correction_type == "replacement" else 2),
                       ("KHMSHDon", doc.form), ("KHHDon", doc.symbol),
                       ("SHDon", doc.number), ("NLap", doc.issue_date)):
        _text(fixer, tag, value)
    items = etree.SubElement(root, "DSHDon")
    for seq, original in enumerate(originals.sorted(lambda d: (d.issue_date, d.number)), 1):
        node = etree.SubElement(items, "HDon")
        digits = original.currency_id.decimal_places
        for tag, value in (("STT", seq), ("KHMSHDon", original.form),
                           ("KHHDon", original.symbol), ("SHDon", original.number),
                           ("NLap", original.issue_date),
                           ("MCCQT", original.tax_authority_code),
                           ("TgTCThue", f"{original.amount_untaxed:.{digits}f}"),
                           ("TgTThue", f"{original.amount_tax:.{digits}f}"),
                           ("TgTTTBSo", f"{original.amount_total:.{digits}f}")):
            _text(node, tag, value)
    xml = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    problems = validate.validate_document(xml)
    if problems:
        raise UserError(problems_message(doc.env, problems))
    return xml
