"""Set-up of a test run shared by every addon of the repository (pytest with pytest-odoo).

``scripts/test.sh`` runs the tests in two pytest-xdist workers.  pytest-odoo gives each
worker its own copy of the test database, made by ``createdb -T`` (``<db>-gw0``,
``<db>-gw1``).  A copy keeps ``database.uuid``, and the addon refuses to chain e-invoices in
a copy of another database (the chain key's directory is bound to the database it was made
for: ``models/einvoice_chain_key.py``).  Each worker's copy therefore gets a uuid of its
own before any test runs, as Odoo's own duplication of a database does
(``odoo/service/db.py``, ``exp_duplicate_database``).

pytest-odoo also points every worker at the original database's filestore.  Tests here
remove and replace files of the filestore on purpose (a removed or replaced legal XML, an
unreadable certificate must be detected), and the filestore is content-addressed: the same
test certificate is the same file in both workers, so one worker's tampering broke the
other's tests.  Each worker's copy gets a copy of the filestore, as Odoo's duplication does.
"""
import os
import shutil
import uuid
from unittest import mock

import pytest


@pytest.fixture(scope="session", autouse=True)
def l10n_vn_einvoice_worker_database(request):
    if not os.getenv("PYTEST_XDIST_WORKER") or "load_registry" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("load_registry")
    from odoo.modules.registry import Registry  # only with pytest-odoo
    from odoo.tests import get_db_name
    from odoo.tools import config

    dbname = get_db_name()
    # pytest-odoo names a worker's copy "<original>-<worker>" (config["db_name"] is the
    # copy's own name by now)
    original = request.config.getoption("--odoo-database") or dbname.rsplit("-gw", 1)[0]
    stores = os.path.join(config["data_dir"], "filestore")
    shutil.rmtree(os.path.join(stores, dbname), ignore_errors=True)
    if os.path.isdir(os.path.join(stores, original)):
        shutil.copytree(os.path.join(stores, original), os.path.join(stores, dbname))
    registry = Registry(dbname)
    with registry.cursor() as cr:
        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'database.uuid'",
                   [str(uuid.uuid1())])
    registry.clear_cache()
    with mock.patch.object(config, "filestore", lambda name: os.path.join(stores, name)):
        yield
    shutil.rmtree(os.path.join(stores, dbname), ignore_errors=True)
