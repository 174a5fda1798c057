from . import einvoice_report, reconciliation, report_export, sales_register, tax_summary
from . import household, vat_return
from . import missing_einvoice
