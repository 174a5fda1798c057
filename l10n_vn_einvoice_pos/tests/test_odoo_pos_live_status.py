"""Live status of the buyer's ticket page (issue 26 §6): a ticket page's channel only to
whom holds the ticket's token (the core's part: test_odoo_live_status.py)."""

import re

from odoo.addons.l10n_vn_einvoice.models.einvoice_live_status import NOTIFICATION, SUBCHANNEL
from odoo.addons.l10n_vn_einvoice.tests.test_odoo_live_status import LiveStatusMixin
from odoo.tests import HttpCase, tagged

from .test_odoo_pos_buyer_request import BuyerRequestCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLiveStatusTicket(LiveStatusMixin, BuyerRequestCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.pos_session = self.open_session(self.config_a)

    def page_channel(self, order):
        page = self.url_open(f"/pos/ticket/validate?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        found = re.search(r'data-live-channel="([^"]+)"', page.text)
        return found and found[1]

    def test_ticket_page_follows_its_own_ticket_only(self):
        first = self.sync(self.order_data(self.pos_session))
        second = self.sync(self.order_data(self.pos_session))
        channels = {first._l10n_vn_einvoice_ticket_channel(),
                    second._l10n_vn_einvoice_ticket_channel()}
        self.assertEqual(len(channels), 2)
        for order in (first, second):
            channel = order._l10n_vn_einvoice_ticket_channel()
            self.assertRegex(channel, r"^l10n_vn_einvoice\.ticket:[0-9a-f]{64}$")
            for printed in (order.access_token, order.pos_reference, order.name,
                            order.l10n_vn_einvoice_document_id.name):
                self.assertNotIn(printed, channel)
            # the page its token opens, not yet transmitted, follows it
            self.assertEqual(self.page_channel(order), channel)
        mark = self.bus_mark()
        self.env["l10n_vn_einvoice.outbox"]._process_due(
            document_ids=first.l10n_vn_einvoice_document_id.ids)
        self.assertEqual(first.l10n_vn_einvoice_document_id.state, "accepted")
        tickets = [(channel, kind, payload)
                   for channel, kind, payload in self.notifications(mark)
                   if channel[1].startswith("l10n_vn_einvoice.ticket")]
        self.assertEqual(tickets, [
            ([self.env.cr.dbname, first._l10n_vn_einvoice_ticket_channel()],
             "l10n_vn_einvoice.ticket_live", {}),
        ], "only the first ticket's page hears of it, and learns nothing else")
        # accepted: the page of the first ticket no longer listens; the second still does
        self.assertIsNone(self.page_channel(first))
        self.assertEqual(self.page_channel(second), second._l10n_vn_einvoice_ticket_channel())

    def test_order_form_channel_not_for_the_public(self):
        order = self.sync(self.order_data(self.pos_session))
        name = f"l10n_vn_einvoice.live:pos.order:{order.id}"
        self.assertEqual(self.granted(self.env.ref("base.public_user"), [name]), [])
        self.assertEqual(self.granted(self.env.user, [name]), [(order, SUBCHANNEL)])
        mark = self.bus_mark()
        self.transmit()
        doc = order.l10n_vn_einvoice_document_id
        sent = self.notifications(mark)
        self.assertIn((self.channel(order), NOTIFICATION,
                       {"model": "pos.order", "id": order.id}), sent)
        self.assertIn((self.channel(doc), NOTIFICATION, {"model": doc._name, "id": doc.id}),
                      sent)
