"""Catalogs: gettext PO/POT files as GNU gettext and translators' editors write them.

Templates built from a release's segments, merged into PO files like msgmerge, read back
with file:line errors, written byte-identical to msgcat, review states kept in the files,
and MO compilation. May import ``l10n.workspace`` and ``l10n.documents``.
"""
