"""The tax authority's e-invoice standard as pure Python (never imports odoo)."""
