"""Durable storage of the sandbox: one SQLite file in the data directory.

SQLite (standard library) keeps the sandbox dependency-free and makes a restart on the
same directory see every invoice, number and notice again.  One connection per process;
:attr:`Store.lock` makes "check then insert" atomic between the threads of a process (a
re-entrant lock) and between the worker processes of one data directory (a lock on a file
beside the database, which wakes a waiting process at once where SQLite's own busy
handler would sleep, around one transaction held by the outermost ``with``).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import sqlite3
import threading
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submission (
    contract TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, form TEXT NOT NULL,
    symbol TEXT NOT NULL, number INTEGER, issue_date TEXT NOT NULL, state TEXT NOT NULL,
    tax_authority_code TEXT NOT NULL, lookup_code TEXT NOT NULL, xml BLOB NOT NULL,
    reason TEXT NOT NULL, reason_vi TEXT NOT NULL, created_at TEXT NOT NULL,
    related_key TEXT NOT NULL, PRIMARY KEY (contract, key));
CREATE INDEX IF NOT EXISTS submission_number ON submission (form, symbol, number);
CREATE INDEX IF NOT EXISTS submission_code ON submission (tax_authority_code);
CREATE TABLE IF NOT EXISTS notice (
    contract TEXT NOT NULL, key TEXT NOT NULL, xml BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS certificate (
    tax_code TEXT PRIMARY KEY, der BLOB NOT NULL, registered_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS draft (
    contract TEXT NOT NULL, key TEXT NOT NULL, payload_digest TEXT NOT NULL,
    xml BLOB NOT NULL, digest BLOB NOT NULL, serial_cert TEXT NOT NULL,
    related_key TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (contract, key));
"""

COLUMNS = ("contract", "key", "kind", "form", "symbol", "number", "issue_date", "state",
           "tax_authority_code", "lookup_code", "xml", "reason", "reason_vi", "created_at",
           "related_key")


class Store:
    def __init__(self, path: str | Path):
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._file_lock = open(f"{path}.lock", "a")  # held for the life of the Store
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                   timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    @property
    @contextlib.contextmanager
    def lock(self):
        """Exclusive use of the store, re-entrant, across threads and processes."""
        with self._thread_lock:
            outermost = self._depth == 0
            if outermost:
                fcntl.flock(self._file_lock, fcntl.LOCK_EX)
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                    fcntl.flock(self._file_lock, fcntl.LOCK_UN)
                raise
            self._depth -= 1
            if outermost:
                self._db.execute("COMMIT")
                fcntl.flock(self._file_lock, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._thread_lock:
            self._db.close()
            self._file_lock.close()

    def get(self, contract: str, key: str) -> dict | None:
        with self.lock:
            row = self._db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM submission WHERE contract=? AND key=?",
                (contract, key)).fetchone()
        return dict(zip(COLUMNS, row, strict=True)) if row else None

    def insert(self, record: dict) -> None:
        values = [record[c] for c in COLUMNS]
        values[6] = record["issue_date"].isoformat()
        values[13] = record["created_at"].isoformat()
        with self.lock:
            self._db.execute(
                f"INSERT INTO submission ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})", values)

    def update(self, contract: str, key: str, **changes) -> None:
        assignments = ", ".join(f"{name}=?" for name in changes)
        with self.lock:
            self._db.execute(f"UPDATE submission SET {assignments} WHERE contract=? AND key=?",
                             (*changes.values(), contract, key))

    def number_taken(self, form: str, symbol: str, year: int, number: int) -> bool:
        with self.lock:
            row = self._db.execute(
                "SELECT 1 FROM submission WHERE form=? AND symbol=? AND number=? "
                "AND substr(issue_date, 1, 4)=? AND state != 'rejected'",
                (form, symbol, number, f"{year:04d}")).fetchone()
        return row is not None

    def last_number(self, form: str, symbol: str, year: int) -> int:
        with self.lock:
            row = self._db.execute(
                "SELECT max(number) FROM submission WHERE form=? AND symbol=? "
                "AND substr(issue_date, 1, 4)=? AND state != 'rejected'",
                (form, symbol, f"{year:04d}")).fetchone()
        return row[0] or 0

    def code_taken(self, code: str) -> bool:
        with self.lock:
            row = self._db.execute(
                "SELECT 1 FROM submission WHERE tax_authority_code=? AND state != 'rejected'",
                (code,)).fetchone()
        return row is not None

    def related(self, contract: str, related_key: str) -> list[dict]:
        with self.lock:
            rows = self._db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM submission WHERE contract=? "
                "AND related_key=? AND state != 'rejected'", (contract, related_key)).fetchall()
        return [dict(zip(COLUMNS, row, strict=True)) for row in rows]

    def by_number(self, contract: str, form: str, symbol: str, low: int, high: int) -> list[dict]:
        with self.lock:
            rows = self._db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM submission WHERE contract=? AND form=? "
                "AND symbol=? AND number BETWEEN ? AND ? ORDER BY number",
                (contract, form, symbol, low, high)).fetchall()
        return [dict(zip(COLUMNS, row, strict=True)) for row in rows]

    def symbols(self) -> list[tuple[str, str, str]]:
        with self.lock:
            rows = self._db.execute(
                "SELECT DISTINCT form, symbol, kind FROM submission ORDER BY form, symbol"
            ).fetchall()
        return [tuple(row) for row in rows]

    def count(self, contract: str | None = None) -> int:
        with self.lock:
            if contract is None:
                return self._db.execute("SELECT count(*) FROM submission").fetchone()[0]
            return self._db.execute("SELECT count(*) FROM submission WHERE contract=?",
                                    (contract,)).fetchone()[0]

    def add_notice(self, contract: str, key: str, xml: bytes) -> None:
        with self.lock:
            self._db.execute("INSERT INTO notice VALUES (?, ?, ?, ?)",
                             (contract, key, xml, datetime.datetime.now().isoformat()))

    def notices(self, contract: str, key: str) -> list[bytes]:
        with self.lock:
            rows = self._db.execute("SELECT xml FROM notice WHERE contract=? AND key=?",
                                    (contract, key)).fetchall()
        return [row[0] for row in rows]

    def next_value(self, name: str) -> int:
        """A persistent counter (message ids, cash-register sequences)."""
        with self.lock:
            self._db.execute("INSERT INTO counter VALUES (?, 0) ON CONFLICT(name) DO NOTHING",
                             (name,))
            self._db.execute("UPDATE counter SET value = value + 1 WHERE name=?", (name,))
            return self._db.execute("SELECT value FROM counter WHERE name=?",
                                    (name,)).fetchone()[0]

    # --- the seller's own signature (hash flow) -----------------------------------------

    def set_certificate(self, tax_code: str, der: bytes) -> None:
        """The tenant's registered signing certificate (one per seller; a new one replaces
        the old, as a renewed certificate does)."""
        with self.lock:
            self._db.execute("INSERT INTO certificate VALUES (?, ?, ?) ON CONFLICT(tax_code) "
                             "DO UPDATE SET der=excluded.der, "
                             "registered_at=excluded.registered_at",
                             (tax_code, der, datetime.datetime.now().isoformat()))

    def certificate(self, tax_code: str) -> bytes | None:
        with self.lock:
            row = self._db.execute("SELECT der FROM certificate WHERE tax_code=?",
                                   (tax_code,)).fetchone()
        return bytes(row[0]) if row else None

    _DRAFT = ("payload_digest", "xml", "digest", "serial_cert", "related_key")

    def put_draft(self, contract: str, key: str, **draft) -> None:
        """An invoice prepared for the seller's signature, awaiting its value (replaces an
        earlier draft of the same key: nothing of it was issued)."""
        with self.lock:
            self._db.execute(
                "INSERT OR REPLACE INTO draft VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (contract, key, *(draft[name] for name in self._DRAFT),
                 datetime.datetime.now().isoformat()))

    def draft(self, contract: str, key: str) -> dict | None:
        with self.lock:
            row = self._db.execute(
                f"SELECT {', '.join(self._DRAFT)} FROM draft WHERE contract=? AND key=?",
                (contract, key)).fetchone()
        return dict(zip(self._DRAFT, row, strict=True)) if row else None

    def drop_draft(self, contract: str, key: str) -> None:
        with self.lock:
            self._db.execute("DELETE FROM draft WHERE contract=? AND key=?", (contract, key))
