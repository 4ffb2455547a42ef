"""Dashboard: translation status and QA findings as one self-contained, printable HTML page.

The page needs nothing but itself: inline CSS, no script, no font, image or link to
fetch, and a Content-Security-Policy that forbids loading anything, so that it opens
from disk on a machine with no network. Every text from the catalogs is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from l10n.status import StatusRow
from l10n.workspace.errors import L10nError
from l10n.workspace.locales import display_name

_CSS = """
:root { --reviewed: #1a7f37; --translated: #8fd19e; --fuzzy: #f0b429; --untranslated: #d8dee4;
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --error: #b42318; --warning: #8a5a00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: var(--ink); background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 64rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.generated, .note { color: var(--muted); margin: 0; }
.lang { margin: .4rem 0 1rem; break-inside: avoid; }
.lang h3 { display: flex; justify-content: space-between; gap: 1rem; margin-bottom: .3rem; }
.lang h3 .figures { font-weight: normal; color: var(--muted); }
.progress { display: flex; height: 1.15rem; border: 1px solid #8c959f; border-radius: 4px;
  overflow: hidden; background: var(--untranslated); }
.seg { display: block; height: 100%; }
.seg, .key { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.reviewed { background: var(--reviewed); }
.translated { background: var(--translated); }
.fuzzy { background: repeating-linear-gradient(135deg, var(--fuzzy) 0 6px, #f7d070 6px 9px); }
.untranslated { background: var(--untranslated); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem;
  padding: 0; margin: .35rem 0 0; font-size: .9rem; }
.key { display: inline-block; width: .85rem; height: .85rem; margin-right: .3rem;
  vertical-align: -.1rem; border: 1px solid #8c959f; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .3rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem;
  border-bottom: 1px solid var(--line); }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.where { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; white-space: nowrap; }
td.text { overflow-wrap: anywhere; }
.sev { font-weight: bold; text-transform: uppercase; font-size: .75rem; }
.sev-error { color: var(--error); }
.sev-warning { color: var(--warning); }
.tag { color: var(--muted); font-size: .8rem; }
.ok { color: var(--reviewed); }
@media print {
  body { font-size: 10pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  tr, .lang { break-inside: avoid; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


@dataclass(frozen=True)
class _Counts:
    """Entries and source words per disjoint state (translated = not reviewed)."""

    entries: tuple[int, int, int, int]
    words: tuple[int, int, int, int]
    suggested: int
    errors: int | None
    warnings: int | None


_STATES = ("reviewed", "translated", "fuzzy", "untranslated")
_LABELS = ("Reviewed", "Translated", "Fuzzy", "Untranslated")


def _counts(rows: Iterable[StatusRow]) -> _Counts:
    rows = list(rows)
    entries = [0, 0, 0, 0]
    words = [0, 0, 0, 0]
    for r in rows:
        for i, (n, w) in enumerate(((r.reviewed, r.reviewed_words),
                                    (r.translated - r.reviewed,
                                     r.translated_words - r.reviewed_words),
                                    (r.fuzzy, r.fuzzy_words),
                                    (r.untranslated, r.untranslated_words))):
            entries[i] += n
            words[i] += w
    qa = all(r.qa_errors is not None and r.qa_warnings is not None for r in rows)
    return _Counts(entries=(entries[0], entries[1], entries[2], entries[3]),
                   words=(words[0], words[1], words[2], words[3]),
                   suggested=sum(r.suggested for r in rows),
                   errors=sum(r.qa_errors or 0 for r in rows) if qa else None,
                   warnings=sum(r.qa_warnings or 0 for r in rows) if qa else None)


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _language(code: str) -> str:
    try:
        return f"{display_name(code)} ({code})"
    except (L10nError, ValueError):  # an unknown code still gets a heading
        return code


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _qa_text(c: _Counts) -> str:
    if c.errors is None or c.warnings is None:
        return "QA not run"
    return f"{_plural(c.errors, 'QA error')}, {_plural(c.warnings, 'warning')}"


def _bar(c: _Counts, label: str) -> str:
    """A stacked bar (role=progressbar, value = % complete) with its numbers as text."""
    total, total_words = sum(c.entries), sum(c.words)
    complete = round(_pct(c.entries[0] + c.entries[1], total), 1) if total else 100.0
    reviewed = round(_pct(c.entries[0], total), 1) if total else 100.0
    parts = ", ".join(f"{n} {s}" for n, s in zip(c.entries, _STATES))
    segments = "".join(
        f'<span class="seg {s}" style="width:{_pct(n, total):.3f}%" '
        f'title="{lab}: {n} of {total} entries ({_pct(n, total):.1f}%)"></span>'
        for s, lab, n in zip(_STATES, _LABELS, c.entries) if n)
    legend = "\n".join(
        f'<li class="state-{s}"><span class="key {s}"></span>{lab} '
        f'<b class="count">{n}</b> ({_pct(n, total):.1f}%), {_plural(w, "word")}'
        + (f' <span class="tag">({c.suggested} suggested)</span>'
           if s == "fuzzy" and c.suggested else "") + "</li>"
        for s, lab, n, w in zip(_STATES, _LABELS, c.entries, c.words))
    return (f'<div class="progress" role="progressbar" aria-label="{escape(label)}" '
            f'aria-valuemin="0" aria-valuemax="100" aria-valuenow="{complete}" '
            f'aria-valuetext="{complete}% complete, {reviewed}% reviewed: {parts}" '
            f'data-complete="{complete}" data-reviewed="{reviewed}">{segments}</div>\n'
            f'<ul class="legend">\n{legend}\n</ul>\n'
            f'<p class="note">{total} entries, {total_words} words: '
            f'<strong class="complete">{complete}%</strong> complete, '
            f'<strong class="reviewed-pct">{reviewed}%</strong> reviewed; {_qa_text(c)}</p>')


def _card(heading: str, c: _Counts, label: str, anchor: str) -> str:
    total = sum(c.entries)
    complete = _pct(c.entries[0] + c.entries[1], total) if total else 100.0
    return (f'<div class="lang" id="{escape(anchor)}"><h3><span>{escape(heading)}</span>'
            f'<span class="figures">{complete:.1f}% complete</span></h3>'
            f"{_bar(c, label)}</div>\n")


def _summary(rows: Sequence[StatusRow]) -> str:
    langs = list(dict.fromkeys(r.lang for r in rows))
    if not langs:
        return '<p class="note">No catalogs yet: run <code>l10n ingest</code>.</p>'
    cards = []
    for lang in langs:
        mine = [r for r in rows if r.lang == lang]
        heading = f"{_language(lang)}: {_plural(len(mine), 'release')}"
        cards.append(_card(heading, _counts(mine), f"{_language(lang)}, all releases",
                           f"summary-{lang}"))
    return "".join(cards)


def _findings_table(findings: Sequence[Any], qa_ran: bool) -> str:
    if not findings:
        text = "No QA findings." if qa_ran else "QA was not run."
        return f'<p class="note {"ok" if qa_ran else ""}">{text}</p>'
    order = {"error": 0, "warning": 1}
    ordered = sorted(findings, key=lambda f: (order.get(f.severity, 2), f.lang,
                                              str(f.file), f.line or 0))
    body = []
    for f in ordered:
        where = f"{f.file}:{f.line}" if f.line else f"{f.file}"
        fuzzy = ' <span class="tag">(fuzzy entry)</span>' if getattr(f, "fuzzy", False) else ""
        body.append(
            f'<tr class="finding finding-{escape(str(f.severity))}">'
            f'<td class="where">{escape(where)}</td><td>{escape(str(f.lang))}</td>'
            f'<td class="sev sev-{escape(str(f.severity))}">{escape(str(f.severity))}</td>'
            f"<td>{escape(str(f.check))}</td><td class=\"text\">{escape(str(f.message))}</td>"
            f'<td class="text">{escape(str(f.msgid))}{fuzzy}</td></tr>')
    return ('<table class="findings"><thead><tr><th>Where</th><th>Lang</th><th>Severity</th>'
            "<th>Check</th><th>Message</th><th>Source text</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _release(name: str, rows: Sequence[StatusRow], findings: Sequence[Any]) -> str:
    qa_ran = bool(rows) and all(r.qa_errors is not None for r in rows)
    cards = "".join(_card(_language(r.lang), _counts([r]), f"{name}, {_language(r.lang)}",
                          f"release-{name}-{r.lang}") for r in rows)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    heading = (f"QA findings: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
               if findings else "QA findings")
    return (f'<section class="release" id="release-{escape(name)}"><h2>{escape(name)}</h2>'
            f"{cards}<h3>{heading}</h3>{_findings_table(findings, qa_ran or bool(findings))}"
            "</section>")


def render_dashboard(rows: Sequence[StatusRow], findings: Sequence[Any], *, title: str,
                     generated: datetime) -> str:
    """The status dashboard as one HTML document.

    Args:
        rows: Status rows (see :func:`l10n.status.status_report`), in display order.
        findings: QA findings (``l10n.qa.runner``) of those releases and languages.
        title: The page's title and heading (escaped).
        generated: When the numbers were taken; shown on the page.

    Returns:
        The page: progress bars per release and language (role="progressbar",
        aria-valuenow = % complete) with every number as text, QA findings per
        release, and a summary per language.
    """
    names = list(dict.fromkeys([r.release for r in rows] + [f.release for f in findings]))
    releases = "".join(_release(n, [r for r in rows if r.release == n],
                                [f for f in findings if f.release == n]) for n in names)
    stamp = generated.isoformat(timespec="minutes")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(title)}</h1><p class="generated">Generated '
        f'<time datetime="{escape(stamp)}">{escape(generated.strftime("%Y-%m-%d %H:%M"))}'
        "</time>. Bars count entries; words are those of the source text. "
        "Complete = translated (reviewed or not); fuzzy = machine or memory suggestions "
        "and other entries a translator must confirm.</p></header>\n"
        f'<main><section id="summary"><h2>Summary by language</h2>{_summary(rows)}</section>\n'
        f"{releases}</main>\n</body>\n</html>\n")
