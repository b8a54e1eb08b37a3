"""One chart style for the collection: a CJK font that ships with pip, seaborn theme, saving."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from helpers.store.files import write_bytes_atomic

# System CJK fonts, preferred where present (they match the rest of the desktop).
SYSTEM_CJK = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)


@functools.lru_cache(maxsize=1)
def cjk_font() -> str:
    """Name of the CJK font the charts use: a system one if installed, else the bundled Noto.

    The bundled font comes from the ``noto-cjk-sans-otc`` wheel (SIL OFL), so ``pip install``
    alone gives charts that render Chinese.
    """
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in SYSTEM_CJK:
        if name in installed:
            return name
    import noto_cjk_sans_otc

    # The collection holds every regional face; Simplified Chinese is the one for this genre.
    font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    names = {f.name for f in font_manager.fontManager.ttflist}
    return "Noto Sans CJK SC" if "Noto Sans CJK SC" in names else font_manager.FontProperties(
        fname=str(noto_cjk_sans_otc.FONT_PATH)
    ).get_name()


def set_style(context: str = "notebook") -> str:
    """Apply the collection's chart style and return the CJK font's name.

    Seaborn's theme resets ``font.family``, so the font is set after it, and ``axes.unicode_minus``
    is turned off because CJK fonts lack the Unicode minus glyph.
    """
    import seaborn as sns

    font = cjk_font()
    sns.set_theme(context=context, style="whitegrid", palette="deep")
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["figure.dpi"] = 110
    plt.rcParams["savefig.dpi"] = 150
    plt.rcParams["savefig.bbox"] = "tight"
    plt.rcParams["svg.fonttype"] = "path"
    return font


def save_figure(fig, path: str | Path, svg: bool = False) -> Path:
    """Save ``fig`` as PNG (and SVG beside it if asked), atomically."""
    path = Path(path).with_suffix(".png")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    write_bytes_atomic(path, buf.getvalue())
    if svg:
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        write_bytes_atomic(path.with_suffix(".svg"), buf.getvalue())
    return path
