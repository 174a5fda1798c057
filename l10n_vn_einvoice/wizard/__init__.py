from . import (
    einvoice_correction_wizard,
    einvoice_correction_wizard_line,
    einvoice_notice_wizard,
    einvoice_symbol_pick,
    einvoice_void_wizard,
    portal_fetch_wizard,
    purchase_import_summary,
    purchase_post_wizard,
)
