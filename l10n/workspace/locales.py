"""Language codes: validation, plural forms and display names, from Babel's CLDR data."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from l10n.workspace.errors import UsageError


def same_language(a: str, b: str) -> bool:
    """Whether two codes name the same language, whatever their region or script.

    >>> same_language("kk_KZ", "kk-Cyrl"), same_language("en", "fr")
    (True, False)
    """
    return a.replace("-", "_").split("_")[0].lower() == b.replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=None)
def normalize_locale(code: str) -> str:
    """Return the canonical form of a language code (``pt-br`` → ``pt_BR``).

    Raises:
        UsageError: the code is not a locale CLDR knows.

    >>> normalize_locale("kk")
    'kk'
    >>> normalize_locale("en-us")
    'en_US'
    """
    cleaned = code.strip().replace("-", "_")
    try:
        if not cleaned or not cleaned.replace("_", "").isalnum():
            raise ValueError(code)
        return str(Locale.parse(cleaned))
    except (UnknownLocaleError, ValueError):
        raise UsageError(
            f"unknown language code {code!r}: use a code Babel/CLDR knows, such as kk, ru, fr, en"
        ) from None


def plural_forms(code: str) -> str:
    """The gettext ``Plural-Forms`` header value for a language, from CLDR."""
    return get_plural(normalize_locale(code)).plural_forms


def display_name(code: str, in_lang: str = "en") -> str:
    """A language's name in another language, e.g. ``display_name("kk", "kk")`` → ``қазақ тілі``."""
    name = Locale.parse(normalize_locale(code)).get_display_name(normalize_locale(in_lang))
    return name or code
