-- Neutralised copies must never reach a real provider or sign with the real key.
-- Key material of the e-invoice signing certificates (a PKCS#12 or PEM file and its
-- private key) is removed first, while the company still says which certificate it is.
DELETE FROM ir_attachment
 WHERE (res_model = 'certificate.certificate' AND res_field = 'content'
        AND res_id IN (SELECT l10n_vn_einvoice_certificate_id FROM res_company
                        WHERE l10n_vn_einvoice_certificate_id IS NOT NULL))
    OR (res_model = 'certificate.key' AND res_field IN ('content', 'pem_key')
        AND res_id IN (SELECT c.private_key_id FROM certificate_certificate c
                         JOIN res_company rc ON rc.l10n_vn_einvoice_certificate_id = c.id));
UPDATE res_company
   SET l10n_vn_einvoice_provider = 'sandbox',
       l10n_vn_einvoice_provider_url = 'http://127.0.0.1:8899',
       l10n_vn_einvoice_username = NULL,
       l10n_vn_einvoice_password = NULL,
       l10n_vn_einvoice_account = NULL,
       l10n_vn_einvoice_account_password = NULL,
       l10n_vn_einvoice_certificate_id = NULL;
