"""Read a ``.zip`` of e-invoices (a supplier's XML with its PDF, or a folder of hundreds).

A zip comes from outside, so it is read with the same distrust as XML (:mod:`.safe_xml`):
its directory may lie about sizes, so every member is read with a cap and refused when
the cap is reached (a zip bomb stops at the cap, never at the end of memory); members,
total size and nesting are bounded; encrypted members and zips inside the zip are refused
with their name; folders, and the ``__MACOSX`` and hidden files archivers add, are
skipped.  Only XML and PDF members are returned: a supplier's e-invoice is one of each.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from .errors import StandardError

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
KEPT_SUFFIXES = (".xml", ".pdf")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Member:
    name: str  # the file name, without folders
    data: bytes


@dataclass(frozen=True)
class Refused:
    name: str
    message: str
    message_vi: str


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


def _skipped(path: str) -> bool:
    parts = [part for part in path.split("/") if part]
    return not parts or path.endswith("/") or parts[0] == "__MACOSX" or any(
        part.startswith(".") for part in parts)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes | None:
    """The member's bytes, or None when it is larger than the cap or the budget left."""
    cap = min(MAX_MEMBER_BYTES, budget)
    if info.file_size > cap:
        return None
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    return None if len(data) > cap else data


def read_archive(data: bytes) -> tuple[list[Member], list[Refused]]:
    """The XML and PDF members of a zip, and the members refused with the reason.

    Raises :class:`StandardError` (rule ``archive.unreadable`` / ``archive.members``) when
    the archive itself cannot be read or holds too many members.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise StandardError("zip", "archive.unreadable", f"the zip file cannot be read ({exc})",
                            f"không đọc được tệp zip ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise StandardError("zip", "archive.members",
                            f"the zip holds {len(infos)} files, at most {MAX_MEMBERS} are read",
                            f"tệp zip chứa {len(infos)} tệp, chỉ đọc tối đa {MAX_MEMBERS} tệp")
    members, refused, budget = [], [], MAX_TOTAL_BYTES
    for info in infos:
        path = info.filename.replace("\\", "/")
        name = posixpath.basename(path)
        if info.is_dir() or _skipped(path):
            continue
        lower = name.lower()
        if lower.endswith(".zip"):
            refused.append(Refused(name, "a zip inside the zip is not opened: unzip it first",
                                   "không mở tệp zip nằm trong tệp zip: hãy giải nén trước"))
            continue
        if not lower.endswith(KEPT_SUFFIXES):
            continue
        if info.flag_bits & 0x1:
            refused.append(Refused(name, "the file is encrypted in the zip",
                                   "tệp được mã hóa trong tệp zip"))
            continue
        try:
            content = _read(archive, info, budget)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
            refused.append(Refused(name, f"the file cannot be read from the zip ({exc})",
                                   f"không đọc được tệp trong tệp zip ({exc})"))
            continue
        if content is None:
            refused.append(Refused(
                name, f"the file is larger than {MAX_MEMBER_BYTES // 2 ** 20} MB once "
                      f"unzipped, or the zip exceeds {MAX_TOTAL_BYTES // 2 ** 20} MB in all",
                f"tệp lớn hơn {MAX_MEMBER_BYTES // 2 ** 20} MB sau khi giải nén, hoặc tệp zip "
                f"vượt quá {MAX_TOTAL_BYTES // 2 ** 20} MB"))
            continue
        budget -= len(content)
        members.append(Member(name, content))
    return members, refused
