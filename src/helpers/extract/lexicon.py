"""The domain lexicon: terms, places, organisations and programmes as jieba entries, plus stopwords.

Sources, all under ``data/lexicon/``:

- ``terms.txt``: genre vocabulary (产业链, 刀片电池, 灯塔工厂 ...) in jieba's ``word [freq] [tag]``
  user-dictionary format (see ``data/lexicon/README.md``);
- the gazetteer (``places.csv``, ``organisations.csv``) read through :func:`helpers.extract.gazetteer.load`:
  places are tagged ``ns``, organisations ``nt``, programmes ``nz``;
- ``stopwords_domain.txt``: genre boilerplate added to the ``stopwordsiso`` Chinese list.

:func:`version` is a short hash of the lexicon files, recorded with every run.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from helpers import paths
from helpers.errors import LexiconError
from helpers.extract import gazetteer

#: Frequency given to an entry whose line has none. The tokenizer raises any entry's frequency
#: to what the engine needs to keep the word whole (``suggest_freq``), so this is a floor.
DEFAULT_FREQ = 1000
#: Tag given to a terms.txt entry whose line has none ("other proper noun / term").
DEFAULT_TAG = "nz"
#: Gazetteer type -> jieba POS tag.
TYPE_TAGS = {"place": "ns", "org": "nt", "programme": "nz"}
#: Tags that mark a name (entity) rather than a term, for entries in terms.txt.
ENTITY_TAGS = frozenset({"ns", "nt", "nr", "nrt"})

TERMS_FILE = "terms.txt"
STOPWORDS_FILE = "stopwords_domain.txt"

_TAG = re.compile(r"^[a-z]{1,4}$")


def lexicon_dir() -> Path:
    return paths.LEXICON


def _files(folder: Path) -> list[Path]:
    """Every file that changes what the lexicon does (documentation excluded)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in {".txt", ".csv", ".tsv"})


def version(folder: str | Path | None = None) -> str:
    """A short content hash of every lexicon file (names and bytes), for the run index.

    >>> len(version())
    12
    """
    folder = Path(folder) if folder else lexicon_dir()
    files = _files(folder)
    # hashing is cached on the files' (name, size, mtime): version() is cheap to call often
    return _hash(tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


@functools.lru_cache(maxsize=32)
def _hash(signature: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for name, _, _ in signature:
        p = Path(name)
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


def parse_terms(text: str, source: str = TERMS_FILE) -> list[tuple[str, int, str]]:
    """Read jieba user-dictionary lines ``word [freq] [tag]``; ``#`` starts a comment.

    >>> parse_terms("刀片电池 2000 nz\\n灯塔工厂\\n# a comment\\n产业链 n")
    [('刀片电池', 2000, 'nz'), ('灯塔工厂', 1000, 'nz'), ('产业链', 1000, 'n')]
    """
    out = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
        if not line:
            continue
        parts = line.split()
        word, freq, tag = parts[0], DEFAULT_FREQ, DEFAULT_TAG
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest and _TAG.match(rest[0]):
            tag = rest.pop(0)
        if rest:
            raise LexiconError(
                source, f"cannot read {raw.strip()!r}; write 'word [freq] [tag]', "
                "e.g. '刀片电池 2000 nz' (a word may not contain spaces)", line=lineno,
            )
        out.append((word, freq, tag))
    return out


@functools.lru_cache(maxsize=8)
def _load(folder: str, _version: str) -> tuple[tuple[tuple[str, int, str], ...], frozenset[str]]:
    """Entries and entity names, cached per lexicon version."""
    folder_p = Path(folder)
    terms_path = folder_p / TERMS_FILE
    terms = parse_terms(terms_path.read_text(encoding="utf-8"), str(terms_path)) if terms_path.exists() else []
    entries: dict[str, tuple[str, int, str]] = {}
    entities: set[str] = set()
    for word, freq, tag in terms:
        entries[word] = (word, freq, tag)
        if tag in ENTITY_TAGS:
            entities.add(word)
    gaz = gazetteer.load() if folder_p.resolve() == lexicon_dir().resolve() else None
    if gaz is not None:
        for surface, kind in zip(gaz["surface"], gaz["type"]):
            if not isinstance(surface, str) or not surface.strip():
                continue
            surface = surface.strip()
            tag = TYPE_TAGS.get(kind, "nz")
            # a name in the gazetteer wins over a term with the same spelling
            freq = entries[surface][1] if surface in entries else DEFAULT_FREQ
            entries[surface] = (surface, freq, tag)
            entities.add(surface)
    return tuple(entries.values()), frozenset(entities)


def entries(folder: str | Path | None = None) -> list[tuple[str, int, str]]:
    """Every lexicon word as ``(word, freq, tag)``: terms.txt plus the gazetteer's names.

    Places are tagged ``ns``, organisations ``nt``, programmes ``nz``. A word in both the
    gazetteer and terms.txt appears once, with the gazetteer's tag.
    """
    folder = Path(folder) if folder else lexicon_dir()
    return list(_load(str(folder), version(folder))[0])


def entity_names(folder: str | Path | None = None) -> frozenset[str]:
    """Lexicon words that are names (gazetteer surfaces, and terms.txt words tagged ns/nt/nr)."""
    folder = Path(folder) if folder else lexicon_dir()
    return _load(str(folder), version(folder))[1]


def terms(folder: str | Path | None = None) -> list[tuple[str, int, str]]:
    """The entries of terms.txt alone."""
    folder = Path(folder) if folder else lexicon_dir()
    p = folder / TERMS_FILE
    return parse_terms(p.read_text(encoding="utf-8"), str(p)) if p.exists() else []


@functools.lru_cache(maxsize=8)
def _stopwords(folder: str, _version: str) -> frozenset[str]:
    import stopwordsiso

    words = set(stopwordsiso.stopwords("zh"))
    p = Path(folder) / STOPWORDS_FILE
    if p.exists():
        for raw in p.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
            if line:
                words.add(line)
    return frozenset(words)


def stopwords(folder: str | Path | None = None) -> frozenset[str]:
    """``stopwordsiso``'s Chinese list plus ``stopwords_domain.txt`` (one word a line).

    Stopwords only filter the frequency and keyword views; they never remove tokens.

    >>> {"的", "我市"} <= stopwords()
    True
    """
    folder = Path(folder) if folder else lexicon_dir()
    return _stopwords(str(folder), version(folder))


def check(folder: str | Path | None = None) -> str:
    """Read every lexicon file once (terms, gazetteer, stopwords) and return the lexicon's version;
    a line or file that cannot be read raises :class:`LexiconError` naming it, before any work starts."""
    entries(folder)
    stopwords(folder)
    return version(folder)
