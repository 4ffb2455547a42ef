"""Golden files for every format: identity export is byte-exact, segments and a
pseudo-translated export match the reviewed goldens (regenerate with L10N_UPDATE_GOLDEN=1
and review the git diff)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from l10n.documents import FORMATS, parse_document
from l10n.documents.base import PLACEHOLDER_RE, Segment

DATA = Path(__file__).resolve().parents[1] / "data" / "roundtrip"
CASES = sorted((p for p in DATA.iterdir() if p.suffix in FORMATS), key=lambda p: p.name)
UPDATE = os.environ.get("L10N_UPDATE_GOLDEN") == "1"
PIECES_RE = re.compile(r"(</?\d+/?>)")


def pseudo(segment: Segment) -> str:
    """Upper-case everything outside placeholders."""
    return "".join(p if PIECES_RE.fullmatch(p) else p.upper()
                   for p in PIECES_RE.split(segment.msgid))


def check_golden(path: Path, actual: bytes) -> None:
    if UPDATE:
        path.write_bytes(actual)
    assert path.exists(), f"missing golden {path.name}: run with L10N_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes()


def test_every_format_has_cases() -> None:
    suffixes = [p.suffix for p in CASES]
    assert suffixes.count(".txt") >= 3 and suffixes.count(".md") >= 3
    assert suffixes.count(".html") >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_identity_export_is_byte_exact(case: Path) -> None:
    data = case.read_bytes()
    document = parse_document(case, data)
    assert document.render(lambda s: None).encode("utf-8") == data
    assert document.render(lambda s: s.msgid).encode("utf-8") == data


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_segments_golden(case: Path) -> None:
    document = parse_document(case, case.read_bytes())
    rows = [{"msgid": s.msgid, "line": s.line, "comment": s.comment} for s in document.segments]
    text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    check_golden(case.with_name(case.name + ".segments.json"), text.encode("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_pseudo_export_golden(case: Path) -> None:
    document = parse_document(case, case.read_bytes())
    check_golden(case.with_name(case.name + ".pseudo"), document.render(pseudo).encode("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_placeholders_are_well_nested(case: Path) -> None:
    from l10n.documents.base import well_nested

    for segment in parse_document(case, case.read_bytes()).segments:
        assert well_nested(segment.msgid), segment.msgid
        assert PLACEHOLDER_RE.sub("", segment.msgid).strip(), segment.msgid
