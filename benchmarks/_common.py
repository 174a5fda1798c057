"""Helpers shared by the benchmark scripts: repository on sys.path, timing, RESULT line."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
ADDONS = f"{ODOO_SRC}/odoo/addons,{ODOO_SRC}/addons,{REPO_ROOT}"


def open_odoo(database):
    """(the ``odoo`` package, the registry of ``database``), Odoo found at $ODOO_SRC
    (else /opt/odoo) and configured with the project's addons path."""
    sys.path.insert(0, ODOO_SRC)
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-d", database, f"--addons-path={ADDONS}",
                                    "--log-level=warn"])
    return odoo, Registry(database)


def add_repo_to_path() -> None:
    """Scripts run as ``python benchmarks/x.py``: sys.path[0] is benchmarks/, not the repo."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))


def pin_to_one_core() -> None:
    """Measure one core: the goal is per core, and the machine may be shared."""
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[0]})


def rate(operation, seconds: float, batch: int = 20) -> float:
    """Calls per second of ``operation`` over about ``seconds`` (after one warm-up call)."""
    operation()
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(batch):
            operation()
        done += batch
        now = time.perf_counter()
        if now >= deadline:
            return done / (now - start)


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def result_line(name: str, value: float, baseline: float, goal: str) -> str:
    """The single machine-read line each benchmark ends with."""
    ratio = value / baseline if baseline else float("nan")
    return (f"RESULT name={name} value={_number(value)} baseline={_number(baseline)} "
            f"ratio={ratio:.4f} goal={goal}")
