"""Hunspell as a batch spell checker (find a dictionary, send it many words in one call), and
what it must not call misspelt: names copied from the source or transliterated from it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

__all__ = ["DICT_DIRS", "Speller", "find_dictionary", "from_source", "source_names",
           "transliterates"]

#: Where Debian's hunspell-* packages put their dictionaries.
DICT_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
_REGIONS = {"kk": "KZ", "ru": "RU", "fr": "FR", "en": "US", "de": "DE", "uk": "UA"}


def find_dictionary(lang: str, dirs: Iterable[Path] = DICT_DIRS) -> Path | None:
    """The Hunspell dictionary (path without .dic) for ``lang``, e.g. /usr/share/hunspell/ru_RU."""
    base = lang.replace("-", "_").split("_")[0].lower()
    names = [lang.replace("-", "_"), f"{base}_{_REGIONS.get(base, base.upper())}", base]
    for folder in dirs:
        for name in names:
            if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
                return folder / name
        found = sorted(folder.glob(f"{base}_*.dic")) if folder.is_dir() else []
        if found and found[0].with_suffix(".aff").is_file():
            return found[0].with_suffix("")
    return None


class Speller:
    """One language's spell checker; remembers every verdict so each word is sent once."""

    def __init__(self, binary: str, dictionary: Path,
                 accepted: Iterable[str] = ()) -> None:
        self.binary = binary
        self.dictionary = dictionary
        self._rejected: set[str] = set()
        self._seen: set[str] = set(accepted)  # the project's own words are never sent

    @classmethod
    def for_lang(cls, lang: str, *, accepted: Iterable[str] = ()) -> tuple[Speller | None, str]:
        """A speller for ``lang``, or None and why not (for the report's skipped notes)."""
        binary = shutil.which("hunspell")
        if binary is None:
            return None, "hunspell is not installed (apt-get install hunspell)"
        dictionary = find_dictionary(lang)
        if dictionary is None:
            return None, (f"no Hunspell dictionary for {lang} in "
                          f"{', '.join(map(str, DICT_DIRS))} (apt-get install hunspell-{lang})")
        return cls(binary, dictionary, accepted), ""

    def rejected(self, words: Iterable[str]) -> frozenset[str]:
        """The words among ``words`` the dictionary does not know (one hunspell call at most).

        Raises:
            OSError: hunspell could not be run.
        """
        words = list(dict.fromkeys(words))
        new = [w for w in words if w not in self._seen]
        if new:
            env = {**os.environ, "LC_ALL": "C.UTF-8"}
            done = subprocess.run([self.binary, "-i", "utf-8", "-d", str(self.dictionary), "-l"],
                                  input="\n".join(new) + "\n", capture_output=True, text=True,
                                  encoding="utf-8", env=env, check=False, timeout=300)
            if done.returncode != 0:
                raise OSError(f"hunspell failed: {done.stderr.strip()[:200]}")
            out = set(done.stdout.split())
            self._seen.update(new)
            # hunspell reports the parts of hyphenated words it rejects ("Нур" of "Нур-Султан").
            self._rejected.update(w for w in new if w in out or any(
                p in out for p in w.replace("\u2011", "-").split("-")))
        return frozenset(w for w in words if w in self._rejected)


def accepted_words(glossary_dir: Path, lang: str) -> set[str]:
    """The project's word list for ``lang``: ``glossary/spelling.<lang>.txt``, one word a
    line (``#`` starts a comment) — correct words the dictionary lacks."""
    path = Path(glossary_dir) / f"spelling.{lang}.txt"
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


# --------------------------------------------------------------------------- names

_LATIN_NAME = re.compile(r"(?<![\w\-])[A-Z][A-Za-z\u00c0-\u024f]+(?:[-\u2010\u2011][A-Z]"
                         r"[A-Za-z\u00c0-\u024f]+)*")
# fr elision before a copied word: l’OSCE, d’Oyan, qu’Amnesty.
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['\u2019]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@lru_cache(maxsize=16384)
def source_names(source: str) -> frozenset[str]:
    """The capitalised Latin-script words of a source (names, acronyms), each hyphenated
    part on its own, without an English possessive: "Kassym-Jomart Tokayev’s" gives Kassym,
    Jomart and Tokayev."""
    names: set[str] = set()
    for m in _LATIN_NAME.finditer(source):
        for part in re.split(r"[-\u2010\u2011]", _POSSESSIVE.sub("", m.group())):
            if len(part) >= 2:
                names.add(part)
    return frozenset(names)


def from_source(word: str, names: frozenset[str]) -> bool:
    """``word`` of a translation is one of the source's ``names`` (``source_names``), copied
    ("Oyan", "Qazaqstan", fr "l’OSCE") or transliterated into Cyrillic ("Кожахметова" for
    Kozhakhmetov): not a misspelling. Every hyphenated part must be one."""
    if not names:
        return False
    word = _ELISION.sub("", word)
    parts = [p for p in re.split(r"[-\u2010\u2011]", word) if p]
    return bool(parts) and all(
        p in names or (p[:1].isupper() and any(transliterates(n, p) for n in names))
        for p in parts)


# Cyrillic (ru and kk) letters in Latin, before both sides are reduced by _SOUNDS: a key that
# is the same for a name and its usual transliterations ("Kozhakhmetov", "Кожахметов",
# "Қожахметов" all give "koJaHmetov").
_CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"})
# Spellings of one sound, longest first: sh/ш → S, ch/ч → C, zh/j/dj/ж → J, kh/h/х → H,
# ts/ц → Z, q/қ → k, x → ks, w → v, ou (fr) → u; then y and i are one vowel ("Kassym",
# "Қасым"), dropped before another vowel ("Nazarbayev", "Назарбаев"; "Yevgeniy", "Евгений").
_SOUNDS = (("shch", "S"), ("sch", "S"), ("tch", "C"), ("dzh", "J"), ("sh", "S"),
           ("ch", "C"), ("zh", "J"), ("dj", "J"), ("kh", "H"), ("ts", "Z"), ("tz", "Z"),
           ("ck", "k"), ("ph", "f"), ("th", "t"), ("ou", "u"), ("q", "k"), ("x", "ks"),
           ("w", "v"), ("j", "J"), ("h", "H"), ("y", "i"))
_SOFT_C = re.compile(r"c(?=[ei])")


@lru_cache(maxsize=65536)
def _sound_key(word: str) -> str:
    key = word.lower().translate(_CYRILLIC_TO_LATIN)
    key = key.replace("\u00ef", "i").replace("\u00eb", "e")  # fr tréma: Tokaïev
    for spelling, sound in _SOUNDS:
        key = key.replace(spelling, sound)
    key = _SOFT_C.sub("s", key).replace("c", "k")  # Latin c: "Carles" Карлес, "Cecilia"
    key = re.sub(r"i(?=[aeiou])", "", key)
    return re.sub(r"(.)\1+", r"\1", key)  # Kassym, Кассым


#: How close a name's key and a word's must be (difflib ratio) to call the word a
#: transliteration. Unrelated surnames of the same shape stay below it (Кужамбетов for
#: Kozhakhmetov: 0.80).
TRANSLITERATION_SIMILARITY = 0.85
#: The longest case ending a transliterated name may carry (kk -тарының, -ларымен).
_MAX_ENDING = 7
_VOWELS = frozenset("aeiou")


def _ending(tail: str) -> bool:
    """``tail`` (of a key) can be a ru or kk case ending: short, and not opening with two
    consonants (ru -а, -ому; kk -тың, -ға, -дан, -ында; not the "stan" of "Kazakhstan")."""
    return len(tail) <= _MAX_ENDING and not (
        len(tail) >= 2 and tail[0] not in _VOWELS and tail[1] not in _VOWELS)


@lru_cache(maxsize=65536)
def transliterates(name: str, word: str) -> bool:
    """Whether ``word`` writes the Latin ``name`` in another script or spelling, possibly with
    a case ending: a small phonetic key (``_SOUNDS``) on both sides, then a similarity test
    between the name's key and the start of the word's, whose rest must look like a ru or kk
    case ending (Кожахметова, Қожахметовтың); small spelling differences pass (Евгений for
    Yevgeniy).

    >>> transliterates("Kozhakhmetov", "Қожахметовтың")
    True
    >>> transliterates("Kozhakhmetov", "Кужамбетов")
    False
    """
    a, b = _sound_key(name), _sound_key(word)
    if len(a) < 3 or not b or a[0] != b[0]:
        return False
    return any(SequenceMatcher(None, a, b[:n], autojunk=False).ratio()
               >= TRANSLITERATION_SIMILARITY and _ending(b[n:])
               for n in range(len(a) - 1, min(len(b), len(a) + 2) + 1))
