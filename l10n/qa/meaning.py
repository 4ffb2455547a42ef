"""Meaning checks that need no model: a clause, name or quotation left out (``omission``),
and a negation lost or added (``negation``).

Both are warnings: each signal has honest exceptions (a translator may drop a repeated name
for a pronoun, turn a quotation into reported speech, or say "failed to" with a negated
verb), so they ask a reviewer to look rather than block publishing.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Iterator
from functools import lru_cache

from l10n.documents.base import PLACEHOLDER_RE
from l10n.glossary.model import Glossary
from l10n.qa.checks import LENGTH_RATIO
from l10n.qa.langid import EMAIL_PATTERN, name_key, same_name
from l10n.qa.registry import CheckContext, Issue, LengthRatio, check

__all__ = ["DEFAULT_LENGTH_RATIOS", "LENGTH_MIN_SOURCE", "MIN_PAIRS", "learn_length_ratio",
           "negations"]

_URL = re.compile(r"\b(?:https?://|www\.)\S+|" + EMAIL_PATTERN)
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMBER_SIGN = re.compile(r"\b[Nn]o\.?\s*(?=\d)")
_FR_ELISION = re.compile(r"([nldjcsmt]|qu|jusqu|lorsqu|puisqu)['’](.+)", re.IGNORECASE)


@lru_cache(maxsize=256)
def _code(lang: str) -> str:
    return re.split(r"[_\-@.]", lang.strip().lower(), maxsplit=1)[0]


def _plain(text: str) -> str:
    """Text without inline placeholders and addresses, whitespace normalised."""
    if "<" in text:
        text = PLACEHOLDER_RE.sub(" ", text)
    if "@" in text or "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    return " ".join(text.split())


# =========================================================================== omission

#: Only sources of this many characters (whitespace normalised) are measured, and only such
#: pairs are learned from: in shorter ones a word more or less moves the ratio too much.
LENGTH_MIN_SOURCE = 60
#: Reviewed pairs a language needs before its own ratio replaces the default.
MIN_PAIRS = 20
#: Target/source length ratios (in characters) of English press-release sentences of 60+
#: characters translated into kk, ru and fr, used until a workspace has MIN_PAIRS reviewed
#: pairs of its own: the median and robust spread of 43-46 pairs per language of reviewed
#: translations (the sample release, the language-identification test corpus and the QA
#: tests' correct translations), rounded. Other language pairs get ``GENERIC_LENGTH_RATIO``.
DEFAULT_LENGTH_RATIOS = {
    "kk": LengthRatio(1.06, 0.12, 0),
    "ru": LengthRatio(1.04, 0.12, 0),
    "fr": LengthRatio(1.18, 0.15, 0),
}
GENERIC_LENGTH_RATIO = LengthRatio(1.1, 0.2, 0)


def learn_length_ratio(pairs: Iterable[tuple[str, str]]) -> LengthRatio | None:
    """The median target/source length ratio of reviewed (source, translation) pairs and its
    robust spread (1.4826 × the median absolute deviation), from sources of
    ``LENGTH_MIN_SOURCE`` characters or more; None with fewer than ``MIN_PAIRS`` such pairs.
    """
    ratios = []
    # A workspace's releases repeat most pairs: each distinct one is measured once.
    seen: dict[tuple[str, str], float | None] = {}
    for pair in pairs:
        try:
            ratio = seen[pair]
        except KeyError:
            src, tgt = _plain(pair[0]), _plain(pair[1])
            ratio = seen[pair] = (len(tgt) / len(src) if len(src) >= LENGTH_MIN_SOURCE
                                  and tgt and tgt != src else None)
        if ratio is not None:
            ratios.append(ratio)
    if len(ratios) < MIN_PAIRS:
        return None
    median = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r - median) for r in ratios)
    return LengthRatio(median, spread, len(ratios))


def _shortest(ratio: LengthRatio, length: int) -> float:
    """The shortest ratio not flagged for a source of ``length`` characters: 3.5 relative
    spreads below the median for a 100-character source, scaled by the square root of
    100/length (a short sentence's ratio varies more: one word weighs more), and kept
    between 45% and 70% of the median."""
    relative = 1 - 3.5 * ratio.spread / ratio.median * math.sqrt(100 / length)
    return ratio.median * min(max(relative, 0.45), 0.7)


def _source_length(src: str, median: float, ctx: CheckContext) -> float:
    """The source's length with each glossary term counted as its shortest accepted
    rendering would be (an admitted abbreviation, ЕҚЫҰ for the Organization for Security
    and Co-operation in Europe, shortens a translation rightly)."""
    length = float(len(src))
    for m in ctx.terms(src):
        shortest = min(map(len, ctx.glossary.accepted(m.term, ctx.lang)), default=None)
        if shortest is not None and shortest / median < m.end - m.start:
            length -= m.end - m.start - shortest / median
    return max(length, 1.0)


def _length_reason(src: str, tgt: str, ctx: CheckContext) -> str | None:
    if len(src) < LENGTH_MIN_SOURCE or not tgt:
        return None
    ratio = ctx.length_ratio or (DEFAULT_LENGTH_RATIOS.get(_code(ctx.lang), GENERIC_LENGTH_RATIO)
                                 if _code(ctx.source_lang) == "en" else GENERIC_LENGTH_RATIO)
    # Per source and language: a sentence may come with several translations.
    found = len(tgt) / ctx.memo(f"omission-length {ratio.median!r}", src,
                                lambda s, c: _source_length(s, ratio.median, c))
    low = ctx.options.get("length", LENGTH_RATIO)[0]
    if found >= _shortest(ratio, len(src)) or found < low:
        return None  # below ``low`` the length check reports it
    basis = f"learned from {ratio.pairs} reviewed pairs" if ratio.pairs else "default"
    return (f"it is {found:.2f}× the source's length where {ctx.lang} translations run "
            f"{ratio.median:.2f}× ({basis})")


# Capitalised English words that are not names a translation keeps or transliterates. Titles,
# nationalities, months and days are left out of a name (President Tokayev, on Monday Zhovtis);
# the common nouns and adjectives of institutions' and movements' names make the whole run of
# capitalised words one that is translated (Democratic Choice, Radio Liberty, Human Rights
# Watch), so none of its words is looked for.
_NOT_NAMES = frozenset("""
Mr Mrs Ms Miss Dr Prof Sir Madam Lady Lord King Queen Prince Saint St President Vice Prime
Minister Ministers Deputy Director Directors Executive Chairman Chairwoman Chair Chief Head
Secretary Ambassador Senator Judge Judges Justice Prosecutor Prosecutors Governor Mayor
Commissioner Rapporteur Rapporteurs Representative Spokesperson Spokesman Officer Officers
Colonel Major Captain Lieutenant Sergeant Professor Doctor Lawyer Attorney Member Members
Patriarch Imam Bishop Father Mother Kazakh Kazakhs Kazakhstani Kazak Russian Russians Soviet
Kyrgyz Uzbek Tajik Turkmen Chinese Uyghur Uighur Dungan Korean German French British English
American Ukrainian Belarusian Georgian Armenian Azerbaijani Turkish Iranian Afghan Mongolian
Japanese Indian Muslim Muslims Islamic Christian Christians Orthodox Catholic Jewish Buddhist
Protestant Baptist Arab Arabic Latin January February March April May June July August
September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Internet Online Twitter Facebook
""".split())
_INSTITUTION_WORDS = frozenset("""
Presidential General Council Councils Court Courts Committee Commission Ministry Bureau Office
Offices Union Party Parties Front Movement Code Law Laws Act Agency Service Services Assembly
Parliament Senate Government Organisation Organization Organisations Organizations Centre
Center Foundation Institute Association Federation Society Network Coalition Campaign
University College School Hospital Prison Colony Department Police Republic Kingdom States
State Nations United Convention Covenant Declaration Charter Article Articles Section Chapter
Paragraph Report Reports Programme Program Forum Conference Summit Day Week Year Prize Award
Street Square Avenue Road Region Regional Oblast District Province City Town Village Airport
Station Embassy Consulate Mission Secretariat Administration Cabinet Board Group Working Team
Fund Bank Company Corporation Radio Television News Press Release Releases Media Channel
Journal Times Post Daily Magazine Newspaper Watch Amnesty Right Rights Human Humanitarian
International National Federal Central Supreme Constitutional Administrative Criminal Civil
Penal Political Economic Social Cultural Democratic Democracy Republican Liberal Socialist
Communist People Peoples Free Freedom Freedoms Choice Equality Independent Independence Unity
Civic Rule Legal Public Security Cooperation Development Affairs Interior Internal Foreign
Defence Defense Education Health Information Culture Labour Labor Energy Finance Emergency
Emergencies Situations Protection Defenders Defender Reporters Journalists Journalist Borders
Frontiers Without Europe European Asia Asian Eastern Western Northern Southern East West
North South World Global Universal Periodic Review Elections Election Electoral Observation
Observers Observer Institutions Institution Dimension Platform Initiative Project Alliance
Partnership League Order Decree Resolution Constitution Statement Statements Appeal Letter
Open Annual Heritage Memorial Research Studies Study Strategy Policy Plan Agenda Goals
Sustainable Witnesses Jehovah Church Mosque Liberty Special Rapporteur Rapporteurs
Representative Envoy Commissioner Ombudsman High Torture Discrimination Detention Arbitrary
""".split())
# Lower-case words that join an institution's name ("Committee against Torture", "Office of
# the High Commissioner"): the capitalised words after them belong to the same name.
_JOINERS = re.compile(r"(?:\s+(?:of|against|for|on|the|in|de|la|du|des)\b)+\s+")
_CAPITALISED = re.compile(r"(?<![\w’'])(?:[A-Z][a-zà-ÿ]+|[A-Z]{2,}s?)(?![\w])")
_SENTENCE_END = ".!?:;…"
_OPENERS = " \t«»“”‘’\"'([—–-•*"

#: One name: the words that must be found (possibly none but a kept acronym) and the words
#: any one of which shows the name is there (they and the name's acronyms: PAM Failure).
_Unit = tuple[tuple[str, ...], tuple[str, ...]]


def _initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins its sentence or line (capitalised whatever
    it is)."""
    before = text[max(0, start - 100):start]  # bounded: a long text has many capitals
    if "\n" in before[len(before.rstrip()):] or before.rstrip()[-1:] in ("‘", "“", "«", "„",
                                                                        '"', "'"):
        return True  # a line's or a quotation's first word
    before = before.rstrip(_OPENERS + "\n")
    return not before and start <= 100 or before[-1:] in tuple(_SENTENCE_END)


def _names_of(source: str, ctx: CheckContext) -> tuple[_Unit, ...]:
    """The source's names: runs of capitalised Latin words (Nurzhan Mukhammedov, Disk Usage
    Analyzer), without the words that begin a sentence, titles and institutions' common
    nouns, and outside glossary terms (the glossary check sees to those) and title-case
    headings."""
    text = PLACEHOLDER_RE.sub(" ", source) if "<" in source else source
    text = _URL.sub(" ", text) if "@" in text or "://" in text or "www." in text else text
    words = _LONG_WORD.findall(text)
    if not words or sum(w[:1].islower() for w in words) < 0.2 * len(words):
        return ()  # a title-case heading, or only names
    terms = [(m.start, m.end) for m in ctx.terms(text)]
    units: list[tuple[list[str], list[str], list[bool]]] = []
    end = -1
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if any(s <= m.start() < e for s, e in terms):
            continue
        gap = text[end:m.start()]
        joined = bool(units) and any(units[-1][2]) and _JOINERS.fullmatch(gap) is not None
        if end < 0 or (gap.strip(" -\u2010\u2011") and not joined):
            units.append(([], [], []))  # not next to the previous capitalised word
        end = m.end()
        wanted, shown, institution = units[-1]
        if word in _INSTITUTION_WORDS:
            institution.append(True)
        elif word[:2].isupper():
            shown.append(word.rstrip("s"))  # an acronym: kept as is when kept
        elif word not in _NOT_NAMES and not _initial(text, m.start()) and len(
                name_key(word)) >= 2:
            wanted.append(word)
            shown.append(word)
    return tuple(dict.fromkeys((tuple(w), tuple(s)) for w, s, institution in units
                               if w and not institution))


@lru_cache(maxsize=65536)
def _source_names(source: str, glossary: Glossary) -> tuple[_Unit, ...]:
    """``_names_of`` once per source and glossary, not once per target language (the
    names do not depend on it)."""
    return _names_of(source, CheckContext(lang="", glossary=glossary))


@lru_cache(maxsize=64)
def _exonyms(lang: str) -> dict[str, str]:
    """English one-word country names → their names in ``lang`` (CLDR, via Babel): China is
    Китай, Қытай, Chine."""
    from babel import Locale, UnknownLocaleError

    try:
        theirs = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {name: theirs[code] for code, name in Locale("en").territories.items()
            if " " not in name and code in theirs}


def _lost_names(source: str, target: str, ctx: CheckContext) -> list[str]:
    """The names of ``source`` none of whose words ``target`` writes (in Latin, in
    Cyrillic, as a country's name in the target language)."""
    units = _source_names(source, ctx.glossary)
    if not units:
        return []
    lower = target.lower()
    keys = {name_key(w) for w in _LETTERS.findall(target)}
    exonyms = _exonyms(_code(ctx.lang))

    def present(word: str) -> bool:
        if word.lower() in lower:
            return True
        wanted = [name_key(word)] + [name_key(w) for w in exonyms.get(word, "").split()]
        return any(same_name(k, w) for k in wanted for w in keys)

    return [w for wanted, shown in units if not any(map(present, shown)) for w in wanted]


# A quoted passage: “…”, "…", «…», „…“, or ‘…’ (a ’ followed by a letter is an apostrophe).
_QUOTED = re.compile(r"[“\"«„]([^”\"»“]+)[”\"»“]|(?<![^\W\d_])‘((?:[^‘’]|’(?=[^\W\d_]))+)’")
_OPENING = re.compile(r"[“«„]|(?<![^\W\d_])‘")


@lru_cache(maxsize=65536)  # the same source is checked in every target language
def _quotation(source: str) -> str | None:
    """The first quoted passage of three words or more in ``source`` (one whose quotation
    marks open or close in a neighbouring segment counts too), or None."""
    text = _plain(source)
    for m in _QUOTED.finditer(text):
        passage = m.group(1) or m.group(2)
        if len(passage.split()) >= 3:
            return passage.strip()
    opening = _OPENING.search(text)
    if opening and not _QUOTED.search(text, opening.start()):
        passage = text[opening.end():]
        if len(passage.split()) >= 3:
            return passage.strip()
    return None


def _has_quotation_marks(target: str) -> bool:
    if any(c in target for c in "«»„“”\"‹›‚‘"):
        return True
    return bool(re.search(r"(?<![^\W\d_])['’]|['’](?![^\W\d_])", target))


@check("omission", "warning",
       "the translation is not much shorter than this language's reviewed translations run "
       "(length ratio learned per workspace; defaults for kk, ru, fr), and keeps the source's "
       "names and quotations")
def omission(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src, tgt = _plain(source), _plain(target)
    if src == tgt:
        return
    reasons = []
    length = _length_reason(src, tgt, ctx)
    if length:
        reasons.append(length)
    lost = _lost_names(source, target, ctx)
    if lost:
        reasons.append(f"the source's {', '.join(lost)} {'is' if len(lost) == 1 else 'are'} "
                       "not in it")
    quoted = _quotation(source)
    if quoted and not _has_quotation_marks(target):
        short = quoted if len(quoted) <= 40 else quoted[:37] + "…"
        reasons.append(f"the source quotes ‘{short}’ and it has no quotation marks")
    if reasons:
        yield Issue("is part of the source missing? " + "; ".join(reasons))


# =========================================================================== negation
#
# Each text gets its strong negators (not, never, without; не, ни, нет, без; ne … pas, sans;
# емес, жоқ, verbs in -ма/-ме/-ба/-бе/-па/-пе) and a count of weak ones: negation carried by
# an affix or a verb (unfair, failed, refused; несправедливый, отказ; injuste, refus;
# әділетсіз, бас тарту) or a fixed phrase that negates nothing (не менее, ne … que). A
# translation is flagged when the source has a strong negation and the translation none and
# no more weak ones than the source (the negation did not move into an affix or a verb:
# "did not allow" as "запретили" is fine), or when the translation has a strong negation and
# the source has none, not even a weak one ("failed to investigate" is "не расследовали",
# "unable" is "ала алмады"; the target's own weak ones are not trusted here: Kazakh writes
# "security" қауіпсіздік, "without danger"). Counting: negators a few words apart in one
# sentence (ни … ни … не, ne … jamais, neither … nor) are one negation.
#
# Known limits: a sentence with two negations that lost one is not flagged (presence decides,
# not the count); a negation carried by a word's meaning alone (absent, refuse) on both sides
# is not compared; a double negation that cancels out ("not unlike") reads as a negation.

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-\u2010\u2011][^\W\d_]+)*|[.!?;…]+|[,:()«»“”\"—–]")
_SENTENCE = re.compile(r"[.!?;…]+")
_CLAUSE = re.compile(r"[.!?;…]+|[,:()«»“”\"—–]")
#: Strong negators closer than this (in words, within a sentence) are one negation.
_CLUSTER_GAP = 3

_EN_STRONG = frozenset("not no never without nor neither none nobody nothing nowhere cannot "
                       "noone".split())
_EN_AFTER_NO = frozenset("fewer less more later sooner matter doubt".split())
_EN_AFTER_NOT = frozenset("only least".split())
_EN_WEAK = re.compile(
    r"^(?:un(?!der|i[tfoqv]|til|to|cle|animous)[a-z]{3,}|non-?[a-z]{4,}|[a-z]{3,}less(?:ly|ness)?"
    r"|in(?:dependen|appropri|adequa|human|effect|suffici|valid|nocen|communicado|definite"
    r"|justic|competen|accessib|action|correct|consisten|capab|tolera|visib|equal|eligib"
    r"|admissib|activ|compatib|complet|secur)\w*|im(?:partial|punity|punit|possib|proper|mediate|balance)\w*"
    r"|il(?:legal|legitim|licit|literat)\w*|ir(?:regular|respons|relevant|reversib)\w*"
    r"|dis(?:proportion|appear|agree|regard|honest|respect|qualif|allow|approv|obey|satisf"
    r"|miss|band|arm|rupt)\w*|fail\w*|refus\w*|den(?:y|ies|ied|ial)\w*|lack\w*|absen\w*"
    r"|prevent\w*|prohibit\w*|ban|bans|banned|banning|barred|barring|forbid\w*|forbade"
    r"|reject\w*|depriv\w*|avoid\w*|ignor\w*|neglect\w*|declin\w*|miss|missed|missing"
    r"|stop\w*|ceas\w*|halt\w*|bypass\w*|skip\w*|refrain\w*|exclu\w*|except\w*|until|till|instead|rather"
    r"|only|solely|merely|least|hardly|barely|scarcely|rarely|seldom|few|otherwise|yet"
    r"|anonym\w*|silen\w*)$")

_RU_STRONG = re.compile(
    r"^(?:не|ни|нет|без|безо|нельзя|никогда|нигде|никуда|ниоткуда|никак|ничуть|никак(?:ой|ая"
    r"|ое|ие|ого|ому|им|их|ую|ими)|никто|никого|никому|никем|ничто|ничего|ничему|ничем"
    r"|ничей|ничья|ничьё|ничьи|ничьих)$")
_RU_AFTER_NE = frozenset("менее более позднее позже ранее раньше только раз меньше больше "
                         "столько".split())
_RU_AFTER_BEZ = ("изменени", "удовлетворени", "рассмотрени", "ответ")
_RU_WEAK = re.compile(
    r"^(?:не(?!котор|скольк|давн|дел|обходим|больш|мец|фт|рв|посредствен|йтрал|бес|сти|сут"
    r"|сл|сё|се|сущ)[а-яё]{3,}|бе[зс](?!опасн|порядк|ед)[а-яё]{3,}|отказ\w*|отсутств\w*"
    r"|запрет\w*|запрещ\w*|лиш[еиаё]\w*|помеш\w*|препятств\w*|воспрепятств\w*|отклон\w*"
    r"|игнорир\w*|прекрат\w*|прекращ\w*|избега\w*|избеж\w*|исключ\w*|отрица\w*|опроверг\w*"
    r"|провал\w*|кроме|пока|лишь|только|вместо|мало|едва|редко)$")

_FR_PARTNERS = frozenset("pas plus jamais rien personne aucun aucune aucuns aucunes nul nulle "
                         "nuls nulles guère point nullement ni".split())
_FR_ALONE = frozenset("sans jamais aucun aucune aucuns aucunes rien ni nullement".split())
_FR_NOT_BEFORE_PAS = frozenset("un le les des du ce ces cet premier premiers grand grands petit "
                               "petits nouveau nouveaux mon ton son mes tes ses nos vos leur "
                               "leurs au aux faux dernier derniers à".split())
_FR_WEAK = re.compile(
    r"^(?:refus\w*|échou\w*|échec\w*|manqu\w*|absen\w*|priv[éeèa]\w*|empêch\w*|interdi\w*"
    r"|rejet\w*|ignor\w*|ni[eé]\w*|démenti\w*|faute|seulement|uniquement|moins|jusqu\w*"
    r"|exclu\w*|sauf|hormis|excepté|immédiat\w*|anonym\w*|indépend\w*|impartial\w*|impuni\w*"
    r"|illég\w*|illicit\w*|injust\w*|inacceptabl\w*|inhumain\w*|innocen\w*"
    r"|inconstitutionn\w*|insuffis\w*|inefficac\w*|inadéquat\w*|irrégul\w*|irrespons\w*"
    r"|incommunicado|indéfini\w*|impossibl\w*|incapabl\w*|inconnu\w*|invalid\w*"
    r"|disproportionn\w*|dispar\w*|sans-\w+|non-\w+)$")

_KK_STRONG = re.compile(r"^(?:емес\w*|жоқ\w*|еш|ешкім\w*|ешқашан|ешқандай\w*|ешбір\w*"
                        r"|ештеңе\w*|ешнәрсе\w*|ешқайсы\w*|ешқайда)$")
# A verb in the negative: stem, -ма/-ме (after a vowel, л, р, й, у), -ба/-бе (after м, н, ң,
# ж, з) or -па/-пе (after a voiceless consonant), then a verbal ending. Nouns in -ма/-ме
# (баяндама, мәлімдеме) take case endings, which are not in the list; a separate ма/ме is
# the question particle; capitalised words are names.
_KK_NEG_VERB = re.compile(
    r"^(?P<lemma>[а-яәғқңөұүһіё]{2,}?(?:(?<=[аәеиоөұүыіуэюяёлрй])м|(?<=[мнңжз])б"
    r"|(?<=[кқпстшфхцчщ])п)[ае])(?:й|йд[ыі]\w*|йт[ыі]н\w*|йм[ыі][нз]|йс[ыі][ңз]\w*|й[ыі]қ|йік"
    r"|й[ыі]нш[ае]|д[ыі](?:м|ң|ңыз|ңіз|қ|к|ңдар|ңдер)?|[ғг][ае]н\w*|у\w*|с"
    r"|с[ае](?:м|ң|қ|к|ңыз|ңіз|ңдар|ңдер)?|ст[ае]н"
    r"|ң[ыі]з(?:дар|дер)?|ңдар|ңдер)$")
#: Verb stems that end like the negation themselves: қама- (detain: қамау, қамады), жама-,
#: тама-, шама, көме- (bury); and words that only look like a negated verb.
_KK_NOT_NEGATED = frozenset(("қама", "жама", "тама", "шама", "сама", "көме"))
_KK_NOT_VERBS = frozenset(("немесе",))  # or
_KK_DESPITE = frozenset(("қарамастан", "қарамай"))  # -ға қарамастан: despite
_KK_WEAK = re.compile(r"^(?:[а-яәғқңөұүһіё]{2,}(?:сыз|сіз)\w*|тыйым\w*|кедергі\w*|айыр\w*"
                      r"|тек|ғана|қана|дейін|кемінде|сәтсіз\w*)$")


def _en(tokens: list[str], i: int) -> str | None:
    """'strong', 'weak' or None for the English token at ``i``."""
    word = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word in ("no", "not"):
        if after in (_EN_AFTER_NO if word == "no" else _EN_AFTER_NOT):
            return "weak"
        if word == "not" and i >= 2 and tokens[i - 1] == "or" and tokens[i - 2] == "whether":
            return "weak"
        return "strong"
    if word in _EN_STRONG or word.endswith(("n't", "n’t")):
        return "strong"
    if word == "most" and i and tokens[i - 1] == "at":
        return "weak"
    return "weak" if _EN_WEAK.match(word) else None


def _ru(tokens: list[str], i: int) -> str | None:
    word = tokens[i]
    if _RU_STRONG.match(word):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word == "не" and after in _RU_AFTER_NE:
            return "weak"
        if word == "без" and after.startswith(_RU_AFTER_BEZ):
            return "weak"  # оставить без изменения / без удовлетворения: upheld / dismissed
        if word == "ни" and "бы" in tokens[max(0, i - 2):i]:
            return "weak"  # кто бы ни, что бы ни: whoever, whatever
        return "strong"
    return "weak" if _RU_WEAK.match(word) else None


def _kk(tokens: list[str], i: int, original: list[str]) -> str | None:
    word = tokens[i]
    if _KK_STRONG.match(word) and not word.startswith("жоғ"):
        if word.startswith("емес") and i and tokens[i - 1] in ("ғана", "қана", "кем"):
            return "weak"  # ғана емес: not only; кем емес: no less than
        return "strong"
    if original[i][:1].islower():
        m = _KK_NEG_VERB.match(word.split("-")[0])  # өшірмей-ақ
        if word in _KK_DESPITE:
            return "weak"
        if m and m.group("lemma") not in _KK_NOT_NEGATED and word not in _KK_NOT_VERBS:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            return "weak" if after == "бұрын" else "strong"  # -мас бұрын: before
    if word.startswith("тарт") and i and tokens[i - 1] == "бас":
        return "weak"  # бас тарту: refuse
    return "weak" if _KK_WEAK.match(word) else None


def _fr(tokens: list[str]) -> tuple[list[int], int]:
    """(indices of strong negators, weak count) of French tokens (n’ is split off as ne)."""
    strong: list[int] = []
    weak = 0
    used: set[int] = set()
    end = len(tokens)
    clause_end = [end] * len(tokens)  # where each token's clause ends
    for j in range(len(tokens) - 1, -1, -1):
        if _CLAUSE.fullmatch(tokens[j]):
            end = j
        clause_end[j] = end
    for i, word in enumerate(tokens):
        if word != "ne":
            continue
        end = clause_end[i]
        partners = [j for j in range(i + 1, min(end, i + 9)) if tokens[j] in _FR_PARTNERS]
        used.update(partners)
        used.update(j - 1 for j in partners if tokens[j] == "plus" and tokens[j - 1] == "non")
        if partners:
            strong.append(i)
        else:
            weak += 1  # ne … que (only), or the ne of avant que … ne
    for i, word in enumerate(tokens):
        if i in used or word == "ne":
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        before = tokens[i - 1] if i else ""
        if word == "sans" and after == "doute":
            continue  # sans doute: probably
        if word in _FR_ALONE or word == "pas" and before not in _FR_NOT_BEFORE_PAS:
            strong.append(i)
        elif word == "non":
            if not after or _CLAUSE.fullmatch(after) or after == "pas":
                strong.append(i)
            else:
                weak += 1  # non gouvernementale, non seulement
        elif _FR_WEAK.match(word):
            weak += 1
    return sorted(strong), weak


def _tokens(text: str, lang: str) -> tuple[list[str], list[str]]:
    """(lower-case tokens, as written) of ``text``; French n’ and l’ are split off."""
    text = _plain(text)
    if lang == "en":
        text = _NUMBER_SIGN.sub(" ", text)  # No. 5 is a number
    original = _TOKEN.findall(text)
    if lang == "fr":
        split: list[str] = []
        for tok in original:
            m = _FR_ELISION.match(tok)
            split.extend([m.group(1) + "e", m.group(2)] if m else [tok])  # n’ont: ne ont
        original = split
    return [t.lower() for t in original], original


_DIGIT = re.compile(r"\d")


def negations(text: str, lang: str) -> tuple[tuple[str, ...], int]:
    """The negations of ``text`` in ``lang`` (en, ru, fr, kk): (the first word of each
    strong negation, the number of weak negators).

    >>> negations("Ни адвокатов, ни родственников не уведомили.", "ru")
    (('Ни',), 0)
    >>> negations("Бұл жазасыздықтың соңы ма?", "kk")
    ((), 1)
    """
    # Digits are no tokens and only their presence counts (No. 5), so texts that differ
    # in their numbers alone (a sentence repeated in every release) share one result.
    return _negations(_DIGIT.sub("0", text), lang)


@lru_cache(maxsize=65536)
def _negations(text: str, lang: str) -> tuple[tuple[str, ...], int]:
    code = _code(lang)
    tokens, original = _tokens(text, code)
    if code == "fr":
        strong_at, weak = _fr(tokens)
    else:
        judge = {"en": lambda i: _en(tokens, i), "ru": lambda i: _ru(tokens, i),
                 "kk": lambda i: _kk(tokens, i, original)}.get(code)
        if judge is None:
            return (), 0
        strong_at, weak = [], 0
        for i in range(len(tokens)):
            kind = judge(i)
            if kind == "strong":
                strong_at.append(i)
            elif kind == "weak":
                weak += 1
    found: list[str] = []
    last = -100
    for i in strong_at:
        if i - last > _CLUSTER_GAP or any(_SENTENCE.fullmatch(t) for t in tokens[last + 1:i]):
            found.append(original[i])
        last = i
    return tuple(found), weak


_NEGATION_LANGS = frozenset({"en", "ru", "fr", "kk"})


@check("negation", "warning",
       "a negation of the source (not, never, without; не, ни, без; ne … pas, sans; емес, жоқ, "
       "-ма/-ме verbs) is in the translation, and the translation adds none (negation in an "
       "affix or a verb such as unable, failed, -сыз counts)")
def negation(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not {_code(ctx.lang), _code(ctx.source_lang)} <= _NEGATION_LANGS:
        return
    src, src_weak = negations(source, ctx.source_lang)
    if not src and src_weak:
        return  # only weak negators in the source: the translation may negate or not
    tgt, tgt_weak = negations(target, ctx.lang)
    if src and not tgt and tgt_weak <= src_weak:
        yield Issue(f"the source negates ({', '.join(src)}) and the translation does not: "
                    "is the meaning flipped?")
    elif tgt and not src and not src_weak:
        yield Issue(f"the translation negates ({', '.join(tgt)}) and the source does not: "
                    "is the meaning flipped?")
