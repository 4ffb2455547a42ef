"""What GNU ``msgfmt -c`` refuses in a well-formed catalog, checked the way it does.

Beyond the PO grammar (pofile.py), gettext 0.21's ``msgfmt --check`` refuses a catalog
whose header's plural formula is broken or does not match the plural messages' number of
forms, and a translated, non-fuzzy message whose msgstr begins or ends with a newline
unlike its msgid, or whose C format directives (``#, c-format``) do not take the same
arguments as the msgid's. Fuzzy and untranslated messages are not checked (msgfmt leaves
them out of the MO file), nor are obsolete ones. The rules and their edge cases follow
GNU gettext's msgl-check.c, format.c and format-c.c; the tests hold l10n to real msgfmt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["PluralRule", "message_problem", "plural_rule"]

_ULONG = 2**64  # GNU evaluates plural formulas in unsigned long
_PLACEHOLDER = "nplurals=INTEGER; plural=EXPRESSION;"  # xgettext's, in a fresh template
_GERMANIC_OFTEN = (False, True)  # msgfmt's assumption without a formula: n != 1


@dataclass(frozen=True)
class PluralRule:
    """A header's plural formula as msgfmt sees it."""

    nplurals: int | None = None  # None: the header gives none (or the placeholder)
    formula: Callable[[int], int] | None = None
    often: tuple[bool, ...] | None = _GERMANIC_OFTEN  # form j is used for many n
    problem: str | None = None  # why msgfmt refuses the formula itself


def plural_rule(header: str, *, template: bool = False) -> PluralRule:
    """Read the plural formula from a header's msgstr, as msgfmt's check_plural does.

    msgfmt looks for "nplurals=" and "plural=" anywhere in the header; when both are
    there, both must be valid and agree for n = 0..1000, plural messages or not.

    Args:
        header: the header entry's msgstr.
        template: a POT file, where xgettext's placeholder formula is expected.
    """
    plural_at, nplurals_at = header.find("plural="), header.find("nplurals=")
    if plural_at < 0 or nplurals_at < 0:
        return PluralRule()
    if "INTEGER" in header and _PLACEHOLDER in " ".join(header.split()):
        return PluralRule() if template else PluralRule(problem=(
            f"Plural-Forms is still xgettext's placeholder {_PLACEHOLDER!r}; set the "
            "language's formula (msginit writes it)"))
    digits = re.match(r"\s*([0-9]+)", header[nplurals_at + 9:])
    if digits is None:
        return PluralRule(problem="Plural-Forms has no valid nplurals value; expected "
                          "'nplurals=N; plural=EXPRESSION;'")
    return _evaluated(int(digits.group(1)), re.split(r"[;\n]", header[plural_at + 7:], 1)[0])


@lru_cache(maxsize=256)  # every PO file of a language carries the same formula
def _evaluated(nplurals: int, expression: str) -> PluralRule:
    if nplurals == 0:
        return PluralRule(problem="Plural-Forms says nplurals=0; every language has at "
                          "least one form")
    try:
        formula = _PluralParser(expression).parse()
        values = [formula(n) for n in range(1001)]
    except ValueError as exc:
        return PluralRule(problem=f"malformed Plural-Forms expression: {exc}")
    except ZeroDivisionError:
        return PluralRule(problem="the Plural-Forms expression divides by zero for some n")
    for n, value in enumerate(values):
        if value >= _ULONG // 2:
            return PluralRule(problem=f"Plural-Forms gives a negative form for n={n}")
        if value >= nplurals:
            return PluralRule(problem=f"Plural-Forms gives form {value} for n={n}, outside "
                              f"0..{nplurals - 1}")
    often = tuple(values.count(j) >= 5 for j in range(nplurals)) if nplurals <= 100 else None
    return PluralRule(nplurals, formula, often)


class _PluralParser:
    """Parse a C plural expression (as in GNU plural.y) into a callable of n."""

    _LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"),
               ("*", "/", "%"))
    _OPS: dict[str, Callable[[int, int], int]] = {
        "||": lambda a, b: int(bool(a) or bool(b)), "&&": lambda a, b: int(bool(a) and bool(b)),
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) % _ULONG, "-": lambda a, b: (a - b) % _ULONG,
        "*": lambda a, b: (a * b) % _ULONG, "/": lambda a, b: a // b, "%": lambda a, b: a % b,
    }

    def __init__(self, text: str) -> None:
        self.tokens = re.findall(r"[0-9]+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]|\S", text)
        self.pos = 0

    def parse(self) -> Callable[[int], int]:
        node = self.ternary()
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.pos]!r}")
        return node

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'}, found {token or 'end'}")
        self.pos += 1
        return token

    def ternary(self) -> Callable[[int], int]:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> Callable[[int], int]:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in self._LEVELS[level]:
            op, right, prev = self._OPS[self.take()], self.binary(level + 1), left
            left = (lambda a, b, f: lambda n: f(a(n), b(n)))(prev, right, op)
        return left

    def unary(self) -> Callable[[int], int]:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if "0" <= token[0] <= "9":
            value = int(token) % _ULONG
            return lambda n: value
        raise ValueError(f"unexpected {token!r}")


# --- messages -------------------------------------------------------------------------

def message_problem(msgid: str, msgid_plural: str | None, forms: Sequence[str],
                    flags: Sequence[str], rule: PluralRule) -> str | None:
    """What msgfmt -c refuses in one translated, non-fuzzy, active message, or None.

    Args:
        msgid: the msgid (the header, msgid "", is never checked).
        msgid_plural: the msgid_plural, None for a singular message.
        forms: the msgstr, or msgstr[0], msgstr[1], ... of a plural message.
        flags: the message's flags (``c-format``, ``range: 1..5``, ...).
        rule: the catalog's plural formula (for plural messages' format checks).
    """
    if not msgid:
        return None
    problem = _newline_problem(msgid, msgid_plural, forms)
    if problem is None and flags:
        problem = _format_problem(msgid, msgid_plural, forms, flags, rule)
    return problem


def _newline_problem(msgid: str, msgid_plural: str | None, forms: Sequence[str]) -> str | None:
    starts, ends = msgid.startswith("\n"), msgid.endswith("\n")
    if msgid_plural is None:
        named: list[tuple[str, str]] = [("msgstr", forms[0])]
    else:
        named = [("msgid_plural", msgid_plural),
                 *((f"msgstr[{j}]", form) for j, form in enumerate(forms))]
    for name, text in named:
        if text.startswith("\n") != starts:
            return (f"msgid and {name} do not both begin with a newline (\\n); msgfmt -c "
                    "refuses that: begin both or neither with \\n")
        if text.endswith("\n") != ends:
            return (f"msgid and {name} do not both end with a newline (\\n); msgfmt -c "
                    "refuses that: end both or neither with \\n")
    return None


def _format_problem(msgid: str, msgid_plural: str | None, forms: Sequence[str],
                    flags: Sequence[str], rule: PluralRule) -> str | None:
    languages, range_ = _format_flags(tuple(flags))
    for language in languages:
        problem = _c_format_problem(msgid_plural if msgid_plural is not None else msgid,
                                    msgid_plural is not None, forms, language, rule, range_)
        if problem:
            return problem
    return None


@lru_cache(maxsize=1024)  # a catalog has a handful of distinct flag lists
def _format_flags(flags: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, int]]:
    """The C-like format languages to check, and the ``range:`` flag's bounds (or -1, -1)."""
    checked: dict[str, bool] = {}
    low, high = -1, -1
    for flag in flags:  # a later flag overrides an earlier one, as in GNU's reader
        for language in ("c", "objc"):
            if flag in (f"{language}-format", f"possible-{language}-format"):
                checked[language] = True
            elif flag in (f"no-{language}-format", f"impossible-{language}-format"):
                checked[language] = False
        if flag.startswith("range:"):
            bounds = re.fullmatch(r"range:\s*([0-9]+)\.\.([0-9]+)", flag)
            if bounds and int(bounds.group(1)) <= int(bounds.group(2)):
                low, high = int(bounds.group(1)), int(bounds.group(2))
    return tuple(lang for lang, on in checked.items() if on), (low, high)


def _c_format_problem(msgid: str, plural: bool, forms: Sequence[str], language: str,
                      rule: PluralRule, range_: tuple[int, int]) -> str | None:
    objc = language == "objc"
    wanted = _c_arguments(msgid, translated=False, objc=objc)
    if isinstance(wanted, str):
        return None  # msgfmt checks msgstr only against a valid msgid format
    source = "msgid_plural" if plural else "msgid"
    for j, form in enumerate(forms):
        name = f"msgstr[{j}]" if plural else "msgstr"
        given = _c_arguments(form, translated=True, objc=objc)
        if isinstance(given, str):
            return (f"{name} is not a valid {language}-format string, unlike the "
                    f"{source}: {given}")
        strict = not plural or len(forms) == 1 or _used_for_many(rule, j, range_)
        if len(given) != len(wanted) if strict else len(given) > len(wanted):
            return (f"{language}-format: {name} has {_arguments(len(given))} where the "
                    f"{source} has {_arguments(len(wanted))}; msgfmt -c refuses that")
        for i, (want, got) in enumerate(zip(wanted, given), start=1):
            if want != got:
                return (f"{language}-format: argument {i} is '{got}' in {name} but "
                        f"'{want}' in the {source}; msgfmt -c refuses that")
    return None


def _used_for_many(rule: PluralRule, form: int, range_: tuple[int, int]) -> bool:
    """msgfmt's strict checking of a plural form: it serves infinitely many n (and the
    ``range:`` flag, if any, lets it serve more than one)."""
    often = rule.often
    if often is None or form >= len(often) or not often[form]:
        return False
    low, high = range_
    if low < 0:
        return True
    formula = rule.formula or (lambda n: int(n != 1))
    top = min(high, low + 1000)
    return sum(1 for n in range(low, top + 1) if formula(n) == form) > 1


def _arguments(count: int) -> str:
    return "no format argument" if count == 0 else (
        "1 format argument" if count == 1 else f"{count} format arguments")


# --- C format strings (gettext's format-c.c) --------------------------------------------

# Argument types: the kind of value and its size, as a string such as "int", "long int",
# "unsigned int", "double", "long double", "char", "wide char", "string", "pointer".
_SIZES = {"L": "long long", "q": "long long", "j": "intmax_t", "z": "size_t", "Z": "size_t",
          "t": "ptrdiff_t"}
_SIZE_RE = re.compile(r"[hlLqjzZt]*")
_NUMBER_RE = re.compile(r"([0-9]+)\$")
_FLAGS_RE = re.compile(r"[ +\-#0']*")
_FLAGS_I_RE = re.compile(r"[ +\-#0'I]*")
_PRI_RE = re.compile(r"<PRI([diouxX])(?:(LEAST|FAST)?(8|16|32|64)|(MAX)|(PTR))>")


def _size_of(sizes: str) -> str:
    """The size GNU keeps after a run of size letters: each one overrides the one before,
    and "h" after "h" (or "l" after "l") makes "hh" ("ll")."""
    size = ""
    for letter in sizes:
        if letter == "h":
            size = "char" if size in ("short", "char") else "short"
        elif letter == "l":
            size = "long long" if size in ("long", "long long") else "long"
        else:
            size = _SIZES[letter]
    return size


def _kind(conversion: str, size: str, objc: bool) -> str | None:
    """The argument type of a conversion with a size ("" for none), None if unknown."""
    wide = size in ("long", "long long")
    if conversion in "%m":
        return ""
    if conversion in "cC":
        return "wide char" if wide or conversion == "C" else "char"
    if conversion in "sS":
        return "wide string" if wide or conversion == "S" else "string"
    if conversion in "di":
        return f"{size} int" if size else "int"
    if conversion in "ouxX":
        return f"unsigned {size} int" if size else "unsigned int"
    if conversion in "eEfFgGaA":
        return "long double" if size == "long long" else "double"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"pointer to {size or 'int'} count"
    if conversion == "@" and objc:
        return "object"
    return None


@lru_cache(maxsize=None)  # a few dozen (size, conversion) pairs
def _simple_kind(sizes: str | None, conversion: str, objc: bool) -> str | None:
    return _kind(conversion, _size_of(sizes or ""), objc)


# The directives nearly every real format string uses: unnumbered, no '*', no <PRI...>.
_SIMPLE_RE = re.compile(r"%[-+ #0']*[0-9]*(?:\.[0-9]*)?(hh|h|ll|l|L|q|j|z|Z|t)?"
                        r"([diouxXeEfFgGaAcsCSpnm%])")


def _c_arguments(text: str, *, translated: bool, objc: bool = False) -> list[str] | str:
    """The argument types a C format string takes, in order, or why it is invalid."""
    if "%" not in text:
        return []
    kinds, covered = [], 0
    for match in _SIMPLE_RE.finditer(text):
        covered += 2 if match.group(2) == "%" else 1
        kind = _simple_kind(match.group(1), match.group(2), objc)
        if kind:
            kinds.append(kind)
    if covered == text.count("%"):
        return kinds  # every directive was a simple one, read as GNU reads it
    return _c_arguments_in_full(text, translated=translated, objc=objc)


def _c_arguments_in_full(text: str, *, translated: bool, objc: bool) -> list[str] | str:
    """:func:`_c_arguments` for any string, directive by directive as format-c.c does."""
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    pos, directive, length = 0, 0, len(text)
    flags_re = _FLAGS_I_RE if translated else _FLAGS_RE

    def take(number: int, kind: str) -> str | None:
        if number:
            if unnumbered:
                return "it mixes numbered (%1$s) and unnumbered (%s) arguments"
            numbered.append((number, kind))
        else:
            if numbered:
                return "it mixes numbered (%1$s) and unnumbered (%s) arguments"
            unnumbered.append(kind)
        return None

    while True:
        pos = text.find("%", pos)
        if pos < 0:
            break
        pos += 1
        directive += 1
        number = 0
        match = _NUMBER_RE.match(text, pos)
        if match:
            number = int(match.group(1))
            if number == 0:
                return f"directive {directive} refers to argument 0"
            pos = match.end()
        pos = flags_re.match(text, pos).end()  # type: ignore[union-attr]
        for part in ("width", "precision"):
            if part == "precision":
                if not text.startswith(".", pos):
                    break
                pos += 1
            if text.startswith("*", pos):
                pos += 1
                star = _NUMBER_RE.match(text, pos)
                star_number = 0
                if star:
                    star_number = int(star.group(1))
                    if star_number == 0:
                        return f"directive {directive} refers to argument 0 for its {part}"
                    pos = star.end()
                problem = take(star_number, "int")
                if problem:
                    return problem
            else:
                while pos < length and "0" <= text[pos] <= "9":
                    pos += 1
        pri = _PRI_RE.match(text, pos) if text.startswith("<", pos) else None
        if text.startswith("<", pos):
            if pri is None:
                return (f"directive {directive}: the token after '<' is not a format "
                        "macro of ISO C 99 (such as <PRId64>) closed by '>'")
            conversion, least_fast, bits, biggest, pointer = pri.groups()
            sign = "" if conversion in "di" else "unsigned "
            size = ("intmax_t" if biggest else "intptr_t" if pointer
                    else f"int{(least_fast or '').lower() + '_' if least_fast else ''}{bits}_t")
            kind = f"{sign}int ({size})"
            pos = pri.end()
        else:
            sizes = _SIZE_RE.match(text, pos).group(0)  # type: ignore[union-attr]
            pos += len(sizes)
            size = _size_of(sizes)
            if pos >= length:
                return f"directive {directive} is not terminated (a lone % at the end)"
            conversion = text[pos]
            found = _kind(conversion, size, objc)
            if found is None:
                return f"directive {directive} has an unknown conversion '{conversion}'"
            kind = found
            pos += 1
        if kind:
            problem = take(number, kind)
            if problem:
                return problem
    if not numbered:
        return unnumbered
    numbered.sort(key=lambda item: item[0])
    merged: dict[int, str] = {}
    for number, kind in numbered:
        if merged.setdefault(number, kind) != kind:
            return f"argument {number} is used with incompatible types"
    for expected, number in enumerate(merged, start=1):
        if number != expected:
            return f"it refers to argument {number} but ignores argument {expected}"
    return list(merged.values())
