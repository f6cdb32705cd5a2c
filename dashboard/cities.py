"""City labels readable by non-Chinese readers: 吴忠 -> "吴忠 Wuzhong"."""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

UNKNOWN_CITY = "unknown"  # the key used in filters and URLs for events without a city
UNKNOWN_CITY_LABEL = "Unknown city"
# Names English uses instead of the pinyin (not derivable from the characters).
EXONYMS = {
    "哈尔滨": "Harbin", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "喀什": "Kashgar",
    "日喀则": "Shigatse", "和田": "Hotan", "香港": "Hong Kong", "澳门": "Macau", "台北": "Taipei",
    "包头": "Baotou", "齐齐哈尔": "Qiqihar", "阿勒泰": "Altay", "伊犁": "Ili",
}


@lru_cache(maxsize=4096)
def city_pinyin(city: str) -> str:
    """Pinyin without tones, apostrophe before a/o/e syllables (西安 -> Xi'an)."""
    syllables = lazy_pinyin(city, style=Style.NORMAL, errors="ignore")
    if not syllables:
        return ""
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[:1] in "aoe" else "") + syllable
    return word[:1].upper() + word[1:]


def city_key(city: str | None) -> str:
    return city or UNKNOWN_CITY


@lru_cache(maxsize=4096)
def city_label(key: str | None) -> str:
    """"吴忠 Wuzhong" for a city, "Unknown city" for events whose city was not found."""
    if not key or key == UNKNOWN_CITY:
        return UNKNOWN_CITY_LABEL
    pinyin = EXONYMS.get(key) or city_pinyin(key)
    return f"{key} {pinyin}" if pinyin else key
