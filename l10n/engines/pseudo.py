"""Pseudo-localisation engine (like Translate Toolkit's podebug): offline, deterministic.

``"Read <1>the report</1>"`` → ``"[kk: Ŕéáð <1>ţĥé ŕéƥöŕţ</1> ~~~~~~~]"``: letters get
accents so untranslated or hard-coded strings stand out, the text grows by about 30%
to reveal layouts that cannot take longer translations, brackets show truncation, and
the tag names the target language. Placeholders (``<1>``, ``</1>``, ``<2/>``), URLs,
e-mail addresses and ``{name}``/``%s`` variables are left untouched.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from l10n.engines.base import EngineConfig, EngineLimits, check_texts, has_letters

_PLAIN = "abcdeghijklmnoprstuwyzABCDEGHIJKLNORSTUWYZ"
_ACCENTED = "áƀçðéĝĥíĵķļɱñöƥŕšţúŵýžÁƁÇÐÉĜĤÍĴĶĻÑÖŔŠŢÚŴÝŽ"
_ACCENTS = str.maketrans(_PLAIN, _ACCENTED)
_PROTECTED_RE = re.compile(
    r"</?\d+/?>"                                       # our inline placeholders
    r"|(?:https?|ftp)://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"  # URLs
    r"|\bwww\.[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"               # e-mail addresses
    r"|\{[^{}\s]*\}"                                   # {0}, {name}
    r"|%(?:\([\w]+\))?[sdif]"                          # %s, %(name)s
)
_EDGES_RE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
EXPANSION = 0.3

assert len(_PLAIN) == len(_ACCENTED)


def pseudo_translate(text: str, target: str = "") -> str:
    """Pseudo-translate one text (whitespace at the edges and letterless text kept as is).

    >>> pseudo_translate("Hello <1>world</1>", "kk")
    '[kk: Ĥéļļö <1>ŵöŕļð</1> ~~~~~~]'
    """
    lead, core, trail = _EDGES_RE.match(text).groups()  # type: ignore[union-attr]
    if not has_letters(core):
        return text
    pieces = []
    last = 0
    for match in _PROTECTED_RE.finditer(core):
        pieces.append(core[last:match.start()].translate(_ACCENTS))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(core[last:].translate(_ACCENTS))
    padding = "~" * max(1, math.ceil(len(core) * EXPANSION))
    tag = f"{target}: " if target else ""
    return f"{lead}[{tag}{''.join(pieces)} {padding}]{trail}"


class PseudoEngine:
    """Always available; needs nothing; the same input always gives the same output."""

    limits = EngineLimits(max_text_chars=1_000_000, max_request_chars=10_000_000,
                          max_texts=10_000)

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.name = config.name if config else "pseudo"
        self.calls = 0

    def fingerprint(self) -> str:
        return "pseudo:v1"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        check_texts(self.name, texts)
        self.calls += 1
        return [pseudo_translate(text, target) for text in texts]


def create(config: EngineConfig) -> PseudoEngine:
    return PseudoEngine(config)
