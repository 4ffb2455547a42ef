"""l10n: translate press releases through gettext PO files."""

__version__ = "0.1.0"
