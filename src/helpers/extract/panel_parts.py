"""The panel of a run built a part at a time: the same four tables as :func:`helpers.extract.panel.build`,
in memory that does not grow with the corpus' text.

:func:`panel.build` holds the figures and the four tables it makes in pandas (about 0.6 GB of tables per
20 MB of text). Here the run's figures are read from their batches twice, a chunk of documents at a time:

1. **Keys** (:func:`_keys`). For every figure a few integers: its document, sentence and offset, a
   64-bit hash of its sentence and of the sentence with its figures blanked, and codes for the words
   a fact key is made of. On those alone come the reprints (:func:`panel.copies_keyed`), the
   statements (the first figure saying the same thing: connected components whose root is their
   earliest figure, as :func:`panel.statements`' union-find), the inherited key, ``fact_id`` and why a
   figure is left out. Each figure is given a **part**: a hash of its place (or code), subject and
   metric, so that every fact and every series falls in one part.
2. **Parts** (:func:`_spill`, :func:`_part`). The figures are written to one temporary Parquet file
   per part, with their key; each part is then made into facts, sources, series and figures left out
   by the same functions :func:`panel.build` uses, and written to temporary files.
3. **Order** (:func:`_combine`). DuckDB (out of core) puts the parts' rows in the order
   :func:`panel.build` gives them - facts by place, subject, metric, measure, period and as_of, then
   their first figure; sources and figures left out in document order; series by id, time and
   reading - and the four Parquet files are written from its stream, stamped as
   :func:`panel.write_parquet` stamps them.

The tables are equal to :func:`panel.build`'s (``tests/unit/test_panel_parts.py`` compares them, a part
and several). Hashing sentences makes two different sentences one with a chance of about ``n**2/2**65``
for ``n`` distinct sentences (10**-7 for ten million).
"""

from __future__ import annotations

import hashlib
import math
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.extract import panel as P
from helpers.store import parts, products, query, schemas
from helpers.store.files import PARQUET_COMPRESSION, atomic_path

#: Figures per part: a part is built in pandas, about 1 GB at 300,000 figures.
PART_FIGURES = 250_000

_READ = ("doc_id", "sent_id", "start", "text", "sentence", "place", "place_code", "subject", "metric",
         "metric_en", "measure", "period", "period_kind", "qualifier", "unit", "value")
_CODED = ("place", "place_code", "subject", "metric", "metric_en", "measure", "period", "period_kind",
          "qualifier", "unit")
_OWN = ("doc_id", "figure_id", "sent_id", "start", "end", "raw_start", "raw_end", "text", "value",
        "value_low", "value_high", "qualifier", "unit", "period_kind", "sentence")
_WHY = ("", "generic_metric", "no_place_or_subject", "no_unit", "no_metric", "no_value")


class _Vocab:
    """Codes for the distinct values of a text column, the same across chunks."""

    def __init__(self):
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def encode(self, values: np.ndarray) -> np.ndarray:
        codes, uniques = pd.factorize(values)
        table = np.array([self._code(u) for u in uniques] + [self._code("")], dtype="int32")
        return table[codes]

    def _code(self, v: str) -> int:
        c = self.codes.get(v)
        if c is None:
            c = self.codes[v] = len(self.values)
            self.values.append(v)
        return c

    def decode(self, codes: np.ndarray) -> np.ndarray:
        return np.array(self.values, dtype=object)[codes] if len(self.values) else np.full(len(codes), "", object)


def _hash(values) -> np.ndarray:
    """A 64-bit hash of each string, worked out once per distinct value (a dict, not ``pandas.factorize``
    or ``hash_array``: they read a string only up to a NUL, and the blanked sentences are made with NULs)."""
    seen: dict[str, int] = {}
    out = np.empty(len(values), dtype="int64")
    for i, v in enumerate(values):
        h = seen.get(v)
        if h is None:
            h = seen[v] = int.from_bytes(hashlib.blake2b(v.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                                         "little", signed=True)
        out[i] = h
    return out


def _sent_keys(doc: np.ndarray, sent: np.ndarray, start: np.ndarray, texts: np.ndarray,
               sentences: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a chunk's figures (rows of whole documents): each figure's number among its sentence's
    figures in document order, the hash of its sentence and of its sentence with the figures blanked."""
    order = np.lexsort((np.arange(len(doc)), start, sent, doc))
    index = np.empty(len(doc), dtype="int32")
    masked = np.empty(len(doc), dtype=object)
    i, n = 0, len(order)
    while i < n:
        j = i
        k = (doc[order[i]], sent[order[i]])
        while j < n and (doc[order[j]], sent[order[j]]) == k:
            j += 1
        rows = order[i:j]
        index[rows] = np.arange(j - i)
        masked[rows] = P._masked(sentences[rows[-1]], [texts[r] for r in rows])
        i = j
    return index, _hash(sentences), _hash(masked)


def _components(n: int, groups: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The earliest member of each element's connected component, where each ``(rows, codes)`` joins
    the rows that share a code (what :class:`panel._Union` gives, in arrays)."""
    label = np.arange(n, dtype="int64")
    groups = [(rows, codes, int(codes.max()) + 1) for rows, codes in groups if len(rows)]
    changed = True
    while changed:
        changed = False
        for rows, codes, m in groups:
            low = np.full(m, n, dtype="int64")
            np.minimum.at(low, codes, label[rows])
            new = low[codes]
            better = new < label[rows]
            if better.any():
                label[rows[better]] = new[better]
                changed = True
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    return label


def _codes_of(*cols: np.ndarray) -> np.ndarray:
    """One code per distinct row of the columns."""
    return pd.DataFrame({str(i): c for i, c in enumerate(cols)}).groupby(
        [str(i) for i in range(len(cols))], sort=False).ngroup().to_numpy()


class _Keys:
    """What step 1 finds for every figure of the run, in the run's figure order (``load_table``'s)."""

    def __init__(self, dirs):
        self.doc_ids = products.document_ids(dirs)
        overview = products.overview(dirs)
        docs = P._documents_order(pd.DataFrame({"doc_id": []}), overview)
        self.doc_order = dict(zip(docs["doc_id"], docs["order"]))
        self.doc_date = dict(zip(docs["doc_id"], docs["date"]))
        self.documents = int(overview["doc_id"].nunique()) if len(overview) else 0
        self.vocab = {c: _Vocab() for c in _CODED}
        self.docs = _Vocab()


def _keys(dirs, chunk: int = parts.CHUNK_DOCS) -> tuple[_Keys, dict]:
    """Step 1: the figures' keys (codes and hashes), read a chunk of documents at a time."""
    k = _Keys(dirs)
    cols: dict[str, list] = {c: [] for c in (*_CODED, "doc", "sent_id", "start", "index", "h_sent", "h_masked",
                                           "short", "no_value")}
    for t in parts.arrow_chunks(dirs, "figures", k.doc_ids, columns=list(_READ), chunk=chunk):
        df = t.to_pandas()
        text = {c: schemas.text_values(df[c]) for c in ("doc_id", "text", "sentence", *_CODED)}
        doc = k.docs.encode(text["doc_id"])
        sent = df["sent_id"].to_numpy("int64")
        start = df["start"].to_numpy("int64")
        index, h_sent, h_masked = _sent_keys(doc, sent, start, text["text"], text["sentence"])
        for c in _CODED:
            cols[c].append(k.vocab[c].encode(text[c]))
        cols["doc"].append(doc)
        cols["sent_id"].append(sent)
        cols["start"].append(start)
        cols["index"].append(index)
        cols["h_sent"].append(h_sent)
        cols["h_masked"].append(h_masked)
        cols["short"].append(np.fromiter((len(s) < P.SHORT_SENTENCE for s in text["sentence"]), bool, len(df)))
        cols["no_value"].append(df["value"].isna().to_numpy())
    a = {c: (np.concatenate(v) if v else np.zeros(0, "int64")) for c, v in cols.items()}
    return k, a


def _find(k: _Keys, a: dict, n_parts: int) -> dict:
    """Step 1 continued: document order, reprints, statements, the inherited key, fact_id, why, part."""
    n = len(a["doc"])
    doc_names = np.array(k.docs.values, dtype=object)
    extra = sorted(set(k.docs.values) - set(k.doc_order))  # figures of documents not in the overview
    order_of = dict(k.doc_order, **{d: len(k.doc_order) + i for i, d in enumerate(extra)})
    doc_order = np.array([order_of[d] for d in doc_names], dtype="int64")
    doc_date = np.array([k.doc_date.get(d, "") or "" for d in doc_names], dtype=object)
    pos = np.lexsort((np.arange(n), a["start"], a["sent_id"], doc_order[a["doc"]]))  # global order
    g = {c: v[pos] for c, v in a.items()}
    g["order"] = doc_order[g["doc"]]
    # reprints: documents half of whose figure sentences are word for word in an earlier one
    has = ~g["short"]
    sentences = pd.DataFrame({"doc_id": g["doc"][has], "order": g["order"][has], "sentence": g["h_sent"][has]})
    copy_of = P.copies_keyed(sentences)
    family = np.arange(len(doc_names), dtype="int64")
    for copy, original in copy_of.items():
        family[copy] = original
    rows = np.flatnonzero(has)
    origin = _components(n, [(rows, _codes_of(g["h_sent"][rows], g["index"][rows])),
                             (rows, _codes_of(family[g["doc"][rows]], g["h_masked"][rows], g["index"][rows]))])
    for c in P._INHERITED:
        g[c] = g[c][origin]
    # as_of: the month of the document first stating it, for a period not on the calendar
    period_vals = np.array(k.vocab["period"].values, dtype=object)
    date_codes, dates = pd.factorize(doc_date[g["doc"][origin]])
    pairs = _codes_of(g["period"], date_codes)
    first = np.unique(pairs, return_index=True)[1]
    as_of_u = {int(pairs[i]): "" if P.on_calendar(period_vals[g["period"][i]]) else P.as_of_month(dates[date_codes[i]])
               for i in first}
    as_of = np.array([as_of_u[i] for i in range(len(as_of_u))], dtype=object)[pairs] if n else np.zeros(0, object)
    v = {c: np.array(k.vocab[c].values or [""], dtype=object) for c in _CODED}
    forecast = (np.array(["forecast" in q for q in v["qualifier"]])[g["qualifier"]]
                | (v["period_kind"][g["period_kind"]] == "forecast"))
    who = np.where(v["place_code"][g["place_code"]] != "", v["place_code"][g["place_code"]], v["place"][g["place"]])
    who_codes, who_vals = pd.factorize(who)
    as_of_codes, as_of_vals = pd.factorize(as_of)
    fact_cols = (who_codes, g["subject"], g["metric"], g["measure"], g["unit"], g["period"], g["period_kind"],
                 as_of_codes, forecast)
    fact_codes = _codes_of(*fact_cols) if n else np.zeros(0, "int64")
    firsts = np.unique(fact_codes, return_index=True)[1] if n else []
    fact_ids = np.empty(len(firsts), dtype=object)
    for i in firsts:
        key = (who_vals[who_codes[i]], v["subject"][g["subject"][i]], v["metric"][g["metric"][i]],
               v["measure"][g["measure"][i]], v["unit"][g["unit"][i]], v["period"][g["period"][i]],
               v["period_kind"][g["period_kind"][i]], as_of_vals[as_of_codes[i]], bool(forecast[i]))
        fact_ids[fact_codes[i]] = "P" + hashlib.sha1("|".join(map(str, key)).encode()).hexdigest()[:10]
    # why a figure is no fact (panel._left_out, in the same order: the last reason given stands)
    why = np.zeros(n, dtype="int8")
    generic = np.array([m in P.GENERIC_METRICS for m in v["metric"]])
    why[generic[g["metric"]] & (v["subject"][g["subject"]] == "")] = 1
    why[(v["place"][g["place"]] == "") & (v["subject"][g["subject"]] == "")] = 2
    why[v["unit"][g["unit"]] == ""] = 3
    why[v["metric"][g["metric"]] == ""] = 4
    why[g["no_value"]] = 5
    part = (_codes_of(who_codes, g["subject"], g["metric"]) * 2654435761 % max(1, n_parts)) if n else why
    # back to the run's figure order, for the second read
    back = np.empty(n, dtype="int64")
    back[pos] = np.arange(n)
    return {"back": back, "pos": pos, "origin": origin, "as_of": as_of, "fact": fact_codes, "fact_ids": fact_ids,
            "why": why, "part": part, "order": g["order"], "copy_of": copy_of,
            "doc_names": doc_names, "inherited": {c: v[c][g[c]] for c in P._INHERITED}}


def _spill(dirs, k: _Keys, found: dict, folder: Path, n_parts: int, chunk: int) -> list[Path]:
    """Step 2: every figure with its key, written to its part's file (in the run's figure order)."""
    back, origin, pos = found["back"], found["origin"], found["pos"]
    ids = [t["figure_id"].combine_chunks() for t in
           parts.arrow_chunks(dirs, "figures", k.doc_ids, columns=["figure_id"], chunk=chunk)]
    ids = pa.concat_arrays(ids) if ids else pa.array([], pa.string())
    origin_id = ids.take(pa.array(pos[origin]))  # by global position: the figure_id of its statement's origin
    copy_of = {found["doc_names"][c]: found["doc_names"][o] for c, o in found["copy_of"].items()}
    why_names = np.array(_WHY, dtype=object)
    writers: dict[int, pq.ParquetWriter] = {}
    paths = [folder / f"in_{q:04d}.parquet" for q in range(n_parts)]
    start = 0
    try:
        for t in parts.arrow_chunks(dirs, "figures", k.doc_ids, columns=list(_OWN), chunk=chunk):
            n = t.num_rows
            p = back[start:start + n]
            start += n
            df = t.to_pandas()
            for c in ("doc_id", "figure_id", "text", "qualifier", "unit", "period_kind", "sentence"):
                df[c] = schemas.text_values(df[c])
            for c in P._INHERITED:
                df[c] = found["inherited"][c][p]
            df["pos"] = p
            df["order"] = found["order"][p]
            df["date"] = [k.doc_date.get(d, "") or "" for d in df["doc_id"]]
            df["as_of"] = found["as_of"][p]
            df["fact_id"] = found["fact_ids"][found["fact"][p]]
            df["why"] = why_names[found["why"][p]]
            df["same_as"] = np.where(origin[p] != p, origin_id.take(pa.array(p)).to_numpy(zero_copy_only=False), "")
            df["copy_of"] = [copy_of.get(d, "") for d in df["doc_id"]]
            bounds = [P.interval(v, q, x, lo, hi) if P._finite(v) else (math.nan, math.nan) for v, q, x, lo, hi in
                      zip(df["value"], df["qualifier"], df["text"], df["value_low"], df["value_high"])]
            df["low"] = [b[0] for b in bounds]
            df["high"] = [b[1] for b in bounds]
            df = df.drop(columns=["value_low", "value_high"])
            part = found["part"][p]
            for q in np.unique(part):
                piece = pa.Table.from_pandas(df[part == q], preserve_index=False)
                if q not in writers:
                    writers[q] = pq.ParquetWriter(paths[q], piece.schema, compression=PARQUET_COMPRESSION)
                writers[q].write_table(piece.cast(writers[q].schema))
    finally:
        for w in writers.values():
            w.close()
    return [paths[q] for q in sorted(writers)]


def _part(path: Path, folder: Path) -> None:
    """Step 2 continued: one part's figures made into its facts, sources, series and figures left out
    (what :func:`panel.build` does after the keys), each written beside it with the columns that order it."""
    f = pd.read_parquet(path).sort_values("pos", kind="stable").reset_index(drop=True)
    for c in f.columns:
        if f[c].dtype == object or str(f[c].dtype).startswith("string"):
            f[c] = schemas.text_values(f[c])
    why = f["why"].copy()
    keyed = (why == "").to_numpy()
    torn = np.zeros(len(f), dtype=bool)
    torn[keyed] = P._self_contradicting(f.loc[keyed, ["fact_id", "low", "high", "doc_id"]].reset_index(drop=True))
    why[torn] = "self_contradicting"
    left = f.loc[why != "", [c for c in P.LEFT_OUT.names if c != "why"]].assign(why=why[why != ""])
    left = P.conform(left, P.LEFT_OUT).assign(pos=f.loc[why != "", "pos"].to_numpy())
    name = path.stem[3:]
    left.to_parquet(folder / f"left_{name}.parquet", index=False)
    needed = list(dict.fromkeys([*P._FACT_FIELDS, *(c for c in P.SOURCES.names if c != "reading"), "pos"]))
    f = f.loc[(why == "").to_numpy(), needed].reset_index(drop=True)
    if not len(f):
        return
    rows, first, reading = [], [], np.zeros(len(f), dtype="int64")
    columns = {c: f[c].tolist() for c in P._FACT_FIELDS}
    position = f["pos"].to_numpy()
    for idx in P._groups(columns["fact_id"]):
        row, numbers = P._fact_row(columns, idx)
        rows.append(row)
        first.append(position[idx[0]])
        reading[idx] = numbers
    facts = pd.DataFrame(rows).assign(first_pos=first)
    facts = facts.sort_values(["place", "subject", "metric", "measure", "period", "as_of"], kind="stable")
    first = facts["first_pos"].to_numpy()
    facts = P.conform(facts.drop(columns="first_pos"), P.PANEL)
    f["reading"] = reading
    f["low"] = f["low"].map(P._nan)
    f["high"] = f["high"].map(P._nan)
    sources = P.conform(f[P.SOURCES.names], P.SOURCES)
    series = P.series_table(facts, sources)
    facts.assign(first_pos=first).to_parquet(folder / f"facts_{name}.parquet", index=False)
    sources.assign(pos=position).to_parquet(folder / f"sources_{name}.parquet", index=False)
    series.assign(part=int(name), row=np.arange(len(series))).to_parquet(folder / f"series_{name}.parquet",
                                                                         index=False)


#: How step 3 orders each table's rows (the columns added in step 2 say where a row stood).
_ORDER = {"facts": "place, subject, metric, measure, period, as_of, first_pos", "sources": "pos",
          "series": "series_id, \"time\", reading, part, \"row\"", "left": "pos"}
_EXTRA = {"facts": "first_pos", "sources": "pos", "series": "part, \"row\"", "left": "pos"}


def _schema(spec: P.Spec, inputs: str, documents: int) -> pa.Schema:
    schema = pa.Table.from_pandas(P.empty(spec), preserve_index=False).schema
    return schema.with_metadata({**(schema.metadata or {}), P._INPUTS: inputs.encode(),
                                 P._DOCUMENTS: str(documents).encode()})


def _combine(folder: Path, out: Path, inputs: str, documents: int) -> list[Path]:
    """Step 3: each table's rows from every part, in :func:`panel.build`'s order, streamed by DuckDB
    into the panel's Parquet file (written whole or not at all)."""
    written = []
    con = query.connect()
    try:
        for name, spec in zip(("facts", "sources", "series", "left"), P.SPECS):
            schema = _schema(spec, inputs, documents)
            target = out / f"{spec.name}.parquet"
            files = sorted(folder.glob(f"{name}_*.parquet"))
            with atomic_path(target) as tmp, pq.ParquetWriter(tmp, schema, compression=PARQUET_COMPRESSION) as w:
                if files:
                    listed = ", ".join(query.literal(str(p)) for p in files)
                    rel = con.sql(f"SELECT * EXCLUDE ({_EXTRA[name]}) FROM read_parquet([{listed}]) "
                                  f"ORDER BY {_ORDER[name]}")
                    reader = rel.to_arrow_reader(100_000)
                    for batch in reader:
                        w.write_table(pa.Table.from_batches([batch]).select(schema.names).cast(schema))
            written.append(target)
    finally:
        con.close()
    return written


def parts_for(n_figures: int) -> int:
    """How many parts a run of ``n_figures`` figures is built in (:data:`PART_FIGURES` each)."""
    return max(1, math.ceil(n_figures / PART_FIGURES))


def build(dirs, inputs: str = "", n_parts: int | None = None, chunk: int = parts.CHUNK_DOCS,
          out: Path | None = None) -> list[Path]:
    """Build the panel of run ``dirs`` from its figures' batches and write its four Parquet files
    (``panel``, ``panel_sources``, ``panel_series``, ``panel_left_out``), stamped with ``inputs``
    (:func:`panel.inputs_key`) so that :func:`panel.read_built` finds them. ``n_parts`` default:
    :func:`parts_for` the run's figures; ``out`` default: the run's processed folder."""
    out = Path(out or dirs.processed)
    out.mkdir(parents=True, exist_ok=True)
    k, a = _keys(dirs, chunk)
    n = len(a["doc"])
    n_parts = n_parts or parts_for(n)
    found = _find(k, a, n_parts)
    del a
    folder = Path(tempfile.mkdtemp(prefix=".panel-", dir=out))
    try:
        for path in _spill(dirs, k, found, folder, n_parts, chunk):
            _part(path, folder)
            path.unlink()
        del found
        return _combine(folder, out, inputs, k.documents)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
