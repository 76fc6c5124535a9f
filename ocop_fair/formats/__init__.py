"""Locale formats over Django's (FORMAT_MODULE_PATH); a language without a module keeps Django's."""
