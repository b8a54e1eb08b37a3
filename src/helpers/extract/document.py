"""One document's pass: decode and clean, then sentences and tokens, keywords, figures and dates,
entities and co-occurrence. Each step is a pure function of the document (and the step before),
so the same code serves a notebook on one article, ``python -m helpers figures FILE`` and a corpus
mapped over worker processes (``helpers.run.execute``).
"""

from __future__ import annotations

import os

import pandas as pd

from helpers.extract import cleaning, entities, figures, keywords, segmentation
from helpers.store.textio import Decoded, read_text


def clean_decoded(decoded: Decoded, doc_id: str, meta: dict | None = None) -> cleaning.CleanedDocument:
    """Clean decoded text; the CleanedDocument has ``.document`` and ``.log``."""
    return cleaning.clean_document(decoded, doc_id, meta or {})


def clean_file(path: str | os.PathLike, doc_id: str, meta: dict | None = None) -> cleaning.CleanedDocument:
    """Read (any encoding) and clean one text file."""
    return clean_decoded(read_text(path), doc_id, meta)


def segment_document(document: dict, engine: str = "jieba") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and tokens of one document."""
    sentences = segmentation.split_sentences(document)
    tokens = segmentation.tokenize(document, sentences, engine=engine)
    return sentences, tokens


def keywords_document(tokens: pd.DataFrame, document: dict) -> pd.DataFrame:
    """The document's keywords (TF-IDF and TextRank) from its tokens."""
    return keywords.keywords(tokens, document)


def figures_document(document: dict, sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and dates of one document."""
    return figures.extract_figures(document, sentences), figures.extract_dates(document, sentences)


def entities_document(document: dict, sentences: pd.DataFrame, tokens: pd.DataFrame | None = None):
    """Entities and co-occurrence of one document."""
    return entities.extract_entities(document, sentences, tokens)
