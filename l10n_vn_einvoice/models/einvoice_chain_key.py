"""The secret of the tamper-evidence chain, kept outside PostgreSQL.

A chain link is an HMAC-SHA256 under a key that lives in a file of the server, never in
the database: whoever can write to PostgreSQL (a DBA, a leaked database password, an SQL
injection, a restored dump) can rewrite a row and every later link, but cannot make the
links verify, because the key is not there to read.  The threat model is in the README.

Where the keys are: the directory named by the server option
``l10n_vn_einvoice_chain_key_dir`` (odoo.conf), else ``<data_dir>/l10n_vn_einvoice/
chain_keys``; in it one sub-directory per database, named after ``database.uuid`` (a copy
made by Odoo's database manager gets a new uuid, so a new key), with ``-neutralized``
appended in a neutralised database (so a neutralised copy never signs with the key of
the production database, even on a server that received a copy of its data directory).
Each key is a file ``<key id>.key`` (0600, in a 0700 directory) holding 32 random bytes
in hex; ``current`` names the key new links use.  The key id is stored with each link,
so rotating (:func:`rotate`) leaves every older link verifiable as long as its key file
is kept.  Key ids and uuids read from the database are checked against strict patterns
before they become part of a path.

Beside the keys, two things the database cannot set (issue 22 §3):

* ``database``: the identity (``pg_database`` oid and name) of the database the
  directory belongs to, recorded on first use.  A copy keeps ``database.uuid`` (a row)
  but gets a new oid from PostgreSQL (``createdb -T``, ``pg_restore`` into a new
  database): it is refused the key (:func:`bind_database`) until an administrator of the
  server adopts it (:func:`adopt_database`, ``scripts/check_chain.py --adopt-keys``).
* ``heads/<company>-<symbol>``: the last link of each chain (index and hash), written by
  the server after each commit (:func:`write_head`, never moving backwards).  The check
  compares the chain in the database with it: links cut from the tail, a whole symbol
  removed or a link taken out of the chain show up.
"""

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import threading
from pathlib import Path

from odoo.tools import config

KEY_DIR_OPTION = "l10n_vn_einvoice_chain_key_dir"
KEY_ID_RE = re.compile(r"^[0-9a-f]{16}$")
NAMESPACE_RE = re.compile(r"^[0-9a-f-]{36}(-neutralized)?$")
SYMBOL_RE = re.compile(r"^[0-9A-Za-z]{1,16}$")
OWNER_FILE = "database"
HEADS_DIR = "heads"
_CACHE = {}  # (directory, key id) → key bytes: read each key file once per process
_LOCK = threading.Lock()


class ChainKeyError(Exception):
    """The key store cannot be used; ``message_vi`` is the Vietnamese wording."""

    def __init__(self, message, message_vi):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


def key_directory(database_uuid, neutralized):
    """The key directory of one database (see the module docstring)."""
    namespace = f"{database_uuid}-neutralized" if neutralized else str(database_uuid)
    if not NAMESPACE_RE.match(namespace):
        raise ChainKeyError(
            f"database.uuid {database_uuid!r} is not a uuid: the chain key cannot be located",
            f"database.uuid {database_uuid!r} không phải uuid: không tìm được khóa chuỗi")
    root = config.get(KEY_DIR_OPTION) or os.path.join(config["data_dir"], "l10n_vn_einvoice",
                                                      "chain_keys")
    return Path(root) / namespace


def _read_private(path):
    """The content of a key store file, refused if group or others may read it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ChainKeyError(
                f"{path} is readable by other users: run 'chmod 600 {path}' (and check who "
                f"may have read it; if in doubt, rotate the key)",
                f"{path} có thể bị người dùng khác đọc: hãy chạy 'chmod 600 {path}'")
        return handle.read().decode("ascii").strip()


def _write_private(path, text):
    """Create ``path`` (0600) with ``text``; False if it already exists (a race lost)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def _new_key(directory):
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    while True:
        key_id = secrets.token_hex(8)
        if _write_private(directory / f"{key_id}.key", secrets.token_hex(32)):
            return key_id


def key(directory, key_id):
    """The key ``key_id`` of ``directory``, or None if this server does not hold it."""
    if not KEY_ID_RE.match(key_id or ""):
        return None
    cached = _CACHE.get((str(directory), key_id))
    if cached is None:
        text = _read_private(directory / f"{key_id}.key")
        if text is None:
            return None
        cached = _CACHE[str(directory), key_id] = bytes.fromhex(text)
    return cached


def current_key(directory):
    """(key id, key) new links use; the first key is made on first use."""
    key_id = _read_private(directory / "current")
    if key_id is None:
        with _LOCK:
            key_id = _read_private(directory / "current")
            if key_id is None:
                made = _new_key(directory)
                if not _write_private(directory / "current", made):
                    # another process made the first key meanwhile: use its key
                    (directory / f"{made}.key").unlink()
                key_id = _read_private(directory / "current")
    secret = key(directory, key_id)
    if secret is None:
        raise ChainKeyError(
            f"{directory / 'current'} names key {key_id!r}, which is missing from {directory}",
            f"{directory / 'current'} chỉ tới khóa {key_id!r} không có trong {directory}")
    return key_id, secret


def rotate(directory):
    """Make a new key and point ``current`` at it; returns its id.  Old keys stay for
    verifying the links they made."""
    key_id = _new_key(directory)
    pending = directory / f"current.{key_id}"
    _write_private(pending, key_id)
    os.replace(pending, directory / "current")
    return key_id


def link_mac(secret, text):
    """The HMAC-SHA256 (hex) of one link's text."""
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------- database binding
def bind_database(directory, identity):
    """Record ``identity`` (``"<oid>:<name>"`` of the database) as the owner of
    ``directory`` on first use; returns the identity recorded before if it differs (the
    database is a copy), else None."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    recorded = _read_private(directory / OWNER_FILE)
    if recorded is None:
        _write_private(directory / OWNER_FILE, identity)
        recorded = _read_private(directory / OWNER_FILE)
    return None if recorded == identity else recorded


def adopt_database(directory, identity):
    """Make ``identity`` the owner of ``directory`` (a database restored from a backup
    that now is the production one); server side only."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    pending = directory / f"{OWNER_FILE}.{secrets.token_hex(4)}"
    _write_private(pending, identity)
    os.replace(pending, directory / OWNER_FILE)


# ---------------------------------------------------------------------- chain heads
def head_path(directory, company_id, symbol):
    """The file holding the head of the chain of ``company_id`` and ``symbol``."""
    name = symbol if SYMBOL_RE.match(symbol or "") else \
        "x" + hashlib.sha256(str(symbol).encode()).hexdigest()[:32]
    return directory / HEADS_DIR / f"{int(company_id)}-{name}"


def write_head(directory, company_id, symbol, index, link_hash):
    """Record link ``index`` as the head of its chain, unless a later link is recorded
    already (concurrent commits may arrive out of order).  Called after the commit that
    made the link, so a rolled-back link is never recorded."""
    path = head_path(directory, company_id, symbol)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path.parent / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        current = read_head(path)
        if current and isinstance(current.get("index"), int) and current["index"] >= index:
            return
        pending = path.parent / f".{path.name}.{secrets.token_hex(4)}"
        _write_private(pending, json.dumps({"company_id": int(company_id), "symbol": symbol,
                                            "index": index, "hash": link_hash}))
        os.replace(pending, path)


def read_head(path):
    """The head recorded in ``path`` (dict), None if there is none, ``{}`` if the file
    cannot be read as a head."""
    try:
        text = _read_private(path)
    except UnicodeDecodeError:
        return {}
    if text is None:
        return None
    try:
        head = json.loads(text)
    except ValueError:
        return {}
    return head if isinstance(head, dict) else {}


def heads(directory):
    """Every head recorded in ``directory``: ``[(path, head dict)]``."""
    folder = directory / HEADS_DIR
    if not folder.is_dir():
        return []
    return [(path, read_head(path)) for path in sorted(folder.iterdir())
            if not path.name.startswith(".")]
