"""Stub: replaced by the real parser."""
NAME = "markdown"
