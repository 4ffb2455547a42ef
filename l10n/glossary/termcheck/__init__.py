"""Term forms per language: find a glossary rendering in a translation in any admissible
inflected form (``match``), with the Russian (``ru``) and Kazakh (``kk``) rules and what they
share (``text``). Part of ``l10n.glossary``; imports only ``l10n.workspace`` besides itself.
"""
