"""Chinese in charts: the bundled CJK font, no missing glyphs, the minus sign, saving."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt

from helpers.show import charts


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


def test_timeline_of_a_corpus_counts_figures_per_period(tmp_path, monkeypatch):
    """Hundreds of dated figures: one bar per period and kind instead of one label per figure."""
    import pandas as pd

    from helpers import paths
    from helpers.show import views
    from helpers.store import schemas

    charts.set_style()
    n = 300
    rows = {c: [None] * n for c in schemas.TABLES["figures"].names}
    rows.update(doc_id=[f"d{i % 30}" for i in range(n)], kind=["money" if i % 3 else "count" for i in range(n)],
                period=[f"{2018 + i % 6}" for i in range(n)], text=[f"{i}亿元" for i in range(n)],
                qualifier=[""] * n)
    figures = pd.DataFrame(rows)
    dirs = paths.run_dirs("timeline", tmp_path).make()
    from matplotlib.axes import Axes

    labels, bars = [], []
    real_annotate, real_bar = Axes.annotate, Axes.bar
    monkeypatch.setattr(Axes, "annotate", lambda self, *a, **k: labels.append(a) or real_annotate(self, *a, **k))
    monkeypatch.setattr(Axes, "bar", lambda self, x, h, *a, **k: bars.append(list(h)) or real_bar(self, x, h, *a, **k))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        views.timeline_chart(figures, None, [], dirs, "zh")
    assert not [w for w in caught if "missing" in str(w.message).lower()]
    assert (dirs.outputs / "charts" / "03_timeline.zh.png").exists()
    assert labels == []  # no label per figure
    assert len(bars) == 2 and sum(map(sum, bars)) == n  # one bar series per kind, every figure counted once
    # a single article's few figures keep their labels
    labels.clear()
    views.timeline_chart(figures.head(5), None, [], dirs, "en")
    assert len(labels) == 5
