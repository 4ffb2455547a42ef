"""l10n refuses a PO file exactly when GNU ``msgfmt -c`` does (issue 9, item 5).

GNU gettext is the outside judge: a corpus of broken and unbroken variants (written here,
and made by mutating the real PO files in /work/shared/real_po and the repository's
sample catalogs) goes through ``msgfmt -c`` and through l10n's reader, and every file must
get the same verdict. A few refusals are deliberately stricter than msgfmt (l10n needs
a header with a charset it can decode); they are listed in STRICTER with the reason.
A BOM is the one thing l10n accepts that msgfmt 0.21 calls a syntax error: l10n keeps a
translator's BOM (issue 9, item 9), so BOM files are judged by msgfmt without their BOM.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polib
import pytest

from l10n.catalog.gnucheck import PluralRule, message_problem
from l10n.catalog.pofile import parse_po
from l10n.workspace.errors import CatalogError
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU msgfmt")

REAL = Path("/work/shared/real_po")
SAMPLES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
REAL_FILES = sorted(REAL.glob("*.po")) if REAL.is_dir() else []
RU_PLURAL = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
             "(n%100<10 || n%100>=20) ? 1 : 2);")


def header(plural_forms: str | None = "nplurals=2; plural=(n != 1);",
           charset: str = "UTF-8") -> str:
    text = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
    if plural_forms is not None:
        text += f'"Plural-Forms: {plural_forms}\\n"\n'
    return text + "\n"


def entry(msgid: str, msgstr: str | list[str], *, flags: str = "", plural: str | None = None,
          prefix: str = "") -> str:
    """One message in PO syntax (strings given with PO escapes, e.g. \\n)."""
    lines = [f"{prefix}#, {flags}"] if flags else []
    lines.append(f'{prefix}msgid "{msgid}"')
    if plural is not None:
        lines.append(f'{prefix}msgid_plural "{plural}"')
        forms = msgstr if isinstance(msgstr, list) else [msgstr]
        lines += [f'{prefix}msgstr[{i}] "{form}"' for i, form in enumerate(forms)]
    else:
        lines.append(f'{prefix}msgstr "{msgstr}"')
    return "\n".join(lines) + "\n\n"


H = header()
HRU = header(RU_PLURAL)

# Written by hand: each a file whose fate msgfmt -c decides.
HANDWRITTEN: dict[str, str] = {
    # newlines at the start and end of msgid and msgstr
    "msgstr lacks the final newline": H + entry("Line\\n", "Ligne"),
    "msgstr adds a final newline": H + entry("Line", "Ligne\\n"),
    "msgstr lacks the first newline": H + entry("\\nLine", "Ligne"),
    "both end with a newline": H + entry("Line\\n", "Ligne\\n"),
    "newline mismatch in a fuzzy message": H + entry("Line\\n", "Ligne", flags="fuzzy"),
    "newline mismatch in an untranslated message": H + entry("Line\\n", ""),
    "newline mismatch in an obsolete message": H + entry("Line\\n", "Ligne", prefix="#~ "),
    "newline mismatch in msgid_plural": H + entry("File\\n", ["F\\n", "Fs\\n"], plural="Files"),
    "newline mismatch in msgstr[1]": H + entry("File\\n", ["F\\n", "Fs"], plural="Files\\n"),
    "newline in a msgctxt'd empty msgid": H + 'msgctxt "c"\nmsgid ""\nmsgstr "x\\n"\n',
    "only a newline": H + entry("\\n", "\\n"),
    # plural forms and the header's formula
    "too few plural forms": H + entry("File", ["F"], plural="Files"),
    "too many plural forms": H + entry("File", ["F", "Fs", "Fss"], plural="Files"),
    "too few forms, fuzzy": H + entry("File", ["F"], plural="Files", flags="fuzzy"),
    "too few forms, untranslated": H + entry("File", ["", "Fs", "x"], plural="Files"),
    "too few forms, obsolete": H + entry("File", ["F"], plural="Files", prefix="#~ "),
    "ru: three forms": HRU + entry("File", ["Ф", "Фа", "Фов"], plural="Files"),
    "ru: two forms": HRU + entry("File", ["Ф", "Фа"], plural="Files"),
    "no Plural-Forms, a plural message": header(None) + entry("F", ["a", "b"], plural="Fs"),
    "no Plural-Forms, fuzzy plural": header(None) + entry("F", ["a", "b"], plural="Fs",
                                                          flags="fuzzy"),
    "no Plural-Forms, no plural message": header(None) + entry("F", "a"),
    "Plural-Forms with spaces around =": header("nplurals = 2; plural = n != 1;")
    + entry("F", ["a", "b"], plural="Fs"),
    "Plural-Forms without plural=, no plural message": header("nplurals=2;") + entry("F", "a"),
    "Plural-Forms without nplurals=, plural message": header("plural=n != 1;")
    + entry("F", ["a", "b"], plural="Fs"),
    "Plural-Forms with text after the formula": header("nplurals=2; plural=n != 1; x y")
    + entry("F", ["a", "b"], plural="Fs"),
    "formula out of range": header("nplurals=2; plural=n%3;") + entry("F", "a"),
    "formula out of range only at n=1000": header("nplurals=2; plural=n==1000?2:0;")
    + entry("F", "a"),
    "formula out of range only at n=1001": header("nplurals=2; plural=n==1001?2:0;")
    + entry("F", "a"),
    "formula divides by zero": header("nplurals=2; plural=n/(n-5);") + entry("F", "a"),
    "formula negative through unsigned wrap": header("nplurals=2; plural=n-1;")
    + entry("F", "a"),
    "formula with a syntax error": header("nplurals=2; plural=n>;") + entry("F", "a"),
    "formula with a single =": header("nplurals=2; plural=n=1;") + entry("F", "a"),
    "nplurals=0": header("nplurals=0; plural=0;") + entry("F", "a"),
    "nplurals not a number": header("nplurals=two; plural=n!=1;") + entry("F", "a"),
    "xgettext's placeholder in a PO file": header("nplurals=INTEGER; plural=EXPRESSION;")
    + entry("F", "a"),
    "fuzzy header, wrong plural count": "#, fuzzy\n" + header("nplurals=3; plural=n%3;")
    + entry("F", ["a", "b"], plural="Fs"),
    # C format strings
    "c-format: same directives": H + entry("%d files in %s", "%d fichiers dans %s",
                                           flags="c-format"),
    "c-format: %d became %s": H + entry("%d files", "%s fichiers", flags="c-format"),
    "c-format: a directive lost": H + entry("%d files in %s", "%d fichiers", flags="c-format"),
    "c-format: a directive added": H + entry("%d files", "%d fichiers %s", flags="c-format"),
    "c-format: %ld became %d": H + entry("%ld bytes", "%d octets", flags="c-format"),
    "c-format: %lu and %ld": H + entry("%lu bytes", "%ld octets", flags="c-format"),
    "c-format: %i for %d": H + entry("%d files", "%i fichiers", flags="c-format"),
    "c-format: %x for %u": H + entry("%u files", "%x fichiers", flags="c-format"),
    "c-format: %e for %f": H + entry("%.2f km", "%e km", flags="c-format"),
    "c-format: %Lf for %f": H + entry("%f km", "%Lf km", flags="c-format"),
    "c-format: %hd for %d": H + entry("%d km", "%hd km", flags="c-format"),
    "c-format: %lc for %c": H + entry("%c!", "%lc!", flags="c-format"),
    "c-format: %ls for %S": H + entry("%S!", "%ls!", flags="c-format"),
    "c-format: reordered": H + entry("%s has %d files", "%2$d fichiers pour %1$s",
                                     flags="c-format"),
    "c-format: numbered skips one": H + entry("%s has %d files", "%2$d fichiers",
                                              flags="c-format"),
    "c-format: numbered and unnumbered mixed": H + entry("%s has %d", "%1$s a %d",
                                                         flags="c-format"),
    "c-format: argument 0": H + entry("%s", "%0$s", flags="c-format"),
    "c-format: same argument twice": H + entry("%s and %d", "%1$s, %1$s et %2$d",
                                               flags="c-format"),
    "c-format: same argument, two types": H + entry("%s and %d", "%1$s, %1$d et %2$d",
                                                    flags="c-format"),
    "c-format: star width": H + entry("%*d", "%*d", flags="c-format"),
    "c-format: star width lost": H + entry("%*d", "%d", flags="c-format"),
    "c-format: numbered star": H + entry("%*d", "%2$*1$d", flags="c-format"),
    "c-format: precision star": H + entry("%.*s", "%.*s", flags="c-format"),
    "c-format: %% only": H + entry("100%% done", "100%% fait", flags="c-format"),
    "c-format: lone percent at the end": H + entry("%d done", "%d fait 100%",
                                                   flags="c-format"),
    "c-format: percent before a letter": H + entry("%d done", "%d fait à 100% pres",
                                                   flags="c-format"),
    "c-format: unknown conversion": H + entry("%d done", "%d fait %y", flags="c-format"),
    "c-format: invalid msgid is not checked": H + entry("%y done", "%d fait",
                                                        flags="c-format"),
    "c-format: %m": H + entry("error: %m", "erreur : %m", flags="c-format"),
    "c-format: %m lost": H + entry("error %d: %m", "erreur %d", flags="c-format"),
    "c-format: I flag in msgstr": H + entry("%d files", "%Id fichiers", flags="c-format"),
    "c-format: I flag in msgid": H + entry("%Id files", "%d fichiers", flags="c-format"),
    "c-format: PRId64": H + entry("%<PRId64> files", "%<PRId64> fichiers", flags="c-format"),
    "c-format: PRIu64 for PRId64": H + entry("%<PRId64> files", "%<PRIu64> fichiers",
                                             flags="c-format"),
    "c-format: bad PRI macro": H + entry("%d files", "%<PRIq64> fichiers", flags="c-format"),
    "c-format: %zu and %lu": H + entry("%zu files", "%lu fichiers", flags="c-format"),
    "c-format: %jd and %lld": H + entry("%jd files", "%lld fichiers", flags="c-format"),
    "c-format: %qd and %lld": H + entry("%qd files", "%lld fichiers", flags="c-format"),
    "c-format: %hhd and %hd": H + entry("%hhd files", "%hd fichiers", flags="c-format"),
    "c-format: %p": H + entry("at %p", "à %p", flags="c-format"),
    "c-format: %n": H + entry("%d%n", "%d%n", flags="c-format"),
    "c-format: space flag in French": H + entry("71% of the vote", "71 % des voix",
                                                flags="c-format"),
    "c-format: flags and width": H + entry("%-10s|%+05d", "%-10s|%+05d", flags="c-format"),
    "c-format: apostrophe flag": H + entry("%'d votes", "%'d voix", flags="c-format"),
    "c-format: on a fuzzy message": H + entry("%d files", "%s fichiers",
                                              flags="fuzzy, c-format"),
    "c-format: no-c-format": H + entry("%d files", "%s fichiers", flags="no-c-format"),
    "c-format: possible-c-format": H + entry("%d files", "%s fichiers",
                                             flags="possible-c-format"),
    "c-format: both flags, no- last": H + entry("%d files", "%s fichiers",
                                                flags="c-format, no-c-format"),
    "c-format: both flags, c- last": H + entry("%d files", "%s fichiers",
                                               flags="no-c-format, c-format"),
    "objc-format: %@": H + entry("%@ files", "%@ fichiers", flags="objc-format"),
    "c-format: %@ is not C": H + entry("%d files", "%d fichiers %@", flags="c-format"),
    # C format strings in plural messages: a form used for one n only may drop the number
    "c-format plural: singular form without %d": H + entry(
        "One file", ["Un fichier", "%d fichiers"], plural="%d files", flags="c-format"),
    "c-format plural: plural form without %d": H + entry(
        "One file", ["%d fichier", "des fichiers"], plural="%d files", flags="c-format"),
    "c-format plural: extra directive in the singular form": H + entry(
        "One file", ["%d fichier %s", "%d fichiers"], plural="%d files", flags="c-format"),
    "c-format plural: one form only": HRU.replace("nplurals=3", "nplurals=1").replace(
        RU_PLURAL.split("; ", 1)[1], "plural=0;") + entry(
        "One file", ["файлы"], plural="%d files", flags="c-format"),
    "c-format plural ru: form 0 without %d": HRU + entry(
        "One file", ["один файл", "%d файла", "%d файлов"], plural="%d files",
        flags="c-format"),
    "c-format plural with range 1..1": H + entry(
        "One file", ["un fichier", "des fichiers"], plural="%d files",
        flags="c-format, range: 1..1"),
    "c-format plural with range 0..5": H + entry(
        "One file", ["un fichier", "des fichiers"], plural="%d files",
        flags="c-format, range: 0..5"),
    "c-format plural without Plural-Forms, fuzzy": header(None) + entry(
        "One file", ["un fichier", "des fichiers"], plural="%d files",
        flags="fuzzy, c-format"),
    # previous fields, duplicates, obsolete entries, context
    "empty previous plural on a singular fuzzy message": H + '#, fuzzy\n#| msgid "Old"\n'
    '#| msgid_plural ""\nmsgid "New"\nmsgstr "Nouveau"\n',
    "empty previous plural on a confirmed message": H + '#| msgid "Old"\n'
    '#| msgid_plural ""\nmsgid "New"\nmsgstr "Nouveau"\n',
    "previous plural on a singular message": H + '#, fuzzy\n#| msgid "Old"\n'
    '#| msgid_plural "Olds"\nmsgid "New"\nmsgstr "Nouveau"\n',
    "obsolete previous plural": H + '#~| msgid "Old"\n#~| msgid_plural ""\n'
    '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
    "duplicate message": H + entry("a", "x") + entry("a", "y"),
    "duplicate obsolete message": H + entry("a", "x") + entry("a", "y", prefix="#~ "),
    "two obsolete duplicates": H + entry("a", "x", prefix="#~ ") + entry("a", "y",
                                                                          prefix="#~ "),
    "same msgid in two contexts": H + 'msgctxt "a"\nmsgid "x"\nmsgstr "1"\n\n'
    'msgctxt "b"\nmsgid "x"\nmsgstr "2"\n',
    "no header": entry("a", "b"),
    "placeholder charset": header(charset="CHARSET") + entry("a", "b"),
    # Issue 11: a legacy charset is read as the header says (tests/catalog/test_charsets.py).
    "latin-1 charset": header(charset="ISO-8859-1") + entry("a", "b"),
}

# l10n refuses these on purpose although msgfmt -c accepts them (with a warning at most).
STRICTER = {
    "unknown charset": (header(charset="FOOBAR") + entry("a", "b"),
                        "charset FOOBAR is not one l10n can decode"),
    "no Content-Type": ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n' + entry("a", "b"),
                        "no Content-Type"),
    "header line without a colon": (H.replace('\n\n', '\n"Just text\\n"\n\n', 1)
                                    + entry("a", "b"), "is not 'Name: value'"),
}


# --- mutations of real files --------------------------------------------------------------

def _translated(e: polib.POEntry) -> bool:
    first = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
    return not e.obsolete and "fuzzy" not in e.flags and bool(first) and bool(e.msgid)


_DIRECTIVE = re.compile(r"%[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGcsp]")


def _first(po: polib.POFile, test: Callable[[polib.POEntry], bool]) -> polib.POEntry | None:
    return next((e for e in po if test(e)), None)


def _set_header(po: polib.POFile, change: Callable[[str], str | None]) -> bool:
    value = change(po.metadata.get("Plural-Forms", ""))
    if value == po.metadata.get("Plural-Forms"):
        return False
    if value is None:
        po.metadata.pop("Plural-Forms", None)
    else:
        po.metadata["Plural-Forms"] = value
    return True


def _edit(test: Callable[[polib.POEntry], bool],
          change: Callable[[polib.POEntry], None]) -> Callable[[polib.POFile], bool]:
    def mutate(po: polib.POFile) -> bool:
        found = _first(po, test)
        if found is None:
            return False
        change(found)
        return True
    return mutate


def _c(e: polib.POEntry) -> bool:
    return "c-format" in e.flags and not e.msgid_plural


def _append(text: str) -> Callable[[polib.POEntry], None]:
    def change(e: polib.POEntry) -> None:
        e.msgstr += text
    return change


def _plural_forms(delta: int) -> Callable[[polib.POEntry], None]:
    def change(e: polib.POEntry) -> None:
        n = len(e.msgstr_plural)
        if delta < 0:
            del e.msgstr_plural[n - 1]
        else:
            e.msgstr_plural[n] = e.msgstr_plural[n - 1]
    return change


def _duplicate(obsolete: bool) -> Callable[[polib.POFile], bool]:
    def mutate(po: polib.POFile) -> bool:
        found = _first(po, _translated)
        if found is None:
            return False
        po.append(polib.POEntry(msgid=found.msgid, msgctxt=found.msgctxt,
                                msgid_plural=found.msgid_plural, msgstr=found.msgstr,
                                msgstr_plural=dict(found.msgstr_plural), obsolete=obsolete))
        return True
    return mutate


def _untranslate_a_short_plural(e: polib.POEntry) -> None:
    e.msgstr_plural[0] = ""
    del e.msgstr_plural[len(e.msgstr_plural) - 1]


def _confirm_with_empty_previous_plural(e: polib.POEntry) -> None:
    e.flags.remove("fuzzy")
    e.previous_msgid = e.previous_msgid or "An older text."
    e.previous_msgid_plural = ""


def _percent_with_c_format(e: polib.POEntry) -> None:
    e.flags.append("c-format")


def _mark(flag: str, text: str) -> Callable[[polib.POEntry], None]:
    def change(e: polib.POEntry) -> None:
        e.flags = [flag if f == "c-format" else f for f in e.flags]
        e.msgstr += text
    return change


MUTATIONS: dict[str, Callable[[polib.POFile], bool]] = {
    "msgstr loses its final newline": _edit(
        lambda e: _translated(e) and not e.msgid_plural and e.msgid.endswith("\n")
        and e.msgstr.endswith("\n"), lambda e: setattr(e, "msgstr", e.msgstr[:-1])),
    "fuzzy msgstr loses its final newline": _edit(
        lambda e: "fuzzy" in e.flags and e.msgstr.endswith("\n"),
        lambda e: setattr(e, "msgstr", e.msgstr[:-1])),
    "msgstr gains a first newline": _edit(
        lambda e: _translated(e) and not e.msgid_plural and not e.msgid.startswith("\n"),
        lambda e: setattr(e, "msgstr", "\n" + e.msgstr)),
    "plural msgstr[1] loses its final newline": _edit(
        lambda e: _translated(e) and len(e.msgstr_plural) > 1 and e.msgid.endswith("\n"),
        lambda e: e.msgstr_plural.__setitem__(1, e.msgstr_plural[1].rstrip("\n"))),
    "obsolete msgstr gains a final newline": _edit(
        lambda e: e.obsolete and not e.msgid_plural and not e.msgid.endswith("\n"),
        _append("\n")),
    "c-format: %s becomes %d": _edit(lambda e: _translated(e) and _c(e) and "%s" in e.msgstr,
                                     lambda e: setattr(e, "msgstr",
                                                       e.msgstr.replace("%s", "%d", 1))),
    "c-format: a directive dropped": _edit(
        lambda e: _translated(e) and _c(e) and bool(_DIRECTIVE.search(e.msgstr)),
        lambda e: setattr(e, "msgstr", _DIRECTIVE.sub("", e.msgstr, count=1))),
    "c-format: a directive added": _edit(lambda e: _translated(e) and _c(e), _append(" %d")),
    "c-format: a lone percent sign": _edit(lambda e: _translated(e) and _c(e),
                                           _append(" 100%")),
    "c-format: percent and a space": _edit(lambda e: _translated(e) and _c(e),
                                           _append(" à 100 % sûr")),
    "c-format: mismatch in a fuzzy message": _edit(
        lambda e: "fuzzy" in e.flags and "c-format" in e.flags, _append(" %d")),
    "c-format: mismatch under no-c-format": _edit(lambda e: _translated(e) and _c(e),
                                                  _mark("no-c-format", " %d")),
    "c-format: mismatch under possible-c-format": _edit(lambda e: _translated(e) and _c(e),
                                                        _mark("possible-c-format", " %d")),
    "c-format: plural form 0 loses its directive": _edit(
        lambda e: _translated(e) and bool(e.msgid_plural) and "c-format" in e.flags
        and bool(_DIRECTIVE.search(e.msgstr_plural[0])),
        lambda e: e.msgstr_plural.__setitem__(0, _DIRECTIVE.sub("", e.msgstr_plural[0],
                                                                count=1))),
    "c-format: last plural form loses its directive": _edit(
        lambda e: _translated(e) and bool(e.msgid_plural) and "c-format" in e.flags
        and bool(_DIRECTIVE.search(e.msgstr_plural[len(e.msgstr_plural) - 1])),
        lambda e: e.msgstr_plural.__setitem__(
            len(e.msgstr_plural) - 1,
            _DIRECTIVE.sub("", e.msgstr_plural[len(e.msgstr_plural) - 1], count=1))),
    "c-format flag on a sentence with a percent sign": _edit(
        lambda e: _translated(e) and "%" in e.msgid and "c-format" not in e.flags,
        _percent_with_c_format),
    "plural: a form dropped": _edit(lambda e: _translated(e) and len(e.msgstr_plural) > 1,
                                    _plural_forms(-1)),
    "plural: a form added": _edit(lambda e: _translated(e) and bool(e.msgid_plural),
                                  _plural_forms(+1)),
    "plural: untranslated and a form short": _edit(
        lambda e: _translated(e) and len(e.msgstr_plural) > 1, _untranslate_a_short_plural),
    "plural: a fuzzy message a form short": _edit(
        lambda e: "fuzzy" in e.flags and len(e.msgstr_plural) > 1, _plural_forms(-1)),
    "header: nplurals one more": lambda po: _set_header(
        po, lambda v: re.sub(r"nplurals=(\d+)", lambda m: f"nplurals={int(m[1]) + 1}", v)),
    "header: nplurals one less": lambda po: _set_header(
        po, lambda v: re.sub(r"nplurals=(\d+)", lambda m: f"nplurals={int(m[1]) - 1}", v)),
    "header: no Plural-Forms": lambda po: _set_header(po, lambda v: None if v else v),
    "header: formula out of range": lambda po: _set_header(
        po, lambda v: re.sub(r"plural=.*", "plural=n;", v) if v else v),
    "header: formula with a syntax error": lambda po: _set_header(
        po, lambda v: v.replace("plural=", "plural=(", 1) if v else v),
    "duplicate message": _duplicate(obsolete=False),
    "duplicate as an obsolete message": _duplicate(obsolete=True),
    "confirmed with an empty previous plural": _edit(
        lambda e: "fuzzy" in e.flags and not e.msgid_plural and bool(e.msgstr),
        _confirm_with_empty_previous_plural),
}


def mutated(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every mutation that applies to the file, as (name, file bytes)."""
    text = path.read_text(encoding="utf-8")
    for name, mutate in MUTATIONS.items():
        po = polib.pofile(text, wrapwidth=79)
        if mutate(po):
            yield f"{path.parent.parent.name if path.parent.name == 'LC_MESSAGES' else ''}" \
                  f"{path.name}: {name}", str(po).encode("utf-8")


def corpus() -> list[tuple[str, bytes]]:
    """The whole corpus: handwritten files, real files mutated, and the originals."""
    files = [(name, text.encode()) for name, text in HANDWRITTEN.items()]
    for path in [*REAL_FILES, *SAMPLES]:
        files.append((f"{path.name} (as it is)", path.read_bytes()))
        files.extend(mutated(path))
    return files


# --- the judges ---------------------------------------------------------------------------

def msgfmt_refuses(data: bytes, folder: Path, index: int) -> bool:
    path = folder / f"case{index}.po"
    path.write_bytes(data.removeprefix(b"\xef\xbb\xbf"))
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True).returncode != 0


def l10n_refuses(data: bytes, name: str = "case.po") -> str | None:
    try:
        parse_po(Path(name), data)
    except CatalogError as exc:
        return str(exc)
    return None


def verdicts(files: list[tuple[str, bytes]], folder: Path) -> list[tuple[str, bool, str | None]]:
    with ThreadPoolExecutor(max_workers=2) as pool:  # msgfmt runs while l10n parses
        gnu = [pool.submit(msgfmt_refuses, data, folder, i) for i, (_, data) in enumerate(files)]
        ours = [l10n_refuses(data) for _, data in files]
        return [(name, refused.result(), mine)
                for (name, _), refused, mine in zip(files, gnu, ours)]


def test_l10n_refuses_exactly_what_msgfmt_refuses(tmp_path: Path) -> None:
    files = corpus()
    results = verdicts(files, tmp_path)
    disagreements = [f"{name}: msgfmt {'refuses' if gnu else 'accepts'}, l10n "
                     f"{'refuses: ' + ours if ours else 'accepts'}"
                     for name, gnu, ours in results if gnu != (ours is not None)]
    assert disagreements == []
    refused = sum(1 for _, gnu, _ in results if gnu)
    assert len(results) >= 150 and refused >= 60  # the corpus is no straw man
    if REAL_FILES:
        originals = [ours for name, _, ours in results if name.endswith("(as it is)")]
        assert originals and all(ours is None for ours in originals)


@pytest.mark.parametrize("name", sorted(STRICTER))
def test_deliberately_stricter_than_msgfmt(name: str, tmp_path: Path) -> None:
    text, reason = STRICTER[name]
    assert not msgfmt_refuses(text.encode(), tmp_path, 0)
    message = l10n_refuses(text.encode())
    assert message is not None and reason in message


def test_a_bom_is_accepted_though_msgfmt_calls_it_a_syntax_error(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (H + entry("a", "b")).encode()
    path = tmp_path / "bom.po"
    path.write_bytes(data)
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True).returncode != 0
    assert l10n_refuses(data) is None


def test_refusals_name_the_message_line() -> None:
    text = H + entry("a", "b") + entry("%d files", "%s fichiers", flags="c-format")
    assert l10n_refuses(text.encode(), "fr.po") == (
        "fr.po:10: c-format: argument 1 is 'string' in msgstr but 'int' in the msgid; "
        "msgfmt -c refuses that")
    text = H + entry("Line\\n", "Ligne")
    assert l10n_refuses(text.encode(), "fr.po") == (
        "fr.po:6: msgid and msgstr do not both end with a newline (\\n); msgfmt -c refuses "
        "that: end both or neither with \\n")
    text = HRU + entry("File", ["Ф", "Фа"], plural="Files")
    assert l10n_refuses(text.encode(), "ru.po") == (
        "ru.po:6: 2 plural forms, but the header's Plural-Forms says nplurals=3 (line 4); "
        "give msgstr[0] to msgstr[2]")


# --- C format strings, one msgfmt run over many pairs -----------------------------------

_PIECES = ["%d", "%s", "%ld", "%lu", "%5.2f", "%c", "%%", "%*d", "%.*s", "%zu", "%hhd", "%Lf",
           "%p", "%i", "%x", "%'d", "% d", "%-8s", "%lld", "%jd", "%qd", "%td", "%hd", "%lc",
           "%ls", "%C", "%S", "%e", "%g", "%a", "%n", "%m", "%<PRId64>", "%<PRIu32>",
           "%<PRIxMAX>", "%<PRIdFAST16>", "%<PRIxLEAST8>", "%<PRIdPTR>", "%Id", "%y", "%",
           "%0$s", "%1$s", "%2$d", "%1$*2$d", "%3$s", "%#o", "%+.3e", "%llx", "%hhhd",
           "%lll", "%Zd", "%1$%", "% ", "%<PRIq>", "%.f", "%5"]


def _format_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        msgid = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 3)))
        kind = rng.random()
        if kind < 0.3:
            msgstr = msgid  # the translator kept every directive
        elif kind < 0.5:  # the same directives, numbered in reverse order
            found = re.findall(r"%[a-zA-Z]", msgid)
            msgstr = " ".join(f"%{i}${d[1]}" for i, d in reversed(list(enumerate(found, 1))))
        else:
            msgstr = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 3)))
        pairs.append((msgid, msgstr))
    return pairs


def test_c_format_checks_agree_with_msgfmt_on_random_pairs(tmp_path: Path) -> None:
    pairs = _format_pairs(600, seed=9)
    lines, starts = H.splitlines(), []
    for i, (msgid, msgstr) in enumerate(pairs):
        starts.append(len(lines) + 1)
        lines += ["#, c-format", f'msgid "{i}: {msgid}"', f'msgstr "{i}: {msgstr}"', ""]
    path = tmp_path / "formats.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    gnu = set()
    for number in re.findall(rf"^{re.escape(str(path))}:(\d+): (?!warning)", result.stderr,
                             re.M):
        gnu.add(max(i for i, start in enumerate(starts) if start <= int(number)))
    ours = {i for i, (msgid, msgstr) in enumerate(pairs)
            if message_problem(f"{i}: {msgid}", None, [f"{i}: {msgstr}"], ["c-format"],
                               PluralRule())}
    disagreements = [(pairs[i], "msgfmt refuses" if i in gnu else "l10n refuses")
                     for i in sorted(gnu ^ ours)]
    assert disagreements == []
    assert 100 < len(gnu) < 500  # both kinds are well represented
