"""Tests are collected by pytest (pytest-odoo for the Odoo ones); see README."""
