"""Chinese in charts: the bundled CJK font, no missing glyphs, the minus sign, saving."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt

from helpers import charts


def test_style_sets_a_cjk_font_and_survives_the_seaborn_theme():
    name = charts.set_style()
    assert "CJK" in name or "Hei" in name or "Han" in name
    assert plt.rcParams["font.sans-serif"][0] == name
    assert plt.rcParams["axes.unicode_minus"] is False


def test_chinese_chart_renders_without_missing_glyphs(tmp_path):
    charts.set_style()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.barh(["渝西地区", "九龙坡区", "珠海冠宇"], [1800, 90, -50])
        ax.set_title("产业承接：到位资金（亿元）")
        ax.set_xlabel("金额 −50 至 1800")
        path = charts.save_figure(fig, tmp_path / "chart", svg=True)
        plt.close(fig)
    missing = [str(w.message) for w in caught if "missing" in str(w.message).lower()]
    assert not missing, missing
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.with_suffix(".svg").exists()
