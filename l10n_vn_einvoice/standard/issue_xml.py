"""What issuing does to an invoice's XML: one tree from build to signature.

Posting (``account.move``) and POS sync (``pos.order``) build the ``HDon`` element, validate
that element (schema, arithmetic, codes), sign it in place when the seller signs, and
serialise it once.  Nothing is serialised to be parsed again on the way: that is both the
rule of the house and the cost ``benchmarks/standard_sign.py`` measures, by calling these
two functions as posting does.
"""

from __future__ import annotations

from . import validate, xml_build, xmldsig


def build_and_validate(invoice):
    """(``HDon`` element, problems) of ``invoice``; an empty list means valid.

    Raises :class:`~.errors.StandardError` when the data cannot be written at all (a value
    the chosen format version cannot carry, control characters).
    """
    root = xml_build.build_invoice(invoice)
    return root, validate.validate_invoice_xml(root)


def sign_and_serialize(root, key=None) -> tuple[bytes, bool]:
    """(the bytes to store and send, signed?): ``root`` signed in place with ``key`` (an
    ``xmldsig.SigningKey``) when there is one, then serialised once."""
    if key is not None:
        xmldsig.sign_invoice_tree(root, key)
    return xml_build.element_to_bytes(root), key is not None
