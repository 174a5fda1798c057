"""The Apps page and the modules' READMEs: each addon's README.rst (the core's and each
bridge's) is the render of its readme/*.rst (scripts/gen_addon_readme.py) and valid
reStructuredText; the icon and the images index.html shows exist and are small; the
manifests name no invented website."""

import ast
import io
import re
import subprocess
import sys
from pathlib import Path

import docutils.core
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "l10n_vn_einvoice"
ADDONS = sorted(path.parent for path in REPO.glob("l10n_vn_einvoice*/__manifest__.py"))
DESCRIPTION = ADDON / "static" / "description"


def test_readme_is_the_render_of_its_fragments():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_addon_readme.py"),
                           "--check"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(ADDONS) >= 2
    for addon in ADDONS:
        readme = (addon / "README.rst").read_text()
        for name in ("DESCRIPTION", "CONFIGURE", "USAGE", "CONTRIBUTORS"):
            fragment = (addon / "readme" / f"{name}.rst").read_text().strip()
            assert fragment and fragment in readme, (addon.name, name)


def test_readme_is_valid_restructuredtext():
    for addon in ADDONS:
        warnings = io.StringIO()
        docutils.core.publish_string((addon / "README.rst").read_text(), writer_name="html",
                                     settings_overrides={"report_level": 1, "halt_level": 5,
                                                         "warning_stream": warnings})
        assert warnings.getvalue() == "", addon.name


def test_apps_page_images_exist_and_are_small():
    pictures = {}
    for addon in ADDONS:
        description = addon / "static" / "description"
        html = (description / "index.html").read_text()
        pictures[addon.name] = sorted(re.findall(r'src="([^"]+)"', html))
        for name in [*pictures[addon.name], "icon.png"]:
            path = description / name
            assert path.stat().st_size < 200_000, (addon.name, name)
            with Image.open(path) as image:
                assert image.format == "PNG", (addon.name, name)
                assert image.width <= 900, (addon.name, name)
        with Image.open(description / "icon.png") as icon:
            assert icon.size == (100, 100), addon.name  # as Odoo's own apps
    assert pictures["l10n_vn_einvoice"] == ["einvoice_form.png", "settings.png"]
    assert pictures["l10n_vn_einvoice_pos"] == ["pos_receipt.png"]


def test_core_apps_page_does_not_promise_the_point_of_sale():
    """The core installs without the Point of Sale: its page says so, the receipt is the
    POS bridge's."""
    html = (DESCRIPTION / "index.html").read_text()
    assert "POS" not in html and "receipt" not in html
    assert "the Point of Sale\n                and Inventory bring their own bridges" in html


def test_manifest_names_no_invented_website():
    for addon in ADDONS:
        manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
        assert "website" not in manifest, addon.name
        assert not {"installable", "application"} & set(manifest), addon.name
