"""The workspace: its configuration, folders and release names, language codes, safe file
writing under one lock, and the error tree every other package raises.

The ground floor: imports nothing else of l10n.
"""
