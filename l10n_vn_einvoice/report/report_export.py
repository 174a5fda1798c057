"""XLSX download of a report table, shared by the e-invoice reports.

The workbook is written straight from the rows the report's SQL returned (constant
memory mode), attached to the user and handed to the browser as a download.  Above the
table: the form's title, the taxpayer, the MST, the period and, where the format is not
verified against the tax authority's software, a notice saying so."""

import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from odoo import api, fields, models
from odoo.tools import format_date


class L10nVnEinvoiceReportExport(models.AbstractModel):
    _name = "l10n_vn_einvoice.report.export"
    _description = "Vietnam e-invoice report export"

    @api.model
    def _period_text(self, date_from, date_to):
        """A period as Vietnamese forms write it (dd/mm/yyyy – dd/mm/yyyy in vi_VN)."""
        return f"{format_date(self.env, date_from)} – {format_date(self.env, date_to)}"

    @api.model
    def _preamble(self, title, company, period, notice=""):
        """What an accountant needs above any exported table: which form, whose, when."""
        lines = [title,
                 f"Người nộp thuế / Taxpayer: "
                 f"{company.l10n_vn_einvoice_legal_name or company.name}",
                 f"Mã số thuế / Tax code: {company.vat or ''}",
                 f"Kỳ / Period: {period}"]
        return lines + ([notice] if notice else [])

    def _xlsx_bytes(self, preamble, headers, rows, totals_from=None, apart=()):
        """Workbook with the preamble lines (the first is the title), a header row, the
        rows and, from column ``totals_from`` on, a SUM row (formulas, so the sheet stays
        checkable); then ``apart``, rows shown below the totals and not added into them
        (replaced and voided documents)."""
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet()
        title = book.add_format({"bold": True, "font_size": 14})
        bold = book.add_format({"bold": True})
        number = book.add_format({"num_format": "#,##0"})
        date = book.add_format({"num_format": "dd/mm/yyyy"})
        for index, line in enumerate(preamble):
            sheet.write(index, 0, line, title if index == 0 else None)
        head = len(preamble) + 1  # one blank row before the table
        sheet.write_row(head, 0, headers, bold)

        def write_row(index, row):
            for col, value in enumerate(row):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(index, col, value, number)
                elif hasattr(value, "isoformat"):
                    sheet.write_datetime(index, col, fields.Datetime.to_datetime(value), date)
                else:
                    sheet.write(index, col, value if value not in (None, False) else "")

        count = 0
        for count, row in enumerate(rows, start=1):
            write_row(head + count, row)
        last = head + count
        if totals_from is not None and count:
            last += 1
            sheet.write(last, 0, "Tổng cộng / Total", bold)
            for col in range(totals_from, len(headers)):
                letter = xl_col_to_name(col)
                sheet.write_formula(last, col,
                                    f"=SUM({letter}{head + 2}:{letter}{head + count + 1})",
                                    number)
        if apart:
            last += 2
            sheet.write(last, 0, "Không cộng vào tổng (bị thay thế, đã hủy, bị từ chối) / "
                                 "Not counted in the totals (replaced, voided, rejected)", bold)
            for offset, row in enumerate(apart, start=1):
                write_row(last + offset, row)
        book.close()
        return buffer.getvalue()

    def _download_xlsx(self, filename, preamble, headers, rows, totals_from=None, apart=()):
        attachment = self.env["ir.attachment"].create({
            "name": filename,
            "raw": self._xlsx_bytes(preamble, headers, rows, totals_from, apart),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "res_model": "res.users", "res_id": self.env.uid,
        })
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}
