"""Pathological releases: every reader and the segmenter take time close to linear in the
input, and a release over the size limit is refused before it is read (issue 9, item 6).

Each shape is at least 300 KB, a size at which each took from 30 s to well over a minute of
CPU before (bench/pathological_inputs.py); the bound is CPU time and generous (none of them
takes more than a few seconds now).
"""

from __future__ import annotations

import random
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.documents import MAX_RELEASE_BYTES, load_document, parse_document, segment
from l10n.documents.base import protected_spans, well_nested
from l10n.workspace.config import Workspace
from l10n.workspace.errors import SourceError
from tests.conftest import SAMPLE, snapshot

SIZE = 300_000
CPU_BOUND = 10.0  # seconds of CPU for one 300 KB release; normal prose takes about 1 s


def repeat(unit: str, size: int = SIZE) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


def halves(first: str, second: str, middle: str = "") -> str:
    """``first`` repeated over half the size, ``middle``, ``second`` over the other half."""
    return repeat(first, SIZE // 2) + middle + repeat(second, SIZE // 2)


def prose_on_one_line() -> str:
    """The sample's prose, copies made distinct, joined into one 300 KB line."""
    body = SAMPLE.read_text(encoding="utf-8")
    copies, n = [], 0
    while sum(map(len, copies)) < SIZE:
        n += 1
        copies.append(" ".join(body.replace("Kazakhstan", f"Kazakhstan ({n})").split()))
    return " ".join(copies) + "\n"


def words_dot() -> str:
    words = "press release statement court police report journalist election".split()
    return " ".join(f"{words[n % len(words)]}{n % 97}." for n in range(SIZE // 8))


SHAPES: dict[str, tuple[str, Callable[[], str]]] = {
    # plain text: pysbd on huge blocks, cuts against runs, the e-mail pattern
    "txt a-dot": (".txt", lambda: repeat("a. ")),
    "txt a-dot lines": (".txt", lambda: repeat("a.\n")),
    "txt words-dot": (".txt", words_dot),
    "txt prose on one line": (".txt", prose_on_one_line),
    "txt dotted word": (".txt", lambda: "x " + repeat("a.") + "\n"),
    # (not slow before the fix, but a first version of it was: an address search per e-mail)
    "txt e-mail addresses": (".txt", lambda: repeat("a.b@c.org x@y ")),
    # Markdown: links, emphasis, inline HTML and comments
    "md a-dot": (".md", lambda: repeat("a. ")),
    "md brackets": (".md", lambda: "Links: " + halves("[", "](")),
    "md bracket-paren": (".md", lambda: "Links: " + repeat("[](")),
    "md nested brackets": (".md", lambda: halves("[", "]", "a")),
    "md nested images": (".md", lambda: halves("![", "](b)", "a")),
    "md openers then links": (".md", lambda: halves("[", "[a](b) ")),
    "md emphasis then links": (".md", lambda: halves("*a ", "[a](b) ")),
    "md emphasis closers": (".md", lambda: repeat("a* ")),
    "md nested strong": (".md", lambda: halves("*", "*", "a")),
    "md open comments": (".md", lambda: "a " + repeat("<!-- a ")),
    "md html pairs": (".md", lambda: repeat("<b>a</b> ")),
    # HTML: nesting, unclosed elements, references
    "html nested b": (".html", lambda: "<p>" + halves("<b>", "</b>", "text")),
    "html open code": (".html", lambda: "<p>" + repeat("<code>a ")),
    "html nested div": (".html", lambda: repeat("<div>a ")),
    "html reference look-alikes": (".html", lambda: "<p>" + repeat("&lt;1&gt; a ")),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_pathological_release_is_parsed_in_seconds(shape: str) -> None:
    suffix, build = SHAPES[shape]
    data = build().encode("utf-8")
    assert len(data) >= SIZE
    start = time.process_time()
    document = parse_document(Path("release" + suffix), data)
    elapsed = time.process_time() - start
    assert elapsed < CPU_BOUND, f"{shape}: {elapsed:.1f} s of CPU for {len(data)} bytes"
    # Still a sane document: segments, and an identity export gives the source back.
    assert document.segments
    assert all(well_nested(s.msgid) for s in document.segments)
    assert document.render(lambda s: None).encode("utf-8") == data
    assert document.render(lambda s: s.msgid).encode("utf-8") == data


def test_pathological_releases_are_ingested_in_seconds(runner: CliRunner,
                                                         workspace: Workspace) -> None:
    names = ["txt a-dot", "md brackets", "html nested b"]
    for n, shape in enumerate(names):
        suffix, build = SHAPES[shape]
        (workspace.sources_dir / f"shape-{n}{suffix}").write_text(build(), encoding="utf-8")
    start = time.process_time()
    result = runner.invoke(app, ["ingest", "--workspace", str(workspace.root)])
    elapsed = time.process_time() - start
    assert result.exit_code == 0, result.output
    assert elapsed < CPU_BOUND * len(names), f"{elapsed:.1f} s of CPU"
    for n in range(len(names)):
        assert workspace.po_path(f"shape-{n}", "kk").is_file()


@pytest.mark.parametrize("text", [
    "a. " * 400,
    "Yes. No. " * 150 + "Mr. Smith left. " * 50,
    " ".join(SAMPLE.read_text(encoding="utf-8").split()),
])
def test_sentences_are_located_as_pysbd_does(text: str) -> None:
    splitter = segment._segmenter("en")
    assert segment._segment(splitter, text) == splitter.segment(text)


def test_long_block_is_cut_as_the_whole_block_would_be() -> None:
    body = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    text = " ".join(body.replace("Kazakhstan", f"Kazakhstan ({n})") for n in range(3))
    assert len(text) > 3 * segment.MAX_BLOCK
    assert segment.split_sentences(text) == list(segment._compute_cuts(text, "en"))


def test_protected_spans_are_those_of_one_pattern() -> None:
    one_pattern = re.compile(
        r"(?:https?|ftp)://[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
        r"|\bwww\.[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
        r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
        r"|</?\d+/?>")
    pieces = ["a", "é", "_", "1", ".", "+", "-", "@", " ", "http://", "www.", "<", ">", "/",
              "<1>", "</2>", "com", "x.y", ",", "(", "’", "mail@ex.org", "..", "@@"]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert list(protected_spans(text)) == [m.span() for m in one_pattern.finditer(text)]


def over_the_limit(path: Path) -> Path:
    """A release one byte over the limit (sparse: nothing is really written)."""
    with path.open("wb") as f:
        f.truncate(MAX_RELEASE_BYTES + 1)
    return path


def test_parse_refuses_a_release_over_the_limit() -> None:
    data = repeat("Plain words. ", MAX_RELEASE_BYTES + 1).encode()
    with pytest.raises(SourceError) as caught:
        parse_document(Path("big.txt"), data)
    limit = MAX_RELEASE_BYTES // 1_000_000
    assert str(caught.value) == f"big.txt: release is 5.1 MB; the limit is {limit} MB"


def test_load_refuses_before_reading(tmp_path: Path) -> None:
    path = over_the_limit(tmp_path / "big.md")
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="the limit is"):
            load_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_RELEASE_BYTES // 10  # the file was never read into memory


def test_ingest_refuses_a_release_over_the_limit_and_changes_nothing(
        runner: CliRunner, workspace: Workspace, tmp_path: Path) -> None:
    huge = tmp_path / "huge-release.txt"
    with huge.open("wb") as f:  # 100 MB, sparse: a reader that read it all would show
        f.truncate(100_000_000)
    over_the_limit(workspace.sources_dir / "big-release.html")
    before = snapshot(workspace.root)
    for args in (["ingest"], ["ingest", str(huge)]):
        tracemalloc.start()
        try:
            result = runner.invoke(app, [*args, "--workspace", str(workspace.root)])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "release is " in lines[0], result.stderr
        assert lines[0].endswith(f"; the limit is {MAX_RELEASE_BYTES // 1_000_000} MB")
        assert peak < 50_000_000
        assert snapshot(workspace.root) == before
    assert "big-release.html: release is 5.1 MB" in runner.invoke(
        app, ["ingest", "--workspace", str(workspace.root)]).stderr
    assert "huge-release.txt: release is 100.0 MB" in result.stderr
