"""`l10n publish --all` (every release with a ready language; --strict; --json) and
`require_reviewed = true` in new workspaces."""

from __future__ import annotations

import json
import tomllib

from l10n.catalog.pofile import read_po, write_po
from l10n.catalog.states import clear_review, mark_reviewed
from l10n.ingest import ingest
from l10n.publish import publish_all
from l10n.workspace.config import Workspace, init_workspace, load_workspace
from tests.publish.conftest import NOW, RELEASE, cli, snapshot

SECOND = "second"
SECOND_TEXT = "A second release\n\nNothing of it is translated yet.\n"


def with_second(ws: Workspace) -> Workspace:
    """``ws`` plus an ingested release nobody has translated."""
    (ws.sources_dir / f"{SECOND}.txt").write_text(SECOND_TEXT, encoding="utf-8")
    ingest(ws, [SECOND], now=NOW)
    return ws


def unreview(ws: Workspace, lang: str, release: str = RELEASE) -> None:
    path = ws.po_path(release, lang)
    po = read_po(path)
    for entry in po:
        clear_review(entry)
    write_po(po, path)


def test_all_publishes_releases_with_a_ready_language_and_reports_the_rest(
        sample: Workspace) -> None:
    ws = with_second(sample)
    result = cli(ws, "publish", "--all")
    assert result.exit_code == 0, result.output
    out = ws.root / "out" / "publish"
    assert sorted(p.name for p in out.iterdir()) == [RELEASE, f"{RELEASE}.zip"]
    assert f"{RELEASE} kk: published txt, html (100.0% translated" in result.stdout
    assert ("not published: second: no language is ready to publish:\n"
            "  kk: 0.0% translated (not fuzzy), below the required 100% (2 of 2 entries "
            "missing or fuzzy); 2 of 2 entries not reviewed (--require-reviewed)\n") \
        in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "1 release(s) published, 1 with no language ready; 0 language(s) of published "
        "releases not ready")
    strict = cli(ws, "publish", "--all", "--strict")
    assert strict.exit_code == 1  # the second release is not ready ...
    assert (out / RELEASE / "manifest.json").is_file()  # ... the first is still published


def test_a_language_not_ready_is_reported_and_strict_makes_it_an_error(
        sample: Workspace) -> None:
    unreview(sample, "ru")
    result = cli(sample, "publish", "--all", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["exit_code"] == 0 and data["strict"] is False and data["nothing_ready"] == []
    (release,) = data["published"]
    assert release["release"] == RELEASE
    assert [lang["lang"] for lang in release["published"]] == ["kk", "fr"]
    assert release["published"][0]["files"] == {"txt": f"kk/{RELEASE}.txt",
                                                "html": f"kk/{RELEASE}.html"}
    (ru,) = release["not_published"]
    assert ru["reason"] == "24 of 24 entries not reviewed (--require-reviewed)"
    strict = cli(sample, "publish", "--all", "--strict", "--json")
    assert strict.exit_code == 1 and json.loads(strict.stdout)["exit_code"] == 1
    assert (sample.root / "out" / "publish" / RELEASE / "kk").is_dir()
    assert not (sample.root / "out" / "publish" / RELEASE / "ru").exists()


def test_nothing_ready_exits_1_and_writes_nothing(sample: Workspace) -> None:
    for lang in ("kk", "ru", "fr"):
        unreview(sample, lang)
    ws = with_second(sample)
    result = cli(ws, "publish", "--all")
    assert result.exit_code == 1
    assert "not published: kazakhstan-impunity-2019: no language is ready" in result.stderr
    assert "not published: second: no language is ready" in result.stderr
    assert not (ws.root / "out").exists()
    report = publish_all(ws, require_reviewed=False, now=NOW)  # the gate lifted: published
    assert [r.release for r in report.published] == [RELEASE] and report.exit_code == 0


def test_bad_input_in_one_release_writes_nothing_for_any(sample: Workspace) -> None:
    ws = with_second(sample)
    (ws.sources_dir / f"{SECOND}.txt").write_text(SECOND_TEXT + "More.\n", encoding="utf-8")
    result = cli(ws, "publish", "--all")
    assert result.exit_code == 2
    assert result.stderr == ("Error: source_texts/second.txt changed since it was last "
                             "ingested: run 'l10n ingest source_texts/second.txt' first\n")
    assert snapshot(ws.root / "out") == {}


def test_usage(sample: Workspace) -> None:
    for args, message in [(["publish"], "give a RELEASE or --all (not both)"),
                          (["publish", RELEASE, "--all"], "give a RELEASE or --all"),
                          (["publish", RELEASE, "--strict"], "--strict goes with --all")]:
        result = cli(sample, *args)
        assert result.exit_code == 2 and message in result.stderr, result.output
    empty = init_workspace(sample.root.parent / "empty", "en", ["kk"])
    result = cli(empty, "publish", "--all")
    assert result.exit_code == 2 and "no release has been ingested" in result.stderr
    help_text = cli(sample, "publish", "--help").stdout
    assert "Example: l10n publish --all --strict --json" in help_text


def test_new_workspaces_publish_only_reviewed_translations(workspace: Workspace) -> None:
    config = tomllib.loads(workspace.config_file.read_text(encoding="utf-8"))
    assert config["publish"] == {"require_reviewed": True}
    assert cli(workspace, "ingest").exit_code == 0
    assert cli(workspace, "pretranslate", "--engine", "pseudo").exit_code == 0
    # Machine suggestions are fuzzy: never published.
    result = cli(workspace, "publish", RELEASE, "--min-complete", "0")
    assert result.exit_code == 1
    assert "kk: 24 of 24 entries not reviewed (--require-reviewed)" in result.stderr
    # Confirmed by a translator (fuzzy removed) but not reviewed: still not published.
    for lang in ("kk", "ru", "fr"):
        path = workspace.po_path(RELEASE, lang)
        po = read_po(path)
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        write_po(po, path)
    refused = cli(workspace, "publish", RELEASE)
    assert refused.exit_code == 1 and not (workspace.root / "out").exists()
    assert "ru: 24 of 24 entries not reviewed (--require-reviewed)" in refused.stderr
    lifted = cli(workspace, "publish", RELEASE, "-l", "ru", "--no-require-reviewed")
    assert lifted.exit_code == 0, lifted.output
    # Reviewed: published by default.
    path = workspace.po_path(RELEASE, "kk")
    po = read_po(path)
    for entry in po:
        mark_reviewed(entry, reviewer="Aigerim")
    write_po(po, path)
    reviewed = cli(workspace, "publish", RELEASE, "-l", "kk")
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.stdout.startswith("kk: published txt, html (100.0% translated, "
                                      "100.0% reviewed")


def test_a_config_without_the_setting_does_not_require_reviews(sample: Workspace) -> None:
    """Workspaces made before the setting existed keep publishing as they did."""
    unreview(sample, "kk")
    text = sample.config_file.read_text(encoding="utf-8")
    sample.config_file.write_text(text.replace("require_reviewed = true\n", ""),
                                  encoding="utf-8")
    report = publish_all(load_workspace(sample.config_file), now=NOW)
    assert [r.lang for r in report.published[0].published] == ["kk", "ru", "fr"]


def test_one_release_as_json(sample: Workspace) -> None:
    unreview(sample, "fr")
    result = cli(sample, "publish", RELEASE, "--json")
    assert result.exit_code == 1  # one language not ready
    data = json.loads(result.stdout)
    assert data["written"] is True and data["exit_code"] == 1
    assert [x["lang"] for x in data["published"]] == ["kk", "ru"]
    assert [x["lang"] for x in data["not_published"]] == ["fr"]
    none = cli(sample, "publish", RELEASE, "-l", "fr", "--json", "-o", "elsewhere")
    assert none.exit_code == 1 and not (sample.root / "elsewhere").exists()
    data = json.loads(none.stdout)
    assert data["written"] is False and data["published"] == []
    assert data["not_published"][0]["reason"] == \
        "24 of 24 entries not reviewed (--require-reviewed)"
