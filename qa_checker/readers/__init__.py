"""Input readers: turn the paths a user gives into Documents.

``read_inputs`` picks the format (or takes ``input_format``), reads and decodes the files, and
returns one Document per checked text:

* one ``.tsv``/``.csv`` file: pre-paired rows (``table``);
* one ``.xlf``/``.xliff``, ``.tmx``, ``.po``/``.pot`` file: structured bilingual formats;
* any other single file: one file holding both languages (``interleaved``);
* two files: the Chinese file, then the English file (``pair``);
* two directories: a Chinese tree and an English tree, paired by relative path (``tree``);
* one directory: pairs discovered inside it (see ``tree.discover``).
"""
from __future__ import annotations

import importlib
import os
from typing import Optional, Sequence

from ..errors import InputError
from ..model import Document
from .documents import (interleaved_document, parallel_document, reference_texts, segment_file,
                        with_references)
from .table import read_table
from .tree import Source, discover, pair_roots

FORMATS = ("interleaved", "pair", "tree", "table", "xliff", "tmx", "po")

_EXTENSION_FORMATS = {
    ".tsv": "table", ".csv": "table",
    ".xlf": "xliff", ".xliff": "xliff",
    ".tmx": "tmx",
    ".po": "po", ".pot": "po",
}
_STRUCTURED = ("table", "xliff", "tmx", "po")


def read_inputs(paths: Sequence[str], *, input_format: Optional[str] = None, encoding: Optional[str] = None,
                reference: Optional[str] = None, follow_symlinks: bool = False) -> tuple[Document, ...]:
    """Read the given files or directories; InputError (naming file and position) on bad input."""
    paths = [str(p) for p in paths]
    if not paths:
        raise InputError("", "no input given", hint="give a file, two files (Chinese, English) or a directory")
    if input_format is not None and input_format not in FORMATS:
        raise InputError(paths[0], f"unknown input format {input_format!r}", hint="use one of " + ", ".join(FORMATS))
    for path in paths:
        if not os.path.exists(path):
            raise InputError(path, "no such file or directory", hint="check the path")
    fmt = input_format or _detect(paths)
    documents = _read(fmt, paths, encoding, follow_symlinks)
    if reference is not None:
        documents = _attach_reference(documents, reference, encoding)
    return tuple(documents)


def format_of(path: str) -> Optional[str]:
    """The structured format a file's extension names, or None for text files."""
    return _EXTENSION_FORMATS.get(os.path.splitext(path)[1].lower())


def _detect(paths: list[str]) -> str:
    dirs = [os.path.isdir(p) for p in paths]
    if any(dirs):
        if not all(dirs):
            raise InputError(paths[dirs.index(False)], "cannot mix files and directories",
                             hint="give files, or one or two directories")
        return "tree"
    if len(paths) == 2 and not any(format_of(p) for p in paths):
        return "pair"
    if len(paths) == 1:
        return format_of(paths[0]) or "interleaved"
    return "each"  # several files: each read on its own, by its extension


def _read(fmt: str, paths: list[str], encoding: Optional[str], follow_symlinks: bool) -> list[Document]:
    if fmt == "tree":
        if len(paths) == 1:
            _require_dir(paths[0])
            sources = discover(paths[0], follow_symlinks)
        elif len(paths) == 2:
            for path in paths:
                _require_dir(path)
            sources = pair_roots(paths[0], paths[1], follow_symlinks)
        else:
            raise InputError(paths[2], "tree input takes one or two directories",
                             hint="one directory, or a Chinese and an English directory")
        return [_read_source(s, encoding) for s in sources]
    if fmt == "pair":
        if len(paths) != 2:
            raise InputError(paths[0], f"pair input takes two files, got {len(paths)}",
                             hint="give the Chinese file, then the English file")
        zh, en = paths
        return [parallel_document(zh, zh, segment_file(zh, encoding), en, segment_file(en, encoding))]
    for path in paths:
        if os.path.isdir(path):
            raise InputError(path, "is a directory", hint="use --format tree for directories")
    if fmt == "each":
        return [_read_one(format_of(p) or "interleaved", p, encoding) for p in paths]
    return [_read_one(fmt, p, encoding) for p in paths]


def _read_one(fmt: str, path: str, encoding: Optional[str]) -> Document:
    if fmt == "interleaved":
        return interleaved_document(path, segment_file(path, encoding))
    if fmt == "table":
        return read_table(path, encoding)
    return _structured_reader(fmt, path)(path, encoding=encoding)


def _structured_reader(fmt: str, path: str):
    """``read`` of readers/<fmt>.py, imported only when needed."""
    try:
        module = importlib.import_module(f"{__name__}.{fmt}")
        return module.read
    except (ImportError, AttributeError):
        raise InputError(path, f"{fmt} format not supported yet") from None


def read_sources(sources: Sequence[Source], encoding: Optional[str] = None) -> tuple[Document, ...]:
    """Read documents whose files were already paired (pull-request mode pairs changed files)."""
    return tuple(_read_source(s, encoding) for s in sources)


def _read_source(source: Source, encoding: Optional[str]) -> Document:
    if source.single is not None:
        return interleaved_document(source.single, segment_file(source.single, encoding), source.doc_id)
    zh = segment_file(source.zh, encoding) if source.zh else None
    en = segment_file(source.en, encoding) if source.en else None
    return parallel_document(source.doc_id, source.zh or "", zh, source.en or "", en)


def _require_dir(path: str) -> None:
    if not os.path.isdir(path):
        raise InputError(path, "not a directory", hint="tree input takes directories")


def _attach_reference(documents: list[Document], reference: str, encoding: Optional[str]) -> list[Document]:
    if len(documents) != 1:
        raise InputError(reference, f"a reference file needs exactly one document, the input has {len(documents)}")
    doc = documents[0]
    if doc.mode == "table":
        raise InputError(reference, "table-like input takes references from its own 'reference' column",
                         hint="drop --reference, or add a reference column")
    zh_count = sum(1 for p in doc.paragraphs if p.lang == "zh")
    return [with_references(doc, reference_texts(reference, encoding, zh_count), reference)]
