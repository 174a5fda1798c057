"""Set-up of a test run shared by every addon of the repository (pytest with pytest-odoo).

``scripts/test.sh`` runs the tests in two pytest-xdist workers.  pytest-odoo gives each
worker its own copy of the test database, made by ``createdb -T`` (``<db>-gw0``,
``<db>-gw1``).  A copy keeps ``database.uuid``, and the addon refuses to chain e-invoices in
a copy of another database (the chain key's directory is bound to the database it was made
for: ``models/einvoice_chain_key.py``).  Each worker's copy therefore gets a uuid of its
own before any test runs, as Odoo's own duplication of a database does
(``odoo/service/db.py``, ``exp_duplicate_database``).
"""
import os
import uuid

import pytest


@pytest.fixture(scope="session", autouse=True)
def l10n_vn_einvoice_worker_database(request):
    if not os.getenv("PYTEST_XDIST_WORKER") or "load_registry" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("load_registry")
    from odoo.modules.registry import Registry  # noqa: PLC0415 (only with pytest-odoo)
    from odoo.tests import get_db_name  # noqa: PLC0415

    registry = Registry(get_db_name())
    with registry.cursor() as cr:
        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'database.uuid'",
                   [str(uuid.uuid1())])
    registry.clear_cache()
    yield
