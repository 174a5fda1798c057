"""Who may press which e-invoicing button.

Every public method of a model is reachable over JSON-RPC by anyone with access to the
model, whatever the views show; so each one names the group it is for and refuses the
others here (issue 11 §5).  Server code running as superuser (crons, the outbox worker)
passes."""

from odoo.exceptions import AccessError

CASHIER = "l10n_vn_einvoice.group_cashier"
USER = "l10n_vn_einvoice.group_user"
MANAGER = "l10n_vn_einvoice.group_manager"


def check_group(env, group, action):
    """Raise AccessError unless the caller is in ``group`` (or is the superuser)."""
    if env.su or env.user.has_group(group):
        return
    raise AccessError(env._(
        "%(action)s is reserved to the group \"%(group)s\"; ask an e-invoice manager.\n"
        "Thao tác \"%(action)s\" chỉ dành cho nhóm \"%(group)s\"; hãy nhờ người quản lý "
        "hóa đơn điện tử.", action=action, group=env.ref(group).sudo().name))


def check_company(env, company):
    """Refuse a report of a company the caller does not work in; called before any SQL,
    which sees every company's rows (the record rules only guard the ORM)."""
    if env.su or company in env.companies:
        return
    raise AccessError(env._(
        "You do not work in %(company)s: its e-invoice figures are not available to you.\n"
        "Bạn không thuộc công ty %(company)s: không thể xem số liệu hóa đơn điện tử của "
        "công ty này.", company=company.sudo().name))
