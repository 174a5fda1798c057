"""Each addon is packaged like an OCA addon: ``pip install ./l10n_vn_einvoice`` builds the
wheel ``odoo-addon-l10n_vn_einvoice`` with whool, and so for each bridge
(``l10n_vn_einvoice_pos``…, found by their manifests), whose wheel requires the core's.
Built here offline, as pip does it (``--no-build-isolation`` with whool from the venv,
``--no-index``), then read back."""

import ast
import email.parser
import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "l10n_vn_einvoice"
MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text())
PREFIX = "odoo/addons/l10n_vn_einvoice/"
ADDONS = sorted(path.parent for path in REPO.glob("l10n_vn_einvoice*/__manifest__.py"))


def build(addon, out):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation",
                    "--no-deps", "--no-index", "--wheel-dir", str(out), str(addon)],
                   check=True, cwd=REPO, timeout=300)
    (path,) = out.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build(ADDON, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode())


def test_name_and_version_come_from_the_manifest(wheel, metadata):
    assert metadata["Name"] == "odoo-addon-l10n_vn_einvoice"
    assert metadata["Version"] == MANIFEST["version"] == "19.0.1.2.0"
    assert wheel.name == f"odoo_addon_l10n_vn_einvoice-{MANIFEST['version']}-py3-none-any.whl"
    assert metadata["License"] == MANIFEST["license"]
    assert "Framework :: Odoo :: 19.0" in metadata.get_all("Classifier")
    assert metadata["Description-Content-Type"] == "text/x-rst"
    assert metadata.get_payload() == (ADDON / "README.rst").read_text()


def test_requires_the_python_dependencies(metadata):
    requires = {Requirement(line).name: Requirement(line)
                for line in metadata.get_all("Requires-Dist")}
    assert set(requires) == {"odoo", "zeep", "xmlsec", "lxml", "python-stdnum", "qrcode"}
    assert str(requires["odoo"].specifier) == "==19.0.*"
    # the bounds of requirements.txt, where the manifest names only the package
    pinned = {Requirement(line).name: Requirement(line) for line in
              (REPO / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    for name in ("xmlsec", "zeep"):
        assert requires[name].specifier == pinned[name].specifier, name
    # this venv (Odoo's pins and requirements.txt) satisfies each of them
    for name, requirement in requires.items():
        if name != "odoo":  # used from its source tree here, not installed by pip
            assert requirement.specifier.contains(importlib.metadata.version(name)), name


def test_holds_every_file_of_the_addon(wheel):
    tracked = subprocess.run(["git", "ls-files"], cwd=ADDON, check=True, capture_output=True,
                             text=True).stdout.split()
    assert "__manifest__.py" in tracked and "static/description/icon.png" in tracked
    with zipfile.ZipFile(wheel) as archive:
        packed = {name[len(PREFIX):] for name in archive.namelist()
                  if name.startswith(PREFIX)}
    assert packed == set(tracked) - {"pyproject.toml"}
    assert not [name for name in packed if "__pycache__" in name or name.endswith(".pyc")]


def test_installs_under_odoo_addons(tmp_path, wheel):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(target), str(wheel)], check=True, timeout=300)
    installed = target / PREFIX
    assert ast.literal_eval((installed / "__manifest__.py").read_text()) == MANIFEST
    assert (installed / "standard" / "xsd").is_dir()
    assert (installed / "providers" / "wsdl" / "vnpt_PublishService.wsdl").is_file()


@pytest.mark.parametrize("addon", [a for a in ADDONS if a != ADDON], ids=lambda a: a.name)
def test_each_bridge_is_a_wheel_requiring_the_core(tmp_path, addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    path = build(addon, tmp_path)
    assert path.name == f"odoo_addon_{addon.name}-{manifest['version']}-py3-none-any.whl"
    prefix = f"odoo/addons/{addon.name}/"
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(name).decode())
        packed = {n[len(prefix):] for n in archive.namelist() if n.startswith(prefix)}
    requires = {Requirement(line).name: Requirement(line)
                for line in metadata.get_all("Requires-Dist")}
    assert "odoo-addon-l10n_vn_einvoice" in requires, requires
    assert str(requires["odoo-addon-l10n_vn_einvoice"].specifier) == "==19.0.*"
    assert metadata.get_payload() == (addon / "README.rst").read_text()
    tracked = subprocess.run(["git", "ls-files"], cwd=addon, check=True, capture_output=True,
                             text=True).stdout.split()
    assert "__manifest__.py" in tracked
    assert packed == set(tracked) - {"pyproject.toml"}
