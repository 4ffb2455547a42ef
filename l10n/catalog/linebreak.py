"""Where GNU gettext may break a long PO string: a port of libunistring 1.0's UAX #14 rules."""

from __future__ import annotations

import unicodedata
from functools import cache

# Pair table measured from libunistring 1.0's u8_possible_linebreaks: row = class
# before, column = class after. D: break allowed; I: break only after spaces;
# P: never. OW is an East-Asian-wide opening bracket (no LB30 glue to letters).
_LB_CLASSES = "AL ID H3 EB NU H2 BA JT JL NS CL JV HL PR OP BB EX QU PO OW GL RI IS B2 CP WJ HY SY IN"
_LB_ROWS = (
    "IDDDIDIDDIPDIIIDPIIDIDPDPPIPI"  # AL
    "DDDDDDIDDIPDDDDDPIIDIDPDPPIPI"  # ID
    "DDDDDDIIDIPDDDDDPIIDIDPDPPIPI"  # H3
    "DDDDDDIDDIPDDDDDPIIDIDPDPPIPI"  # EB
    "IDDDIDIDDIPDIIIDPIIDIDPDPPIPI"  # NU
    "DDDDDDIIDIPIDDDDPIIDIDPDPPIPI"  # H2
    "DDDDDDIDDIPDDDDDPIDDDDPDPPIPI"  # BA
    "DDDDDDIIDIPDDDDDPIIDIDPDPPIPI"  # JT
    "DDIDDIIDIIPIDDDDPIIDIDPDPPIPI"  # JL
    "DDDDDDIDDIPDDDDDPIDDIDPDPPIPI"  # NS
    "DDDDDDIDDPPDDIDDPIIDIDPDPPIPI"  # CL
    "DDDDDDIIDIPIDDDDPIIDIDPDPPIPI"  # JV
    "IDDDIDIDDIPDIIIDPIIDIDPDPPIPI"  # HL
    "IIIIIIIIIIPIIDIDPIDIIDPDPPIPI"  # PR
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPP"  # OP
    "IIIIIIIIIIPIIIIIPIIIIIPIPPIPI"  # BB
    "DDDDDDIDDIPDDDDDPIDDIDPDPPIPI"  # EX
    "IIIIIIIIIIPIIIPIPIIPIIPIPPIPI"  # QU
    "IDDDIDIDDIPDIDIDPIDIIDPDPPIPI"  # PO
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPP"  # OW
    "IIIIIIIIIIPIIIIIPIIIIIPIPPIPI"  # GL
    "DDDDDDIDDIPDDDDDPIDDIIPDPPIPI"  # RI
    "DDDDIDIDDIPDDDDDPIDDIDPDPPIPI"  # IS
    "DDDDDDIDDIPDDDDDPIDDIDPPPPIPI"  # B2
    "IDDDIDIDDIPDIIDDPIIDIDPDPPIPI"  # CP
    "IIIIIIIIIIPIIIIIPIIIIIPIPPIPI"  # WJ
    "DDDDIDIDDIPDDDDDPIDDDDPDPPIPI"  # HY
    "DDDDIDIDDIPDIDDDPIDDIDPDPPIPI"  # SY
    "DDDDDDIDDIPDDDDDPIDDIDPDPPIPI"  # IN
)
_LB_INDEX = {name: i for i, name in enumerate(_LB_CLASSES.split())}
_LB_WIDTH = len(_LB_INDEX)

_LB_ASCII = (
    "CM " * 9 + "BA " + "CM " * 22  # controls; TAB is BA
    + "SP EX QU AL PR PO AL QU OP CP AL PR IS HY IS SY "  # space ! " # $ % & ' ( ) * + , - . /
    + "NU " * 10 + "IS IS AL AL AL EX AL "  # 0-9 : ; < = > ? @
    + "AL " * 26 + "OP PR CP AL AL AL "  # A-Z [ \ ] ^ _ `
    + "AL " * 26 + "OP BA CL AL CM"  # a-z { | } ~ DEL
).split()
_LB_SPECIAL: dict[int, str] = {
    0x00A0: "GL", 0x00A1: "OP", 0x00A2: "PO", 0x00A3: "PR", 0x00A4: "PR", 0x00A5: "PR",
    0x00AB: "QU", 0x00AD: "BA", 0x00B0: "PO", 0x00B1: "PR", 0x00B4: "BB", 0x00BB: "QU",
    0x00BF: "OP", 0x02C8: "BB", 0x02CC: "BB", 0x02DF: "BB", 0x034F: "GL", 0x037E: "IS",
    0x0589: "IS", 0x05C6: "EX", 0x060C: "IS", 0x060D: "IS", 0x061B: "EX", 0x061D: "EX",
    0x061E: "EX", 0x061F: "EX", 0x06D4: "EX", 0x066A: "PO", 0x0609: "PO", 0x060A: "PO",
    0x060B: "PO", 0x066B: "NU", 0x066C: "NU", 0x0964: "BA", 0x0965: "BA", 0x09F2: "PO",
    0x09F3: "PO", 0x0085: "BK", 0x2028: "BK", 0x2029: "BK", 0x200B: "ZW", 0x200D: "QU",
    0x2007: "GL", 0x2011: "GL", 0x202F: "GL", 0x2014: "B2", 0x2015: "AL", 0x2024: "IN",
    0x2025: "IN", 0x2026: "IN", 0x2027: "BA", 0x2030: "PO", 0x2031: "PO", 0x2032: "PO",
    0x2033: "PO", 0x2034: "PO", 0x2035: "PO", 0x2036: "PO", 0x2037: "PO", 0x203C: "NS",
    0x203D: "NS", 0x2044: "IS", 0x2047: "NS", 0x2048: "NS", 0x2049: "NS", 0x2060: "WJ",
    0xFEFF: "WJ", 0x20A7: "PO", 0x20AC: "PR", 0x20B6: "PO", 0x20BB: "PO", 0x20BE: "PO",
    0x20C0: "PO", 0x2103: "PO", 0x2109: "PO", 0x2116: "PR", 0x2212: "PR", 0x2213: "PR",
    0x3001: "CL", 0x3002: "CL", 0x3005: "NS", 0x301C: "NS", 0x303B: "NS", 0x303C: "NS",
    0x30A0: "NS", 0x30FC: "NS", 0xFF01: "EX", 0xFF05: "PO", 0xFF0C: "CL", 0xFF0E: "CL",
    0xFF1A: "NS", 0xFF1B: "NS", 0xFF1F: "EX", 0xFF61: "CL", 0xFF62: "OW", 0xFF64: "CL",
    0xFF65: "NS", 0xFFE0: "PO",
    **dict.fromkeys(range(0x035C, 0x0363), "GL"),
    **dict.fromkeys(range(0x0600, 0x0606), "AL"),
    **dict.fromkeys(range(0x2061, 0x2065), "AL"),
    # Small kana and iteration marks must not start a line (class NS).
    **dict.fromkeys(map(ord, "ぁぃぅぇぉっゃゅょゎゕゖ゛゜ゝゞァィゥェォッャュョヮヵヶ・ヽヾ"
                        "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰﾞﾟ"), "NS"),
}
# South-East Asian scripts (class SA): libunistring does no dictionary breaking and
# treats them, marks included, as ordinary letters.
_SA_RANGES = ((0x0E00, 0x0E59), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17D3),
              (0x1950, 0x19DF), (0x1A20, 0x1AAF), (0xAA60, 0xAADF))


@cache
def _lb_class(ch: str) -> str:
    """Return the UAX #14 line-break class libunistring 1.0 gives ``ch`` (approximated)."""
    cp = ord(ch)
    if cp < 0x80:
        return _LB_ASCII[cp]
    if cp in _LB_SPECIAL:
        return _LB_SPECIAL[cp]
    if 0xAC00 <= cp <= 0xD7A3:
        return "H2" if (cp - 0xAC00) % 28 == 0 else "H3"
    for lo, hi, cls in _HANGUL_JAMO:
        if lo <= cp <= hi:
            return cls
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return "RI"
    return _lb_class_by_category(ch, cp, unicodedata.category(ch))


_HANGUL_JAMO = ((0x1100, 0x115F, "JL"), (0xA960, 0xA97F, "JL"), (0x1160, 0x11A7, "JV"),
                (0xD7B0, 0xD7C6, "JV"), (0x11A8, 0x11FF, "JT"), (0xD7CB, 0xD7FB, "JT"))
_LB_BY_CATEGORY = {"Nd": "NU", "Zs": "BA", "Sc": "PR", "Pd": "BA", "Ps": "OP", "Pe": "CL",
                   "Pi": "QU", "Pf": "QU", "Mn": "CM", "Me": "CM", "Mc": "CM", "Cc": "CM",
                   "Cf": "CM"}


def _lb_class_by_category(ch: str, cp: int, cat: str) -> str:
    if cat in ("Nd", "Zs", "Sc"):
        return _LB_BY_CATEGORY[cat]
    if any(lo <= cp <= hi for lo, hi in _SA_RANGES):
        return "AL"
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F") or (width == "H" and cat.startswith("L")):
        if cat in ("Ps", "Pe"):
            return "OW" if cat == "Ps" else "CL"
        if cat not in ("Mn", "Me", "Mc", "Cf"):
            return "ID"
    if 0x5D0 <= cp <= 0x5F2 or 0xFB1D <= cp <= 0xFB4F:
        return "HL"
    if 0x20000 <= cp <= 0x3FFFD:
        return "ID"
    return _LB_BY_CATEGORY.get(cat, "AL")


@cache
def _char_width(ch: str) -> int:
    """Columns ``ch`` takes, as libunistring's uc_width (controls count 0)."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Mn", "Me", "Cf") and ch != "\u00ad":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _possible_breaks(classes: list[str]) -> list[bool | None]:
    """Mark where UAX #14 allows a break before each character (None: mandatory)."""
    out: list[bool | None] = []
    last, seen_space, ri_count = "BK", False, 0
    prev = "BK"  # class of the previous character, spaces included
    for cls in classes:
        brk: bool | None = False
        if cls == "BK":
            brk, last, seen_space = None, "BK", False
        elif cls == "SP":
            seen_space = True
        elif cls == "ZW":
            last, seen_space = "ZW", False
        elif cls == "CM":
            if last == "BK" or last == "ZW" or seen_space:
                brk = last != "BK"
                last, seen_space = "AL", False
        else:
            brk = _pair_break(last, cls, seen_space, ri_count)
            if prev == "HL-BA" and last != "ZW" and not (last == cls == "RI"):
                brk = False  # LB21a: no break after a Hebrew letter + hyphen
            last, seen_space = cls, False
        ri_count = ri_count + 1 if cls == "RI" else 0
        prev = "HL-BA" if prev == "HL" and cls in ("HY", "BA") else cls
        out.append(brk)
    return out


def _pair_break(last: str, cls: str, seen_space: bool, ri_count: int) -> bool:
    if last == "BK":
        return False
    if last == "ZW":
        return True
    if last == "RI" and cls == "RI":
        return seen_space or ri_count % 2 == 0
    rule = _LB_ROWS[_LB_INDEX[last] * _LB_WIDTH + _LB_INDEX[cls]]
    return rule == "D" or (rule == "I" and seen_space)


def line_breaks(chars: str, overrides: list[bool | None], width: int, start: int) -> list[bool]:
    """Choose break positions like libunistring's u8_width_linebreaks."""
    possible = _possible_breaks([_lb_class(c) for c in chars])
    result = [False] * len(chars)
    last_p: int | None = None
    column, piece = start, 0
    for i, ch in enumerate(chars):
        brk = possible[i] if overrides[i] is None else overrides[i]
        if brk is not False and last_p is not None and column + piece > width:
            result[last_p] = True
            column = 0
        if brk is None:  # mandatory break (U+2028 etc.): the column starts again
            last_p, column, piece = None, 0, 0
            continue
        if brk:
            last_p, column, piece = i, column + piece, 0
        piece += _char_width(ch)
    if last_p is not None and column + piece > width:
        result[last_p] = True
    return result
