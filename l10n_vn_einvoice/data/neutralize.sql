-- Neutralised copies must never reach a real provider or sign with the real key.
-- Key material and passwords of every e-invoice signing certificate (the one linked
-- now, older and renewed ones of the scope) and of their private keys are removed
-- first, while the company still says which certificate it uses.
DELETE FROM ir_attachment
 WHERE (res_model = 'certificate.certificate' AND res_field = 'content'
        AND res_id IN (SELECT id FROM certificate_certificate
                        WHERE scope = 'l10n_vn_einvoice'
                           OR id IN (SELECT l10n_vn_einvoice_certificate_id FROM res_company)))
    OR (res_model = 'certificate.key' AND res_field IN ('content', 'pem_key')
        AND res_id IN (SELECT private_key_id FROM certificate_certificate
                        WHERE scope = 'l10n_vn_einvoice'
                           OR id IN (SELECT l10n_vn_einvoice_certificate_id FROM res_company)
                       UNION SELECT id FROM certificate_key WHERE l10n_vn_einvoice_signing));
UPDATE certificate_key SET password = NULL
 WHERE l10n_vn_einvoice_signing
    OR id IN (SELECT private_key_id FROM certificate_certificate
               WHERE scope = 'l10n_vn_einvoice'
                  OR id IN (SELECT l10n_vn_einvoice_certificate_id FROM res_company));
UPDATE certificate_certificate SET pkcs12_password = NULL
 WHERE scope = 'l10n_vn_einvoice'
    OR id IN (SELECT l10n_vn_einvoice_certificate_id FROM res_company);
UPDATE res_company
   SET l10n_vn_einvoice_provider = 'sandbox',
       l10n_vn_einvoice_provider_url = 'http://127.0.0.1:8899',
       l10n_vn_einvoice_username = NULL,
       l10n_vn_einvoice_password = NULL,
       l10n_vn_einvoice_account = NULL,
       l10n_vn_einvoice_account_password = NULL,
       l10n_vn_einvoice_certificate_id = NULL;
