"""The management review document: context, templates, conversion."""
