from . import household, missing_einvoice, reconciliation
