"""Command line for accountants and integrators: ``python -m l10n_vn_einvoice.standard``.

It works without Odoo so that a file received from a provider or a buyer can be checked
on any machine.  Exit status: 0 = the document (or code) is fine, 1 = it is not (invalid,
signature not verified), 2 = it could not be processed (unreadable or hostile file, bad
arguments, missing key).  Messages about the processing go to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
from decimal import Decimal, InvalidOperation

from . import inbound, portal_collect, portal_data, xmldsig
from .amount_words import amount_in_words
from .codes import explain_tax_id
from .errors import HostileXmlError, StandardError
from .safe_xml import parse_xml
from .validate import validate_document
from .vn_dates import validity_text
from .xml_parse import parse_invoice

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

# ``--variant`` names of the amount_in_words options.
WORD_VARIANTS = {
    "ngàn": ("thousand", "ngàn"),
    "lẻ": ("zero_tens", "lẻ"),
    "tỉ": ("billion", "tỉ"),
    "chẵn": ("even", True),
}


def _line(*parts, file) -> None:
    """One line of output for the person at the terminal: a command-line tool prints, as
    odoo/cli/*.py does (marked noqa T201 there)."""
    print(*parts, file=file)  # pylint: disable=print-used


class _CommandError(Exception):
    """The command cannot proceed: message for stderr and exit status."""

    def __init__(self, message: str, message_vi: str = "", status: int = EXIT_ERROR):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi
        self.status = status


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise _CommandError(f"cannot read {path}: {exc.strerror}",
                            f"không đọc được tệp {path}: {exc.strerror}") from exc


def _write_bytes(data: bytes, output: str | None, stdout) -> None:
    if output:
        try:
            with open(output, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise _CommandError(f"cannot write {output}: {exc.strerror}",
                                f"không ghi được tệp {output}: {exc.strerror}") from exc
    else:
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(data.decode("utf-8"))


def _bilingual(stdout, lang: str, indent: str, message: str, message_vi: str) -> None:
    if lang in ("en", "both"):
        _line(f"{indent}{message}", file=stdout)
    if lang in ("vi", "both"):
        _line(f"{indent}{'  ' if lang == 'both' else ''}{message_vi}", file=stdout)


def _print_findings(stdout, lang: str, mode: str, findings) -> None:
    for finding in findings:
        head = f"[{mode}] {finding.severity} {finding.rule} {finding.xpath}"
        _bilingual(stdout, lang, "  ", f"{head}: {finding.message}",
                   f"{head}: {finding.message_vi}")


def _cmd_validate(args, stdout) -> int:
    """Strict by default (what the addon emits); ``--inbound`` reads as the tax authority
    accepts.  Each line names the mode that found it; a strict run that fails also says
    what inbound mode makes of the document, so the two can be told apart at a glance."""
    root = parse_xml(_read(args.file))
    inbound_findings = inbound.validate_inbound(root)
    errors = [f for f in inbound_findings if f.severity == inbound.SEVERITY_ERROR]
    warnings = [f for f in inbound_findings if f.severity == inbound.SEVERITY_WARNING]
    accepted = [f for f in inbound_findings if f.severity == inbound.SEVERITY_INFO]
    summary = (f"inbound mode: {len(errors)} error(s), {len(warnings)} warning(s), "
               f"{len(accepted)} structural deviation(s) accepted",
               f"chế độ nhận: {len(errors)} lỗi, {len(warnings)} cảnh báo, {len(accepted)} "
               f"sai khác cấu trúc được chấp nhận")
    if args.inbound:
        _bilingual(stdout, args.lang, "", f"{args.file}: {summary[0]}",
                   f"{args.file}: {summary[1]}")
        _print_findings(stdout, args.lang, "inbound", [*errors, *warnings, *accepted])
        return EXIT_FAILED if errors else EXIT_OK
    problems = validate_document(root)
    if not problems:
        _bilingual(stdout, args.lang, "", f"{args.file}: valid (strict mode)",
                   f"{args.file}: hợp lệ (chế độ nghiêm ngặt)")
        return EXIT_OK
    _bilingual(stdout, args.lang, "", f"{args.file}: strict mode: {len(problems)} problem(s)",
               f"{args.file}: chế độ nghiêm ngặt: {len(problems)} lỗi")
    _print_findings(stdout, args.lang, "strict", [
        inbound.Finding(inbound.SEVERITY_ERROR, p.xpath, p.rule, p.message, p.message_vi)
        for p in problems])
    _bilingual(stdout, args.lang, "", f"  ({summary[0]}; see --inbound)",
               f"  ({summary[1]}; xem --inbound)")
    return EXIT_FAILED


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _cmd_parse(args, stdout) -> int:
    invoice = parse_invoice(parse_xml(_read(args.file)))
    json.dump(dataclasses.asdict(invoice), stdout, default=_json_default, ensure_ascii=False,
              indent=2)
    _line(file=stdout)
    return EXIT_OK


def _cmd_sign(args, stdout) -> int:
    document = parse_xml(_read(args.file))
    key = xmldsig.load_pkcs12(_read(args.pkcs12), args.password)
    if document.tag == "HDon":
        signed = xmldsig.sign_invoice(document, key, role=args.role)
    elif args.role != "seller":
        raise _CommandError(f"--role applies to HDon invoices only, not {document.tag}",
                            f"--role chỉ dùng cho hóa đơn HDon, không dùng cho {document.tag}")
    else:
        signed = xmldsig.sign_element(document, key)
    _write_bytes(signed, args.output, stdout)
    return EXIT_OK


def _cmd_verify(args, stdout) -> int:
    checks = xmldsig.verify_signatures(_read(args.file))
    if not checks:
        _bilingual(stdout, args.lang, "", f"{args.file}: no signature found",
                   f"{args.file}: không có chữ ký số")
        return EXIT_FAILED
    for check in checks:
        when = check.signing_time.strftime("%Y-%m-%d %H:%M:%S") if check.signing_time else "-"
        validity = (f"{validity_text(check.not_before, check.not_after)} (Vietnam time)"
                    if check.not_before else "-")
        status = "OK" if check.ok else "FAILED"
        _line(f"{check.role}: {status} {check.algorithm} signed {when} by {check.subject or '-'}"
              f" (MST {check.tax_code or '-'}; certificate valid {validity})", file=stdout)
        if check.reindented:
            _bilingual(stdout, args.lang, "  ",
                       "verified on the signed form: the file was re-indented after signing "
                       "(whitespace between elements only)",
                       "đã kiểm tra trên dạng được ký: tệp đã được căn lề lại sau khi ký (chỉ "
                       "khoảng trắng giữa các phần tử)")
        if not check.ok:
            _bilingual(stdout, args.lang, "  ", check.reason, check.reason_vi)
    return EXIT_OK if all(check.ok for check in checks) else EXIT_FAILED


def _cmd_words(args, stdout) -> int:
    try:
        amount = Decimal(args.amount.replace("_", ""))
    except InvalidOperation as exc:
        raise _CommandError(
            f"not a number: {args.amount!r} (use '.' for decimals)",
            f"không phải số: {args.amount!r} (dùng '.' cho phần thập phân)") from exc
    if not amount.is_finite():
        raise _CommandError(f"not a finite amount: {args.amount!r}",
                            f"số tiền không hợp lệ: {args.amount!r}")
    options = dict(WORD_VARIANTS[name] for name in args.variant or ())
    _line(amount_in_words(amount, args.currency.upper(), **options), file=stdout)
    return EXIT_OK


def _cmd_mst(args, stdout) -> int:
    ok, _kind, reason, reason_vi = explain_tax_id(args.code)
    _bilingual(stdout, args.lang, "", f"{'valid' if ok else 'invalid'}: {reason}",
               f"{'hợp lệ' if ok else 'không hợp lệ'}: {reason_vi}")
    return EXIT_OK if ok else EXIT_FAILED


def _cmd_portal(args, stdout, stderr) -> int:
    """Every invoice of the portal's files once, one JSON object a line; each file or row
    that could not be read on stderr (exit 1), each note too (a page that is not the whole
    list) without changing the exit status."""
    readings = []
    for path in args.files:
        try:
            readings.append(portal_collect.read_portal_file(_read(path), path))
        except _CommandError as refused:
            readings.append(portal_data.Reading(refusals=[portal_data.Refusal(
                path, "", refused.message, refused.message_vi)]))
    merged = portal_collect.merge(readings)
    for invoice in merged.invoices:
        _line(json.dumps(portal_data.output_record(invoice), ensure_ascii=False), file=stdout)
    for note in merged.notes:
        _line(f"note: {note}", file=stderr)
    for refusal in merged.refusals:
        _line(f"refused: {refusal}", file=stderr)
    return EXIT_FAILED if merged.refusals else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m l10n_vn_einvoice.standard",
        description="Vietnamese e-invoice tools (validate, parse, sign, verify, words, mst, "
                    "portal).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, handler, help_text, file_arg=True):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if file_arg:
            sub.add_argument("file", metavar="FILE", help="XML file, '-' for stdin")
        sub.add_argument("--lang", choices=("en", "vi", "both"), default="both",
                         help="language of messages (default: English then Vietnamese)")
        sub.set_defaults(handler=handler)
        return sub

    validate = command("validate", _cmd_validate,
                       "validate an HDon, TDiep, TBao or BTHDLieu file (schema, arithmetic, "
                       "codes)")
    validate.add_argument("--inbound", action="store_true",
                          help="read as the tax authority accepts (element order, empty "
                               "elements, every format version) instead of strictly")
    command("parse", _cmd_parse, "print an HDon invoice as JSON (amounts as strings)")
    sign = command("sign", _cmd_sign, "sign an invoice, notice or summary table")
    sign.add_argument("--pkcs12", required=True, metavar="P12", help=".p12/.pfx key file")
    sign.add_argument("--password", default=None, help="password of the PKCS#12 file")
    sign.add_argument("--role", choices=("seller", "buyer", "tax_authority"), default="seller")
    sign.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    command("verify", _cmd_verify, "verify every signature of a document")
    words = command("words", _cmd_words, "write an amount in Vietnamese words",
                    file_arg=False)
    words.add_argument("amount", metavar="AMOUNT", help="e.g. 1250000 or 99.5")
    words.add_argument("--currency", default="VND", help="ISO 4217 code (default VND)")
    words.add_argument("--variant", action="append", choices=sorted(WORD_VARIANTS),
                       help="spelling variant, repeatable: ngàn, lẻ, tỉ, chẵn")
    mst = command("mst", _cmd_mst, "check a tax code (MST) or 12-digit personal ID",
                  file_arg=False)
    mst.add_argument("code", metavar="CODE")
    portal = commands.add_parser(
        "portal", help="read the tax portal's lists, details and Excel exports",
        description="Print every invoice of the tax portal's files (JSON list pages and "
                    "details, Excel exports) once, one JSON object a line; exit 1 if a file "
                    "or a row could not be read (each named on stderr).")
    portal.add_argument("files", metavar="FILE", nargs="+", help="JSON or xlsx file")
    portal.set_defaults(handler=_cmd_portal, with_stderr=True)
    return parser


def main(argv=None, stdout=None, stderr=None) -> int:
    """Run one command; returns the exit status instead of exiting (tests call it)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "with_stderr", False):
            return args.handler(args, stdout, stderr)
        return args.handler(args, stdout)
    except HostileXmlError as error:
        _line(f"refused: {error.message}\n  {error.message_vi}", file=stderr)
        return EXIT_ERROR
    except StandardError as error:
        _line(f"error: {error.field}: {error.message}\n  {error.message_vi}", file=stderr)
        return EXIT_ERROR
    except _CommandError as refused:
        _line(f"error: {refused.message}\n  {refused.message_vi}", file=stderr)
        return refused.status
