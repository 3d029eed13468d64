"""Spreadsheets in and out: the mapping, reading xlsx/CSV, row conversion, export."""
