"""XLSX download of a report table, shared by the e-invoice reports.

The workbook is written straight from the rows the report's SQL returned (constant
memory mode), attached to the user and handed to the browser as a download."""

import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from odoo import fields, models


class L10nVnEinvoiceReportExport(models.AbstractModel):
    _name = "l10n_vn_einvoice.report.export"
    _description = "Vietnam e-invoice report export"

    def _xlsx_bytes(self, title, headers, rows, totals_from=None):
        """Workbook with a title row, a header row, the rows and, from column
        ``totals_from`` on, a SUM row (formulas, so the sheet stays checkable)."""
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet()
        bold = book.add_format({"bold": True})
        number = book.add_format({"num_format": "#,##0"})
        date = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write(0, 0, title, bold)
        sheet.write_row(1, 0, headers, bold)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(count + 1, col, value, number)
                elif hasattr(value, "isoformat"):
                    sheet.write_datetime(count + 1, col, fields.Datetime.to_datetime(value),
                                         date)
                else:
                    sheet.write(count + 1, col, value if value not in (None, False) else "")
        if totals_from is not None and count:
            total_row = count + 2
            sheet.write(total_row, 0, "Tổng cộng / Total", bold)
            for col in range(totals_from, len(headers)):
                letter = xl_col_to_name(col)
                sheet.write_formula(total_row, col, f"=SUM({letter}3:{letter}{count + 2})",
                                    number)
        book.close()
        return buffer.getvalue()

    def _download_xlsx(self, filename, title, headers, rows, totals_from=None):
        attachment = self.env["ir.attachment"].create({
            "name": filename,
            "raw": self._xlsx_bytes(title, headers, rows, totals_from),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "res_model": "res.users", "res_id": self.env.uid,
        })
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}
