-- Neutralised copies must never reach a real provider or sign with the real key.
UPDATE res_company
   SET l10n_vn_einvoice_provider = 'sandbox',
       l10n_vn_einvoice_provider_url = 'http://127.0.0.1:8899',
       l10n_vn_einvoice_username = NULL,
       l10n_vn_einvoice_password = NULL,
       l10n_vn_einvoice_account = NULL,
       l10n_vn_einvoice_account_password = NULL,
       l10n_vn_einvoice_certificate_id = NULL;
