"""Units: how the genre writes amounts of money (亿元, 万元) and their English counterparts."""

from __future__ import annotations

YI = 1e8  # 亿
WAN = 1e4  # 万


def yuan_text(value: float, lang: str = "zh", digits: int | None = 4) -> str:
    """An amount in yuan as the genre writes it (亿元, 万元) or in English (billion / million yuan).

    ``digits`` significant digits (``None``: as many as the value has, up to six).

    >>> yuan_text(147500000000), yuan_text(147500000000, "en"), yuan_text(12000000)
    ('1475亿元', '147.5 billion yuan', '1200万元')
    >>> yuan_text(123456789, digits=None), yuan_text(123456789)
    ('1.23457亿元', '1.235亿元')
    """
    spec = "g" if digits is None else f",.{digits}g"
    small = f"{value:g}" if digits is None else f"{value:,.0f}"
    if lang == "zh":
        for scale, word in ((YI, "亿元"), (WAN, "万元")):
            if abs(value) >= scale:
                return f"{value / scale:{spec}}".replace(",", "") + word
        return small + "元"
    for scale, word in ((1e9, " billion yuan"), (1e6, " million yuan")):
        if abs(value) >= scale:
            return f"{value / scale:{spec}}{word}"
    return small + " yuan"
