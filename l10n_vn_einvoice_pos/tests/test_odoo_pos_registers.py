"""Registers never wait on each other: what a POS sync locks for its e-invoice (the gap-free
counter row of its symbol and year, the chain link of its symbol) belongs to that register.

Real transactions on the committed test database: register A's sync is left open,
holding everything it took; register B's, on its own symbol, must then complete without
waiting (``lock_timeout``).  The same sync on A's symbol must wait — which shows the
test would see a shared lock.  Nothing is committed.
"""

import dataclasses

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api
from odoo.addons.l10n_vn_einvoice.standard import codes, xml_build
from odoo.addons.l10n_vn_einvoice.tests import std_fixtures
from odoo.addons.l10n_vn_einvoice.tests.committed_data import CommittedDataCase
from odoo.addons.l10n_vn_einvoice.tests.reliability_docs import ON_DATE
from odoo.tests import tagged


@tagged("post_install", "-at_install", "post_install_l10n")
class TestRegistersDoNotWait(CommittedDataCase):

    def open_sync(self, symbol, code_sequence, timeout="2s"):
        """A transaction that has issued one cash-register e-invoice on ``symbol`` as a
        POS sync does (number from the counter, code from the register's block, XML
        stored and chained, transmission queued), and not committed yet."""
        cr = self.cursor()
        self.addCleanup(cr.close)
        self.addCleanup(cr.rollback)
        cr.execute(f"SET LOCAL lock_timeout = '{timeout}'")
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        number = env["l10n_vn_einvoice.sequence"]._next_number(company, "1", symbol,
                                                               ON_DATE.year)
        code = codes.make_cash_register_code("1", ON_DATE.year, "LOCKS", code_sequence)
        invoice = dataclasses.replace(std_fixtures.cash_register_invoice(), symbol=symbol,
                                      number=number, issue_date=ON_DATE,
                                      tax_authority_code=code, qr_data=None)
        doc = env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": company.id, "kind": "cash_register", "form": "1",
            "symbol": symbol, "number": number, "issue_date": ON_DATE, "provider": "sandbox",
            "tax_authority_code": code, "currency_id": env.ref("base.VND").id,
            "amount_total": invoice.totals.total})
        doc._l10n_vn_einvoice_store_xml(xml_build.invoice_to_bytes(invoice), False)
        doc._l10n_vn_einvoice_enqueue("issue")
        env.flush_all()
        return doc

    def test_a_register_never_waits_for_another_registers_open_sync(self):
        first = self.open_sync("C26MLA", 1)
        other = self.open_sync("C26MLB", 501)
        self.assertEqual((first.number, first.chain_index), (1, 1))
        self.assertEqual((other.number, other.chain_index), (1, 1),
                         "each symbol has its own numbers and chain")
        with self.assertRaises(LockNotAvailable, msg="a shared symbol must wait"):
            self.open_sync("C26MLA", 2, timeout="300ms")
