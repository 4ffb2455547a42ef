"""TMX 1.4b exchange: write a translation memory to TMX and read TMX from other tools."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from xml.parsers import expat

from babel.core import get_global

from l10n import __version__
from l10n.documents.base import PLACEHOLDER_RE, well_nested
from l10n.memory.tm import TMUnit, TranslationMemory, normalize_lang
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import atomic_write

log = logging.getLogger(__name__)

# Characters XML 1.0 cannot carry, even escaped: a unit holding one is not exported.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Inline codes stand for formatting of the original document (TMX 1.4b, section 3.6).
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})  # <hi> and <sub> hold text
_XML_LANG = "xml:lang"
_ABSOLUTE = re.compile(r"/|[A-Za-z]:[\\/]|\\\\")  # POSIX, Windows drive, UNC
_SEPARATORS = re.compile(r"[\\/]")


def export_tmx(tm: TranslationMemory, path: Path, *, source_lang: str,
               target_langs: Iterable[str] | None = None) -> int:
    """Write the memory's units from ``source_lang`` as a TMX 1.4b file, atomically.

    One ``<tu>`` per source text, with a ``<tuv>`` for the source and one per target
    language. Texts are plain text in ``<seg>``: our placeholders come out escaped
    (``&lt;1&gt;``). Units holding characters XML 1.0 cannot represent (control
    characters) are left out with a warning.

    Args:
        tm: the memory to export.
        path: the TMX file to write.
        source_lang: the source language of the exported units.
        target_langs: only these target languages (default: all).

    Returns:
        The number of ``<tu>`` elements written.

    Raises:
        UsageError: an unknown language code.
    """
    src = normalize_lang(source_lang)
    wanted = {normalize_lang(t) for t in target_langs} if target_langs is not None else None
    units = [u for u in tm.units(source_lang=src) if wanted is None or u.target_lang in wanted]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
             f'  <header creationtool="l10n" creationtoolversion="{__version__}" '
             f'segtype="sentence" o-tmf="l10n-sqlite" adminlang="en" srclang="{_tmx_lang(src)}" '
             f'datatype="plaintext" creationdate="{stamp}"/>', "  <body>"]
    count = 0
    for source, group in groupby(units, key=lambda u: u.source):
        variants = [u for u in group if not _XML_INVALID.search(u.source + u.target)]
        if not variants:
            log.warning("not exported to TMX (control characters): %r", source[:60])
            continue
        lines.extend(_tu_lines(src, variants))
        count += 1
    lines.extend(["  </body>", "</tmx>", ""])
    atomic_write(Path(path), "\n".join(lines))
    return count


def _tu_lines(src: str, variants: list[TMUnit]) -> list[str]:
    first = variants[0]
    out = [f'    <tu creationdate="{_tmx_date(first.created)}" '
           f'changedate="{_tmx_date(max(u.changed for u in variants))}">',
           f'      <tuv xml:lang="{_tmx_lang(src)}"><seg>{_escape(first.source)}</seg></tuv>']
    for unit in variants:
        out.append(f'      <tuv xml:lang="{_tmx_lang(unit.target_lang)}">'
                   f'<prop type="x-l10n-origin">{_escape(_portable(unit.origin))}</prop>'
                   f"<seg>{_escape(unit.target)}</seg></tuv>")
    out.append("    </tu>")
    return out


def _portable(origin: str) -> str:
    """An origin as another machine may see it: ``po:/home/…/x.po`` -> ``po:x.po``.

    The memory records workspace-relative origins; an absolute one is an older memory's
    record of a file that is gone, and this machine's folders are nobody else's business.
    """
    kind, sep, where = origin.partition(":")
    if sep and _ABSOLUTE.match(where):
        return f"{kind}:{_SEPARATORS.split(where)[-1]}"
    return origin


def _escape(text: str) -> str:
    # \r is escaped because XML parsers turn a literal CR (or CRLF) into LF.
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\r", "&#13;"))


def _tmx_lang(code: str) -> str:
    """Babel ``pt_BR`` -> RFC 3066 ``pt-BR`` as TMX wants."""
    return code.replace("_", "-")


def _tmx_date(stamp: str) -> str:
    """ISO ``2024-01-02T03:04:05Z`` -> TMX ``20240102T030405Z``."""
    return stamp.replace("-", "").replace(":", "")


# ---------------------------------------------------------------------------
# Reading: the XML (expat, no DTD), then each <tu> checked against the workspace
# ---------------------------------------------------------------------------

@dataclass
class _Code:
    """An inline code of a segment: ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``, or
    either end of a ``<hi>`` (``hi`` / ``/hi``)."""

    name: str
    attrs: dict[str, str]
    native: list[str] = field(default_factory=list)  # the code's content: another tool's markup


@dataclass
class _Tuv:
    lang: str | None
    items: list[str | _Code] = field(default_factory=list)
    sub: bool = False  # a <sub> flow inside a code: text our placeholders cannot carry


@dataclass
class _Tu:
    line: int
    tuvs: list[_Tuv] = field(default_factory=list)


class _TmxReader:
    """Streams a TMX file through expat, collecting each ``<tu>``'s variants.

    A DOCTYPE that only names its DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as OmegaT
    and the LISA compliance kit write) is accepted and the DTD never loaded; an internal
    subset, an entity declaration or a reference to an undeclared entity is refused, so
    neither entity expansion ("billion laughs") nor external fetches can happen.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.srclang: str | None = None
        self.units: list[_Tu] = []
        self._root_seen = False
        self._tu: _Tu | None = None
        self._lang: str | None = None
        self._tuv: _Tuv | None = None
        self._code: _Code | None = None
        self._code_depth = 0  # elements open inside the current code, itself included
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse
        parser.SkippedEntityHandler = self._refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser = parser

    def read(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                self._parser.ParseFile(fh)
        except expat.ExpatError as exc:
            raise InputError(self.path, exc.lineno, f"malformed TMX: {expat.ErrorString(exc.code)}") from None
        except OSError as exc:
            raise InputError(self.path, None, f"cannot read TMX file: {exc.strerror}") from None
        if not self._root_seen:
            raise InputError(self.path, 1, "not a TMX file: the root element is not <tmx>")

    def _doctype(self, name: str, system_id: str | None, public_id: str | None,
                 has_internal_subset: int) -> None:
        if has_internal_subset:
            self._refuse()

    def _refuse(self, *args: object) -> int:  # raises; the type expat expects
        raise InputError(self.path, self._parser.CurrentLineNumber,
                         "DOCTYPE internal subsets and entity declarations are not accepted "
                         "in TMX (a DOCTYPE that only names the DTD is)")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self._code is not None:
            self._code_depth += 1
            if name == "sub" and self._tuv is not None:
                self._tuv.sub = True
        elif not self._root_seen:
            if name != "tmx":
                raise InputError(self.path, self._parser.CurrentLineNumber,
                                 f"not a TMX file: the root element is <{name}>, not <tmx>")
            self._root_seen = True
        elif name == "header":
            self.srclang = attrs.get("srclang")
        elif name == "tu":
            self._tu = _Tu(self._parser.CurrentLineNumber)
        elif name == "tuv" and self._tu is not None:
            self._lang = attrs.get(_XML_LANG) or attrs.get("lang")
        elif name == "seg" and self._tu is not None:
            self._tuv = _Tuv(self._lang)
        elif self._tuv is not None and name in _CODES:
            self._code = _Code(name, attrs)
            self._code_depth = 1
            self._tuv.items.append(self._code)
        elif self._tuv is not None and name == "hi":
            self._tuv.items.append(_Code("hi", attrs))
        elif self._tuv is not None and name == "sub":
            self._tuv.sub = True

    def _end(self, name: str) -> None:
        if self._code is not None:
            self._code_depth -= 1
            if not self._code_depth:
                self._code = None
        elif self._tuv is not None and name == "hi":
            self._tuv.items.append(_Code("/hi", {}))
        elif name == "seg" and self._tu is not None and self._tuv is not None:
            self._tu.tuvs.append(self._tuv)
            self._tuv = None
        elif name == "tu" and self._tu is not None:
            self.units.append(self._tu)
            self._tu = None

    def _text(self, data: str) -> None:
        if self._code is not None:
            self._code.native.append(data)
        elif self._tuv is not None:
            items = self._tuv.items
            if items and isinstance(items[-1], str):
                items[-1] += data
            else:
                items.append(data)


# ---------------------------------------------------------------------------
# Language codes (BCP 47): language, script and region, as CLDR's likely subtags fill them
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LangTag:
    """A language code reduced to what matching needs: ``kk-Latn`` -> (kk, Latn, KZ)."""

    language: str
    script: str
    region: str  # the code's region, or the language's most likely one


@lru_cache(maxsize=512)
def lang_tag(code: str) -> LangTag | None:
    """Parse a BCP 47 (or POSIX-style) code case-insensitively, filling the script and
    region CLDR's likely subtags give (``kk`` -> Cyrl, KZ; ``zh-TW`` -> Hant, TW).

    Returns None for a code whose language CLDR does not know (``mul``, ``x-foo``).

    >>> lang_tag("EN-us"), lang_tag("kk-Latn").script
    (LangTag(language='en', script='Latn', region='US'), 'Latn')
    """
    parts = [p for p in re.split(r"[-_]", code.strip()) if p]
    if not parts or not parts[0].isalpha() or len(parts[0]) not in (2, 3):
        return None
    language = parts[0].lower()
    script = region = None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None and region is None:
            script = part.title()
        elif region is None and (len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit()):
            region = part.upper()
        else:
            break  # variants and extensions do not change the language
    likely_subtags = get_global("likely_subtags")
    likely = next((likely_subtags[k] for k in (f"{language}_{script}_{region}",
                   f"{language}_{region}", f"{language}_{script}", language)
                   if k in likely_subtags), None)
    if likely is None:
        return None
    full = likely.split("_")
    return LangTag(language, script or full[1], region or full[-1])


@dataclass(frozen=True)
class LangMatcher:
    """Which TMX variants stand for the workspace's source and target languages.

    A source variant matches by language and script, whatever its region (``en-GB`` and
    ``EN-US`` are English). A target variant must also have the target's region (the
    target's own or, when it has none, its language's default: ``fr-FR`` for ``fr``) or
    one ``accept`` lists for that target (``{"fr": ["fr-CA"]}``). A script that differs
    from the language's (``kk-Latn`` for Cyrillic ``kk``) never matches.
    """

    source: LangTag
    targets: dict[str, LangTag]  # our code -> its tag
    accept: dict[str, frozenset[LangTag]]

    @classmethod
    def of(cls, source: str, targets: Iterable[str],
           accept: Mapping[str, Iterable[str]] | None = None) -> LangMatcher:
        tags = {code: _known_tag(code) for code in targets}
        accepted = {code: frozenset(a for a in map(_known_tag, (accept or {}).get(code, ()))
                                    if a.script == tag.script)  # never another script
                    for code, tag in tags.items()}
        return cls(_known_tag(source), tags, accepted)

    def is_source(self, tag: LangTag) -> bool:
        return (tag.language, tag.script) == (self.source.language, self.source.script)

    def target_of(self, tag: LangTag) -> str | None:
        for code, want in self.targets.items():
            if tag == want or tag in self.accept[code]:
                return code
        return None


def regional_variant(code: str, target: str) -> bool:
    """True when ``code`` is ``target`` in another region only (``fr-CA`` for ``fr``), a
    variant ``[memory] accept`` can admit; False for another language or script."""
    tag, want = lang_tag(code), lang_tag(target)
    return bool(tag and want and tag != want
                and (tag.language, tag.script) == (want.language, want.script))


def _known_tag(code: str) -> LangTag:
    tag = lang_tag(code)
    if tag is None:
        raise UsageError(f"unknown language code {code!r}: use a code such as en, kk, ru, fr")
    return tag


# ---------------------------------------------------------------------------
# Inline codes -> our placeholders
# ---------------------------------------------------------------------------

class _Skip(Exception):
    """A variant that cannot be taken, with the reason reported."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# What an inline code is in our notation: a pair's start or end, or a standalone code.
_ROLE = {"bpt": "open", "hi": "open", "ept": "close", "/hi": "close",
         "ph": "atom", "it": "atom", "ut": "atom"}


def _structure(tuv: _Tuv) -> list[tuple[int, str, int]]:
    """``(item index, role, pair)`` of each code; a close's pair is its open's index.

    Raises:
        _Skip: a ``<bpt>`` and ``<ept>`` that do not pair up by ``i``.
    """
    out: list[tuple[int, str, int]] = []
    open_bpt: dict[str, int] = {}
    open_hi: list[int] = []
    for index, item in enumerate(tuv.items):
        if isinstance(item, str):
            continue
        role = _ROLE[item.name]
        pair = index
        if item.name == "bpt":
            open_bpt[item.attrs.get("i", "")] = index
        elif item.name == "hi":
            open_hi.append(index)
        elif item.name == "ept":
            found = open_bpt.pop(item.attrs.get("i", ""), None)
            if found is None:
                raise _Skip(INLINE)
            pair = found
        elif item.name == "/hi":
            pair = open_hi.pop()
        out.append((index, role, pair))
    if open_bpt:
        raise _Skip(INLINE)
    return out


def _keys(tuv: _Tuv, codes: list[tuple[int, str, int]], how: str) -> list[tuple[str, ...]]:
    """A key per opening or standalone code, to find the same code in another variant:
    its ``x`` attribute, its native markup, or its place among codes of its kind."""
    keys: list[tuple[str, ...]] = []
    seen: Counter[tuple[str, ...]] = Counter()
    for index, role, _ in codes:
        if role == "close":
            continue
        item = tuv.items[index]
        assert isinstance(item, _Code)
        if how == "x":
            base: tuple[str, ...] = (role, item.attrs.get("x", ""))
        elif how == "native":
            base = (role, item.name, "".join(item.native).strip())
        else:
            base = (role,)
        seen[base] += 1
        keys.append((*base, str(seen[base])))
    return keys


def _render(tuv: _Tuv, codes: list[tuple[int, str, int]], numbers: list[int]) -> str:
    """The variant's text with each code as our placeholder, ``numbers`` giving the number
    of each opening or standalone code in order."""
    by_index: dict[int, int] = {}
    marks: dict[int, str] = {}
    it = iter(numbers)
    for index, role, pair in codes:
        number = by_index[pair] if role == "close" else next(it)
        by_index[index] = number
        marks[index] = f"</{number}>" if role == "close" else f"<{number}/>" if role == "atom" else f"<{number}>"
    return "".join(item if isinstance(item, str) else marks[i] for i, item in enumerate(tuv.items))


def _plain(tuv: _Tuv) -> str:
    return "".join(item for item in tuv.items if isinstance(item, str))


def _pair_texts(source: _Tuv, target: _Tuv) -> tuple[str, str]:
    """Source and target in our notation: codes numbered from 1 in the source's order,
    the target's codes given the number of the source code they match.

    Raises:
        _Skip: codes that cannot be paired (a sub-flow, unmatched or overlapping codes,
            codes mixed with text that reads as a placeholder), or an empty text.
    """
    if not any(isinstance(i, _Code) for i in (*source.items, *target.items)):
        texts = _plain(source), _plain(target)
    else:
        texts = _coded_texts(source, target)
    if any(not PLACEHOLDER_RE.sub("", text).strip() for text in texts):
        raise _Skip(EMPTY)
    return texts


def _coded_texts(source: _Tuv, target: _Tuv) -> tuple[str, str]:
    if source.sub or target.sub or PLACEHOLDER_RE.search(_plain(source) + _plain(target)):
        raise _Skip(INLINE)
    src_codes, tgt_codes = _structure(source), _structure(target)
    for how in ("x", "native", "order"):
        src_keys, tgt_keys = _keys(source, src_codes, how), _keys(target, tgt_codes, how)
        if sorted(src_keys) == sorted(tgt_keys):
            break
    else:
        raise _Skip(INLINE)
    numbers = {key: n for n, key in enumerate(src_keys, start=1)}
    texts = (_render(source, src_codes, list(numbers.values())),
             _render(target, tgt_codes, [numbers[k] for k in tgt_keys]))
    if not all(well_nested(text) for text in texts):
        raise _Skip(INLINE)
    return texts


# ---------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------

LANGUAGE, INLINE, EMPTY, DUPLICATE = "language", "inline codes", "empty", "duplicate"


@dataclass(frozen=True)
class TmxUnits:
    """A TMX file's usable units, read and checked, not yet added to a memory.

    ``units`` counts the file's ``<tu>`` elements; each is either taken (it gave at least
    one source/target pair) or skipped for one reason (``skipped``: language, inline
    codes, empty, duplicate). ``languages`` counts the variants in no workspace language
    by their code as written (``fr-CA``), so a report can say which ones were left out.
    """

    path: Path
    source_lang: str
    by_target: dict[str, dict[str, str]]  # target language -> {source: target}
    units: int
    taken: int
    skipped: dict[str, int]
    languages: dict[str, int]

    @property
    def read(self) -> int:
        return self.units


def read_tmx(path: Path, *, source_lang: str | None = None,
             target_langs: Iterable[str] | None = None,
             accept: Mapping[str, Iterable[str]] | None = None) -> TmxUnits:
    """Read and check a whole TMX file (OmegaT, memoQ, Trados...) without touching a memory.

    See ``import_tmx`` for what is kept and skipped.

    Raises:
        InputError: malformed XML (with its line), a DOCTYPE internal subset or entity
            declaration, not a TMX file, or no usable source language.
    """
    path = Path(path)
    reader = _TmxReader(path)
    reader.read()
    src = _source_lang(path, source_lang or reader.srclang)
    if target_langs is None:  # every language but the source, each as its own target
        codes = {tuv.lang for tu in reader.units for tuv in tu.tuvs if tuv.lang}
        target_langs = sorted({normalize_lang(c) for c in codes if _lang_or_none(c)} - {src})
    matcher = LangMatcher.of(src, [normalize_lang(t) for t in target_langs], accept)
    header = lang_tag(reader.srclang or "")
    by_target: dict[str, dict[str, str]] = {}
    skipped: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for tu in reader.units:
        reason = _take(tu, matcher, header, by_target, languages)
        if reason:
            skipped[reason] += 1
    return TmxUnits(path, src, by_target, len(reader.units), len(reader.units) - sum(skipped.values()),
                    dict(skipped), dict(languages))


def _take(tu: _Tu, matcher: LangMatcher, header: LangTag | None,
          by_target: dict[str, dict[str, str]], languages: Counter[str]) -> str | None:
    """Add one ``<tu>``'s pairs to ``by_target``; return why it gave none, or None."""
    sources: list[_Tuv] = []
    targets: dict[str, _Tuv] = {}
    for tuv in tu.tuvs:
        tag = lang_tag(tuv.lang or "")
        code = matcher.target_of(tag) if tag else None
        if tag and matcher.is_source(tag):
            sources.insert(0 if tag == header else len(sources), tuv)
        elif code and code not in targets:
            targets[code] = tuv
        elif not code:
            languages[_written(tuv.lang)] += 1
    if not sources or not targets:
        return LANGUAGE
    reasons: list[str] = []
    for code, tuv in targets.items():
        try:
            source, target = _pair_texts(sources[0], tuv)
        except _Skip as skip:
            reasons.append(skip.reason)
            continue
        mapping = by_target.setdefault(code, {})
        reasons.append(DUPLICATE if source in mapping else "")
        mapping[source] = target  # a later unit with the same source wins, as in the memory
    return None if "" in reasons else reasons[0]


def _written(code: str | None) -> str:
    """A variant's code as a report shows it: ``fR-Ca`` -> ``fr-CA``."""
    if not code:
        return "(none)"
    tag = lang_tag(code)
    parts = re.split(r"[-_]", code)
    return "-".join([parts[0].lower(), *(p.title() if len(p) == 4 else p.upper() if len(p) == 2
                                         else p for p in parts[1:])]) if tag else code


def add_tmx(units: TmxUnits, tm: TranslationMemory) -> int:
    """Add units read by ``read_tmx`` to ``tm`` in one transaction, with origin
    ``tmx:<file name>``; return how many were added or changed."""
    origin = f"tmx:{units.path.name}"
    changed = 0
    with tm.transaction():
        for tgt, mapping in sorted(units.by_target.items()):
            changed += tm.add_many(mapping.items(), source_lang=units.source_lang,
                                   target_lang=tgt, origin=origin)
    log.info("%s: %d units, %d taken, skipped %s, %d added or changed", units.path, units.units,
             units.taken, units.skipped, changed)
    return changed


def import_tmx(path: Path, tm: TranslationMemory, *, source_lang: str | None = None,
               target_langs: Iterable[str] | None = None,
               accept: Mapping[str, Iterable[str]] | None = None) -> int:
    """Add the translation units of a TMX file (OmegaT, memoQ, Trados...) to ``tm``.

    Language codes (``xml:lang`` or TMX 1.1 ``lang``) are matched as BCP 47 tags, in any
    case: a source variant by language and script (``en-GB``, ``EN-US`` are ``en``), a
    target by language, script and region (the target's default region, or one
    ``accept`` lists: ``{"fr": ["fr-CA"]}``); a variant in another script (``kk-Latn``
    for Cyrillic ``kk``) is never taken. Inline codes become our placeholders, numbered
    from 1 in the source's order: ``<bpt>``/``<ept>`` and ``<hi>`` pairs ``<N>…</N>``,
    ``<ph>``, ``<it>`` and ``<ut>`` ``<N/>``; the target's codes are matched to the
    source's by ``x``, else by their native markup, else by order. A unit whose codes
    cannot be matched or nested, or that holds a ``<sub>`` flow, is skipped, as are
    units without both languages, with an empty text, or repeating a source (the last
    one wins); ``read_tmx`` counts each reason. The whole file is read and checked
    before the memory is touched. The units get origin ``tmx:<file name>``; all are
    added in one transaction.

    Args:
        path: the TMX file.
        tm: the memory to add to.
        source_lang: source language (default: the header's ``srclang``).
        target_langs: keep only these target languages (default: all).
        accept: per target language, the regional codes also taken as it.

    Returns:
        The number of units added or changed.

    Raises:
        InputError: malformed XML (with its line), a DOCTYPE internal subset or entity
            declaration, not a TMX file, or no usable source language.
    """
    return add_tmx(read_tmx(path, source_lang=source_lang, target_langs=target_langs,
                            accept=accept), tm)


def _source_lang(path: Path, code: str | None) -> str:
    if not code or code == "*all*":
        raise InputError(path, None, "no source language: the header's srclang is "
                         f"{code or 'missing'!s}; give the source language explicitly")
    try:
        return normalize_lang(code)
    except UsageError as exc:
        raise InputError(path, None, f"srclang: {exc}") from None


def _lang_or_none(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_lang(code)
    except UsageError:
        log.warning("TMX variant with unknown language %r skipped", code)
        return None
