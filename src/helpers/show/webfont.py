"""Chinese that renders in any browser, offline: a subset of the bundled CJK font inside each page.

A reader's machine may have no CJK font (a fresh Linux box shows boxes). Each HTML page of a run
gets an ``@font-face`` with the Noto Sans CJK SC glyphs the run's pages use, as WOFF2 in a data URI,
limited to CJK code points so Latin text keeps the reader's own font. One subset serves all pages
of a run, so the font is subset once.
"""

from __future__ import annotations

import base64
import io
import re
from html import unescape
from pathlib import Path

from helpers.store.files import write_text_atomic

FAMILY = "CN Text Sans"
MARK = "<!-- zhnewsdata-webfont -->"
_STRIP = re.compile(r"<style.*?</style>|<script.*?</script>|data:[^\"')\s]+", re.S | re.I)
# The web font comes first but covers only CJK code points (unicode-range), so Latin text keeps the
# reader's system font. Listed after the system fonts, Chromium paints CJK with a fallback that has
# no glyphs (boxes) and does not swap when the data-URI font arrives; first in the list, it waits.
CJK_RANGES = "U+2E80-2FDF, U+3000-9FFF, U+F900-FAFF, U+FE10-FE4F, U+FF00-FFEF, U+20000-2FA1F"
SANS = f'"{FAMILY}", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", "PingFang SC", sans-serif'
MONO = f'"{FAMILY}", ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace'


def page_chars(html: str) -> set[str]:
    """Characters outside Latin-1 that a page shows (styles, scripts and data URIs left out)."""
    text = unescape(_STRIP.sub("", html))
    chars = {c for c in text if ord(c) > 0xFF and not c.isspace()}
    return chars | _table_data_chars(html)


_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_U_ESCAPE = re.compile(r"\\+u([0-9a-fA-F]{4})")


def _table_data_chars(html: str) -> set[str]:
    r"""Characters of interactive tables' data, which itables ships as JSON (``\u91cd``) inside a script.

    Only scripts carrying itables' ``data_json`` count: other script text is code, not shown.
    """
    out: set[str] = set()
    for m in _SCRIPT.finditer(html):
        body = m.group(1)
        if "data_json" not in body:
            continue
        units = [int(u, 16) for u in _U_ESCAPE.findall(body)]
        i = 0
        while i < len(units):
            u = units[i]
            if 0xD800 <= u < 0xDC00 and i + 1 < len(units) and 0xDC00 <= units[i + 1] < 0xE000:
                u = 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00)
                i += 1
            if u > 0xFF and not chr(u).isspace() and not 0xD800 <= u < 0xE000:
                out.add(chr(u))
            i += 1
        out |= {c for c in body if ord(c) > 0xFF and not c.isspace()}
    return out


def font_css(chars: set[str]) -> str:
    """A ``<style>`` with the bundled font subset to ``chars`` (WOFF2, base64) and the font stacks."""
    import noto_cjk_sans_otc
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # The notebook pages' own styles take their fonts from these variables (code cells through
    # .cm-editor, which outranks the rules below): set, they carry the CJK face too.
    css_rules = (
        f":root {{ --jp-code-font-family: {MONO}; --jp-content-font-family: {SANS}; --jp-ui-font-family: {SANS}; }}\n"
        f"body, .jp-Notebook, .jp-RenderedHTMLCommon, table, td, th, h1, h2, h3, p, li, button, input, select, "
        f"textarea, .dt-container {{ font-family: {SANS}; }}\n"
        f"pre, code, .jp-OutputArea-output pre, .highlight pre {{ font-family: {MONO}; }}\n"
    )
    if not chars:
        return f"{MARK}<style>\n{css_rules}</style>"
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    buf = io.BytesIO()
    with TTFont(str(noto_cjk_sans_otc.FONT_PATH), fontNumber=_sc_index(noto_cjk_sans_otc.FONT_PATH)) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f"{MARK}<style>\n@font-face {{ font-family: \"{FAMILY}\"; font-style: normal; font-weight: 100 900; "
        f"src: url(data:font/woff2;base64,{data}) format(\"woff2\"); unicode-range: {CJK_RANGES}; }}\n"
        f"{css_rules}</style>"
    )


def _sc_index(path) -> int:
    """Index of the Simplified Chinese face in the bundled collection (0 if not found)."""
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as coll:
        for i, face in enumerate(coll.fonts):
            if face["name"].getDebugName(1) == "Noto Sans CJK SC":
                return i
    return 0


def embed(pages: list[Path]) -> None:
    """Put one font subset covering all ``pages`` into each of them (atomically, idempotently)."""
    pages = [Path(p) for p in pages if Path(p).exists()]
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    todo = {p: t for p, t in texts.items() if MARK not in t}
    if not todo:
        return
    chars: set[str] = set()
    for t in todo.values():
        chars |= page_chars(t)
    css = font_css(chars)
    for p, t in todo.items():
        if "</head>" in t:
            t = t.replace("</head>", css + "\n</head>", 1)
        else:
            t = css + t
        write_text_atomic(p, t)
