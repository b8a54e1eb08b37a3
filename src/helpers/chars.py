"""Characters, defined once: what counts as a Chinese character, and the closing punctuation.

Every module that asks "is this Chinese?" or "does a quotation or bracket close here?" asks here,
so the ranges cannot drift apart.
"""

from __future__ import annotations

import re

#: The Han characters as a regular-expression class body: CJK unified ideographs, extension A,
#: the compatibility ideographs, the supplementary planes' extensions, and 〇 (U+3007).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
HAN_RE = re.compile(f"[{HAN}]")

#: Closing quotation marks and brackets, Chinese and ASCII (what may follow a sentence's end).
CLOSERS = frozenset("”’」』）)】］]》〉〕\"'")
#: Each opening quotation mark or bracket with its closing one.
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》", "〔": "〕"}


def is_cjk(ch: str) -> bool:
    """True for one Han character.

    >>> is_cjk("渝"), is_cjk("〇"), is_cjk("A"), is_cjk("，")
    (True, True, False, False)
    """
    return len(ch) == 1 and HAN_RE.match(ch) is not None


def has_cjk(text: str) -> bool:
    """True if ``text`` holds at least one Han character.

    >>> has_cjk("GDP增长5%"), has_cjk("GDP 5%")
    (True, False)
    """
    return HAN_RE.search(text) is not None


_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text`` (to its 。！？), cut with … beyond ``limit`` characters.

    >>> first_sentence("第一句。第二句。"), first_sentence("没有句号", 3)
    ('第一句。', '没有…')
    """
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0] if isinstance(text, str) else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"
