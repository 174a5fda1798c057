from . import pos_ticket
