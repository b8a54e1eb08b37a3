"""The figures' digest (helpers.show.digest): read a chunk of documents at a time it is the digest of
the whole table, and what it keeps is what the whole-table computations give."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.show import commentary, digest, keyfigures
from helpers.store import products

SHOWN, TOP = 7, 2  # small, so that every list the digest keeps is cut


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from conftest import corpus_pass

    dirs = corpus_pass(tmp_path_factory.mktemp("digest"), 40, "dg")
    figs = products.load_table("figures", dirs)
    docs = products.load_documents(dirs)
    return dirs, figs, {d["doc_id"]: d.get("date") for d in docs}


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    if not len(a) and not len(b):
        return
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def assert_same(a: digest.FigureDigest, b: digest.FigureDigest) -> None:
    assert (a.n, a.n_docs, a.unresolved, a.money_n, a.n_spans, a.n_dated, a.grouped_n) == \
        (b.n, b.n_docs, b.unresolved, b.money_n, b.n_spans, b.n_dated, b.grouped_n)
    pd.testing.assert_series_equal(a.kinds, b.kinds)
    for name in ("money", "achieved_money", "forecast_money", "others", "first", "spans", "dated"):
        _frames_equal(getattr(a, name), getattr(b, name))
    _frames_equal(a.table(), b.table())
    for m, n in ((a.forecast, b.forecast), (a.bounds, b.bounds)):
        assert (m.n, m.ids, m.words) == (n.n, n.ids, n.words)
        _frames_equal(m.head, n.head)
    ga, gb = a.groups(), b.groups()
    assert [(k, n) for k, n, _ in ga] == [(k, n) for k, n, _ in gb]
    for (_, _, x), (_, _, y) in zip(ga, gb):
        _frames_equal(x, y)
    assert a.alone() == b.alone()
    _frames_equal(a.when_kind_counts(), b.when_kind_counts())
    assert a.district_counts() == b.district_counts() and a.district_place() == b.district_place()


def test_the_run_has_what_the_digest_must_cut(run):
    """Amounts, forecasts, lower bounds, groups, dated figures and districts, more of each than kept."""
    _, figs, dates = run
    d = digest.FigureDigest.of(figs, doc_dates=dates, shown=SHOWN, top=TOP)
    assert d.money_n > SHOWN and d.forecast.n > digest.MAX_IDS and d.bounds.n > digest.MAX_IDS
    assert len(d.groups()) > 2 and max(n for _, n, _ in d.groups()) > TOP
    assert d.n_spans > digest.SPANS_MAX and d.n_dated > digest.TIMELINE_LABELS and len(d.district_counts()) > 3
    assert d.forecast.words and d.bounds.words


@pytest.mark.parametrize("chunk", [1, 3, 5, 100])
def test_read_a_chunk_at_a_time_it_is_the_digest_of_the_whole_table(run, chunk):
    dirs, figs, dates = run
    whole = digest.FigureDigest.of(figs, doc_dates=dates, shown=SHOWN, top=TOP)
    assert_same(digest.FigureDigest.of_run(dirs, chunk=chunk, doc_dates=dates, shown=SHOWN, top=TOP), whole)


@settings(max_examples=8, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_any_split_of_the_rows_gives_the_same_digest(run, cuts):
    """Chunks need not end at a document: any cut of the rows, in order, gives the same digest."""
    _, figs, dates = run
    whole = digest.FigureDigest.of(figs, doc_dates=dates, shown=SHOWN, top=TOP)
    bounds = sorted({0, len(figs), *(c % (len(figs) + 1) for c in cuts)})
    d = digest.FigureDigest(doc_dates=dates, shown=SHOWN, top=TOP)
    for lo, hi in itertools.pairwise(bounds):
        d.add(figs.iloc[lo:hi])
    assert_same(d, whole)


def test_what_it_keeps_is_what_the_whole_table_gives(run):
    """Each part of the digest against the computation on the whole frame it replaces."""
    _, figs, dates = run
    d = digest.FigureDigest.of(figs, doc_dates=dates, shown=SHOWN, top=TOP)
    assert d.n == len(figs) and d.n_docs == figs["doc_id"].nunique()
    pd.testing.assert_series_equal(d.kinds, figs["kind"].value_counts(), check_names=False, check_index_type=False,
                                  check_dtype=False)
    assert d.unresolved == int(figs["period"].map(digest.unresolved).sum())
    money = figs[(figs["kind"] == "money") & (figs["unit"] == "CNY")].sort_values("value", ascending=False,
                                                                                  kind="stable")
    forecast = money["qualifier"].map(digest._is_forecast).astype(bool)
    assert d.money_n == len(money)
    _frames_equal(d.money, money.head(SHOWN))
    _frames_equal(d.achieved_money, money[~forecast].head(4))
    _frames_equal(d.forecast_money, money[forecast].head(1))
    others = figs.drop(index=money.index)
    _frames_equal(d.table(), pd.concat([money.head(SHOWN), others]).head(SHOWN))
    fc = figs[figs["qualifier"].map(digest._is_forecast).astype(bool)]
    assert d.forecast.ids == [str(i) for i in fc["figure_id"]]
    assert d.forecast.words == digest.marker_words(fc, "forecast")
    _frames_equal(d.forecast.head, fc.head(digest.MAX_IDS))
    bd = figs[figs["qualifier"].fillna("").str.contains("more_than").astype(bool)]
    assert d.bounds.ids == [str(i) for i in bd["figure_id"]] and d.bounds.words == digest.marker_words(bd, "bound")
    groups = keyfigures.groups(figs)
    assert [(k, len(g)) for k, g in groups] == [(k, n) for k, n, _ in d.groups()]
    for (_, g), (_, _, top) in zip(groups, d.groups()):
        _frames_equal(top, g.sort_values("value", ascending=False, kind="stable").head(TOP))
    assert d.alone() == len(figs) - sum(len(g) for _, g in groups)
    spans = digest.spans(figs, dates)
    assert d.n_spans == len(spans)
    _frames_equal(d.spans, spans.head(digest.SPANS_MAX + 1))
    assert d.district_counts() == keyfigures.district_counts(figs)
    placed = figs.dropna(subset=["place_code"]).astype({"place_code": str})
    assert d.district_place() == placed.groupby("place_code")["place"].first().to_dict()


def test_the_one_document_table_is_every_figure_in_order(run):
    _, figs, dates = run
    one = figs[figs["doc_id"] == figs["doc_id"].iloc[0]]
    d = digest.FigureDigest.of(one, doc_dates=dates, shown=len(one))
    _frames_equal(d.table(), one)


def test_a_digest_kept_for_fewer_bars_than_asked_says_so(run):
    _, figs, _ = run
    d = digest.FigureDigest.of(figs, top=TOP)
    assert digest.digest_of(d, top=TOP) is d
    with pytest.raises(ValueError, match="keeps 2 figures per group"):
        digest.digest_of(d, top=TOP + 1)


@pytest.mark.parametrize("chunk", [1, 4])
def test_the_reports_other_passes_equal_the_whole_tables(run, chunk):
    """A corpus report's cleaning section (every entry's kind, the flagged entries) and TextRank
    sentence (each document's agreement), read a chunk at a time, are the whole tables'."""
    from helpers.show import report

    dirs = run[0]
    ids = products.document_ids(dirs)
    log = products.load_table("cleaning_log", dirs)
    ops, flags = report._cleaning(dirs, ids, chunk)
    assert ops["op"].tolist() == log["op"].tolist() and len(flags)
    _frames_equal(flags, log[log["op"].str.startswith("flag_")])
    whole = commentary.shared_per_document(products.load_table("keywords", dirs))
    pd.testing.assert_series_equal(report._textrank_shared(dirs, ids, chunk), whole, check_names=False)
    assert len(whole) > 3 and whole.mean() == report._textrank_shared(dirs, ids, chunk).mean()


@pytest.mark.parametrize("chunk", [1, 3, 100])
def test_the_entities_read_a_chunk_at_a_time_are_the_whole_tables(run, chunk):
    """The entities' digest: totals per name and type, the most mentioned rows, each name's mentions,
    type and written form, and each pair's weight, as the whole tables give them."""
    from helpers.show import maps

    dirs = run[0]
    ents, cooc = products.load_table("entities", dirs), products.load_table("cooccurrence", dirs)
    d = digest.EntityDigest.of_run(dirs, products.document_ids(dirs), chunk=chunk, limit=9)
    assert (len(d), d.n_docs, d.n_pairs, len(d.pairs)) == (len(ents), ents["doc_id"].nunique(), len(cooc), len(cooc))
    _frames_equal(d.totals(), digest.rank_entities(digest.entity_totals(ents)))
    _frames_equal(d.ranked(), ents.sort_values("mentions", ascending=False, kind="stable").head(9))
    g, mentions, types, written = maps._network_graph(None, d, 25)
    g0, mentions0, types0, written0 = maps._network_graph(cooc, ents, 25)
    assert (mentions, types) == (mentions0, types0) and sorted(g.edges(data=True)) == sorted(g0.edges(data=True))
    assert {k: written0[k] for k in written} == written and len(d.edges()) > 3
    assert commentary.geography(d, None, "en", {}) == commentary.geography(ents, None, "en", {})


def test_stage_03_and_04_read_what_their_notebooks_show(run):
    """Notebook 03's first rows and digest, and notebook 04's figures without their sentences,
    give what the whole figures table gives."""
    from helpers.extract.entities import link_figures
    from helpers.run import stages
    from helpers.show import views

    dirs, figs, _ = run
    docs = products.overview(dirs).to_dict("records")
    stage = stages.FigureStage(products.document_ids(dirs), dirs, [], [])
    for n in (1, 17, len(figs) + 5):
        _frames_equal(stage.head(n), figs.head(n))
    assert_same(stage.digest(docs, top=TOP), digest.FigureDigest.of(
        figs, doc_dates={d["doc_id"]: d.get("date") for d in docs}, top=TOP))
    slim = stages.figures_for_entities(dirs)
    assert list(slim.columns) == stages.ENTITY_FIGURE_COLUMNS and len(slim) == len(figs)
    ents = products.load_table("entities", dirs)
    links = link_figures(ents, figs)
    _frames_equal(link_figures(ents, slim), links)
    for lang in ("en", "zh"):
        _frames_equal(views.entity_figures(links, 30, slim, lang), views.entity_figures(links, 30, figs, lang))
        assert commentary.geography(ents, links, lang, figures=slim) == commentary.geography(ents, links, lang,
                                                                                            figures=figs)


@pytest.mark.parametrize("chunk", [1, 4])
def test_notebook_04_read_a_chunk_at_a_time_says_what_the_whole_table_says(run, chunk):
    """Links, the entity-figures table and the money sentence from figures read a chunk of documents
    at a time are those of the whole table."""
    from helpers.extract.entities import link_figures
    from helpers.run import stages
    from helpers.show import views

    dirs, figs, _ = run
    chunks = stages.figure_chunks(dirs, chunk=chunk)
    ents = products.load_table("entities", dirs)
    links = link_figures(ents, figs)
    _frames_equal(link_figures(ents, chunks), links)
    for lang in ("en", "zh"):
        table = views.entity_figures(links, 30, figs, lang)
        assert len(table) > 3
        _frames_equal(views.entity_figures(links, 30, chunks, lang), table)
        _frames_equal(views.entity_figures(links, 3, chunks, lang), views.entity_figures(links, 3, figs, lang))
        geo = commentary.geography(ents, links, lang, figures=figs)
        assert geo == commentary.geography(ents, links, lang, figures=chunks)
    assert "The largest amount attributed to each: " in commentary.geography(ents, links, "en", figures=chunks)
