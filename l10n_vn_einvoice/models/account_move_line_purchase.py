"""The lines of a bill read from a supplier's e-invoice are born marked as imported.

Odoo marks the lines a decoder made ``is_imported`` (so that a later change of product
does not recompute their prices and taxes) with a write of its own once the decoder is
done (``account.move._extend_with_attachments``).  Any write on invoice lines resyncs the
whole bill — tax lines, payment terms, balance check — so that one flag cost as much as
14 % of a bill's import (benchmarks/purchase_import.py, profiled).  The purchase import
creates its lines already marked (:mod:`.purchase_bill_import`), and a write that would
set the flag to the value every line already has changes nothing: it is skipped.
"""

from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        # EXTEND 'account': Odoo's marking of lines created marked is a no-op (see above).
        if vals.keys() == {"is_imported"} and self and all(
                line.is_imported == bool(vals["is_imported"]) for line in self):
            return True
        return super().write(vals)
