"""Provider clients behind one interface, and the sandbox provider (never imports odoo)."""
