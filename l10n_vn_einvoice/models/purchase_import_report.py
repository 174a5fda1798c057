"""What one drop or upload on Vendor Bills did with each file: the bulk import's summary.

Odoo's import creates a bill per group of files and returns them; a file that makes no
bill (an invoice already booked, a refused file) would otherwise vanish without a word.
The journal's upload (``account.journal.create_document_from_attachment``) puts an
:class:`ImportReport` in the context; the grouping of the files writes into it what it
kept out, and the upload turns it into the answer: the existing bill, a clear error, or
the summary (``l10n_vn_einvoice.purchase_import.summary``).

The report is a plain object in the context: JSON-RPC can only put JSON there, and a
value that is not an :class:`ImportReport` is ignored (:func:`report_of`).
"""

from __future__ import annotations

CONTEXT_KEY = "l10n_vn_einvoice_import_report"


class ImportReport:
    """Files refused (name, reason EN, reason VI), already booked (name, bill), and the
    bills created."""

    __slots__ = ("created", "kept_names", "present_files", "refused_files")

    def __init__(self):
        self.refused_files: list[tuple[str, str, str]] = []
        self.present_files: list[tuple[str, object]] = []
        self.created = None  # the bills created, set by the journal's upload
        self.kept_names: list[str] = []  # the file of each bill to create, in order

    def refuse(self, name: str, message: str, message_vi: str) -> None:
        self.refused_files.append((name, message, message_vi))

    def refuse_members(self, archive: str, refused) -> None:
        for member in refused:
            self.refuse(f"{archive}: {member.name}" if member.name != archive else archive,
                        member.message, member.message_vi)

    def present(self, name: str, bill) -> None:
        self.present_files.append((name, bill))


def report_of(env) -> ImportReport | None:
    report = env.context.get(CONTEXT_KEY)
    return report if isinstance(report, ImportReport) else None
