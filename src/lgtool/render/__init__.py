"""Rendering computed status: rich tables, Markdown, JSON and CSV."""
