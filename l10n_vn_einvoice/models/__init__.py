from . import account_tax, demo_loader, res_company, res_config_settings, res_partner
