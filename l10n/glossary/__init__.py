"""The glossary of fixed terms: its model, CSV and TBX files, finding approved renderings in
any inflected form (``termcheck``), and enforcing them on machine translations.

May import ``l10n.workspace``, ``l10n.documents``, ``l10n.catalog`` and ``l10n.memory``.
"""
