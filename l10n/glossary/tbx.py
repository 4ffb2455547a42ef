"""TBX (ISO 30042) import and export of glossary terms, as Weblate, memoQ and Trados exchange them.

Reads TBX v2 (``<martif>``: termEntry / langSet / tig or ntig/termGrp / term) and TBX v3
(``<tbx>``: conceptEntry / langSec / termSec / term); writes TBX-Basic v2, which every
one of those tools imports. Mapping to `Term`:

* the source language's preferred term is ``term``; its other terms are ``variants``;
* in a target language the preferred (else first non-deprecated) term is the rendering
  and the other non-deprecated ones (``admittedTerm``) are admitted renderings, in file
  order; terms whose ``administrativeStatus`` is deprecated, superseded, forbidden or
  obsolete go to ``avoid``. The status is read from ``<termNote
  type="administrativeStatus">`` (TBX v2, v3 DCA) or ``<administrativeStatus>`` (v3 DCT);
* ``<descrip type="Translation needed">No</descrip>`` (Weblate) makes a ``dnt`` term;
  ``termType`` abbreviation/acronym/initialism makes an ``abbrev`` term (a full form
  and its abbreviation in one entry become two terms);
* ``<descrip>``/``<note>`` text of the entry and the source language becomes ``note``;
  target-language notes are added as ``lang: text``.

XML is parsed with expat directly: a DOCTYPE with an internal subset, entity
declarations and references to undeclared entities are refused (no XML bombs, no
external fetches); a plain DOCTYPE line such as Weblate writes is accepted.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from babel.core import get_global

from l10n.glossary.model import Glossary, Term, check_term, normalized
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import atomic_write
from l10n.workspace.locales import normalize_locale

log = logging.getLogger(__name__)

XML_NS = "http://www.w3.org/XML/1998/namespace"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_AVOID_STATUSES = frozenset(
    {"deprecated", "superseded", "forbidden", "obsolete", "notrecommended"}
)
_ABBREV_TYPES = frozenset({"abbreviation", "acronym", "initialism", "shortform", "abbreviatedform"})
_ENTRY_TAGS = frozenset({"termEntry", "conceptEntry"})
_LANG_TAGS = frozenset({"langSet", "langSec"})
_TERM_TAGS = frozenset({"tig", "ntig", "termSec"})
_NOTE_DESCRIPS = frozenset({"definition", "explanation", "usage note", "usagenote"})
_CASE_NOTE = "x-caseSensitive"
_CORE_NAMESPACES = frozenset({"", "urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed-1"})
# TBX v3 DCT style writes a data category as its own element (<min:partOfSpeech>,
# <basic:definition>); DCA style writes it as <termNote type="partOfSpeech">. The
# categories of TBX-Min and TBX-Basic, by the DCA element that carries them:
_DCT_CATEGORIES = {
    **dict.fromkeys(("administrativeStatus", "partOfSpeech", "termType", "grammaticalGender",
                     "geographicalUsage", "termLocation"), "termNote"),
    **dict.fromkeys(("definition", "context", "subjectField", "explanation"), "descrip"),
    **dict.fromkeys(("source", "customerSubset", "projectSubset"), "admin"),
    **dict.fromkeys(("xGraphic", "externalCrossReference", "crossReference"), "xref"),
    "transactionType": "transac",
    "responsibility": "transacNote",
}
# BCP 47 as TBX files use it: language[-Script][-REGION][-variant...], "-" or "_"
_LANG_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?"
                       r"((?:[-_][A-Za-z0-9]{1,8})*)")
# codes for no particular language: undetermined, multiple, no linguistic content, missing
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
SKIP_NO_SOURCE = "no source term"
SKIP_SOURCE_AVOIDED = "source term deprecated"
SKIP_NO_TARGET = "no rendering in a target language"


@dataclass
class _Node:
    """An XML element: local tag name, attributes, children, text content, line."""

    tag: str
    attrib: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self._texts())

    def _texts(self) -> Iterator[str]:
        yield from self.parts
        for child in self.children:
            yield from child._texts()

    def iter(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def typed(self, tag: str, kind: str) -> Iterator[_Node]:
        """Descendants ``<tag type=kind>`` (kind compared case-insensitively)."""
        for node in self.iter():
            if node.tag == tag and node.attrib.get("type", "").lower() == kind.lower():
                yield node


@dataclass
class _Designation:
    text: str
    status: str
    abbrev: bool
    case_sensitive: bool | None
    notes: list[str]


# --- reading ---------------------------------------------------------------------------


@dataclass
class TbxImport:
    """What a TBX file gave: its terms and what was left out, by reason.

    Attributes:
        terms: the terms taken, in file order.
        entries: the file's entries (termEntry / conceptEntry).
        candidates: the terms the entries make (a full form and its abbreviation in one
            entry are two); ``len(terms) + sum(skipped.values())``.
        skipped: candidate terms left out, by reason (``SKIP_*``); an entry with a full
            form and an abbreviation is two candidates.
        notes: language sets left out (a language CLDR does not know, another script),
            one line per language with how many and where the first is.
    """

    terms: list[Term]
    entries: int = 0
    candidates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Lang:
    """A language tag's subtags: ``kk-Latn-KZ`` → kk, Latn, KZ."""

    language: str
    script: str | None
    region: str | None

    @property
    def key(self) -> str:
        return "_".join(p for p in (self.language, self.script, self.region) if p)

    @property
    def effective_script(self) -> str | None:
        """The written script: the tag's own, else the language's usual one (CLDR)."""
        if self.script:
            return self.script
        likely = get_global("likely_subtags").get(self.language)
        return _subtags(likely).script if likely else None


def import_tbx(
    path: Path, *, source_lang: str = "en", langs: Sequence[str] | None = None
) -> list[Term]:
    """Read the terms of a TBX v2 or v3 file (what `read_tbx` takes)."""
    return read_tbx(path, source_lang=source_lang, langs=langs).terms


def read_tbx(
    path: Path, *, source_lang: str = "en", langs: Sequence[str] | None = None
) -> TbxImport:
    """Read the terms of a TBX v2 or v3 file, with what was skipped and why.

    Args:
        path: the ``.tbx`` file.
        source_lang: the language of ``Term.term``; ``en`` also takes ``en-US``, ``en-GB``.
        langs: target languages to keep, matched by code then by language with the same
            script (``ru-RU`` → ``ru``; ``kk-Latn`` is not Cyrillic ``kk``); None keeps
            every language under its code (``fr_FR``, ``kk_Latn``).

    Returns:
        The terms in file order, each with the file and the entry's line. Left out, and
        counted: entries without a source-language term, terms whose source form is
        deprecated or obsolete, and (with ``langs``) terms that are not ``dnt`` and have
        no rendering in any of the languages. Language sets in a language CLDR does not
        know (IATE's ``mul``) or in another script than the workspace language's are
        left out with a note.

    Raises:
        InputError: unreadable or malformed XML (with its line), a forbidden DTD
            construct, a root that is not TBX, an ``xml:lang`` that is no language tag,
            an entry whose source term is empty.
    """
    path = Path(path)
    root = _parse(path)
    if root.tag not in ("martif", "tbx"):
        raise InputError(path, root.line, f"not a TBX file: root is <{root.tag}>, "
                         "expected <martif> (TBX v2) or <tbx> (TBX v3)")
    wanted = [_subtags(normalize_locale(lang)) for lang in langs] if langs is not None else None
    source = _subtags(normalize_locale(source_lang))
    report = TbxImport([])
    dropped: dict[tuple[str, str], list[int]] = {}
    for entry in root.iter():
        if entry.tag in _ENTRY_TAGS:
            report.entries += 1
            report.terms.extend(_entry_terms(path, entry, source, wanted, report, dropped))
    report.notes = [f"{path}:{lines[0]}: {len(lines)} language set{'s' if len(lines) > 1 else ''}"
                    f" {code!r} skipped: {why}" for (code, why), lines in dropped.items()]
    return report


def _parse(path: Path) -> _Node:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[_Node] = []
    roots: list[_Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag, attrib = _local(name), _attributes(attrs)
        namespace = name.rpartition("}")[0]
        if namespace not in _CORE_NAMESPACES and tag in _DCT_CATEGORIES:
            tag, attrib = _DCT_CATEGORIES[tag], {**attrib, "type": tag}
        node = _Node(tag, attrib, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def doctype(name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
        if internal:
            _refuse(path, parser, "a DOCTYPE with an internal subset is not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *args: _refuse(path, parser, "entity declarations are not accepted")
    parser.SkippedEntityHandler = lambda name, is_pe: _refuse(
        path, parser, f"entity &{name}; is not accepted"
    )
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(path, exc.lineno, f"malformed XML: {expat.ErrorString(exc.code)}") from None
    except LookupError as exc:  # an encoding Python does not know
        raise InputError(path, 1, f"unknown encoding: {exc}") from None
    return roots[0]


def _refuse(path: Path, parser: expat.XMLParserType, message: str) -> None:
    raise InputError(path, parser.CurrentLineNumber, message)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attributes(attrs: dict[str, str]) -> dict[str, str]:
    out = {}
    for name, value in attrs.items():
        out["xml:lang" if name == f"{XML_NS}}}lang" else _local(name)] = value
    return out


def _lang_of(node: _Node) -> str:
    return node.attrib.get("xml:lang") or node.attrib.get("lang") or ""


def _entry_terms(
    path: Path,
    entry: _Node,
    source: _Lang,
    wanted: list[_Lang] | None,
    report: TbxImport,
    dropped: dict[tuple[str, str], list[int]],
) -> list[Term]:
    notes = _notes(entry, skip=_LANG_TAGS)
    source_terms: list[_Designation] = []
    targets: dict[str, list[_Designation]] = {}
    for lang_set in (child for child in entry.children if child.tag in _LANG_TAGS):
        code = _code(path, lang_set)
        if isinstance(code, str):  # why the language set is left out
            dropped.setdefault((_lang_of(lang_set), code), []).append(lang_set.line)
            continue
        if _same_language(code, source):
            source_terms.extend(_designations(lang_set))
            notes.extend(_notes(lang_set, skip=_TERM_TAGS))
            continue
        key = _target_key(code, wanted)
        if key is None:
            other = next((w for w in wanted or () if w.language == code.language), None)
            if other is not None:
                why = (f"script {code.effective_script} is not the workspace's {other.key} "
                       f"({other.effective_script})")
                dropped.setdefault((_lang_of(lang_set), why), []).append(lang_set.line)
            elif wanted is None:
                why = f"script {code.script} is not {code.language}'s usual one (CLDR)"
                dropped.setdefault((_lang_of(lang_set), why), []).append(lang_set.line)
        if key is not None:
            targets.setdefault(key, []).extend(d for d in _designations(lang_set) if d.text)
            notes.extend(f"{key}: {text}" for text in _notes(lang_set, skip=_TERM_TAGS))
    if not source_terms:
        log.warning("%s:%d: entry without a %s term skipped", path, entry.line, source.key)
        report.skipped[SKIP_NO_SOURCE] += 1
        report.candidates += 1
        return []
    dnt = any(
        node.text().strip().lower() == "no"
        for kind in ("Translation needed", "translationNote")
        for tag in ("descrip", "termNote")
        for node in entry.typed(tag, kind)
    )
    full = [d for d in source_terms if not d.abbrev]
    short = [d for d in source_terms if d.abbrev]
    groups = [full, short] if full and short else [source_terms]
    terms = []
    report.candidates += len(groups)
    for group in groups:
        if _primary(group).status in _AVOID_STATUSES:
            report.skipped[SKIP_SOURCE_AVOIDED] += 1
            continue
        term = _make_term(path, entry.line, group, targets, notes, dnt, split=len(groups) > 1)
        if wanted is not None and term.kind != "dnt" and not term.renderings:
            report.skipped[SKIP_NO_TARGET] += 1
            continue
        terms.append(term)
    return terms


def _subtags(code: str) -> _Lang:
    match = _LANG_TAG.fullmatch(code.strip())
    if match is None:
        raise UsageError(f"{code!r} is not a language tag")
    language, script, region, _ = match.groups()
    return _Lang(language.lower(), script.title() if script else None,
                 region.upper() if region else None)


def _code(path: Path, lang_set: _Node) -> _Lang | str:
    """The language set's language, or why it is left out (a language CLDR does not know).

    Raises:
        InputError: the ``xml:lang`` is not a language tag at all.
    """
    lang = _lang_of(lang_set)
    try:
        code = _subtags(lang)
    except UsageError:
        raise InputError(path, lang_set.line, f"unknown language {lang!r} in xml:lang") from None
    if code.language in _NO_LANGUAGE:
        return "not a language CLDR knows"
    try:
        normalize_locale(code.language)
    except UsageError:
        return "not a language CLDR knows"
    return code


def _same_language(code: _Lang, other: _Lang) -> bool:
    return code.language == other.language and code.effective_script == other.effective_script


def _target_key(code: _Lang, wanted: list[_Lang] | None) -> str | None:
    if wanted is None:
        # CLDR has no kk_Latn: Babel would make it kk_Cyrl, so another script than the
        # language's usual one is no language code l10n can keep
        usual = _Lang(code.language, None, None).effective_script
        return code.key if code.script in (None, usual) else None
    if code in wanted:
        return code.key
    return next((lang.key for lang in wanted if _same_language(code, lang)), None)


def _designations(lang_set: _Node) -> list[_Designation]:
    out = []
    for group in (node for node in lang_set.iter() if node.tag in _TERM_TAGS):
        term = next((node for node in group.iter() if node.tag == "term"), None)
        if term is None:
            continue
        status = next(
            (n.text() for n in group.iter() if n.tag == "administrativeStatus"),
            next((n.text() for n in group.typed("termNote", "administrativeStatus")), ""),
        )
        types = {n.text().strip().lower() for n in group.typed("termNote", "termType")}
        case = next((n.text().strip().lower() for n in group.typed("termNote", _CASE_NOTE)), None)
        out.append(
            _Designation(
                text=" ".join(term.text().split()),
                status=_status(status),
                abbrev=bool(types & _ABBREV_TYPES),
                case_sensitive=None if case is None else case in ("yes", "true", "1"),
                notes=_notes(group, skip=frozenset()),
            )
        )
    return out


def _status(value: str) -> str:
    """``preferredTerm-admn-sts`` → ``preferred``; ``notRecommended`` → ``notrecommended``."""
    word = value.strip().lower().removesuffix("-admn-sts")
    return word.removesuffix("term") if word.endswith("term") else word


def _notes(node: _Node, *, skip: frozenset[str]) -> list[str]:
    """Text of ``<note>`` and explanatory ``<descrip>`` under node, not entering ``skip``."""
    out = []
    for child in node.children:
        if child.tag in skip:
            continue
        kind = child.attrib.get("type", "").lower()
        if child.tag == "note" or (child.tag == "descrip" and (not kind or kind in _NOTE_DESCRIPS)):
            text = " ".join(child.text().split())  # no XML indentation in the note
            if text:
                out.append(text)
        elif child.tag in ("descripGrp", "termGrp", "termNoteGrp"):
            out.extend(_notes(child, skip=skip))
    return out


def _make_term(
    path: Path,
    line: int,
    source: list[_Designation],
    targets: dict[str, list[_Designation]],
    notes: list[str],
    dnt: bool,
    *,
    split: bool,
) -> Term:
    head = _primary(source)
    abbrev = head.abbrev
    renderings: dict[str, str] = {}
    admitted: dict[str, tuple[str, ...]] = {}
    avoid: dict[str, tuple[str, ...]] = {}
    for lang, designations in targets.items():
        if split:  # keep the target forms of the same type (full form / abbreviation)
            designations = [d for d in designations if d.abbrev == abbrev]
        good = [d for d in designations if d.status not in _AVOID_STATUSES]
        if good:
            chosen = _primary(good)
            renderings[lang] = chosen.text
            admitted[lang] = tuple(d.text for d in good if d is not chosen)
        wrong = tuple(d.text for d in designations if d.status in _AVOID_STATUSES)
        if wrong:
            avoid[lang] = wrong
    term = Term(
        term=head.text,
        kind="dnt" if dnt else "abbrev" if abbrev else "fixed",
        renderings=renderings,
        admitted=admitted,
        avoid=avoid,
        variants=tuple(d.text for d in source if d is not head and d.text != head.text),
        case_sensitive=head.case_sensitive if head.case_sensitive is not None else abbrev,
        note="; ".join(dict.fromkeys([*notes, *head.notes])),
        source=str(path),
        line=line,
    )
    check_term(term)
    return normalized(term)


def _primary(designations: list[_Designation]) -> _Designation:
    for wanted in ("preferred", "admitted", ""):
        for d in designations:
            if d.status == wanted:
                return d
    return designations[0]


# --- writing ---------------------------------------------------------------------------


BASIC_XCS = "TBXBasicXCSV02.xcs"
L10N_DIALECT = "TBX-Basic-l10n"
L10N_XCS = "TBX-Basic-l10n.xcs"
L10N_EXTENSIONS = (
    f"{L10N_DIALECT}: the data categories of TBX-Basic ({BASIC_XCS}) and two more: "
    '<descrip type="Translation needed"> at entry level, "No" for a term kept as it is '
    f'(as Weblate writes it), and <termNote type="{_CASE_NOTE}"> at term level, "yes" or '
    '"no": whether the term is matched case-sensitively.'
)


def export_tbx(glossary: Glossary, path: Path, source_lang: str = "en") -> None:
    """Write the glossary as a TBX-Basic (v2, ``<martif>``) file, atomically.

    One termEntry per term: the note goes in a ``<note>``; the source langSet holds the
    term (preferred; ``termType`` abbreviation for ``abbrev``) and its variants
    (admitted); each target langSet the preferred rendering (``preferredTerm``), the
    admitted ones (``admittedTerm``) and the avoid list (``deprecatedTerm``). A ``dnt``
    term has its source form as the preferred term of every language, so that CAT tools
    show it.

    TBX-Basic has no data category for a term kept as it is or for case sensitivity. A
    glossary that needs them (a ``dnt`` term; a case sensitivity that is not the
    default: abbreviations are case-sensitive, other terms not) is written in the
    dialect ``TBX-Basic-l10n``, declared as such in the header, which adds
    ``<descrip type="Translation needed">No</descrip>`` (Weblate's) and
    ``<termNote type="x-caseSensitive">``; any other glossary is plain TBX-Basic.
    """
    extended = any(
        term.kind == "dnt" or term.case_sensitive != (term.kind == "abbrev")
        for term in glossary.terms
    )
    root = ET.Element("martif", {"type": L10N_DIALECT if extended else "TBX-Basic",
                                 f"{{{XML_NS}}}lang": _bcp47(source_lang)})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "l10n glossary"
    if extended:
        ET.SubElement(source_desc, "p").text = L10N_EXTENSIONS
    encoding = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding, "p", {"type": "XCSURI"}).text = L10N_XCS if extended else BASIC_XCS
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    langs = list(glossary.langs)
    for term in glossary.terms:
        langs.extend(lang for lang in [*term.renderings, *term.admitted, *term.avoid]
                     if lang not in langs)
    for number, term in enumerate(glossary.terms, 1):
        _write_entry(body, number, term, source_lang, langs)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    atomic_write(Path(path), f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n')


def _write_entry(body: ET.Element, number: int, term: Term, source: str, langs: list[str]) -> None:
    entry = ET.SubElement(body, "termEntry", {"id": f"c{number}"})
    if term.kind == "dnt":
        ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "No"
    if term.note:
        ET.SubElement(entry, "note").text = term.note
    lang_set = _lang_set(entry, source)
    head = _tig(lang_set, term.term, PREFERRED)
    if term.kind == "abbrev":
        ET.SubElement(head, "termNote", {"type": "termType"}).text = "abbreviation"
    if term.case_sensitive != (term.kind == "abbrev"):  # not the default
        ET.SubElement(head, "termNote", {"type": _CASE_NOTE}).text = (
            "yes" if term.case_sensitive else "no"
        )
    for variant in term.variants:
        _tig(lang_set, variant, ADMITTED)
    for lang in langs:
        rendering = term.renderings.get(lang) or (term.term if term.kind == "dnt" else None)
        admitted, wrong = term.admitted.get(lang, ()), term.avoid.get(lang, ())
        if rendering or wrong:
            target = _lang_set(entry, lang)
            if rendering:
                _tig(target, rendering, PREFERRED)
            for text in admitted:
                _tig(target, text, ADMITTED)
            for text in wrong:
                _tig(target, text, DEPRECATED)


def _lang_set(entry: ET.Element, lang: str) -> ET.Element:
    return ET.SubElement(entry, "langSet", {f"{{{XML_NS}}}lang": _bcp47(lang)})


def _tig(lang_set: ET.Element, text: str, status: str) -> ET.Element:
    tig = ET.SubElement(lang_set, "tig")
    ET.SubElement(tig, "term").text = text
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    return tig


def _bcp47(code: str) -> str:
    return code.replace("_", "-")
