"""Chinese numerals as written in dates: 二〇二四年, 一月十五日, 十二月二十日.

Government press releases (Hong Kong, Macao, formal notices) write dates in
Chinese numerals.  Only the forms a calendar date needs are read: a year
digit by digit (二〇二四, 二零二四), and numbers up to 39 (十五, 二十一, 廿一,
卅一).  Pure.
"""

from __future__ import annotations

from types import MappingProxyType

DIGITS = MappingProxyType(
    {
        "〇": 0,
        "零": 0,
        "○": 0,  # the white circle some sites type for 〇
        "一": 1,
        "二": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
)
# Tens written as one character: 十 10, 廿 20, 卅 30.
TENS = MappingProxyType({"十": 1, "廿": 2, "卅": 3})
NUMERAL_CHARS = "".join(DIGITS) + "".join(TENS)

# Regex pieces for the date grammar (crawler.analysis.date_grammar).
ZH_DIGIT = "[" + "".join(DIGITS) + "]"
_ONE_TO_NINE = "[一二三四五六七八九]"
ZH_MONTH = rf"(?:十[一二]?|{_ONE_TO_NINE})"
ZH_DAY = rf"(?:[二三]?十{_ONE_TO_NINE}?|[廿卅]{_ONE_TO_NINE}?|{_ONE_TO_NINE})"
ZH_YEAR = rf"{ZH_DIGIT}{{4}}"


def is_chinese_number(text: str) -> bool:
    """True when ``text`` is written only in Chinese numeral characters."""
    return bool(text) and all(char in NUMERAL_CHARS for char in text)


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral: "十五" 15, "二十一" 21, "廿一" 21, "二〇二四" 2024.

    A run of digits without a tens character reads digit by digit, as years
    are written.  None when ``text`` is not such a numeral.
    """
    if not is_chinese_number(text):
        return None
    tens_at = next((i for i, char in enumerate(text) if char in TENS), -1)
    if tens_at < 0:
        value = 0
        for char in text:
            value = value * 10 + DIGITS[char]
        return value
    before, after = text[:tens_at], text[tens_at + 1 :]
    if len(before) > 1 or len(after) > 1 or (before and text[tens_at] != "十"):
        return None
    tens = DIGITS[before] if before else TENS[text[tens_at]]
    units = DIGITS.get(after, -1) if after else 0
    return None if units < 0 else tens * 10 + units
