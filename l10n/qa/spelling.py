"""Hunspell as a batch spell checker: find a dictionary, send it many words in one call."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

__all__ = ["DICT_DIRS", "Speller", "find_dictionary"]

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
