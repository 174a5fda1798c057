"""A copy of the database made by ``createdb -T`` keeps ``database.uuid`` (a row): it
must not sign with the production database's chain key on the same server, and its
check must say it is a copy (issue 22 §3).  Real databases, real commits, real
``odoo-bin shell`` processes: the copy is taken from a restored copy of the test
database holding a committed, chained e-invoice."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from odoo.tests import tagged
from odoo.tools import config

from ..models import einvoice_chain_key as chain_key
from .committed_data import CommittedDataCase, odoo_shell

# Run in each database: issue one chained e-invoice (as posting does), then check.
SCRIPT = """
import json
from odoo.tools import config
from odoo.exceptions import UserError
from odoo.addons.l10n_vn_einvoice.tests.reliability_docs import queued_document
config[{option!r}] = {root!r}
result = {{}}
try:
    doc = queued_document(env, env.ref("base.main_company"), "coded")
    env.cr.commit()
    result["signed_with"] = doc.chain_key_id
except UserError as error:
    env.cr.rollback()
    result["refused"] = str(error)
checked, breaks = env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_check_chain()
result["checked"], result["breaks"] = checked, breaks
print("RESULT " + json.dumps(result, default=str))
"""


@tagged("post_install", "-at_install", "post_install_l10n")
class TestChainCopy(CommittedDataCase):

    def run_in(self, dbname):
        process = odoo_shell(dbname)
        out, err = process.communicate(
            SCRIPT.format(option=chain_key.KEY_DIR_OPTION, root=self.key_root), timeout=300)
        lines = [line for line in out.splitlines() if line.startswith("RESULT ")]
        self.assertTrue(lines, err[-3000:])
        return json.loads(lines[-1][len("RESULT "):])

    def drop(self, dbname):
        subprocess.run(["dropdb", "--if-exists", dbname], check=True, capture_output=True)
        # not config.filestore(): with pytest-xdist, pytest-odoo points it at the shared
        # filestore of the original test database whatever the name
        shutil.rmtree(Path(config["data_dir"], "filestore", dbname), ignore_errors=True)

    def test_createdb_template_copy_does_not_sign_with_the_production_key(self):
        self.key_root = tempfile.mkdtemp(prefix="vn-chain-copy-keys-")
        self.addCleanup(shutil.rmtree, self.key_root, True)
        production, copy = f"{self.dbname}_chainprod", f"{self.dbname}_chaincopy"
        for dbname in (copy, production):
            self.drop(dbname)
            self.addCleanup(self.drop, dbname)
        # "production": a restored copy of the test database (same uuid), with one
        # committed, chained e-invoice made by a real server process
        subprocess.run(["createdb", production], check=True, capture_output=True)
        subprocess.run(f"pg_dump --no-owner {self.dbname} | psql -q -v ON_ERROR_STOP=1 "
                       f"{production}", shell=True, check=True, capture_output=True)
        issued = self.run_in(production)
        self.assertIn("signed_with", issued, issued)
        self.assertEqual(issued["breaks"], [])
        # the copy: same uuid, same rows, same server and key directory
        subprocess.run(["createdb", "-T", production, copy], check=True, capture_output=True)
        in_copy = self.run_in(copy)
        self.assertNotIn("signed_with", in_copy, "the copy signed with the production key")
        self.assertIn("is a copy of the database", in_copy["refused"])
        self.assertIn(f":{production})", in_copy["refused"], "the production database is named")
        self.assertEqual(len(in_copy["breaks"]), 1, in_copy["breaks"])
        self.assertEqual(in_copy["breaks"][0]["name"], copy)
        self.assertIn("is a copy", in_copy["breaks"][0]["reason"])
        # production still signs, with its own key
        again = self.run_in(production)
        self.assertEqual(again.get("signed_with"), issued["signed_with"], again)
        self.assertEqual(again["breaks"], [])
