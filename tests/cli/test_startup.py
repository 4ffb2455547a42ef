"""The CLI starts without the packages only some commands need: they are imported when
those commands run (openai for the llm engine, sacrebleu for `engines evaluate`,
requests for downloads and online engines)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["openai", "sacrebleu", "requests"])
def test_the_cli_starts_without(package: str) -> None:
    code = f"import sys, l10n.cli.app; print({package!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False", f"{package} is imported with the CLI"
