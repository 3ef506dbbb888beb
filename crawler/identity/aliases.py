"""Names that mean the same place, zone, event or body in English and Chinese.

An English report of a forum in "Beijing E-Town" and a Chinese report of the
same forum in "北京经开区" share no letters, and pinyin does not help
("Yizhuang" is not "Jingkaiqu").  Each group below lists the ways one
thing is written; same-event matching (``sameevent.py``) counts a group
named in both reports as a shared specific name.  Entries are in normal
form (Simplified Chinese); English entries match case-insensitively as
whole words.  Data, extended as reports show new names.
"""

from __future__ import annotations

import re
from functools import cache

from crawler.text.normal import normalise

ALIAS_GROUPS: tuple[tuple[str, ...], ...] = (
    # development and high-tech zones
    ("E-Town", "Etown", "Beijing Economic-Technological Development Area", "BDA", "Yizhuang",
     "亦庄", "北京经开区", "北京经济技术开发区", "北京亦庄"),
    ("Zhongguancun", "ZGC", "中关村"),
    ("Zhangjiang", "张江"),
    ("Lingang", "临港"),
    ("Suzhou Industrial Park", "SIP", "苏州工业园区"),
    ("BioBAY", "苏州生物医药产业园"),
    ("Optics Valley", "East Lake High-tech Zone", "East Lake High-Tech Development Zone",
     "光谷", "东湖高新区"),
    ("TEDA", "Tianjin Economic-Technological Development Area", "泰达", "天津经开区",
     "天津经济技术开发区"),
    ("Chengdu Hi-tech Zone", "Chengdu High-tech Zone", "CDHT", "成都高新区"),
    ("Xiong'an", "Xiongan", "雄安"),
    ("Greater Bay Area", "GBA", "粤港澳大湾区", "大湾区"),
    ("Boao Lecheng", "Lecheng", "博鳌乐城"),
    ("Hengqin", "横琴"),
    ("Qianhai", "前海"),
    # recurring events
    ("China International Import Expo", "CIIE", "进博会", "中国国际进口博览会"),
    ("China International Medical Equipment Fair", "CMEF", "医博会",
     "中国国际医疗器械博览会"),
    ("Canton Fair", "China Import and Export Fair", "广交会", "中国进出口商品交易会"),
    ("Boao Forum for Asia", "BFA", "博鳌亚洲论坛"),
    ("World Health Expo", "WHX", "Arab Health"),
    # bodies
    ("National Health Commission", "NHC", "国家卫生健康委", "国家卫健委"),
    ("World Health Organization", "WHO", "世界卫生组织", "世卫组织"),
    ("National Medical Products Administration", "NMPA", "国家药监局",
     "国家药品监督管理局"),
)  # fmt: skip


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    out = []
    for group in ALIAS_GROUPS:
        latin = [re.escape(name) for name in group if name.isascii()]
        chinese = [re.escape(name) for name in group if not name.isascii()]
        parts = []
        if latin:
            parts.append(rf"\b(?:{'|'.join(sorted(latin, key=len, reverse=True))})\b")
        if chinese:
            parts.append("|".join(sorted(chinese, key=len, reverse=True)))
        # Short acronyms ("BDA", "SIP") only in capitals; longer names in any case.
        out.append(re.compile("|".join(parts)))
    return tuple(out)


def alias_groups(text: str) -> frozenset[int]:
    """The alias groups a text names (by index into ALIAS_GROUPS)."""
    normal = normalise(text)
    folded = normal.casefold()
    found = set()
    for index, pattern in enumerate(_patterns()):
        if pattern.search(normal) or _long_names_match(index, folded):
            found.add(index)
    return frozenset(found)


def _long_names_match(index: int, folded: str) -> bool:
    """Case-insensitive match of the group's longer English names ("e-town")."""
    return any(
        re.search(rf"\b{re.escape(name.casefold())}\b", folded)
        for name in ALIAS_GROUPS[index]
        if name.isascii() and len(name) > 4
    )


# Health-industry terms and their usual translation: an English and a Chinese
# title that share these name the same topic ("Smart Healthcare Forum" ~
# "智慧医疗论坛"); generic event words (forum, 论坛) are not listed.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("biomedicine", "生物医药"),
    ("biomedical", "生物医药"),
    ("biopharma", "生物医药"),
    ("biotech", "生物技术"),
    ("smart healthcare", "智慧医疗"),
    ("smart medical", "智慧医疗"),
    ("digital health", "数字健康"),
    ("digital healthcare", "数字医疗"),
    ("internet hospital", "互联网医院"),
    ("medical device", "医疗器械"),
    ("medical devices", "医疗器械"),
    ("medical equipment", "医疗器械"),
    ("pharmaceutical", "医药"),
    ("pharma", "医药"),
    ("traditional chinese medicine", "中医药"),
    ("tcm", "中医药"),
    ("elderly care", "养老"),
    ("health care for the elderly", "医养"),
    ("precision medicine", "精准医学"),
    ("cell therapy", "细胞治疗"),
    ("gene therapy", "基因治疗"),
    ("artificial intelligence", "人工智能"),
    ("ai", "人工智能"),
    ("big data", "大数据"),
    ("vaccine", "疫苗"),
    ("rehabilitation", "康复"),
    ("nursing", "护理"),
    ("public health", "公共卫生"),
    ("innovation", "创新"),
    ("investment", "投资"),
    ("incubator", "孵化"),
    ("alliance", "联盟"),
    ("fund", "基金"),
    ("life sciences", "生命科学"),
    ("health industry", "健康产业"),
    ("big health", "大健康"),
    ("oncology", "肿瘤"),
    ("cancer", "癌"),
    ("cardiovascular", "心血管"),
    ("diagnostics", "诊断"),
    ("medical imaging", "医学影像"),
    ("synthetic biology", "合成生物"),
    ("clinical trial", "临床试验"),
)


def shared_concepts(english: str, chinese: str) -> tuple[int, int]:
    """(concepts named in both, concepts named in only one) of an English and a Chinese text."""
    en, zh = normalise(english).casefold(), normalise(chinese)
    in_en = {z for e, z in GLOSSARY if re.search(rf"\b{re.escape(e)}\b", en)}
    in_zh = {z for _, z in GLOSSARY if z in zh}
    return len(in_en & in_zh), len(in_en ^ in_zh)
