"""The lint checks developers run through pre-commit are the ones CI runs offline: the
hooks' revisions are the venv's versions, pinned in requirements-test.txt, and
scripts/test.sh runs ruff and pylint-odoo with the same configuration."""

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = (REPO / ".pre-commit-config.yaml").read_text()
HOOKS = {"https://github.com/astral-sh/ruff-pre-commit": "ruff",
         "https://github.com/OCA/pylint-odoo": "pylint-odoo"}


def test_hook_revisions_are_the_venv_versions():
    revs = dict(re.findall(r"- repo: (\S+)\n\s+rev: v(\S+)", CONFIG))
    assert set(revs) == set(HOOKS)
    pins = (REPO / "requirements-test.txt").read_text()
    for repo, package in HOOKS.items():
        assert revs[repo] == importlib.metadata.version(package), package
        assert f"{package}=={revs[repo]}\n" in pins, package


def test_test_sh_runs_the_hooks_checks():
    """Over every addon of the repository: test.sh takes them from the manifests
    (scripts/common.sh), pre-commit names them (a new addon must be added there)."""
    script = (REPO / "scripts" / "test.sh").read_text()
    assert '-m ruff check "${ADDONS[@]}" benchmarks scripts tests' in script
    assert '--rcfile=.pylintrc "${ADDONS[@]}"' in script
    assert 'for _manifest in "${REPO_ROOT}"/l10n_vn_einvoice*/__manifest__.py' in (
        REPO / "scripts" / "common.sh").read_text()
    addons = sorted(path.parent.name for path in REPO.glob("l10n_vn_einvoice*/__manifest__.py"))
    assert len(addons) >= 2
    assert f"args: [--rcfile=.pylintrc, {', '.join(addons)}]" in CONFIG


def test_pylint_odoo_catches_a_cron_committing_by_hand(tmp_path):
    """The configuration really runs the OCA checks: an addon with this manifest whose
    cron commits by hand and raises an untranslated error fails."""
    addon = tmp_path / "l10n_vn_einvoice"
    addon.mkdir()
    for name in ("__manifest__.py", "README.rst"):
        (addon / name).write_text((REPO / "l10n_vn_einvoice" / name).read_text())
    (addon / "__init__.py").write_text("from . import bad\n")
    (addon / "bad.py").write_text(
        "from odoo import api, models\n"
        "from odoo.exceptions import UserError\n\n\n"
        "class Bad(models.Model):\n"
        '    _name = "l10n_vn_einvoice.bad"\n'
        '    _description = "Bad"\n\n'
        "    @api.model\n"
        "    def _cron_bad(self):\n"
        "        self.env.cr.commit()\n"
        '        raise UserError("not translated")\n')
    done = subprocess.run([sys.executable, "-m", "pylint", f"--rcfile={REPO / '.pylintrc'}",
                           str(addon)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "invalid-commit" in done.stdout and "translation-required" in done.stdout
