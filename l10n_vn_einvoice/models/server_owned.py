"""Fields the server owns: one rule for every field this addon adds to any model.

``readonly=True`` is a hint to the web client, not a rule: any user with write access to a
model can send any field over JSON-RPC.  So every field the addon defines (on Odoo's models
and on its own) is either

* writable by users — :data:`USER_WRITABLE`, a short table saying which and why; or
* owned by the server: ``create`` and ``write`` refuse it, for every role, unless the
  addon's own code writes it.

The addon's code says so with :data:`SERVER`, a Python object put in the context
(:func:`as_server`, :func:`server_context`): JSON-RPC can send any key and any JSON value
in a context, never this object, so no caller can pass for the server.  An environment in
superuser mode is trusted as well: only server code can enter it (``sudo()``), and the
addon's workers and hooks run in it.  The one Odoo flow that runs in superuser mode on data
a client sent — a POS payload synced by the self-order kiosk — is filtered before it is
written (``pos.order._process_order`` drops the server's keys).

Fields are told apart by the module that defines them (``Field._modules``: this addon and
its bridges, every ``l10n_vn_einvoice*`` module, which add their lines to
:data:`USER_WRITABLE`), so a field added later is covered without touching this file;
``tests/test_odoo_attacks_fields.py`` enumerates them from ``ir.model.fields`` and tries
each one as every role.
"""

from odoo import api, models
from odoo.exceptions import AccessError

MODULE = "l10n_vn_einvoice"
CONTEXT_KEY = "l10n_vn_einvoice_server"
# The marker of the addon's own writes (see the module docstring).
SERVER = object()
# The fields every model has; the addon re-declares them with each class it adds.
MAGIC_FIELDS = frozenset(models.MAGIC_COLUMNS) | {"id", "display_name"}
# A model whose every field the ORM lets users edit (not ``readonly``) is user-writable;
# what is computed without an inverse, or marked readonly, stays the server's.
EDITABLE = "editable"

# model → (the fields users may write, why).  Everything else the addon defines is the
# server's.  Keep it short: a line here is a door.
USER_WRITABLE = {
    "account.move": ({
        "l10n_vn_einvoice_agreement_name", "l10n_vn_einvoice_agreement_date",
        "l10n_vn_einvoice_cause_code", "l10n_vn_einvoice_list_number",
        "l10n_vn_einvoice_list_date",
    }, "What the accountant states on the draft a correction wizard prepared: the "
       "agreement with the buyer, the cause code (Phụ lục XVII), the 01/BK-ĐCTT list. "
       "Posting checks them against the law of the day; which invoices are corrected, "
       "and how, is the wizard's (server-owned)."),
    "pos.order": ({
        "l10n_vn_einvoice_buyer_company_name", "l10n_vn_einvoice_buyer_name",
        "l10n_vn_einvoice_buyer_address", "l10n_vn_einvoice_buyer_tax_code",
        "l10n_vn_einvoice_buyer_personal_id", "l10n_vn_einvoice_buyer_phone",
        "l10n_vn_einvoice_buyer_email", "l10n_vn_einvoice_reason", "l10n_vn_einvoice_code",
    }, "What the register sends with a sale: the buyer typed at the till, the reason of a "
       "refund, and the cash-register code it printed (checked against the point of "
       "sale's code blocks at sync and replaced by a server code when wrong). The "
       "e-invoice of the order is the server's."),
    "res.partner": (EDITABLE, "The buyer's identity printed on e-invoices (personal ID, "
                              "passport, budget-unit code), kept by whoever keeps contacts."),
    "res.users": (EDITABLE, "The same identity, through the user's partner."),
    "res.company": (EDITABLE, "E-invoicing settings of the company, written by the "
                              "settings form (administrators who may write the company)."),
    "res.config.settings": (EDITABLE, "The settings form itself (administrators)."),
    "pos.config": (EDITABLE, "E-invoicing settings of a point of sale (POS managers)."),
    "account.tax": (EDITABLE, "The VAT rate code of a tax (accounting managers)."),
    "product.category": (EDITABLE, "Household sector and VAT-reduction exclusion of a "
                                   "category (inventory and accounting managers)."),
    "uom.uom": (EDITABLE, "The Vietnamese unit name printed on e-invoices."),
    "certificate.certificate": (EDITABLE, "The scope of a certificate (e-invoice managers; "
                                          "models/certificate_scope.py guards it)."),
    "certificate.key": (EDITABLE, "The certificates of a key (e-invoice managers)."),
    "l10n_vn_einvoice.portal_reconciliation": ({
        "company_id", "kind", "date_from", "date_to", "file_ids",
    }, "What the accountant asks: the company, purchases or sales, the period and the "
       "portal's files; what a run finds (lines, counts, amounts, who and when) is the "
       "server's."),
    "l10n_vn_einvoice.summary_table": ({
        "company_id", "period_type", "period_number", "year", "supplement_number",
    }, "The period of a 01/TH-HĐĐT table a user prepares (frozen once queued); its "
       "rows, state and transmission are the server's."),
}
# The addon's wizards and report screens (transient models) are a user's request: what
# they hold is checked by their action (the correction wizard checks the documents and
# the method against the law of the day and the user's group) and they write nothing
# by themselves, so their fields are the user's.
TRANSIENT_WHY = "A wizard or report form: the user's request, checked by its action."


def as_server(records):
    """``records`` in the addon's trusted write mode, as superuser (server code only)."""
    return records.sudo().with_context(**{CONTEXT_KEY: SERVER})


def server_context(records):
    """``records`` allowed to write server-owned fields, keeping the user's rights (the
    flows that create a user's record with what the server decided, e.g. the correction
    wizard's draft)."""
    return records.with_context(**{CONTEXT_KEY: SERVER})


def is_server(env):
    """The context carries the marker (superuser mode alone does not count)."""
    return env.context.get(CONTEXT_KEY) is SERVER


def trusted(env):
    return env.su or is_server(env)


def ours(module):
    """Whether ``module`` is this addon or one of its bridges (``l10n_vn_einvoice_pos``,
    ``l10n_vn_einvoice_stock``…): their fields follow the same rule."""
    return module == MODULE or module.startswith(MODULE + "_")


def writable_by_users(model, name):
    """Whether users may write ``name`` of ``model`` (a recordset or model)."""
    if not any(ours(module) for module in model._fields[name]._modules):
        # another module's field on a model of ours (mail.thread's followers, messages
        # and activities): that module's own rules apply
        return True
    rule = USER_WRITABLE.get(model._name)
    if rule is None:
        return model._transient
    allowed, _why = rule
    if allowed == EDITABLE:
        return not model._fields[name].readonly
    return name in allowed


def server_owned(model):
    """The names of the fields of ``model`` the addon defines and users may not write
    (computed once per model class: the registry rebuilds classes when fields change)."""
    cls = type(model)
    owned = cls.__dict__.get("_l10n_vn_einvoice_server_owned")
    if owned is None:
        owned = frozenset(
            name for name, field in model._fields.items()
            if name not in MAGIC_FIELDS and not field.inherited
            and not writable_by_users(model, name))
        cls._l10n_vn_einvoice_server_owned = owned
    return owned


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        # EXTEND 'base': the addon's server-owned fields are written by the addon only.
        self._l10n_vn_einvoice_refuse_server_owned(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        # EXTEND 'base': the addon's server-owned fields are written by the addon only.
        self._l10n_vn_einvoice_refuse_server_owned([vals])
        return super().write(vals)

    def _l10n_vn_einvoice_refuse_server_owned(self, vals_list):
        owned = server_owned(self)
        if not owned or trusted(self.env):
            return
        touched = sorted(owned.intersection(key for vals in vals_list for key in vals))
        if touched:
            raise AccessError(self.env._(
                "%(fields)s of %(model)s are written by the e-invoicing workflow only (they "
                "record what the server decided or issued); they cannot be set directly."
                "\n%(fields)s của %(model)s chỉ do quy trình hóa đơn điện tử ghi (là điều "
                "máy chủ đã quyết định hoặc đã lập); không thể ghi trực tiếp.",
                fields=", ".join(touched), model=self._description or self._name))
