"""A persistent cache of derived resources (dictionaries, encoder tables), so a run starts in well under
a second instead of rebuilding them from their compressed sources every time.

Where: ``$QA_CHECKER_CACHE_DIR`` if set (set it to an empty string to switch the disk cache off), else
``$XDG_CACHE_HOME/qa_checker``, else ``~/.cache/qa_checker`` (``%LOCALAPPDATA%\\qa_checker\\cache`` on
Windows).  Every file name carries a hash of what it was derived from (qa_checker's version, the
Python version, the source package's version and the source file's size and time), so an upgrade
writes a new file instead of reading a stale one.

Rules: a cache is an optimisation, never a dependency.  Files are written whole to a temporary file
and moved into place (``os.replace``), so a reader never sees half a file; a missing, unreadable,
truncated or corrupt file is ignored (and the resource built in memory as without a cache); a
directory that cannot be written is tolerated the same way.  Nothing here raises to the caller.

:class:`LazyMap` is the format for large word lists: a read-only str-keyed mapping stored in buckets
(keys sharing their first characters), each decoded only when a look-up first needs it.  Opening one
costs a few milliseconds whatever its size; a one-page document touches a few hundred buckets.
"""
from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import struct
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, Iterator, Optional

ENV_VAR = "QA_CHECKER_CACHE_DIR"

# A cache file of an older version is deleted when a newer one of the same name is written, unless
# it was written less than this long ago (two installed versions sharing one cache directory would
# otherwise delete each other's files on every run).
STALE_SECONDS = 24 * 3600


def cache_dir() -> Optional[Path]:
    """The cache directory (not created here), or None when the disk cache is switched off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return Path(env).expanduser() if env.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "qa_checker"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "qa_checker" / "cache"
    return Path.home() / ".cache" / "qa_checker"


def source_stamp(path: os.PathLike | str) -> str:
    """What identifies a source file's content cheaply: its path, size and modification time."""
    st = os.stat(path)
    return f"{os.fspath(path)}:{st.st_size}:{st.st_mtime_ns}"


def cache_path(name: str, *key: object, suffix: str = ".bin") -> Optional[Path]:
    """``<cache dir>/<name>-<hash of key>.<suffix>``, or None when the cache is off.

    The key always includes qa_checker's version and the Python version (marshal's format and
    numpy's may change with them); callers add what the data is derived from.
    """
    folder = cache_dir()
    if folder is None:
        return None
    from . import __version__

    parts = (__version__, sys.version_info[:2], marshal.version) + key
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]
    return folder / f"{name}-{digest}{suffix}"


def write_atomic(path: Optional[Path], write: Callable[[object], None]) -> bool:
    """Write a cache file through ``write(binary file)``: whole or not at all.  False on any failure."""
    if path is None:
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        tmp = None
        _remove_stale_siblings(path)
        return True
    except Exception:  # a full disk, a read-only home, a race with another process: run without
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _remove_stale_siblings(path: Path) -> None:
    """Delete older versions of the same cache file (same name, another key hash)."""
    stem, _, _ = path.name.rpartition("-")
    now = time.time()
    leftovers = path.parent.glob(f".{stem}-*.tmp")  # of writers that were killed part-way
    for other in (*path.parent.glob(f"{stem}-*"), *leftovers):
        if other == path or other.name.lstrip(".").rpartition("-")[0] != stem:
            continue
        try:
            if now - other.stat().st_mtime > STALE_SECONDS:
                other.unlink()
        except OSError:
            pass


def discard(path: Optional[Path]) -> None:
    """Remove a cache file found corrupt, so the next run writes a good one."""
    if path is not None:
        try:
            path.unlink()
        except OSError:
            pass


# --- LazyMap ----------------------------------------------------------------------------------------
# File layout: MAGIC, then three little-endian uint64 (header length, body length, header CRC-32),
# the header (marshal of (prefix length, entry count, meta, {prefix: bucket number}, bucket offsets as
# uint64 bytes, bucket CRC-32s as uint32 bytes)) and the body (one marshalled dict per bucket).
# Lengths catch truncation, CRCs catch corruption.  Plain arrays rather than a tuple per bucket:
# the header of jieba's table (12k buckets) then decodes in ~3 ms instead of ~10.
_MAGIC = b"QACLMAP1"
_FIXED = struct.Struct("<8sQQQ")


class CacheCorrupt(Exception):
    """A cache file is not what it claims to be (caught inside this module and its users)."""


def write_lazy_map(path: Optional[Path], items: Mapping, prefix: int = 1, meta: object = None) -> bool:
    """Store ``items`` (str keys; values marshal can write) as a LazyMap file.  False on failure."""
    if path is None:
        return False
    buckets: dict[str, dict] = {}
    for key, value in items.items():
        buckets.setdefault(key[:prefix], {})[key] = value
    index: dict[str, int] = {}
    blobs = []
    offsets = array("Q", [0])
    crcs = array("I")
    for name in sorted(buckets):
        blob = marshal.dumps(buckets[name])
        index[name] = len(blobs)
        blobs.append(blob)
        offsets.append(offsets[-1] + len(blob))
        crcs.append(zlib.crc32(blob))
    offset = offsets[-1]
    if sys.byteorder != "little":
        offsets.byteswap()
        crcs.byteswap()
    header = marshal.dumps((prefix, len(items), meta, index, offsets.tobytes(), crcs.tobytes()))

    def write(fh):
        fh.write(_FIXED.pack(_MAGIC, len(header), offset, zlib.crc32(header)))
        fh.write(header)
        for blob in blobs:
            fh.write(blob)

    return write_atomic(path, write)


class LazyMap(Mapping):
    """A str-keyed mapping read bucket by bucket from a cache file (see the module docstring).

    Supports what dictionary users need (``in``, ``[]``, ``get``, and ``[]=`` for a word added at
    run time); iteration and ``len`` work too but read everything.  When a bucket turns out corrupt
    part-way through a run, ``rebuild()`` (the slow path, building the whole mapping in memory) fills
    the buckets not yet read, so the answers stay right; the bad file is deleted.
    """

    __slots__ = ("_buckets", "_index", "_offsets", "_crcs", "_body", "_prefix", "_count", "meta", "_path",
                 "_rebuild", "_file")

    def __init__(self, path: Path, rebuild: Callable[[], Mapping]):
        """Open ``path``; raises CacheCorrupt (or OSError) when it is missing, truncated or corrupt."""
        self._path = path
        self._rebuild = rebuild
        self._buckets: dict[str, dict] = {}
        with open(path, "rb") as fh:
            fixed = fh.read(_FIXED.size)
            if len(fixed) != _FIXED.size:
                raise CacheCorrupt("truncated")
            magic, header_len, body_len, header_crc = _FIXED.unpack(fixed)
            if magic != _MAGIC or os.fstat(fh.fileno()).st_size != _FIXED.size + header_len + body_len:
                raise CacheCorrupt("not a complete map file")
            header = fh.read(header_len)
            if zlib.crc32(header) != header_crc:
                raise CacheCorrupt("header checksum")
            try:
                self._prefix, self._count, self.meta, self._index, offsets, crcs = marshal.loads(header)
                self._offsets, self._crcs = array("Q"), array("I")
                self._offsets.frombytes(offsets)
                self._crcs.frombytes(crcs)
            except (EOFError, ValueError, TypeError) as exc:
                raise CacheCorrupt("header") from exc
            if sys.byteorder != "little":
                self._offsets.byteswap()
                self._crcs.byteswap()
            if len(self._offsets) != len(self._crcs) + 1 or self._offsets[-1] != body_len:
                raise CacheCorrupt("index")
            start = _FIXED.size + header_len
            try:
                mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if body_len else b""
                self._body = memoryview(mapped)[start:] if body_len else b""
                self._file = mapped
            except (OSError, ValueError):  # no mmap here: read the body once
                self._body = fh.read(body_len)
                self._file = None

    @classmethod
    def open(cls, path: Optional[Path], rebuild: Callable[[], Mapping]) -> Optional["LazyMap"]:
        """The map stored at ``path``, or None (and a bad file deleted) when it cannot be used."""
        if path is None:
            return None
        try:
            return cls(path, rebuild)
        except FileNotFoundError:
            return None
        except Exception:  # truncated, corrupt, unreadable: build in memory as without a cache
            discard(path)
            return None

    # Look-ups: the bucket dict of the key's prefix, decoded on first use.  Kept short: jieba calls
    # these hundreds of times per paragraph.
    def get(self, key, default=None):
        bucket = self._buckets.get(key[:self._prefix])
        if bucket is None:
            bucket = self._load(key[:self._prefix])
        return bucket.get(key, default)

    def __contains__(self, key) -> bool:
        bucket = self._buckets.get(key[:self._prefix])
        if bucket is None:
            bucket = self._load(key[:self._prefix])
        return key in bucket

    def __getitem__(self, key):
        bucket = self._buckets.get(key[:self._prefix])
        if bucket is None:
            bucket = self._load(key[:self._prefix])
        return bucket[key]

    def __setitem__(self, key, value) -> None:
        bucket = self._buckets.get(key[:self._prefix])
        if bucket is None:
            bucket = self._load(key[:self._prefix])
        bucket[key] = value

    def __iter__(self) -> Iterator:
        for name in list(self._index):
            if name not in self._buckets:
                self._load(name)
        for bucket in list(self._buckets.values()):
            yield from bucket

    def __len__(self) -> int:
        if all(name in self._buckets for name in self._index):  # all read: words may have been added
            return sum(len(b) for b in self._buckets.values())
        return self._count

    def _load(self, name: str) -> dict:
        i = self._index.get(name)
        if i is None:
            bucket: dict = {}
        else:
            blob = self._body[self._offsets[i]:self._offsets[i + 1]]
            try:
                if zlib.crc32(blob) != self._crcs[i]:
                    raise CacheCorrupt(name)
                bucket = marshal.loads(blob)
                if not isinstance(bucket, dict):
                    raise CacheCorrupt(name)
            except (CacheCorrupt, EOFError, ValueError, TypeError):
                self._recover()
                return self._buckets.setdefault(name, {})
        self._buckets[name] = bucket
        return bucket

    def _recover(self) -> None:
        """The file went bad under us: take every bucket not yet read from a rebuilt mapping."""
        discard(self._path)
        full = self._rebuild()
        rebuilt: dict[str, dict] = {}
        for key, value in full.items():
            rebuilt.setdefault(key[:self._prefix], {})[key] = value
        for name, bucket in rebuilt.items():
            self._buckets.setdefault(name, bucket)
        self._index = dict.fromkeys(rebuilt)  # everything is in memory now (None: no bucket to read)
        self._count = len(full)


# --- arrays -----------------------------------------------------------------------------------------
# File layout: MAGIC, two little-endian uint64 (header length, header CRC-32), the header (marshal of
# (meta, [(name, dtype, shape, offset, byte length, CRC-32)], file size)) and each array's raw bytes
# at a 64-byte aligned offset.  Read back as views of one copy-on-write memory map: opening costs
# nothing per megabyte until the bytes are used, and every process shares the page cache.
_ARRAYS_MAGIC = b"QACARRS1"
_ARRAYS_FIXED = struct.Struct("<8sQQ")
_ALIGN = 64


def write_arrays(path: Optional[Path], arrays: Mapping, meta: object = None) -> bool:
    """Store named numpy arrays (and a marshal-able ``meta``) in one file.  False on failure."""
    if path is None:
        return False
    import numpy as np

    entries = []
    datas = []
    offset = 0
    for name, array_ in arrays.items():
        data = np.asarray(array_)
        if not data.flags.c_contiguous:
            data = data.copy(order="C")
        if data.dtype.hasobject:
            return False
        raw = memoryview(data).cast("B") if data.size else b""
        offset = -(-offset // _ALIGN) * _ALIGN
        entries.append((name, data.dtype.str, tuple(data.shape), offset, len(raw), zlib.crc32(raw)))
        datas.append(raw)
        offset += len(raw)
    body_len = offset

    def header_for(base: int) -> bytes:
        return marshal.dumps((meta, [(n, d, s, base + o, ln, c) for n, d, s, o, ln, c in entries],
                              base + body_len))

    # Offsets are absolute: the body starts after the header, whose length depends on the offsets'
    # digits, so settle it in two steps (the second length never differs by more than padding).
    base = -(-(_ARRAYS_FIXED.size + len(header_for(0)) + 16) // _ALIGN) * _ALIGN
    header = header_for(base)
    if _ARRAYS_FIXED.size + len(header) > base:
        return False

    def write(fh):
        fh.write(_ARRAYS_FIXED.pack(_ARRAYS_MAGIC, len(header), zlib.crc32(header)))
        fh.write(header)
        at = _ARRAYS_FIXED.size + len(header)
        for (_, _, _, off, _, _), raw in zip(entries, datas):
            fh.write(b"\0" * (base + off - at))
            fh.write(raw)
            at = base + off + len(raw)
        fh.flush()
        os.fsync(fh.fileno())  # the rename below must not land before the data

    return write_atomic(path, write)


def read_arrays(path: Optional[Path]) -> Optional[tuple[dict, object]]:
    """(arrays by name, meta) from a file written by write_arrays, or None (bad files deleted).

    Every array's checksum is verified before it is handed out: a cache must never change a result.
    """
    if path is None:
        return None
    try:
        import numpy as np

        with open(path, "rb") as fh:
            fixed = fh.read(_ARRAYS_FIXED.size)
            if len(fixed) != _ARRAYS_FIXED.size:
                raise CacheCorrupt("truncated")
            magic, header_len, header_crc = _ARRAYS_FIXED.unpack(fixed)
            header = fh.read(header_len)
            if magic != _ARRAYS_MAGIC or zlib.crc32(header) != header_crc:
                raise CacheCorrupt("header")
            meta, entries, size = marshal.loads(header)
            if os.fstat(fh.fileno()).st_size != size:
                raise CacheCorrupt("truncated")
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
        arrays = {}
        for name, dtype, shape, offset, length, crc in entries:
            if zlib.crc32(memoryview(mapped)[offset:offset + length]) != crc:
                raise CacheCorrupt(name)
            dt = np.dtype(dtype)
            if length == 0:
                arrays[name] = np.zeros(shape, dtype=dt)
            else:
                arrays[name] = np.frombuffer(mapped, dtype=dt, count=length // dt.itemsize,
                                             offset=offset).reshape(shape)
        return arrays, meta
    except FileNotFoundError:
        return None
    except Exception:
        discard(path)
        return None
