"""Importers for official spreadsheets: validate every row first, then write in one transaction."""
