"""Odoo comes with the set-up: scripts/common.sh fetches Odoo 19.0 when none is found.

A local bare repository stands in for the official one (``ODOO_GIT_URL=file://…``): a
tiny "Odoo" tree with ``odoo-bin``, ``odoo/release.py`` and ``addons/point_of_sale``, two
19.0 commits and an 18.0 branch.  Each case sources the real ``scripts/common.sh`` in a
fresh bash, as every script does, with ``HOME`` in the test folder so that no user
configuration is read.
"""

import os
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMMON = REPO / "scripts" / "common.sh"
PINNED = next(line.split("=", 1)[1] for line in
              (REPO / "scripts" / "odoo_source.sh").read_text().splitlines()
              if line.startswith("ODOO_PINNED_REF="))


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def commit_tree(work, version, message):
    (work / "odoo").mkdir(exist_ok=True)
    (work / "addons" / "point_of_sale").mkdir(parents=True, exist_ok=True)
    (work / "addons" / "point_of_sale" / "__init__.py").write_text("")
    (work / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (work / "odoo" / "release.py").write_text(
        f"version_info = ({version[0]}, {version[1]}, 0, FINAL, 0, '')\n")
    (work / "odoo" / "CHANGES").write_text(message + "\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=test", "-c", "user.email=test@localhost",
        "commit", "-q", "-m", message)
    return git(work, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    """A bare repository like the official one: 19.0 with two commits, an 18.0 branch."""
    root = tmp_path_factory.mktemp("upstream")
    work = root / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "19.0")
    first = commit_tree(work, (19, 0), "first 19.0 commit")
    second = commit_tree(work, (19, 0), "second 19.0 commit")
    git(work, "checkout", "-q", "-b", "18.0")
    commit_tree(work, (18, 0), "an 18.0 tree")
    bare = root / "odoo.git"
    git(root, "clone", "-q", "--bare", str(work), str(bare))
    return {"url": bare.as_uri(), "first": first, "second": second}


def source_common(tmp_path, **env):
    """Source scripts/common.sh in a fresh bash; return (exit code, ODOO_SRC, stderr)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    run_env = {key: value for key, value in os.environ.items()
               if not key.startswith("ODOO_")}
    run_env.update(HOME=str(home), **env)
    done = subprocess.run(["bash", "-c", 'source "$1" && echo "$ODOO_SRC"', "_", str(COMMON)],
                          env=run_env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.strip(), done.stderr


def test_fetches_the_pinned_commit_shallowly_then_leaves_it_alone(tmp_path, upstream):
    dest = tmp_path / "odoo"
    code, found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                     ODOO_GIT_URL=upstream["url"], ODOO_REF=upstream["first"])
    assert code == 0, err
    assert found == str(dest)
    assert f"fetching Odoo 19.0 ({upstream['first']}) from {upstream['url']}" in err
    assert git(dest, "rev-parse", "HEAD") == upstream["first"]
    assert git(dest, "rev-parse", "--is-shallow-repository") == "true"
    assert git(dest, "rev-list", "--count", "HEAD") == "1"
    assert not (tmp_path / "odoo.partial").exists()

    # a second run finds Odoo and fetches nothing: the repository is not even asked
    code, found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                     ODOO_GIT_URL=(tmp_path / "gone.git").as_uri())
    assert code == 0, err
    assert found == str(dest)
    assert "fetching" not in err
    assert git(dest, "rev-parse", "HEAD") == upstream["first"]


def test_odoo_ref_may_name_the_branch(tmp_path, upstream):
    dest = tmp_path / "odoo"
    dest.mkdir()  # an empty folder named by ODOO_SRC is filled
    code, _found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                      ODOO_GIT_URL=upstream["url"], ODOO_REF="19.0")
    assert code == 0, err
    assert git(dest, "rev-parse", "HEAD") == upstream["second"]


def test_the_default_is_the_pinned_official_commit(tmp_path, upstream):
    """The stand-in does not have the official pinned commit: the default asks for it."""
    assert len(PINNED) == 40 and int(PINNED, 16)
    dest = tmp_path / "odoo"
    code, _found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                      ODOO_GIT_URL=upstream["url"])
    assert code != 0
    assert f"cannot fetch {PINNED} from {upstream['url']}: set ODOO_REF" in err
    assert not dest.exists() and not (tmp_path / "odoo.partial").exists()


def test_another_version_is_refused(tmp_path, upstream):
    dest = tmp_path / "odoo"
    code, _found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                      ODOO_GIT_URL=upstream["url"], ODOO_REF="18.0")
    assert code != 0
    assert "18.0 from" in err and "is not Odoo 19.0" in err
    assert not dest.exists() and not (tmp_path / "odoo.partial").exists()


@pytest.mark.parametrize("url", ["missing", "http://127.0.0.1:9/odoo.git"])
def test_unreachable_repository_says_what_to_set(tmp_path, url):
    url = (tmp_path / "missing.git").as_uri() if url == "missing" else url
    dest = tmp_path / "odoo"
    started = time.monotonic()
    code, _found, err = source_common(tmp_path, ODOO_SRC=str(dest), ODOO_GIT_URL=url)
    assert code != 0
    assert f"{url} cannot be reached" in err
    assert "set ODOO_SRC to an Odoo 19.0 source tree, or ODOO_GIT_URL" in err
    assert time.monotonic() - started < 30
    assert not dest.exists()


def test_a_folder_holding_something_else_is_never_written(tmp_path, upstream):
    dest = tmp_path / "projects"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    code, _found, err = source_common(tmp_path, ODOO_SRC=str(dest),
                                      ODOO_GIT_URL=upstream["url"], ODOO_REF="19.0")
    assert code != 0
    assert "is not empty and holds no Odoo 19.0" in err
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_the_user_env_file_names_the_folder(tmp_path, upstream):
    """Lookup order unchanged: the env file's ODOO_SRC= line is where Odoo goes."""
    dest = tmp_path / "from-env-file"
    config = tmp_path / "home" / ".config" / "l10n_vn_einvoice"
    config.mkdir(parents=True)
    (config / "env").write_text(f"ODOO_SRC={dest}\n")
    code, found, err = source_common(tmp_path, ODOO_GIT_URL=upstream["url"],
                                     ODOO_REF=upstream["second"])
    assert code == 0, err
    assert found == str(dest)
    assert git(dest, "rev-parse", "HEAD") == upstream["second"]
