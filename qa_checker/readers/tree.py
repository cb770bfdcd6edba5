"""Directory input: find the Chinese/English file pairs in one or two directory trees.

Two directories are a Chinese root and an English root whose files pair by relative path.  In one
directory, pairs are discovered:

* language directories beside each other at any depth (``docs/zh/**`` with ``docs/en/**``; also
  ``zh-CN``, ``zh_CN``, ``cn``, ``en-US``, ...);
* a language directory alone, paired with the rest of its parent (``docs/a.md`` with
  ``docs/zh/a.md``, the VuePress layout; or ``docs/a.md`` with ``docs/en/a.md``);
* language-suffixed names beside each other (``x.zh-CN.md`` with ``x.en-US.md``, ``x.zh.md`` with
  ``x.en.md``, ``README.md`` with ``README.zh-CN.md``).

A file in a language directory or with a language suffix but no partner is still returned, with one
side empty, so that a rule can report the missing translation.  A file with no language marking at
all is returned on its own, to be read as a one-file (interleaved) document.

Symlinks are not followed unless asked, and never out of the given root; hidden entries are skipped.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from ..errors import InputError
from ..model import EN, ZH
from .documents import TEXT_EXTENSIONS

_LANG_DIR = {
    ZH: re.compile(r"(?:zh|zho|chi|chinese|cn|chs|cht)(?:[-_][a-z0-9]{2,8})*", re.I),
    EN: re.compile(r"(?:en|eng|english)(?:[-_][a-z0-9]{2,8})*", re.I),
}
_LANG_SUFFIX = re.compile(r"(?P<stem>.+?)[._-](?P<lang>(?:zh|cn|en)(?:[-_][a-z]{2,4})?)(?P<ext>\.[a-z]+)", re.I)
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True)
class Source:
    """Where one document comes from: a zh/en pair (either may be None), or one unmarked file."""

    doc_id: str
    zh: Optional[str] = None
    en: Optional[str] = None
    single: Optional[str] = None


def walk_text_files(root: str, follow_symlinks: bool = False) -> list[str]:
    """Relative paths (with ``/``) of the text files under ``root``, sorted; never outside ``root``."""
    real_root = os.path.realpath(root)
    found: list[str] = []

    def visit(directory: str, prefix: str, ancestors: frozenset[str]) -> None:
        real = os.path.realpath(directory)
        if real in ancestors:
            return  # a symlink loop back to a directory we are inside
        ancestors = ancestors | {real}
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as err:
            raise InputError(directory, f"cannot list directory: {err.strerror or err}") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                if not follow_symlinks or not _inside(os.path.realpath(entry.path), real_root):
                    continue
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue  # a dangling link or a file that vanished while we looked
            if is_dir:
                if entry.name not in _SKIPPED_DIRS:
                    visit(entry.path, prefix + entry.name + "/", ancestors)
            elif is_file and entry.name.lower().endswith(TEXT_EXTENSIONS):
                found.append(prefix + entry.name)

    visit(root, "", frozenset())
    return sorted(found)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def join(root: str, rel: str) -> str:
    """A file path for display, built from the root as the user gave it."""
    root = root.rstrip("/\\") or root
    if root in (".", ""):
        return rel
    return f"{root}/{rel}"


def pair_roots(zh_root: str, en_root: str, follow_symlinks: bool = False) -> list[Source]:
    """A Chinese tree and an English tree: files pair by their path relative to each root."""
    zh_files = set(walk_text_files(zh_root, follow_symlinks))
    en_files = set(walk_text_files(en_root, follow_symlinks))
    sources = []
    for rel in sorted(zh_files | en_files):
        sources.append(Source(rel, join(zh_root, rel) if rel in zh_files else None,
                              join(en_root, rel) if rel in en_files else None))
    return sources


def discover(root: str, follow_symlinks: bool = False) -> list[Source]:
    """Every document in one directory tree: discovered pairs, unpaired and unmarked files."""
    files = walk_text_files(root, follow_symlinks)
    claimed: set[str] = set()
    pairs: list[tuple[Optional[str], Optional[str]]] = []  # (zh rel, en rel) relative to root
    _pair_language_dirs(files, claimed, pairs)
    _pair_suffixed_names(files, claimed, pairs)
    sources = []
    for zh, en in pairs:
        sources.append(Source(zh or en or "", join(root, zh) if zh else None, join(root, en) if en else None))
    for rel in files:
        if rel not in claimed:
            sources.append(Source(rel, single=join(root, rel)))
    return sorted(sources, key=lambda s: (s.doc_id, s.en or ""))


def _lang_of_dir(name: str) -> Optional[str]:
    for lang, pattern in _LANG_DIR.items():
        if pattern.fullmatch(name):
            return lang
    return None


def _pair_language_dirs(files: list[str], claimed: set[str], pairs: list) -> None:
    children: dict[str, set[str]] = defaultdict(set)  # directory -> its subdirectory names
    for rel in files:
        parts = rel.split("/")[:-1]
        for depth in range(len(parts)):
            children["/".join(parts[:depth])].add(parts[depth])
    zones: list[str] = []  # directory prefixes already taken by an outer group
    for directory in sorted(children, key=lambda d: (d.count("/") if d else -1, d)):
        base = directory + "/" if directory else ""
        if any(base.startswith(z) for z in zones):
            continue
        langs = {ZH: [], EN: []}
        for name in sorted(children[directory]):
            lang = _lang_of_dir(name)
            if lang:
                langs[lang].append(base + name + "/")
        if not langs[ZH] and not langs[EN]:
            continue
        under = {d: {f[len(d):] for f in files if f.startswith(d)} for d in langs[ZH] + langs[EN]}
        lang_dirs = tuple(langs[ZH] + langs[EN])
        rest = {f[len(base):] for f in files if f.startswith(base) and not f.startswith(lang_dirs)}
        if langs[ZH] and langs[EN]:
            zones.extend(lang_dirs)
            en_dir, paired_en = langs[EN][0], set()
            for zh_dir in langs[ZH]:
                for rel in sorted(under[zh_dir]):
                    partner = rel if rel in under[en_dir] else None
                    if partner:
                        paired_en.add(rel)
                    pairs.append((zh_dir + rel, en_dir + partner if partner else None))
            for en_rel_dir in langs[EN]:
                for rel in sorted(under[en_rel_dir]):
                    if en_rel_dir != en_dir or rel not in paired_en:
                        pairs.append((None, en_rel_dir + rel))
            claimed.update(f for f in files if f.startswith(lang_dirs))
        else:
            # One language directory: the rest of its parent is the other language.
            zones.append(base)
            lang = ZH if langs[ZH] else EN
            for lang_dir in langs[lang]:
                for rel in sorted(under[lang_dir]):
                    other = rel if rel in rest else None
                    if other:
                        claimed.add(base + other)
                    own, partner = lang_dir + rel, (base + other if other else None)
                    pairs.append((own, partner) if lang == ZH else (partner, own))
            claimed.update(f for f in files if f.startswith(lang_dirs))


def _pair_suffixed_names(files: list[str], claimed: set[str], pairs: list) -> None:
    groups: dict[tuple[str, str, str], dict[str, list[str]]] = defaultdict(lambda: {ZH: [], EN: []})
    unclaimed = [f for f in files if f not in claimed]
    present = {f.lower(): f for f in unclaimed}
    for rel in unclaimed:
        directory, _, name = rel.rpartition("/")
        m = _LANG_SUFFIX.fullmatch(name)
        if not m:
            continue
        lang = EN if m.group("lang").lower().startswith("en") else ZH
        groups[(directory, m.group("stem").lower(), m.group("ext").lower())][lang].append(rel)
    for (directory, stem, ext), sides in sorted(groups.items()):
        zh_files, en_files = sorted(sides[ZH]), sorted(sides[EN])
        # `README.md` beside `README.zh-CN.md` is the English one (and the Chinese beside `.en.md`).
        bare = present.get((directory + "/" if directory else "") + stem + ext)
        if bare is not None and bare not in claimed:
            if zh_files and not en_files:
                en_files = [bare]
            elif en_files and not zh_files:
                zh_files = [bare]
        for zh in zh_files:
            pairs.append((zh, en_files[0] if en_files else None))
        for en in (en_files[1:] if zh_files else en_files):
            pairs.append((None, en))
        claimed.update(zh_files + en_files)
