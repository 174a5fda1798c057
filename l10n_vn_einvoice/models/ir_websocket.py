import re

from odoo import models
from odoo.exceptions import AccessError

from .einvoice_live_status import SUBCHANNEL

# What a back-office screen asks for: "l10n_vn_einvoice.live:<model>:<id>".
LIVE_PREFIX = "l10n_vn_einvoice.live:"
LIVE_CHANNEL = re.compile(r"^l10n_vn_einvoice\.live:([a-z0-9_.]{1,64}):(\d{1,18})$")


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _l10n_vn_einvoice_live_models(self):
        """The models whose forms follow their e-invoice's state live."""
        return {"l10n_vn_einvoice.document", "account.move"}

    def _build_bus_channel_list(self, channels):
        # EXTEND 'bus': a form's request for its record's live-status channel is granted
        # to an internal user who may read that record; the name itself is dropped, so
        # nothing is ever subscribed on a channel a client named.
        channels = list(channels)
        requested = [channel for channel in channels
                     if isinstance(channel, str) and channel.startswith(LIVE_PREFIX)]
        for channel in requested:
            channels.remove(channel)
        user = self.env.user
        if requested and user and not user._is_public() and not user.share:
            allowed = self._l10n_vn_einvoice_live_models()
            for channel in requested:
                match = LIVE_CHANNEL.match(channel)
                if not match or match[1] not in allowed:
                    continue
                record = self.env[match[1]].browse(int(match[2])).exists()
                try:
                    record.check_access("read")
                except AccessError:
                    continue
                if record:
                    channels.append((record, SUBCHANNEL))
        return super()._build_bus_channel_list(channels)
