"""A clone of the repository tests itself: the real documents and providers' contracts the
tests read are in its own test data, and nothing reads the project's shared folder beside
the checkout.

The proof is a copy of the tracked files alone in a fresh temporary folder (no ``shared``
anywhere above it) in which the tests that read the reference data pass."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "l10n_vn_einvoice" / "tests" / "data" / "reference"
# a path into the shared folder beside the checkout, as code would write it
SHARED_PATH = re.compile(r"""\.\./(?:\.\./)*shared\b|["']shared["']\s*[/,)]""")


def tracked_files():
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                         check=True).stdout
    return [REPO / name for name in out.decode().split("\0") if name]


def test_no_code_reads_the_shared_folder():
    offenders = []
    for path in tracked_files():
        if path.suffix not in {".py", ".sh", ".js", ".xml", ".cfg", ".toml", ".ini", ""}:
            continue
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        offenders += [f"{path.relative_to(REPO)}:{text[:m.start()].count(chr(10)) + 1}"
                      for m in SHARED_PATH.finditer(text)]
    assert not offenders, f"code or data pointing at ../shared: {offenders}"


def test_every_reference_file_has_its_provenance():
    for folder in ("real", "wsdl"):
        readme = (REFERENCE / folder / "README.md").read_text()
        files = sorted(p.name for p in (REFERENCE / folder).iterdir() if p.name != "README.md")
        assert files, folder
        missing = [name for name in files if f"`{name}`" not in readme]
        assert not missing, f"{folder}/README.md gives no provenance for {missing}"


def test_a_clone_alone_reads_its_reference_data(tmp_path):
    clone = tmp_path / "clone"
    # the tracked files as they are in the working tree (uncommitted changes included),
    # alone in a folder with no shared folder above it
    for path in tracked_files():
        target = clone / path.relative_to(REPO)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    assert not any((parent / "shared").exists() for parent in clone.parents)
    tests = clone / "l10n_vn_einvoice" / "tests"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:odoo", "-p", "no:cacheprovider",
         str(tests / "test_std_inbound.py"), str(tests / "test_std_signature_interop.py"),
         str(tests / "test_prov_contract_wsdl.py")],
        cwd=clone, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
