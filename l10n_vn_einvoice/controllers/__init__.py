from . import lookup
from . import pos_ticket
