"""XLIFF 1.2 and 2.0 exchange with CAT tools: export a release's PO file, merge the work back.

``exporter`` writes the XLIFF file, ``importer`` merges it into the PO file, ``model`` holds
what both share (unit ids, states) and ``markup`` the XML itself. May import
``l10n.workspace``, ``l10n.documents`` and ``l10n.catalog``.
"""
