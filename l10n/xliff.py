"""XLIFF 1.2 and 2.0 exchange: export a release's PO file for CAT tools and merge the work back.

The work is split by direction: `l10n.xliff_export` writes the XLIFF file,
`l10n.xliff_import` merges it back, and `l10n.xliff_model` holds what both share
(unit ids and states); `l10n.xliff_xml` reads and writes the XML itself.
"""

from __future__ import annotations

from l10n.xliff_export import export_xliff
from l10n.xliff_import import ImportReport, UnitIssue, import_xliff
from l10n.xliff_model import VERSIONS, unit_id

__all__ = ["VERSIONS", "ImportReport", "UnitIssue", "export_xliff", "import_xliff", "unit_id"]
