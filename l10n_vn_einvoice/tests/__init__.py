"""Tests are collected by pytest (pytest-odoo for the Odoo ones); see README.

The one import: the core-only tour, run by Odoo's runner in the core-only install of
tests/test_repo_split.py (Odoo's runner finds test modules by a ``test_`` name here;
pytest does not collect the file, tour_core_only.py).  Only where Odoo is loaded: the
pure tests and the benchmarks import this package (std_fixtures) without Odoo, where
``odoo`` is a bare namespace."""

import sys

if "odoo.tests" in sys.modules:
    from . import tour_core_only as test_tour_core_only
