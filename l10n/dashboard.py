"""Dashboard: translation status and QA findings as one self-contained, printable HTML page.

The page needs nothing but itself: inline CSS, no script, no font, image or link to
fetch (its only links are the table of contents' links to its own sections), and a
Content-Security-Policy that forbids loading anything, so that it opens from disk on a
machine with no network. Every text from the catalogs is HTML-escaped.

QA findings are grouped by release, then language, each language in a collapsible
``<details>`` section: the findings on confirmed translations first (open), those on
unconfirmed suggestions after them (collapsed). Each finding reads as ``l10n check``
prints it (``file:line: severity [check] message``), beside its source and translation.
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
.sev { font-weight: bold; }
.sev-error { color: var(--error); }
.sev-warning { color: var(--warning); }
.tag { color: var(--muted); font-size: .8rem; }
.ok { color: var(--reviewed); }
nav ul { margin: .2rem 0; padding-left: 1.2rem; }
nav li { margin: .1rem 0; }
details.findings-lang { margin: .4rem 0 .8rem; border: 1px solid var(--line);
  border-radius: 4px; padding: .2rem .6rem; }
details.suggestions { margin: .2rem 0 .6rem; }
summary { cursor: pointer; font-weight: bold; padding: .2rem 0; }
details.suggestions > summary { font-weight: normal; color: var(--muted); }
td.what { overflow-wrap: anywhere; width: 40%; }
td.what .where { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; }
tr.finding-accepted td.what { color: var(--muted); }
:target { outline: 3px solid #0969da; outline-offset: 2px; }
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


_ORDER = {"error": 0, "warning": 1}


def _anchor(release: str, lang: str | None = None) -> str:
    """A language's findings section: ``findings:REL:LANG`` (':' is in no release name)."""
    return f"findings:{release}" + (f":{lang}" if lang else "")


def _tally(findings: Sequence[Any]) -> str:
    """"2 errors (1 accepted), 1 warning": findings of confirmed translations."""
    errors = [f for f in findings if f.severity == "error"]
    accepted = sum(1 for f in errors if getattr(f, "accepted", False))
    warnings = sum(1 for f in findings if f.severity == "warning")
    note = f" ({accepted} accepted)" if accepted else ""
    return f"{_plural(len(errors), 'error')}{note}, {_plural(warnings, 'warning')}"


def _split(findings: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """(on confirmed translations, on fuzzy entries), each in reading order: errors,
    then warnings, accepted ones last, by file and line."""
    def key(f: Any) -> tuple[bool, int, str, int]:
        return (bool(getattr(f, "accepted", False)), _ORDER.get(f.severity, 2), str(f.file),
                f.line or 0)
    ordered = sorted(findings, key=key)
    return ([f for f in ordered if not getattr(f, "fuzzy", False)],
            [f for f in ordered if getattr(f, "fuzzy", False)])


def _finding_row(f: Any, source_lang: str) -> str:
    where = f"{f.file}:{f.line}" if f.line else f"{f.file}"
    tags = [t for t, on in (("fuzzy", getattr(f, "fuzzy", False)),
                            ("accepted", getattr(f, "accepted", False))) if on]
    tag = f' <span class="tag">({", ".join(tags)})</span>' if tags else ""
    severity = escape(str(f.severity))
    classes = f"finding finding-{severity}" + (" finding-accepted" if "accepted" in tags else "")
    translation = str(getattr(f, "translation", "") or "")
    return (f'<tr class="{classes}"><td class="what"><span class="where">{escape(where)}</span>: '
            f'<span class="sev sev-{severity}">{severity}</span> '
            f'<span class="check">[{escape(str(f.check))}]</span> '
            f'<span class="message">{escape(str(f.message))}</span>{tag}</td>'
            f'<td class="text source" lang="{escape(source_lang)}">{escape(str(f.msgid))}</td>'
            f'<td class="text target" lang="{escape(str(f.lang))}">{escape(translation)}</td>'
            "</tr>")


def _table(findings: Sequence[Any], source_lang: str, kind: str) -> str:
    body = "".join(_finding_row(f, source_lang) for f in findings)
    return (f'<table class="findings {kind}"><thead><tr><th>Finding</th><th>Source</th>'
            f"<th>Translation</th></tr></thead><tbody>{body}</tbody></table>")


def _language_findings(release: str, lang: str, findings: Sequence[Any],
                       source_lang: str) -> str:
    """One language's findings in a release: an open section, suggestions' nested shut."""
    confirmed, suggestions = _split(findings)
    about = f"{_tally(confirmed)} on confirmed translations"
    if suggestions:
        about += f"; {_plural(len(suggestions), 'finding')} on unconfirmed suggestions"
    body = (_table(confirmed, source_lang, "translations") if confirmed else
            '<p class="note ok">No findings on confirmed translations.</p>')
    if suggestions:
        body += (f'<details class="suggestions" id="{escape(_anchor(release, lang))}:suggestions">'
                 f"<summary>{_plural(len(suggestions), 'finding')} on unconfirmed suggestions "
                 "(fuzzy entries a translator has not confirmed)</summary>"
                 f"{_table(suggestions, source_lang, 'suggestions')}</details>")
    return (f'<details class="findings-lang" id="{escape(_anchor(release, lang))}" open>'
            f"<summary>{escape(_language(lang))}: {about}</summary>{body}</details>")


def _langs(rows: Sequence[StatusRow], findings: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys([r.lang for r in rows] + [str(f.lang) for f in findings]))


def _release(name: str, rows: Sequence[StatusRow], findings: Sequence[Any],
             source_lang: str) -> str:
    qa_ran = bool(rows) and all(r.qa_errors is not None for r in rows)
    cards = "".join(_card(_language(r.lang), _counts([r]), f"{name}, {_language(r.lang)}",
                          f"release-{name}-{r.lang}") for r in rows)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    heading = (f"QA findings: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
               if findings else "QA findings")
    if findings:
        body = "".join(_language_findings(name, lang, mine, source_lang)
                       for lang in _langs(rows, findings)
                       if (mine := [f for f in findings if str(f.lang) == lang]))
    else:
        text = "No QA findings." if qa_ran else "QA was not run."
        body = f'<p class="note {"ok" if qa_ran else ""}">{text}</p>'
    return (f'<section class="release" id="release-{escape(name)}"><h2>{escape(name)}</h2>'
            f"{cards}<h3>{heading}</h3>{body}</section>")


def _contents(names: Sequence[str], rows: Sequence[StatusRow],
              findings: Sequence[Any]) -> str:
    """The table of contents: the summary, each release, each language with findings."""
    items = ['<li><a href="#summary">Summary by language</a></li>']
    for name in names:
        mine = [f for f in findings if f.release == name]
        langs = []
        for lang in _langs([r for r in rows if r.release == name], mine):
            theirs = [f for f in mine if str(f.lang) == lang]
            if not theirs:
                continue
            confirmed, suggestions = _split(theirs)
            extra = f"; {len(suggestions)} on suggestions" if suggestions else ""
            langs.append(f'<li><a href="#{escape(_anchor(name, lang))}">'
                         f"{escape(_language(lang))}</a>: {_tally(confirmed)}{extra}</li>")
        sub = f"<ul>{''.join(langs)}</ul>" if langs else ""
        items.append(f'<li><a href="#release-{escape(name)}">{escape(name)}</a>{sub}</li>')
    return (f'<nav id="contents" aria-label="Contents"><h2>Contents</h2>'
            f"<ul>{''.join(items)}</ul></nav>\n")


def render_dashboard(rows: Sequence[StatusRow], findings: Sequence[Any], *, title: str,
                     generated: datetime, source_lang: str = "en") -> str:
    """The status dashboard as one HTML document.

    Args:
        rows: Status rows (see :func:`l10n.status.status_report`), in display order.
        findings: QA findings (``l10n.qa.runner``) of those releases and languages.
        title: The page's title and heading (escaped).
        generated: When the numbers were taken; shown on the page.
        source_lang: The workspace's source language (the source texts' ``lang``).

    Returns:
        The page: a table of contents, progress bars per release and language
        (role="progressbar", aria-valuenow = % complete) with every number as text,
        QA findings per release and language, and a summary per language.
    """
    names = list(dict.fromkeys([r.release for r in rows] + [f.release for f in findings]))
    releases = "".join(_release(n, [r for r in rows if r.release == n],
                                [f for f in findings if f.release == n], source_lang)
                       for n in names)
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
        f"{_contents(names, rows, findings)}"
        f'<main><section id="summary"><h2>Summary by language</h2>{_summary(rows)}</section>\n'
        f"{releases}</main>\n</body>\n</html>\n")
