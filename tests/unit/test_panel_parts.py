"""The panel built a part at a time (helpers.extract.panel_parts): the same four tables as panel.build,
in one part or several, read in small chunks, on a run with reprints and a changed copy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.extract import panel, panel_parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reprint_run(tmp_path_factory):
    """Eight documents of the test corpus, a word-for-word reprint of one, a copy of another with its
    first figure changed and two years of one district, through the per-document pass."""
    from helpers import paths
    from helpers.run import execute, inputs
    from helpers.store import products

    tmp = tmp_path_factory.mktemp("panel_parts")
    folder = tmp / "in"
    folder.mkdir()
    files = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))[:8]
    for p in files:
        shutil.copy(p, folder / p.name)
    shutil.copy(files[1], folder / "zz_reprint.txt")
    text = next(t for t in (p.read_bytes().decode("utf-8", "replace") for p in files[2:]) if "\ufffd" not in t)
    (folder / "zz_changed.txt").write_text(re.sub(r"\d+", lambda m: str(int(m.group()) + 7), text, count=1),
                                           encoding="utf-8")
    (folder / "zz_series.txt").write_text(
        "九龙坡区工业经济稳步增长\n\n2023年，九龙坡区实现地区生产总值1800亿元，规上工业企业达到520家。\n\n"
        "2024年，九龙坡区实现地区生产总值1905亿元，规上工业企业达到560家。\n", encoding="utf-8")
    dirs = paths.run_dirs("pp", tmp).make()
    res = execute.run_stage("all", inputs.iter_inputs(folder), execute.Settings(dirs=dirs))
    products.write_manifest([r["doc_id"] for r in res], dirs)
    return dirs


@pytest.fixture(scope="module")
def reference(reprint_run):
    return panel.build(*panel.load(reprint_run))


def test_the_run_has_what_the_parts_must_get_right(reference):
    """The reference panel has reprints, restatements, several sources and figures left out, so the
    comparisons below are not of empty tables."""
    assert (reference.sources["copy_of"] != "").any()
    assert (reference.sources["same_as"] != "").any()
    assert (reference.facts["n_sources"] > 1).any()
    assert len(reference.left_out) and len(reference.series)


@pytest.mark.parametrize("n_parts,chunk", [(1, 2000), (3, 2), (16, 1)])
def test_parts_give_the_tables_of_the_whole(reprint_run, reference, tmp_path, n_parts, chunk):
    written = panel_parts.build(reprint_run, "key", n_parts=n_parts, chunk=chunk, out=tmp_path)
    assert [p.name for p in written] == [f"{s.name}.parquet" for s in panel.SPECS]
    for spec, want in zip(panel.SPECS, (reference.facts, reference.sources, reference.series, reference.left_out)):
        got = panel.conform(pd.read_parquet(tmp_path / f"{spec.name}.parquet"), spec)
        pd.testing.assert_frame_equal(got, want, obj=spec.name)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)  # no part left behind


def test_the_files_are_stamped_as_write_parquet_stamps_them(reprint_run, reference, tmp_path):
    from types import SimpleNamespace

    panel_parts.build(reprint_run, "abc", n_parts=2, out=tmp_path)
    dirs = SimpleNamespace(processed=tmp_path)
    assert panel.built_from(dirs) == "abc"
    got = panel.read_built(dirs, "abc")
    assert got.documents == reference.documents
    pd.testing.assert_frame_equal(got.facts, reference.facts)


def test_hashes_read_past_a_nul():
    """The blanked sentences are made with NULs: ``a\\0b`` and ``a\\0c`` are two sentences."""
    h = panel_parts._hash(np.array(["规模\x00的纺织", "规模\x00的装备", "规模\x00的纺织", ""], dtype=object))
    assert h[0] == h[2] and h[0] != h[1] and len(set(h.tolist())) == 3


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(0, 6), min_size=n, max_size=n), st.lists(st.integers(0, 6), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n))))
def test_components_are_the_union_finds(case):
    n, a, b, skip = case
    u = panel._Union(n)
    for keys in (a, b):
        first: dict = {}
        for i, key in enumerate(keys):
            if skip[i]:
                continue
            j = first.setdefault(key, i)
            if j != i:
                u.join(j, i)
    rows = np.flatnonzero(~np.array(skip))
    got = panel_parts._components(n, [(rows, np.array(a)[rows]), (rows, np.array(b)[rows])])
    assert got.tolist() == [u.find(i) for i in range(n)]


def test_a_run_without_figures_gives_empty_tables(tmp_path):
    from helpers import paths
    from helpers.store import products

    dirs = paths.run_dirs("none", tmp_path).make()
    products.write_manifest([], dirs)
    panel_parts.build(dirs, "k", out=tmp_path / "out")
    for spec in panel.SPECS:
        got = panel.conform(pd.read_parquet(tmp_path / "out" / f"{spec.name}.parquet"), spec)
        pd.testing.assert_frame_equal(got, panel.empty(spec))


# ----------------------------------------------------------------------------- read in place (store.panel_query)


@pytest.fixture(scope="module")
def stored(reprint_run, reference, tmp_path_factory):
    from types import SimpleNamespace

    from helpers.extract import panel_query

    out = tmp_path_factory.mktemp("stored")
    panel_parts.build(reprint_run, "key", n_parts=2, out=out)
    reference.documents = panel_query.Stored(SimpleNamespace(processed=out)).documents
    return panel_query.Stored(SimpleNamespace(processed=out))


def test_the_stored_panel_answers_as_the_frames_do(stored, reference):
    assert (reference.facts["status"] == "conflict").any() and reference.documents == 11
    assert stored.counts() == reference.counts()
    assert stored.left_out_reasons() == reference.left_out_reasons()
    for top in (1, 5, 10_000):
        got, want = stored.ranked_facts(top), reference.ranked_facts(top)
        assert got[1] == want[1]
        pd.testing.assert_frame_equal(got[0], want[0])
        for g, w in zip(stored.conflicts(top), reference.conflicts(top)):
            pd.testing.assert_frame_equal(g, w)
        for g, w in zip(stored.series_head(top), reference.series_head(top)):
            if isinstance(w, pd.DataFrame):
                pd.testing.assert_frame_equal(g, w)
            else:
                assert g == w
    pd.testing.assert_frame_equal(stored.read().facts, reference.facts)


def test_notebook_07s_text_is_the_same_from_the_files(stored, reference):
    from helpers.show import panel_view

    for lang in ("en", "zh"):
        assert panel_view.summary(stored, lang) == panel_view.summary(reference, lang)
        pd.testing.assert_frame_equal(panel_view.conflicts_display(stored, 3, lang),
                                      panel_view.conflicts_display(reference, 3, lang))
        pd.testing.assert_frame_equal(panel_view.facts_display(stored.ranked_facts(7)[0], lang),
                                      panel_view.facts_display(reference.ranked_facts(7)[0], lang))
    assert panel.codebook(stored, views=False) == panel.codebook(reference, views=False)


def test_a_stored_panel_needs_its_files(tmp_path):
    from types import SimpleNamespace

    from helpers.extract import panel_query

    with pytest.raises(FileNotFoundError, match="no built panel"):
        panel_query.Stored(SimpleNamespace(processed=tmp_path))
