"""The shared reference material (real documents, real provider contracts) tests read.

``real/`` and ``wsdl/`` are written by others and kept outside the repository (their
README forbids copying them into the addon), beside the checkout: ``<root>/../shared/
reference`` for the main checkout, ``<root>/../../shared/reference`` for a worktree under
``wt/``.  ``L10N_VN_REFERENCE_DIR`` points elsewhere.  A missing folder fails the test
that needs it, loudly: these are the tests that hold the code against the outside world.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "L10N_VN_REFERENCE_DIR"


def reference_dir() -> Path:
    """The ``reference`` folder, or a test failure naming where it was looked for."""
    configured = os.environ.get(ENV_VAR)
    candidates = [Path(configured)] if configured else [
        parent / "shared" / "reference" for parent in REPO_ROOT.parents]
    for candidate in candidates:
        if (candidate / "real").is_dir() and (candidate / "wsdl").is_dir():
            return candidate
    pytest.fail(f"the shared reference folder (real/ and wsdl/) is missing; looked in "
                f"{', '.join(map(str, candidates))}; set {ENV_VAR}", pytrace=False)


def real_files(suffix: str) -> list[Path]:
    """The real documents of one kind (``.xml``, ``.json``), sorted by name."""
    return sorted((reference_dir() / "real").glob(f"*{suffix}"))
