"""Output-path protection: an output never is, holds or lies in the workspace's own files.

``export -o`` and ``publish -o`` write where the user says; a mistyped path must not
overwrite a source text, a catalog, the glossary, the memory or the settings, nor
(publish replaces a whole folder) swallow the workspace itself. Paths are compared
with symbolic links resolved.
"""

from __future__ import annotations

from pathlib import Path

from l10n.workspace.config import Workspace
from l10n.workspace.errors import UsageError


def protected(ws: Workspace) -> list[tuple[Path, str, bool]]:
    """The workspace's own places: (resolved path, what it is for messages, whether an
    output may lie inside it). The root may hold outputs (``out/``), its folders may not."""
    def folder(path: Path, what: str) -> tuple[Path, str, bool]:
        return path.resolve(), f"the workspace's {what} folder {ws.relative(path)}/", False

    return [(ws.root.resolve(), f"the workspace folder {ws.root}", True),
            folder(ws.sources_dir, "source texts"),
            folder(ws.locales_dir, "catalogs and templates"),
            folder(ws.glossary_dir, "glossary"),
            folder(ws.state_dir, "translation memory and caches"),
            (ws.config_file.resolve(),
             f"the workspace's configuration {ws.relative(ws.config_file)}", False)]


def check_output(ws: Workspace, path: Path) -> None:
    """Refuse ``path`` as something l10n writes or replaces when it is, lies inside, or
    holds one of the workspace's own files or folders.

    Raises:
        UsageError: naming ``path`` and the workspace place it would touch.
    """
    given = Path(path)
    target = given.resolve()
    for place, what, may_hold in protected(ws):
        if target == place:
            why = f"it is {what}"
        elif not may_hold and place in target.parents:
            why = f"it lies in {what}"
        elif target in place.parents:
            why = f"it holds {what}"
        else:
            continue
        raise UsageError(f"{given}: refused as an output: {why}; choose another path")
