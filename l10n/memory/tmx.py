"""TMX 1.4b exchange: write a translation memory to TMX and read TMX from other tools."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path
from xml.parsers import expat

from l10n import __version__
from l10n.memory.tm import TMUnit, TranslationMemory, normalize_lang
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import atomic_write

log = logging.getLogger(__name__)

# Characters XML 1.0 cannot carry, even escaped: a unit holding one is not exported.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Inline codes stand for formatting of the original document (TMX 1.4b, section 3.6).
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
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


@dataclass
class _Tu:
    tuvs: list[tuple[str | None, str | None]] = field(default_factory=list)  # (lang, text)
    has_codes: bool = False


class _TmxReader:
    """Streams a TMX file through expat, collecting each ``<tu>`` as language -> text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.srclang: str | None = None
        self.units: list[_Tu] = []
        self._root_seen = False
        self._tu: _Tu | None = None
        self._lang: str | None = None
        self._seg: list[str] | None = None
        self._skip_depth = 0  # inside an inline code whose content is not text
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse
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

    def _refuse(self, *args: object) -> int:  # raises; the type expat expects
        raise InputError(self.path, self._parser.CurrentLineNumber,
                         "DOCTYPE and entity declarations are not accepted in TMX")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if not self._root_seen:
            if name != "tmx":
                raise InputError(self.path, self._parser.CurrentLineNumber,
                                 f"not a TMX file: the root element is <{name}>, not <tmx>")
            self._root_seen = True
        elif name == "header":
            self.srclang = attrs.get("srclang")
        elif name == "tu":
            self._tu = _Tu()
        elif name == "tuv" and self._tu is not None:
            self._lang = attrs.get(_XML_LANG) or attrs.get("lang")
        elif name == "seg" and self._tu is not None:
            self._seg = []
        elif self._seg is not None and (name in _CODES or self._skip_depth):
            self._skip_depth += 1
            if self._tu is not None:
                self._tu.has_codes = True

    def _end(self, name: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
        elif name == "seg" and self._tu is not None and self._seg is not None:
            self._tu.tuvs.append((self._lang, "".join(self._seg)))
            self._seg = None
        elif name == "tu" and self._tu is not None:
            self.units.append(self._tu)
            self._tu = None

    def _text(self, data: str) -> None:
        if self._seg is not None and not self._skip_depth:
            self._seg.append(data)


@dataclass(frozen=True)
class TmxUnits:
    """A TMX file's usable units, read and checked, not yet added to a memory."""

    path: Path
    source_lang: str
    by_target: dict[str, dict[str, str]]  # target language -> {source: target}
    read: int
    skipped: int


def read_tmx(path: Path, *, source_lang: str | None = None,
             target_langs: Iterable[str] | None = None) -> TmxUnits:
    """Read and check a whole TMX file (OmegaT, memoQ, Trados...) without touching a memory.

    See ``import_tmx`` for what is kept and skipped.

    Raises:
        InputError: malformed XML (with its line), a DOCTYPE or entity declaration,
            not a TMX file, or no usable source language.
    """
    path = Path(path)
    reader = _TmxReader(path)
    reader.read()
    src = _source_lang(path, source_lang or reader.srclang)
    wanted = {normalize_lang(t) for t in target_langs} if target_langs is not None else None
    by_target: dict[str, dict[str, str]] = {}
    skipped = 0
    for tu in reader.units:
        pairs = _unit_pairs(tu, src, wanted)
        skipped += not pairs
        for tgt, source, target in pairs:
            by_target.setdefault(tgt, {})[source] = target
    return TmxUnits(path, src, by_target, len(reader.units), skipped)


def add_tmx(units: TmxUnits, tm: TranslationMemory) -> int:
    """Add units read by ``read_tmx`` to ``tm`` in one transaction, with origin
    ``tmx:<file name>``; return how many were added or changed."""
    origin = f"tmx:{units.path.name}"
    changed = 0
    with tm.transaction():
        for tgt, mapping in sorted(units.by_target.items()):
            changed += tm.add_many(mapping.items(), source_lang=units.source_lang,
                                   target_lang=tgt, origin=origin)
    log.info("%s: %d units read, %d skipped, %d added or changed", units.path, units.read,
             units.skipped, changed)
    return changed


def import_tmx(path: Path, tm: TranslationMemory, *, source_lang: str | None = None,
               target_langs: Iterable[str] | None = None) -> int:
    """Add the translation units of a TMX file (OmegaT, memoQ, Trados...) to ``tm``.

    Language codes (``xml:lang`` or TMX 1.1 ``lang``) are normalised (``kk-KZ`` -> ``kk``,
    ``EN-US`` -> ``en``). A ``<tu>`` without a source-language variant, and target
    variants in other languages than ``target_langs``, are skipped. Text in ``<hi>``
    is kept as text; a ``<tu>`` whose segments hold inline codes (``bpt``, ``ept``,
    ``it``, ``ph``, ``ut``) is skipped whole: the codes stand for another tool's
    formatting, which our placeholders cannot be trusted to mirror. Empty segments
    are skipped. The whole file is read and checked before the memory is touched. The
    units get origin ``tmx:<file name>``; all are added in one transaction.

    Args:
        path: the TMX file.
        tm: the memory to add to.
        source_lang: source language (default: the header's ``srclang``).
        target_langs: keep only these target languages (default: all).

    Returns:
        The number of units added or changed.

    Raises:
        InputError: malformed XML (with its line), a DOCTYPE or entity declaration,
            not a TMX file, or no usable source language.
    """
    return add_tmx(read_tmx(path, source_lang=source_lang, target_langs=target_langs), tm)


def _source_lang(path: Path, code: str | None) -> str:
    if not code or code == "*all*":
        raise InputError(path, None, "no source language: the header's srclang is "
                         f"{code or 'missing'!s}; give the source language explicitly")
    try:
        return normalize_lang(code)
    except UsageError as exc:
        raise InputError(path, None, f"srclang: {exc}") from None


def _unit_pairs(tu: _Tu, src: str, wanted: set[str] | None) -> list[tuple[str, str, str]]:
    """``(target lang, source, target)`` of one ``<tu>``; empty when it is unusable."""
    if tu.has_codes:
        return []
    variants: dict[str, str] = {}
    for lang, text in tu.tuvs:
        code = _lang_or_none(lang)
        if code and text and code not in variants:
            variants[code] = text
    source = variants.pop(src, None)
    if source is None:
        return []
    return [(tgt, source, text) for tgt, text in variants.items()
            if wanted is None or tgt in wanted]


def _lang_or_none(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_lang(code)
    except UsageError:
        log.warning("TMX variant with unknown language %r skipped", code)
        return None
