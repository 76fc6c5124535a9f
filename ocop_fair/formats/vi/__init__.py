"""Locale formats that replace Django's (FORMAT_MODULE_PATH in settings)."""
