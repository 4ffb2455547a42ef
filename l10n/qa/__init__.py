"""Quality checks on translations: small pure checks in a registry, and their runner.

``checks`` holds one function per check, ``registry`` the decorator and context, ``runner``
runs them over PO files (in child processes for large runs), ``langid``, ``numbers`` and
``spelling`` are what the checks need to know. May import ``l10n.workspace``,
``l10n.documents``, ``l10n.catalog`` and ``l10n.glossary``.
"""
