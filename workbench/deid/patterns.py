"""Patterns of what identifies someone wherever it is written: e-mail addresses, phone
numbers (Chinese mobiles of 11 digits too), ID and record numbers, exact dates and street
addresses; and, in Chinese, names before a title (王医生, 李主任, 唐护士) and places before
a suffix (渝中区, 解放碑街道, 石油路社区)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_STREET = ("Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Court|Close|Way|Place|Terrace|"
           "Crescent|Boulevard|Blvd|Square|Row|Gardens")

# In the order they are tried: a span taken by one is not offered to the next.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("date", re.compile(
        r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"
        r"|(?<!\d)\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\d/.])"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})\.?,? \d{{4}}\b"
        rf"|\b(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
        r"|\d{4}年\d{1,2}月\d{1,2}[日号]")),
    ("phone", re.compile(
        r"(?<![\dA-Za-z+])1[3-9]\d{9}(?![\dA-Za-z])"  # a Chinese mobile (not in a GUID's hex)
        r"|(?<![\w+-])(?:\+\d{1,3}[ -]?)?(?:\(\d{2,5}\)[ -]?)?\d{2,5}(?:[ -]\d{2,5}){1,4}(?![\w-])"
        r"|(?<![\w+])\+\d{8,14}(?!\d)")),
    ("id", re.compile(
        r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"  # a Chinese ID card
        r"|\b[A-Z]{1,3}-?\d{5,}\b"
        r"|(?<![\w,.-])\d{6,}(?![\w,.-])")),
    ("address", re.compile(
        rf"\b\d{{1,5}}[A-Za-z]? (?:[A-Z][a-z]+ ){{1,3}}(?:{_STREET})\b\.?"
        r"|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"  # a British postcode
        r"|[\u4e00-\u9fff]{2,8}?(?:路|街|巷|大道)\d+号")),
)
MIN_PHONE_DIGITS = 8

# Common Chinese surnames; a few that are also common word endings (全, 区, 方) are left
# out, so that 全科医生 and 对方医生 are not taken for names.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹"
            "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
TITLES_ZH = ("医生", "大夫", "主任", "老师", "护士", "院长", "书记", "科长", "站长", "经理")
CHINESE_NAME = re.compile(f"[{SURNAMES}][\u4e00-\u9fff]{{0,2}}?(?:{'|'.join(TITLES_ZH)})")
PLACE_SUFFIXES = ("街道", "社区", "区", "镇", "乡", "村", "县")
_PLACE = re.compile(f"[\u4e00-\u9fff]{{2,5}}?(?:{'|'.join(PLACE_SUFFIXES)})")
# Characters that end a place name on the left: 在渝中区 is 渝中区.
_NOT_PLACE = set("在的我们是了个这那和到去从里给对跟被把说就都也还有各每本该些其一二三四五六七"
                 "八九十几全于为与及或而但因所以多少他她它你您咱哪什么")
_GENERIC_PLACES = {"辖区", "城区", "郊区", "市区", "小区", "片区", "园区", "景区", "地区", "山区",
                   "农村", "乡村", "社区", "街道", "基层社区", "城乡", "本社区", "乡镇"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Match:
    kind: str  # email, date, phone, id, address, person, place
    start: int
    end: int
    text: str


_NEEDED = re.compile(r"[\d@]+")  # every pattern has a digit or an at sign
_LABEL_LIKE = re.compile(r"[A-Za-z]\d{1,4}(?![\d@])")
MARGIN = 64  # the longest text a pattern takes either side of its digits (an e-mail's name)
_SPACE = re.compile(r"\s")


def find_patterns(text: str) -> list[Match]:
    """Every pattern match in ``text``, without overlaps, by position. Only the stretches
    around digits and at signs are searched, from a space to a space (the patterns are slow
    on long prose, which has few digits)."""
    found: list[Match] = []
    window: list[int] | None = None
    for m in _NEEDED.finditer(text):
        if _LABEL_LIKE.match(text, max(0, m.start() - 1)) and m.end() - m.start() <= 4:
            continue  # the digits of a participant ID such as G12: no pattern starts there
        start, end = max(0, m.start() - MARGIN), min(len(text), m.end() + MARGIN)
        if window is not None and start <= window[1]:
            window[1] = end
            continue
        if window is not None:
            found.extend(_in_window(text, *window))
        window = [start, end]
    if window is not None:
        found.extend(_in_window(text, *window))
    return found


def _in_window(text: str, start: int, end: int) -> list[Match]:
    while start > 0 and not _SPACE.match(text, start - 1):
        start -= 1
    while end < len(text) and not _SPACE.match(text, end):
        end += 1
    return [Match(m.kind, m.start + start, m.end + start, m.text)
            for m in _find_in_line(text[start:end])]


def _find_in_line(text: str) -> list[Match]:
    taken: list[tuple[int, int]] = []
    found: list[Match] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind == "phone" and sum(ch.isdigit() for ch in m.group()) < MIN_PHONE_DIGITS:
                continue
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            start = m.start()
            if kind == "address" and HAN.match(text, start):
                start = _after_stop(text, start, m.end())
            taken.append((m.start(), m.end()))
            found.append(Match(kind, start, m.end(), text[start:m.end()]))
    return sorted(found, key=lambda m: m.start)


def _after_stop(text: str, start: int, end: int) -> int:
    """Where a Chinese name begins: after the last character that cannot be part of one
    (在渝中区 → 渝中区)."""
    cut = max((i for i in range(start, end) if text[i] in _NOT_PLACE), default=start - 1)
    return cut + 1


def find_chinese(text: str) -> list[Match]:
    """Names before a title and places before a suffix, in Chinese text."""
    if not HAN.search(text):
        return []
    found = [Match("person", m.start(), m.end(), m.group()) for m in CHINESE_NAME.finditer(text)]
    for m in _PLACE.finditer(text):
        suffix = next(s for s in PLACE_SUFFIXES if m.group().endswith(s))
        prefix = m.group()[:-len(suffix)]
        cut = max((i for i, ch in enumerate(prefix) if ch in _NOT_PLACE), default=-1)
        start = m.start() + cut + 1
        name = text[start:m.end()]
        if len(name) - len(suffix) < 2 or name in _GENERIC_PLACES:
            continue
        found.append(Match("place", start, m.end(), name))
    return found
