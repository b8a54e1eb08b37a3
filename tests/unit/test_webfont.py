"""Pages carry a subset of the bundled CJK font, so Chinese renders on machines without one."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from helpers.show import webfont


def test_page_chars_ignore_styles_scripts_and_data():
    page = "<style>p{content:'样式'}</style><script>var s='脚本'</script><p>重庆&#x4E2D;</p><img src='data:image/png;base64,5Lit'>"
    assert webfont.page_chars(page) == {"重", "庆", "中"}


def test_embed_puts_one_subset_with_the_glyphs_into_every_page(tmp_path):
    a = tmp_path / "a.html"
    b = tmp_path / "b.html"
    a.write_text("<html><head></head><body><h1>渝西地区</h1></body></html>", encoding="utf-8")
    b.write_text("<html><head></head><body><p>珠海冠宇</p></body></html>", encoding="utf-8")
    webfont.embed([a, b])
    pages = [p.read_text(encoding="utf-8") for p in (a, b)]
    fonts = [re.search(r"base64,([A-Za-z0-9+/=]+)\) format\(\"woff2\"\)", p).group(1) for p in pages]
    assert fonts[0] == fonts[1]
    with TTFont(io.BytesIO(base64.b64decode(fonts[0]))) as font:
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "渝西地区珠海冠宇")
        assert font["name"].getDebugName(1).startswith("Noto Sans CJK SC")
    assert "unicode-range: U+2E80" in pages[0]
    webfont.embed([a, b])  # idempotent: a second pass adds nothing
    assert a.read_text(encoding="utf-8") == pages[0]


def test_notebook_code_cells_take_the_font_through_the_lab_variables():
    """JupyterLab's styles give code cells ``var(--jp-code-font-family)`` with a selector that outranks
    ours (``.cm-editor.cm-s-jupyter .highlight pre``): the variables themselves must name the font."""
    css = webfont.font_css(set())
    for var in ("--jp-code-font-family", "--jp-content-font-family", "--jp-ui-font-family"):
        assert re.search(var + r': "' + webfont.FAMILY + '"', css), var
