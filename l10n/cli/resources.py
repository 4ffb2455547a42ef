"""Commands for the shared resources: ``l10n glossary``, ``l10n tm``, ``l10n engines``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from l10n import evaluate as evaluation
from l10n import resources
from l10n.cli.common import (
    WorkspaceOpt,
    open_workspace,
    progress_bar,
    progress_line,
    reported_errors,
)
from l10n.engines.probe import PROBE_TIMEOUT
from l10n.glossary.model import Term
from l10n.workspace.errors import UsageError

glossary_app = typer.Typer(help="The glossary of fixed terms (glossary/*.csv).",
                           no_args_is_help=True)
tm_app = typer.Typer(help="The translation memory (SQLite, refreshed from reviewed PO entries).",
                     no_args_is_help=True)
engines_app = typer.Typer(invoke_without_command=True)  # help: engines_list's docstring


@glossary_app.command("list")
def glossary_list(
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", metavar="LANG",
        help="Only this language.",
                                                show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """List the glossary's terms: each language's preferred rendering, then the admitted ones.

    Example: l10n glossary list --lang kk
    """
    with reported_errors():
        ws = open_workspace(workspace)
        langs = ws.check_targets([lang] if lang else None)
        glossary = resources.glossary_of(ws)
        accepted = [{code: glossary.accepted(t, code) for code in langs} for t in glossary.terms]
        rows = [{"term": t.term, "kind": t.kind, "variants": list(t.variants),
                 **{code: glossary.rendering(t, code) for code in langs},
                 "admitted": {code: list(found[code][1:]) for code in langs},
                 "where": t.where} for t, found in zip(glossary.terms, accepted)]
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            typer.echo(f"The glossary is empty ({ws.relative(ws.glossary_dir)}/): add terms "
                       "with 'l10n glossary add' or 'l10n glossary import FILE'.")
        for row, found in zip(rows, accepted):
            renderings = "  ".join(f"{code}: {_shown(found[code])}" for code in langs)
            typer.echo(f"{row['term']} [{row['kind']}]  {renderings}")


def _shown(accepted: tuple[str, ...]) -> str:
    if not accepted:
        return "—"
    preferred, *admitted = accepted
    return f"{preferred} (also: {', '.join(admitted)})" if admitted else preferred


@glossary_app.command("add")
def glossary_add(
    term: Annotated[str, typer.Argument(metavar="TERM", help="The English term.")],
    rendering: Annotated[Optional[list[str]], typer.Option(
        "--rendering", "-r", help="LANG=TEXT, an accepted rendering; repeat the option for "
        "more languages, or for the same language: the first is the preferred one, the "
        "others are admitted. A dnt term may have none.", show_default=False)] = None,
    kind: Annotated[str, typer.Option(help="fixed, dnt (keep as is) or abbrev.")] = "fixed",
    variant: Annotated[Optional[list[str]], typer.Option(
        "--variant", help="Another English spelling (repeatable).", show_default=False)] = None,
    avoid: Annotated[Optional[list[str]], typer.Option(
        "--avoid", help="LANG=TEXT, a known wrong rendering (repeatable).",
        show_default=False)] = None,
    case_sensitive: Annotated[bool, typer.Option("--case-sensitive")] = False,
    note: Annotated[str, typer.Option(help="Why this rendering.")] = "",
    workspace: WorkspaceOpt = None,
) -> None:
    """Add a term to glossary/terms.csv (or replace the term with the same name).

    Example: l10n glossary add Nur-Sultan -r kk=Нұр-Сұлтан -r ru=Нур-Султан -r fr=Nour-Soultan

    Repeating -r for one language gives its preferred rendering, then admitted ones:

    Example: l10n glossary add "Ministry of Interior" -r "ru=Министерство внутренних дел" -r ru=МВД

    Example: l10n glossary add "Human Rights Watch" --kind dnt
    """
    with reported_errors():
        ws = open_workspace(workspace)
        accepted = _grouped(rendering or [], "--rendering")
        if not accepted and kind.strip().lower() != "dnt":
            raise UsageError(f"{term!r} needs at least one --rendering LANG=TEXT (only a dnt "
                             "term may have none)")
        stored = resources.add_glossary_term(ws, Term(
            term=term, kind=kind, renderings={lang: texts[0] for lang, texts in accepted.items()},
            admitted={lang: texts[1:] for lang, texts in accepted.items()},
            avoid=_grouped(avoid or [], "--avoid"), variants=tuple(variant or ()),
            case_sensitive=case_sensitive, note=note))
        typer.echo(f"{stored.where}: {stored.term}")


def _grouped(values: list[str], option: str) -> dict[str, tuple[str, ...]]:
    """LANG=TEXT values by language, in the order given."""
    grouped: dict[str, tuple[str, ...]] = {}
    for lang, text in _pairs(values, option):
        grouped[lang] = (*grouped.get(lang, ()), text)
    return grouped


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang or not text:
            raise UsageError(f"{option} {value!r}: expected LANG=TEXT, e.g. kk=Нұр-Сұлтан")
        pairs.append((lang.strip(), text.strip()))
    return pairs


@glossary_app.command("import")
def glossary_import(
    path: Annotated[Path, typer.Argument(
            metavar="FILE", help="A .tbx (Weblate, memoQ, Trados) or .csv file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Add the terms of a TBX or CSV file to the glossary (all of them, or none).

    Terms with no rendering in the workspace's languages, terms whose English form is
    deprecated and language sets in an unknown language or script are skipped and counted.

    Example: l10n glossary import partner-terms.tbx
    """
    with reported_errors():
        report = resources.import_glossary(open_workspace(workspace), path)
        if as_json:
            typer.echo(json.dumps(asdict(report), ensure_ascii=False, indent=2))
            return
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo(report.summary())


@glossary_app.command("export")
def glossary_export(
    path: Annotated[Path, typer.Argument(
            metavar="FILE", help="Output .tbx (TBX-Basic) or .csv file.")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Write the glossary as TBX for other tools, or as one CSV file.

    Example: l10n glossary export glossary.tbx
    """
    with reported_errors():
        count = resources.export_glossary(open_workspace(workspace), path)
        typer.echo(f"{count} terms → {path}")


@tm_app.command("import")
def tm_import(path: Annotated[Path, typer.Argument(metavar="FILE", help="A TMX file.")],
              as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
              workspace: WorkspaceOpt = None) -> None:
    """Add the units of a TMX file (OmegaT, memoQ, Trados) to the memory, and say how many
    were taken and why the others were skipped (language, inline codes, empty, duplicate).

    Example: l10n tm import partner-memory.tmx
    """
    with reported_errors():
        report = resources.tm_import(open_workspace(workspace), path)
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return
        typer.echo(_tm_import_line(report))
        if report["hint"]:
            typer.echo(f"hint: {report['hint']}", err=True)


def _tm_import_line(report: dict[str, Any]) -> str:
    line = (f"{report['imported']} of {report['units']} units imported from {report['file']} "
            f"({report['changed']} added or changed)")
    if report["skipped"]:
        reasons = []
        for reason, count in sorted(report["skipped"].items()):
            codes = ", ".join(f"{c} {n}" for c, n in sorted(report["languages"].items()))
            reasons.append(f"{reason} {count}" + (f" ({codes})" if reason == "language" and codes
                                                  else ""))
        line += f"; skipped: {', '.join(reasons)}"
    return line


@tm_app.command("export")
def tm_export(path: Annotated[Path, typer.Argument(metavar="FILE", help="Output TMX file.")],
              workspace: WorkspaceOpt = None) -> None:
    """Write the memory (refreshed from the reviewed PO entries) as TMX 1.4b.

    Example: l10n tm export memory.tmx
    """
    with reported_errors():
        count = resources.tm_export(open_workspace(workspace), path)
        typer.echo(f"{count} units → {path}")


@tm_app.command("stats")
def tm_stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
             workspace: WorkspaceOpt = None) -> None:
    """Refresh the memory from the reviewed PO entries and show its size.

    Example: l10n tm stats --json
    """
    with reported_errors():
        stats = resources.tm_stats(open_workspace(workspace))
        if as_json:
            typer.echo(json.dumps(stats, ensure_ascii=False, indent=2, default=str))
            return
        typer.echo(f"{stats['path']}: {stats['units']} units, {stats['size_bytes']} bytes")
        for pair, count in stats["pairs"].items():
            typer.echo(f"  {pair}: {count}")


@engines_app.callback()
def engines_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    offline: Annotated[bool, typer.Option(
        "--offline", help="Contact no server: online engines are listed as not checked.")
    ] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, help="Seconds each online engine has to answer its probe.")
    ] = PROBE_TIMEOUT,
    workspace: WorkspaceOpt = None,
) -> None:
    """List the engines, what each needs, whether it is ready, and the offline models.

    An online engine is "ready" only when it answered a probe (one tiny request, a few
    seconds at most; all engines are probed at once); --offline skips the probes.

    Example: l10n engines --offline
    """
    if ctx.invoked_subcommand is not None:
        return
    with reported_errors():
        ws = open_workspace(workspace)
        infos, models = resources.engines(ws, probe=not offline, timeout=timeout)
        if as_json:
            typer.echo(json.dumps({
                "engines": [vars(i) | {"languages": list(i.languages or ())} for i in infos],
                "models": [m.describe() for m in models],
                "chains": resources.chains(ws, ws.targets),
                "probed": not offline}, ensure_ascii=False, indent=2))
            return
        for info in infos:
            state = f"{info.state}: {info.reason}" if info.reason else info.state
            where = "online" if info.online else "offline"
            typer.echo(f"{info.name:<15} {where:<8} needs {info.needs}; {state}")
        typer.echo("models:" if models else "models: none installed "
                   "(l10n engines install PATH)")
        for model in models:
            typer.echo(f"  {model.describe()}")
        for lang, chain in resources.chains(ws, ws.targets).items():
            typer.echo(f"chain {lang}: {' → '.join(chain)}")


@engines_app.command("install")
def engines_install(
    source: Annotated[str, typer.Argument(
        metavar="URL|PATH", help="An http(s) URL or a path of an .argosmodel package, or a "
        ".zip / .tar.gz of a CTranslate2 model folder (NLLB-200, M2M-100), or the folder.")],
    sha256: Annotated[Optional[str], typer.Option(
        "--sha256", help="The package file's SHA-256 (hex): anything else is refused.",
        show_default=False)] = None,
    family: Annotated[Optional[str], typer.Option(help="nllb or m2m100 for a multilingual "
                                                       "folder (default: guessed).",
                                                  show_default=False)] = None,
    name: Annotated[Optional[str], typer.Option(help="Install under this name.",
                                                show_default=False)] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Install an offline translation model for the offline engine, from a file or a URL.

    A download shows its progress and resumes where it stopped when run again (the
    partial file waits in the models folder). The package is unpacked and checked in a
    hidden folder and renamed into place: a model whose format l10n cannot read, or that
    translates none of the workspace's language pairs, is refused and nothing installed.

    Example: l10n engines install translate-en_ru-1_9.argosmodel

    Example: l10n engines install https://example.org/nllb-200-ct2.tar.gz --sha256 9f2c…
    """
    with reported_errors():
        ws = open_workspace(workspace)
        with progress_bar("downloading") as tick:
            model = resources.install(ws, source, family=family, name=name, sha256=sha256,
                                      progress=lambda done, total: tick(done, total or done))
        typer.echo(f"installed {model.describe()} in {model.path}")


@engines_app.command("evaluate")
def engines_evaluate(
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", help="Only this language (repeatable).", show_default=False)] = None,
    engine: Annotated[Optional[list[str]], typer.Option(
        "--engine", "-e", help="Evaluate this engine (repeatable; default: the offline ones "
        "and those in the chains).", show_default=False)] = None,
    sample: Annotated[Optional[int], typer.Option(
        "--sample", min=1, help="Use N reviewed entries per language, picked the same way "
        "every run (seeded).", show_default=False)] = None,
    cached: Annotated[bool, typer.Option(
        "--cached", help="Use the MT cache's answers for these entries (default: ask "
        "every engine again).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Score engines on the workspace's reviewed translations, per language.

    Each engine translates the msgid of every reviewed entry (no memory, no glossary
    enforcement) and is scored against the reviewed msgstr: chrF++ and BLEU (sacrebleu),
    glossary compliance, QA errors per 100 segments, characters/tokens sent, seconds.
    Ends with the best chain per language (by chrF++ among engines that answered every
    segment with full glossary compliance) and the l10n.toml lines to use it. Online
    engines are sent the reviewed sentences only when named or in a chain. Nothing is
    written to the PO files or the memory; fresh answers are added to the MT cache.

    Example: l10n engines evaluate --lang kk --engine offline --engine google --sample 50
    """
    with reported_errors():
        ws = open_workspace(workspace)
        found = evaluation.evaluate(ws, langs=lang, engines=engine or (), sample=sample,
                                    cached=cached, progress=progress_line)
        if as_json:
            typer.echo(json.dumps([s.as_dict() for s in found.scores], ensure_ascii=False,
                                  indent=2))
            return
        for line in _evaluation_lines(found):
            typer.echo(line)


def _evaluation_lines(found: evaluation.Evaluation) -> list[str]:
    """The table, the skipped engines, the best chains and the config lines to use them."""
    lines = [f"{'lang':<6}{'engine':<16}{'segments':>8}{'chrF++':>8}{'BLEU':>7}"
             f"{'glossary':>13}{'QA err/100':>11}{'chars':>8}{'tokens':>8}{'seconds':>9}"]
    for s in sorted(found.evaluated, key=lambda s: (s.lang, -(s.chrf or 0.0), s.engine)):
        glossary = ("—" if s.glossary_compliance is None
                    else f"{100 * s.glossary_compliance:.0f}% of {s.glossary_terms}")
        tokens = "—" if s.tokens is None else str(s.tokens)
        failed = f"  ({s.failed} failed)" if s.failed else ""
        cached = f"  ({s.cached} cached)" if s.cached else ""
        lines.append(f"{s.lang:<6}{s.engine:<16}{s.segments:>8}{s.chrf or 0.0:>8.1f}"
                     f"{s.bleu or 0.0:>7.1f}{glossary:>13}{s.qa_errors or 0.0:>11.1f}"
                     f"{s.chars:>8}{tokens:>8}{s.seconds:>9.1f}{failed}{cached}")
    skipped: dict[tuple[str, str], list[str]] = {}  # (lang, reason) -> engines
    for s in found.skipped:
        skipped.setdefault((s.lang, s.skipped or ""), []).append(s.engine)
    for (lang, reason), names in skipped.items():
        where = "every language" if lang == "*" else lang
        lines.append(f"skipped: {', '.join(names)} ({where}): {reason}")
    for lang, chain in found.chains.items():
        lines.append(f"best chain {lang}: {' → '.join(chain)}" if chain else
                     f"best chain {lang}: none (no engine answered every segment with full "
                     "glossary compliance)")
    config = found.config_lines()
    if config:
        lines.append("to use them, in l10n.toml (or [tool.l10n] in pyproject.toml):")
        lines.extend(f"  {line}" for line in config)
    return lines
