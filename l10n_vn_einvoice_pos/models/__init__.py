# Models first, then the files that _inherit them (import order matters to Odoo).
from . import einvoice_code_block
from . import einvoice_buyer_request
from . import einvoice_document
from . import account_move
from . import pos_load_fields
from . import demo_loader
from . import pos_config
from . import pos_order
from . import pos_order_einvoice_data
from . import pos_order_buyer_request
from . import pos_order_buyer_data
from . import pos_order_live_status
from . import pos_session
