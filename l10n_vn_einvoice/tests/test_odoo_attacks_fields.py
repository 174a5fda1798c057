"""Issue 22 §1: every field the addon adds, tried by every role over real JSON-RPC.

The fields come from ``ir.model.fields`` (those ``ir.model.data`` says the addon defines),
not from a list written here, so a field added later is tried too.  Each one is either
writable by users (``models/server_owned.py`` ``USER_WRITABLE``, which says why) or must
be refused on ``create`` and on ``write`` for the cashier, the Invoicing user, the
accountant and the portal user (``l10n_vn_einvoice_pos`` tries its own fields the same
way, and a POS payload synced by a cashier).

Calls are batched: one call per model, role and operation carries every server-owned
field of the model, and the refusal must name each one (the server-owned rule names what
it refuses); a field a refusal does not name is then tried alone.
"""

import base64
import json

from odoo.tests import tagged

from ..models.server_owned import MAGIC_FIELDS, USER_WRITABLE, writable_by_users
from .attack_common import REFUSALS, AttackCase

ROLES_TRIED = ("cashier", "invoicing user", "accountant", "portal")


@tagged("post_install", "-at_install")
class TestServerOwnedFields(AttackCase):
    # the addon whose fields are tried (a bridge's test subclasses this with its own)
    MODULE = "l10n_vn_einvoice"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.partner_a.id,
            "company_id": cls.company.id,
            "invoice_line_ids": [(0, 0, {"product_id": cls.product_a.id,
                                         "price_unit": 100000})]})
        cls.table = cls.env["l10n_vn_einvoice.summary_table"].create({
            "company_id": cls.company.id, "period_type": "T", "period_number": 1,
            "year": 2026})

    # ------------------------------------------------------------------ the fields
    def addon_fields(self, family=False):
        """{model: [field names]} of every field :attr:`MODULE` defines (``family``: any
        addon ``l10n_vn_einvoice*``), from the database."""
        self.env.cr.execute("""
            SELECT f.model, f.name
              FROM ir_model_fields f
              JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
             WHERE d.module = %s OR (%s AND d.module LIKE 'l10n\\_vn\\_einvoice%%')
          ORDER BY f.model, f.name""", [self.MODULE, family])
        found = {}
        for model_name, name in self.env.cr.fetchall():
            Model = self.env.get(model_name)
            if Model is None or Model._abstract or not Model._auto \
                    or name in MAGIC_FIELDS or name not in Model._fields:
                continue
            if Model._fields[name].inherited:
                continue  # the parent model's own field is tried (account.move's)
            found.setdefault(model_name, []).append(name)
        return found

    def server_owned(self):
        owned = {}
        for model_name, names in self.addon_fields().items():
            Model = self.env[model_name]
            names = [n for n in names if not writable_by_users(Model, n)]
            if names:
                owned[model_name] = names
        return owned

    def value(self, field):
        """A plausible value of ``field``'s type (the refusal must come from the rule)."""
        kind = field.type
        if kind in ("many2one", "many2many", "one2many"):
            other = self.any_of(field.comodel_name)
            if kind == "many2one":
                return other.id
            return [(6, 0, other.ids)] if kind == "many2many" else []
        if kind == "selection":
            selection = field._description_selection(self.env) or [(False, "")]
            return selection[0][0]
        return {
            "boolean": True, "integer": 7, "float": 7.0, "monetary": 7.0,
            "date": "2026-01-15", "datetime": "2026-01-15 03:00:00", "json": {"forged": 1},
            "binary": base64.b64encode(b"forged").decode(),
        }.get(kind, "forged")

    def record_of(self, model_name):
        """One existing record per model to write on (the set-up's where it made one)."""
        known = self.known_records()
        if model_name in known:
            return known[model_name]
        return self.any_of(model_name)

    def known_records(self):
        return {
            "account.move": self.draft,
            "res.company": self.company, "res.partner": self.partner_a,
            "l10n_vn_einvoice.document": self.doc,
            "l10n_vn_einvoice.summary_table": self.table,
            "certificate.certificate": self.certificate,
        }

    def any_of(self, model_name):
        """A record of company A where the model has companies (one the roles may see:
        a refusal for another company's record would prove nothing)."""
        Model = self.env[model_name].sudo()
        domain = [("company_id", "in", [self.company.id, False])] \
            if "company_id" in Model._fields and Model._fields["company_id"].store else []
        return Model.search(domain, limit=1, order="id desc")

    # ------------------------------------------------------------------ trying
    def attempt(self, role, model_name, method, args):
        """None when accepted, else (exception class, message), over ``call_kw`` as the
        web client calls it (the answer's message, which ``make_jsonrpc_request`` drops,
        says which fields were refused)."""
        if getattr(self, "_logged_as", None) != role:
            self.login(role)
            self._logged_as = role
        response = self.url_open(
            f"/web/dataset/call_kw/{model_name}/{method}", headers={
                "Content-Type": "application/json"},
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": model_name, "method": method, "args": args, "kwargs": {}}}))
        error = response.json().get("error")
        return (error["data"]["name"], error["data"]["message"]) if error else None

    def required_vals(self, model_name):
        """What a create needs before Odoo's own code reaches the rule (a refusal for a
        missing field would prove nothing)."""
        return self.create_vals().get(model_name, {})

    def create_vals(self):
        return {"account.move": {"move_type": "out_invoice", "partner_id": self.partner_a.id}}

    def accepted(self, role, model_name, names, call):
        """The fields of ``names`` a call ``call(vals)`` → (method, args) accepts: one
        batched call, then alone each field its refusal does not name."""
        Model = self.env[model_name]
        vals = {name: self.value(Model._fields[name]) for name in names}
        outcome = self.attempt(role, model_name, *call(vals))
        if outcome is None or outcome[0] not in REFUSALS:
            return list(names)
        found = []
        for name in names:
            if name in outcome[1]:
                continue
            alone = self.attempt(role, model_name, *call({name: vals[name]}))
            if alone is None or alone[0] not in REFUSALS:
                found.append(name)
        return found

    def test_every_server_owned_field_is_refused_to_every_role(self):
        owned = self.server_owned()
        # the enumeration is the database's, and it reaches the doors of issue 22
        for model_name, name in self.known_doors():
            self.assertIn(name, owned[model_name])
        before = self.snapshot()
        records = {model_name: self.record_of(model_name) for model_name in owned}
        accepted = []
        for role in ROLES_TRIED:
            for model_name, names in owned.items():
                record = records[model_name]
                accepted += [f"{role}: create {model_name}.{name}" for name in self.accepted(
                    role, model_name, names, lambda vals, model_name=model_name: (
                        "create", [{**self.required_vals(model_name), **vals}]))]
                if record:
                    accepted += [f"{role}: write {model_name}.{name}" for name in self.accepted(
                        role, model_name, names,
                        lambda vals, record=record: ("write", [record.ids, vals]))]
        self.assertFalse(accepted, "server-owned fields accepted:\n" + "\n".join(accepted))
        self.assertEqual(self.snapshot(), before)
        self.draft.invalidate_recordset()
        self.assertFalse(self.draft.l10n_vn_einvoice_correction_method)
        self.assertFalse(self.draft.l10n_vn_einvoice_correction_origin_ids)

    def known_doors(self):
        """(model, field) the enumeration must find server-owned."""
        return [("account.move", "l10n_vn_einvoice_correction_method"),
                ("account.move", "l10n_vn_einvoice_correction_origin_ids"),
                ("l10n_vn_einvoice.document", "state")]

    def test_user_writable_fields_are_few_and_said_why(self):
        """The exceptions are a short table, each with its reason, of real fields."""
        fields_by_model = self.addon_fields(family=True)
        for model_name, (allowed, why) in USER_WRITABLE.items():
            self.assertGreater(len(why), 20, model_name)
            if isinstance(allowed, set) and model_name in self.env:
                self.assertLessEqual(allowed, set(self.env[model_name]._fields), model_name)
                self.assertLessEqual(allowed, set(fields_by_model[model_name]), model_name)
        listed = sum(len(a) for a, _why in USER_WRITABLE.values() if isinstance(a, set))
        # 24 in the core and the POS bridge, 1 in the stock bridge (the delivery note's
        # unit price); its transfer data is a frozenset, frozen once the note is issued
        self.assertLess(listed, 30)
