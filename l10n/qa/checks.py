"""The QA checks: one small pure function of (source, target, context) per check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from l10n.documents.base import PLACEHOLDER_RE, placeholder_problems
from l10n.glossary.model import Glossary, Term
from l10n.glossary.termcheck.match import TermHit, find_renderings, find_wrong, mixed_script_words
from l10n.qa.langid import (SHORT_MAX_WORDS, detect, is_language, script_of, short_language,
                            without_kept_words)
from l10n.qa.numbers import missing_numbers
from l10n.qa.registry import CheckContext, Issue, check
from l10n.qa.spelling import from_source, source_names

_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>«»\"“”‘’]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011'\u2019][^\W\d_]+)*")
# A number's letters (fr 1er, 2e, ru 5-й, kk 1-ші) are no word for a dictionary.
_SPELT_WORD_RE = re.compile(r"(?<![\w\-\u2010\u2011])[^\W\d_]+"
                            r"(?:[-\u2010\u2011'\u2019][^\W\d_]+)*")
_NUMBER_RE = re.compile(r"\d+(?:[.,:/\-]\d+)*")
_DIGITS = re.compile(r"\d+")
_KK_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_LANG_NAMES = {"en": "English", "kk": "Kazakh", "ru": "Russian", "fr": "French"}
_NBSP = "\u00a0\u202f"
_CYR_WORD = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LAT_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=256)
def _base(lang: str) -> str:
    return re.split(r"[_\-@.]", lang, maxsplit=1)[0].lower()


def _may_hold_address(text: str) -> bool:
    """False when _URL_RE cannot match: each of its matches holds "://", "www." or "@"."""
    return "@" in text or "://" in text or "www." in text


def _without_urls(text: str) -> str:
    """``_URL_RE.sub(" ", text)``, skipping the search when no address can be there (its
    unanchored e-mail alternative makes it cost quadratic in a word's length)."""
    return _URL_RE.sub(" ", text) if _may_hold_address(text) else text


def _name(lang: str | None) -> str:
    return _LANG_NAMES.get(_base(lang or ""), lang or "another language")


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- glossary


def _hits(text: str, rendering: str, lang: str) -> list[TermHit]:
    return find_renderings(text, rendering, lang)


def _wrong_hits(target: str, avoid: tuple[str, ...], lang: str) -> list[TermHit]:
    """Known wrong renderings; a capitalised avoid form found in lower case is a common noun
    (kk "астана" is "capital", only "Астана" is the city)."""
    return [h for h in find_wrong(target, avoid, lang)
            if not (h.rendering[:1].isupper() and h.text[:1].islower())]


_Plan = tuple[tuple[Term, tuple[str, ...], tuple[str, ...]], ...]


def _glossary_plan(source: str, ctx: CheckContext) -> _Plan:
    """(term, accepted renderings: the preferred one first, wrong renderings) of each
    glossary term of ``source`` that has a rendering in ``ctx.lang``, in order of
    appearance (it depends on the source only)."""
    terms = dict.fromkeys(m.term for m in ctx.terms(source))
    accepted = ((t, ctx.glossary.accepted(t, ctx.lang)) for t in terms)
    return tuple((t, a, t.avoid.get(_base(ctx.lang), ())) for t, a in accepted if a)


def _quoted(renderings: tuple[str, ...]) -> str:
    return ", ".join(repr(r) for r in renderings)


@check("glossary", "error",
       "glossary terms of the source use an accepted rendering, the preferred one or an "
       "admitted one (inflected forms accepted); dnt terms are kept as is; known wrong "
       "renderings are flagged")
def glossary_terms(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    plan = ctx.memo("glossary", source, _glossary_plan)
    if not plan:
        return
    lang = ctx.lang
    approved = {t: [h for r in accepted for h in _hits(target, r, lang)]
                for t, accepted, _ in plan}
    approved_spans = [(h.start, h.end) for hits in approved.values() for h in hits]
    reported: set[tuple[int, int]] = set()
    for term, (rendering, *admitted), avoid in plan:
        # An avoid form inside another approved rendering of this source is fine: "Астана"
        # when the source also says "formerly Astana", "Нұрсұлтан" in "Нұрсұлтан Назарбаев".
        wrong = [h for h in _wrong_hits(target, avoid, lang)
                 if not any(_spans_overlap((h.start, h.end), s) for s in approved_spans)]
        for h in wrong:
            if (h.start, h.end) not in reported:
                reported.add((h.start, h.end))
                yield Issue(f"{h.text!r} is a known wrong rendering of {term.term!r}: "
                            f"use {rendering!r}")
        if approved.get(term) or wrong:
            continue
        if term.kind == "dnt":
            yield Issue(f"{term.term!r} must be kept as is (glossary: do not translate)")
        elif term.kind == "abbrev":
            also = f" (or {_quoted(tuple(admitted))})" if admitted else ""
            yield Issue(f"{term.term!r}: the glossary's {rendering!r}{also} is not in the "
                        "translation (fine if spelt out)", "warning")
        else:
            also = f"; also accepted: {_quoted(tuple(admitted))}" if admitted else ""
            yield Issue(f"{term.term!r} must be rendered {rendering!r} (glossary{also})")


# --------------------------------------------------------------------------- numbers


@check("numbers", "error",
       "every number, percentage and date of the source is in the translation, written the "
       "target locale's way (97,7 %, 4 000, 9 июня 2019)")
def numbers(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    for message in missing_numbers(source, target, ctx.lang, ctx.source_lang):
        yield Issue(message)


# --------------------------------------------------------------------------- language


def _clean(text: str) -> str:
    return _without_urls(PLACEHOLDER_RE.sub(" ", text) if "<" in text else text)


_IDENTIFIER = re.compile(r"\b[A-Z0-9]*_[A-Z0-9_]*\b")  # SYS_GID_MIN
_MNEMONIC = re.compile(r"(?<=[a-zà-ÿ])_(?=[a-zà-ÿ])|(?<!\w)_(?=[A-Za-zÀ-ÿ])")


def _language_of(text: str, lang: str, candidates: tuple[str, ...]) -> str | None:
    """None when ``text`` is in ``lang`` or too short to tell, else the language it is in."""
    # Digits say nothing about the language: sentences that differ only by their numbers
    # share one verdict (lingua is the costliest step of a check run).
    return _language_of_words(_DIGITS.sub("0", text), lang, candidates)


@lru_cache(maxsize=65536)
def _language_of_words(text: str, lang: str, candidates: tuple[str, ...]) -> str | None:
    words = _WORD_RE.findall(text)
    base = _base(lang)
    others = {_base(c) for c in candidates} - {base}
    cyrillic = sum(1 for w in words if _CYR_WORD.search(w))
    if words and cyrillic * 2 > len(words):
        kk_share = sum(1 for w in words if _KK_ONLY & set(w)) / len(words)
        # The Kazakh-only letters decide between kk and ru without a model (fast path).
        # A Kazakh name or two (Тоқаев) in a Russian sentence does not make it Kazakh: real
        # Kazakh sentences have these letters in most words (0.6-0.8 in our sample).
        if base == "ru" and kk_share < 0.35 and not (others - {"kk", "en", "fr"}):
            return None
        if base == "kk" and kk_share >= 0.2:
            return None
    verdict = is_language(text, lang, list(candidates))
    if verdict is not False:
        return None
    return detect(text, list(candidates)) or "another language"


@check("language", "error",
       "the translation is in the file's language (not Russian in a kk file, not English left "
       "in a fr one); short texts by their letters and little words (a warning on one word's "
       "evidence); silent on names, numbers and acronyms")
def language(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if " ".join(target.split()) == " ".join(source.split()):
        return  # a copy of the source: the copied-source check says so
    candidates = tuple(dict.fromkeys([ctx.source_lang, *ctx.langs, ctx.lang]))
    # Identifiers and names kept from the source (SYS_GID_MIN, pam_start in a Kazakh
    # message) say nothing about the translation's language; nor do menu mnemonics (Car_te).
    text = without_kept_words(_clean(target), source, ctx.lang)
    if "_" in text:
        text = _MNEMONIC.sub("", _IDENTIFIER.sub(" ", text))
    found = _language_of(text, ctx.lang, candidates)
    if found:
        yield Issue(f"the translation reads as {_name(found)}, not {_name(ctx.lang)}")
        return
    # Too short for the model (a heading): the letters and little words tell, and the words
    # kept from the source (names, acronyms) do not count.
    short = (short_language(text, ctx.lang, candidates, _clean(source))
             if len(text.split()) <= 2 * SHORT_MAX_WORDS else None)
    if short:
        lang, words = short
        yield Issue(f"the translation reads as {_name(lang)}, not {_name(ctx.lang)} (by "
                    f"{', '.join(repr(w) for w in words)})", None if len(words) > 1 else "warning")


# --------------------------------------------------------------------------- copied source


def _leftover_words(source: str, ctx: CheckContext) -> list[str]:
    """Source words that need translating: not placeholders, URLs, numbers or kept terms."""
    text = _clean(source)
    for m in reversed(ctx.terms(source)):
        rendering = ctx.glossary.rendering(m.term, ctx.lang)
        if rendering and rendering.casefold() in {m.term.term.casefold(), m.surface.casefold()}:
            text = text[:m.start] + " " * (m.end - m.start) + text[m.end:]
    return [w for w in _WORD_RE.findall(text) if len(w) >= 2]


@check("copied-source", "error",
       "the translation is not a copy of the source (unless the source is only names, "
       "untranslatable terms, numbers or placeholders)")
def copied_source(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if " ".join(target.split()) != " ".join(source.split()):
        return
    words = _leftover_words(source, ctx)
    if not words or (len(words) <= 3 and all(w[:1].isupper() for w in words)):
        return
    yield Issue("the translation is a copy of the source: translate it")


# --------------------------------------------------------------------------- markup


@check("placeholders", "error",
       "inline placeholders <1>…</1>, <2/> are kept exactly, each once, and pairs nest well")
def placeholders(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    for message in placeholder_problems(source, target):
        yield Issue(message)


def _urls(text: str) -> list[str]:
    if not _may_hold_address(text):
        return []
    return [u.rstrip(".,;:!?)]'’") for u in _URL_RE.findall(text)]


def _host(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0].lower()


@check("urls", "error", "web and e-mail addresses of the source are kept (a changed path on "
       "the same site is a warning)")
def urls(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    wanted = _urls(source)
    if not wanted:
        return
    present = _urls(target)
    for url in dict.fromkeys(wanted):
        if url in target:
            continue
        same_site = [u for u in present if _host(u) == _host(url)]
        if same_site:
            yield Issue(f"{url} became {same_site[0]}: check the address is meant to change",
                        "warning")
        else:
            yield Issue(f"address {url} is missing")


# --------------------------------------------------------------------------- typography


def _quote_pair(ctx: CheckContext) -> str | None:
    configured = ctx.options.get("quotes")
    if isinstance(configured, str) and len(configured) == 2:
        return configured
    return "«»" if _base(ctx.lang) in {"fr", "ru", "kk"} else None


_QUOTE_MARKS = re.compile("[‘’“”\"„«»‚]")
#: The pairs allowed inside the language's outer pair (issue 10): « „…“ » in ru and kk,
#: « “…” » in fr, either inside « » in any language, and « » again (ru «Партия «Нур Отан»»).
#: Inside another outer pair (kk configured "“”"): ‘…’, ‚…‘, „…“ or « ». One level deeper,
#: any of them.
_INNER = {"«»": ("„“", "“”", "«»"), "": ("‘’", "‚‘", "„“", "«»")}
_DEEPER = ("„“", "“”", "‚‘", "‘’", "«»")


def _quote_problems(target: str, pair: str) -> tuple[list[str], list[str]]:
    """(marks out of place, inner pairs left open) in ``target``, whose outer quotation marks
    are ``pair``: a stack of the pairs opened so far, each level allowing its own pairs."""
    wrong: list[str] = []
    stack: list[str] = []
    for m in _QUOTE_MARKS.finditer(target):  # other characters are never wrong
        i, ch = m.start(), m.group()
        if ch == "’" and 0 < i and target[i - 1].isalpha() and (
                target[i + 1:i + 2].isalpha() or not stack or stack[-1] != "‘’"):
            continue  # an apostrophe (l’ONU, aujourd’hui), not a closing quote
        if stack and ch == stack[-1][1]:
            stack.pop()
            continue
        allowed = (pair,) if not stack else (
            _INNER.get(pair, _INNER[""]) if len(stack) == 1 else _DEEPER)
        opened = next((p for p in allowed if p[0] == ch), None)
        if opened is not None:
            stack.append(opened)
        elif ch not in pair:  # a stray outer mark is an unbalanced pair, reported as such
            wrong.append(ch)
    return wrong, [p for p in stack if p != pair]


@check("quotes", "warning",
       "quotation marks follow the language (« » for fr, ru and kk; kk configurable with "
       "[check] quotes.kk); no English ‘ ’ “ ” or \"; fr has no-break spaces inside « »")
def quotes(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    pair = _quote_pair(ctx)
    if pair is None:
        return
    wrong, unclosed = _quote_problems(target, pair)
    if wrong:
        inner = " or ".join(f"{p[0]}…{p[1]}" for p in _INNER.get(pair, _INNER[""])[:2])
        yield Issue(f"quotation mark(s) {' '.join(dict.fromkeys(wrong))} : use {pair[0]} "
                    f"{pair[1]} in {ctx.lang} ({inner} inside them)")
    if pair == "«»" and target.count("«") != target.count("»"):
        yield Issue("unbalanced « » quotation marks")
    for opened in dict.fromkeys(unclosed):
        yield Issue(f"unbalanced {opened[0]} {opened[1]} quotation marks")
    if _base(ctx.lang) == "fr" and pair == "«»":
        if re.search(r"«(?![\u00a0\u202f])", target) or re.search(r"(?<![\u00a0\u202f])»",
                                                                   target):
            yield Issue("French needs a no-break space (U+00A0 or U+202F) inside « »")


_FR_SPACING = re.compile(r"(?P<before>[^\s\u00a0\u202f])(?P<p>[;!?])|"
                         r"(?P<sp> )(?P<p2>[:;!?])|"
                         r"(?P<before3>[^\s\u00a0\u202f\d/])(?P<p3>:)(?=\s|$)")


@check("french-spacing", "warning",
       "fr: a no-break space (U+00A0 or U+202F) before : ; ! ? (inside « » see quotes)")
def french_spacing(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if _base(ctx.lang) != "fr":
        return
    text = _without_urls(target)
    bad = []
    for m in _FR_SPACING.finditer(text):
        p = m.group("p") or m.group("p2") or m.group("p3")
        if m.group("p") and m.group("before") in "!?;":  # "?!" or "!!": space before the first
            continue
        bad.append(p)
    if bad:
        yield Issue(f"put a no-break space before {' '.join(dict.fromkeys(bad))} "
                    "(U+00A0, or U+202F before ; ! ?)")


@check("whitespace", "warning", "leading and trailing whitespace as in the source")
def whitespace(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    for side, src, tgt in (("leading", source[:len(source) - len(source.lstrip())],
                            target[:len(target) - len(target.lstrip())]),
                           ("trailing", source[len(source.rstrip()):],
                            target[len(target.rstrip()):])):
        if src != tgt:
            yield Issue(f"{side} whitespace differs from the source ({src!r} vs {tgt!r})")


_CLOSERS = "’”»\"')]›“"


def _final_punctuation(text: str) -> str:
    text = PLACEHOLDER_RE.sub("", text).rstrip()
    while text and (text[-1] in _CLOSERS or text[-1] in _NBSP or text[-1].isspace()):
        text = text[:-1]
    if text.endswith("..."):
        return "…"
    return text[-1] if text and text[-1] in ".?!:;…" else ""


@check("punctuation", "warning",
       "the translation ends like the source: . ? ! : or nothing (… and » / ». variants allowed)")
def punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src, tgt = _final_punctuation(source), _final_punctuation(target)
    if src == tgt or {src, tgt} <= {".", "…"}:
        return
    want = f"with {src!r}" if src else "without final punctuation"
    yield Issue(f"the source ends {want}, the translation "
                f"{'with ' + repr(tgt) if tgt else 'without any'}")


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)\s+\1(?![\w-])", re.IGNORECASE)
_LEGIT_DOUBLES = {"fr": {"nous", "vous"}}


@check("doubled-words", "warning", "no word written twice in a row (\"the the\")")
def doubled_words(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    legit = _LEGIT_DOUBLES.get(_base(ctx.lang), set())
    source_doubles = {m.group(1).lower() for m in _DOUBLED.finditer(source)}
    words = [m.group(1) for m in _DOUBLED.finditer(target)
             if m.group(1).lower() not in legit and m.group(1).lower() not in source_doubles]
    if words:
        yield Issue(f"doubled word: {', '.join(dict.fromkeys(words))}")


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")


@check("double-spaces", "warning", "no run of two or more spaces inside the translation")
def double_spaces(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if _DOUBLE_SPACE.search(target) and not _DOUBLE_SPACE.search(source):
        yield Issue("double space inside the translation")


_BRACKETS = "()[]{}"


def renderings(glossary: Glossary, term: Term, lang: str) -> tuple[str, ...]:
    """Every accepted rendering of ``term`` in ``lang``, the preferred one first (a glossary
    row may list several per language: issue 10)."""
    found = (glossary.rendering(term, lang), *glossary.accepted(term, lang))
    return tuple(dict.fromkeys(r for r in found if r))


_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([A-Z][\w&./\-]*[A-Z][\w&./\-]*)\s*\)")
_SpeltOut = tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...]


def _spelt_out_plan(source: str, ctx: CheckContext) -> _SpeltOut:
    """For each bracketed glossary acronym of ``source`` ("… Rights (ICCPR)"): (the ways the
    translation may keep it: the acronym and its renderings; the renderings of the full name
    just before it; whether the glossary renders the acronym itself spelt out in ``lang``)."""
    found = ctx.terms(source)
    plan = []
    for m in _ACRONYM_IN_BRACKETS.finditer(source):
        acronym = next((t for t in found if m.start(1) <= t.start and t.end <= m.end(1)), None)
        if acronym is None:
            continue
        own = renderings(ctx.glossary, acronym.term, ctx.lang)
        spelt = any(len(r.split()) > 1 and not r.isupper() for r in own)
        before = source[:m.start()].rstrip()
        full = next((t for t in found if t.end == len(before)), None)
        names = renderings(ctx.glossary, full.term, ctx.lang) if full is not None else ()
        plan.append(((m.group(1), *own), names, spelt))
    return tuple(plan)


def _spelt_out(source: str, target: str, ctx: CheckContext) -> int:
    """How many bracketed acronyms of the source the translation spells out instead: the
    glossary renders the acronym by the full name in this language, or the translation has
    the glossary's rendering of the full name before it and not the acronym in brackets."""
    if "(" not in source:
        return 0
    count = 0
    for kept_as, names, spelt in ctx.memo("spelt-out", source, _spelt_out_plan):
        if any(re.search(rf"\(\s*{re.escape(k)}", target) for k in kept_as):
            continue  # the pair is still there: it counts as usual
        if spelt or any(find_renderings(target, n, ctx.lang) for n in names):
            count += 1
    return count


@check("brackets", "warning",
       "the translation has as many ( ) [ ] { } as the source (an aside or an editor's "
       "insertion [and] is kept); a bracketed acronym may go where the language spells it "
       "out (the glossary's full name)")
def brackets(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    outside = PLACEHOLDER_RE.sub(" ", source), PLACEHOLDER_RE.sub(" ", target)
    differ = [b for b in _BRACKETS if outside[0].count(b) != outside[1].count(b)]
    if differ and set(differ) <= {"(", ")"}:
        dropped = _spelt_out(outside[0], outside[1], ctx)
        lost = outside[0].count("(") - outside[1].count("(")
        if dropped and lost == outside[0].count(")") - outside[1].count(")") and \
                0 < lost <= dropped:
            return
    if differ:
        counts = ", ".join(f"{b} {outside[0].count(b)}→{outside[1].count(b)}" for b in differ)
        yield Issue(f"brackets differ from the source: {counts}")


_FIRST_LETTER = re.compile(r"^[\s\W\d_]*?([^\W\d_])")
_STARTS_WITH_DIGIT = re.compile(r"^[\s«»“”‘’\"'(\[—–-]*\d")


@check("start-capital", "warning",
       "a translation starts with a capital letter where the source does (and with a small "
       "one where the source does); skipped when either starts with a number")
def start_capital(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    plain_source = PLACEHOLDER_RE.sub("", source)
    plain_target = PLACEHOLDER_RE.sub("", target)
    if _STARTS_WITH_DIGIT.match(plain_source) or _STARTS_WITH_DIGIT.match(plain_target):
        return
    first = _FIRST_LETTER.match(plain_source), _FIRST_LETTER.match(plain_target)
    if not first[0] or not first[1]:
        return
    if first[0].group(1).isupper() and first[1].group(1).islower():
        yield Issue(f"starts with a small letter ({first[1].group(1)!r}) where the source "
                    "starts with a capital")
    elif first[0].group(1).islower() and first[1].group(1).isupper() and \
            not ctx.terms(source):  # a name may start a translation whatever the source does
        yield Issue(f"starts with a capital ({first[1].group(1)!r}) where the source starts "
                    "with a small letter")


# Invisible characters that editors and copy-paste bring in: controls, zero-width
# spaces and joiners, word joiner, BOM, bidirectional embedding/override/isolate marks.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


@check("invisible-characters", "error",
       "no control, zero-width or bidirectional-override character that the source does "
       "not have (they break search, spelling and display)")
def invisible_characters(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    extra = sorted(set(_INVISIBLE.findall(target)) - set(_INVISIBLE.findall(source)))
    if extra:
        yield Issue("invisible character(s) " + ", ".join(f"U+{ord(c):04X}" for c in extra))


_REPEATED_PUNCT = re.compile(r"([,;:!?])\1|(?<!\.)\.\.(?!\.)|[,;:][.!?]|\s[,.;:](?![\d.])")


@check("repeated-punctuation", "warning",
       "no doubled or clashing punctuation (\",,\" \"..\" \";.\") and no space before a comma "
       "or full stop, unless the source has it")
def repeated_punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    plain_source = PLACEHOLDER_RE.sub("", source)
    plain_target = PLACEHOLDER_RE.sub("", target)
    found = [m.group(0).strip() for m in _REPEATED_PUNCT.finditer(plain_target)
             if m.group(0) not in plain_source]
    if _base(ctx.lang) == "fr":  # French puts a space before ; : ! ? but never before , or .
        found = [f for f in found if f not in (";", ":")]
    if found:
        yield Issue(f"punctuation: {' '.join(repr(f) for f in dict.fromkeys(found))}")


#: Accepted target/source length ratios; translations from English into kk, ru and fr run
#: 0.9-1.4 on our releases. Override per language: ``[check] length.kk = [0.4, 3.0]``.
LENGTH_RATIO = (0.5, 2.5)
LENGTH_MIN_SOURCE = 30


@check("length", "warning",
       "the translation's length is within 0.5-2.5× the source's (sources of 30+ characters)")
def length(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src = len(" ".join(source.split()))
    if src < LENGTH_MIN_SOURCE:
        return
    low, high = ctx.options.get("length", LENGTH_RATIO)
    ratio = len(" ".join(target.split())) / src
    if ratio < low:
        yield Issue(f"the translation is {ratio:.2f}× the source's length: is part of it "
                    "missing?")
    elif ratio > high:
        yield Issue(f"the translation is {ratio:.2f}× the source's length: is something added "
                    "or repeated?")


@check("mixed-script", "error",
       "no word mixing Latin and Cyrillic letters (a Latin 'а' in 'Кaзахстан'); a Latin name "
       "with a Cyrillic suffix after a hyphen (PEN-нің) is fine")
def mixed_script(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    for word in mixed_script_words(target):
        parts = re.split(r"[-\u2010\u2011'\u2019]", word)
        if any(script_of(p) is not None and len({script_of(c) for c in p if c.isalpha()}) > 1
               for p in parts):
            yield Issue(f"{word!r} mixes Latin and Cyrillic letters in one word (look-alike "
                        "letters?)")
            continue
        scripts = [script_of(p) for p in parts if script_of(p)]
        if "Cyrillic" in scripts and "Latin" in scripts[scripts.index("Cyrillic"):]:
            yield Issue(f"{word!r} joins a Cyrillic and a Latin part", "warning")


# --------------------------------------------------------------------------- cross-file


@check("consistency", "warning",
       "one source sentence is translated the same way across the workspace's releases "
       "(non-fuzzy entries, same language)", per_file=True)
def consistency(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    votes = ctx.translations.get((ctx.msgctxt, source))  # whitespace-normalised → releases
    if not votes or len(votes) < 2:
        return
    mine = " ".join(target.split())
    counts, most, leaders = ctx.tally((ctx.msgctxt, source))
    if mine not in counts:
        counts = {**counts, mine: 1}
        most = max(counts.values())
        leaders = sum(c == most for c in counts.values())
    # Flag the odd ones out, not the majority: one deviating release is reported once,
    # not in each of the releases that agree.
    if counts[mine] == most and leaders == 1:
        return
    other = max((t for t in counts if t != mine), key=counts.__getitem__)
    places = votes[other]
    shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    yield Issue(f"translated differently in {shown}: {other!r}")


@lru_cache(maxsize=64)
def _glossary_words(glossary: Glossary, lang: str) -> tuple[str, ...]:
    """The words of every glossary term and of each of its renderings in ``lang``, as
    written (Нур, Султан, Қазақстан, PEN)."""
    words: set[str] = set()
    for term in glossary.terms:
        for text in (*renderings(glossary, term, lang), term.term):
            words.update(p for p in re.split(r"[\s\-\u2010\u2011'’]+", text) if p)
    return tuple(sorted(words))


@lru_cache(maxsize=64)
def _glossary_lower(glossary: Glossary, lang: str) -> tuple[str, ...]:
    return tuple(sorted({w.lower() for w in _glossary_words(glossary, lang)}))


@lru_cache(maxsize=65536)
def known_name(word: str, glossary: Glossary, lang: str) -> bool:
    """A word of a glossary rendering, possibly inflected (Нурсултаном, Тоқаевтың)."""
    low = word.lower()
    for part in re.split(r"[-\u2010\u2011'’]", low):
        if not any(part == w or (len(w) >= 4 and part.startswith(w[:max(3, len(w) - 2)])
                                 and len(part) <= len(w) + 5)
                   for w in _glossary_lower(glossary, lang)):
            return False
    return True


@lru_cache(maxsize=65536)
def glossary_form(word: str, glossary: Glossary, lang: str) -> bool:
    """``word`` is a glossary word (of a term or any of its renderings in ``lang``) in some
    inflected form: ``known_name``'s prefix test, else the glossary's own inflection rules
    (``find_renderings``: ru lexemes and name endings, kk suffix chains with voicing and the
    hyphen after an acronym, ЕҚЫҰ-ның)."""
    if known_name(word, glossary, lang):
        return True
    return any(h.start == 0 and h.end == len(word)
               for w in _glossary_words(glossary, lang) if len(w) >= 3
               for h in find_renderings(word, w, lang))


_HYPHEN_SPLIT = re.compile(r"[-\u2010\u2011]")


def _acronym_with_suffix(word: str) -> bool:
    """kk ЕҚЫҰ-ның, АҚШ-тың: an acronym and its case suffix, which no dictionary knows alone."""
    if "-" not in word and "\u2010" not in word and "\u2011" not in word:
        return False  # no suffix (the split below would give the word itself)
    head = _HYPHEN_SPLIT.split(word, maxsplit=1)[0]
    return head != word and 2 <= len(head) <= 6 and head.isupper()


def spelling_words(text: str, lang: str) -> tuple[str, ...]:
    """The words of ``text`` a dictionary should know: no placeholders, URLs, numbers,
    acronyms (with a suffix too: ЕҚЫҰ-ның), or words in another script than the language's."""
    # A word never holds or follows a digit, whatever its value: texts that differ in
    # their numbers alone (a sentence repeated in every release) share one result.
    return _spelling_words(_DIGIT.sub("0", text), lang)


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=65536)
def _spelling_words(text: str, lang: str) -> tuple[str, ...]:
    cyrillic = _base(lang) in {"ru", "kk", "uk", "be", "bg", "sr", "mk"}
    mine, other = (_CYR_WORD, _LAT_WORD) if cyrillic else (_LAT_WORD, _CYR_WORD)
    return tuple(w for w in _SPELT_WORD_RE.findall(_clean(text))
                 if len(w) >= 2 and not (w.isupper() and len(w) <= 6)
                 and not _acronym_with_suffix(w)
                 and mine.search(w) and not other.search(w))


def _names_outside_glossary(source: str, ctx: CheckContext) -> frozenset[str]:
    """The source's Latin names that are no glossary term: the glossary says how to spell
    its own (a near miss such as Казакстан for Kazakhstan stays a misspelling)."""
    for m in ctx.terms(source):
        source = source[:m.start] + " " * (m.end - m.start) + source[m.end:]
    return source_names(source)


@check("spelling", "warning",
       "words that Hunspell's dictionary for the language does not know; glossary words in "
       "any inflected form, names and acronyms copied from the source and Cyrillic "
       "transliterations of its Latin names excepted; skipped when hunspell or the "
       "dictionary is missing", per_file=True)
def spelling(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not ctx.misspelled:  # the runner left out the glossary's words (glossary_form)
        return
    unknown = [w for w in dict.fromkeys(spelling_words(target, ctx.lang)) if w in ctx.misspelled]
    if unknown:
        names = ctx.memo("spelling-names", source, _names_outside_glossary)
        unknown = [w for w in unknown if not from_source(w, names)]
    if unknown:
        yield Issue(f"unknown word(s): {', '.join(unknown)}")
