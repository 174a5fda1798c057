"""Live status on the server side (issue 26 §6): a state the worker commits is announced
on the channels of the records that show it, after the commit only and never for a
transaction that rolls back; a channel is granted only to whom may read the record, and
a ticket page's channel only to whom holds the ticket's token."""

import json
from types import SimpleNamespace
from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from ..models.einvoice_live_status import NOTIFICATION, SUBCHANNEL
from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox

BUS_REQUEST = "odoo.addons.bus.models.ir_websocket.request"


class LiveStatusMixin:

    def bus_mark(self):
        self.env.cr.flush()  # the transaction's pre-commit hooks so far
        return self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id

    def notifications(self, since):
        """(channel, type, payload) written by the bus since ``since``, the transaction's
        pre-commit hooks run (what its commit would publish)."""
        self.env.cr.flush()
        rows = self.env["bus.bus"].sudo().search([("id", ">", since)], order="id")
        result = []
        for row in rows:
            message = json.loads(row.message)
            if message["type"].startswith("l10n_vn_einvoice."):
                result.append((json.loads(row.channel), message["type"], message["payload"]))
        return result

    def channel(self, record):
        return [self.env.cr.dbname, record._name, record.id, SUBCHANNEL]

    def granted(self, user, names):
        """The channels the websocket subscribes ``user`` to when it asks for ``names``."""
        websocket = self.env["ir.websocket"].with_user(user)
        with patch(BUS_REQUEST, SimpleNamespace(session=SimpleNamespace(uid=user.id))):
            channels = websocket._build_bus_channel_list(list(names))
        return [channel for channel in channels
                if (isinstance(channel, tuple) and channel[1:] == (SUBCHANNEL,))
                or (isinstance(channel, str) and channel.startswith("l10n_vn_einvoice"))]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLiveStatusInvoice(LiveStatusMixin, VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def post_invoice(self, company=None):
        company = company or self.company
        move = self.env["account.move"].with_company(company).create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20", "company_id": company.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": 150000,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})
        move.action_post()
        return move

    def test_acceptance_is_announced_to_the_invoice_and_its_einvoice(self):
        mark = self.bus_mark()
        move = self.post_invoice()
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual(self.notifications(mark), [],
                         "posting: the document is born ready, on no screen yet")
        mark = self.bus_mark()
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertEqual(self.notifications(mark), [
            (self.channel(doc), NOTIFICATION, {"model": doc._name, "id": doc.id}),
            (self.channel(move), NOTIFICATION, {"model": move._name, "id": move.id}),
        ], "one notice per record, carrying nothing of its content")

    def test_rolled_back_transaction_announces_nothing(self):
        move = self.post_invoice()
        mark = self.bus_mark()
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.env["l10n_vn_einvoice.outbox"]._process_due()
            self.assertEqual(move.l10n_vn_einvoice_document_id.state, "accepted")
            raise RuntimeError("the transaction fails after the worker's write")
        self.env.invalidate_all()
        self.assertEqual(move.l10n_vn_einvoice_document_id.state, "ready")
        self.assertEqual(self.notifications(mark), [])

    def test_channel_granted_only_to_who_may_read_the_record(self):
        move = self.post_invoice()
        doc = move.l10n_vn_einvoice_document_id
        groups = "account.group_account_invoice,l10n_vn_einvoice.group_user"
        accountant = new_test_user(self.env, "live_accountant", groups=groups,
                                   company_id=self.company.id,
                                   company_ids=[(6, 0, self.company.ids)])
        other = self.env["res.company"].create({"name": "Công ty Khác"})
        stranger = new_test_user(self.env, "live_stranger", groups=groups,
                                 company_id=other.id, company_ids=[(6, 0, other.ids)])
        portal = new_test_user(self.env, "live_portal", groups="base.group_portal")
        names = [f"l10n_vn_einvoice.live:account.move:{move.id}",
                 f"l10n_vn_einvoice.live:l10n_vn_einvoice.document:{doc.id}"]
        self.assertEqual(self.granted(accountant, names),
                         [(move, SUBCHANNEL), (doc, SUBCHANNEL)])
        # another company's user, a portal user, the public: nothing, not even the name
        for user in (stranger, portal, self.env.ref("base.public_user")):
            self.assertEqual(self.granted(user, names), [], user.login)
        # models outside the list, unknown records, malformed names: nothing
        self.assertEqual(self.granted(accountant, [
            f"l10n_vn_einvoice.live:res.users:{accountant.id}",
            f"l10n_vn_einvoice.live:account.move:{move.id + 10**6}",
            f"l10n_vn_einvoice.live:account.move:{move.id} ",
            "l10n_vn_einvoice.live:account.move:-1",
        ]), [])
