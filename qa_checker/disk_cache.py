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

:class:`LazyMap` is the format for large word lists: a read-only str-keyed mapping stored in small
buckets, each decoded only when a look-up first needs it.  Opening one costs a millisecond or two
whatever its size, and a one-page document decodes a few thousand of its entries, not all of them.
:func:`write_arrays`/:func:`read_arrays` keep numpy arrays in a file that is memory-mapped back.
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
import warnings
import zlib
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, Iterator, Optional

ENV_VAR = "QA_CHECKER_CACHE_DIR"

# When a cache file is written, older versions of it (same name, another key) are deleted, all but
# the newest few: two installed versions sharing one cache directory keep a file each instead of
# deleting each other's on every run, and the folder stays bounded (~200 MB) however many versions
# come and go.  A temporary file left by a writer that was killed goes after a day.
KEEP_VERSIONS = 2
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
    try:
        return Path.home() / ".cache" / "qa_checker"
    except (RuntimeError, KeyError, OSError):  # no home directory (a bare service account)
        return None


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


_writers: list[int] = []  # forked writer processes not yet waited for


def write_later(write: Callable[..., bool], *args: object) -> None:
    """Run ``write(*args)`` (a cache write) without making the run wait for it.

    Writing the caches takes ~3 s of CPU on the first run (a million dictionary entries
    serialised), so on Linux it happens in a forked child process at the lowest CPU priority, with
    the data shared copy-on-write: the child writes the file (atomically, as always) and exits, and
    the run does not wait for it (git's background gc works the same way).  If the run ends first, the
    child finishes on its own; if it is killed, the next run writes the file.  The child does
    nothing but serialise and write: no logging, no imports, no threads, no standard streams.
    :func:`wait_for_writes` waits for the children (tests use it).  Elsewhere (no fork, or fork
    not safe with system frameworks) the write is inline.
    """
    pid = -1
    if sys.platform.startswith("linux"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # "fork() with threads": see above
                pid = os.fork()
        except OSError:
            pid = -1
    if pid == 0:  # the child
        try:
            # Let go of the run's standard streams: whoever reads the run's output through a pipe
            # must see it end when the run does, even if this child were left behind.
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            # Lowest priority: on a busy machine the run itself (and the user's other work) comes
            # first; the writer takes a core only when one is idle.
            os.nice(19)
            write(*args)
        finally:
            os._exit(0)
    if pid < 0:
        write(*args)
        return
    for done in [p for p in _writers if _finished(p)]:  # reap earlier ones: no zombies
        _writers.remove(done)
    _writers.append(pid)


def _finished(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except (ChildProcessError, OSError):
        return True


def wait_for_writes() -> None:
    """Wait until the cache writes started by :func:`write_later` are done."""
    while _writers:
        pid = _writers.pop()
        try:
            os.waitpid(pid, 0)
        except (ChildProcessError, OSError):  # not our child (a forked worker inherited the list)
            pass


def _remove_stale_siblings(path: Path) -> None:
    """Delete older versions of the same cache file (same name, another key hash), keeping the
    newest KEEP_VERSIONS, and temporary files older than STALE_SECONDS."""
    stem, _, _ = path.name.rpartition("-")
    versions = []
    for other in path.parent.glob(f"{stem}-*"):
        if other != path and other.name.rpartition("-")[0] == stem:
            try:
                versions.append((other.stat().st_mtime, other))
            except OSError:
                pass
    versions.sort(reverse=True)
    doomed = [other for _, other in versions[KEEP_VERSIONS - 1:]]
    now = time.time()
    for leftover in path.parent.glob(f".{stem}-*.tmp"):
        try:
            if leftover.name.lstrip(".").rpartition("-")[0] == stem and now - leftover.stat().st_mtime > STALE_SECONDS:
                doomed.append(leftover)
        except OSError:
            pass
    for other in doomed:
        try:
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
# the header (marshal of (entry count, bucket count, meta, bucket offsets as uint64 bytes, bucket
# CRC-32s as uint32 bytes)) and the body (one marshalled dict per bucket).  A key's bucket is the
# CRC-32 of its UTF-8 bytes modulo the bucket count: stable across processes (``hash`` is not),
# and buckets of ~8 keys, so a look-up decodes a few hundred bytes.  Buckets by first character
# were tried first: a page then decoded 40 % of simplemma's table and 15 % of jieba's (0.25 s), as
# common first characters (`不`, `con`) head thousands of keys.  Lengths catch truncation, CRCs
# catch corruption.
_MAGIC = b"QACLMAP2"
_FIXED = struct.Struct("<8sQQQ")
KEYS_PER_BUCKET = 8


class CacheCorrupt(Exception):
    """A cache file is not what it claims to be (caught inside this module)."""


def _bucket_of(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


def write_lazy_map(path: Optional[Path], items: Mapping, meta: object = None) -> bool:
    """Store ``items`` (str keys; values marshal can write) as a LazyMap file.  False on failure."""
    if path is None:
        return False
    count = max(1, len(items) // KEYS_PER_BUCKET)
    buckets: list[dict] = [{} for _ in range(count)]
    for key, value in items.items():
        buckets[_bucket_of(key, count)][key] = value
    blobs = []
    offsets = array("Q", [0])
    crcs = array("I")
    for bucket in buckets:
        blob = marshal.dumps(bucket)
        blobs.append(blob)
        offsets.append(offsets[-1] + len(blob))
        crcs.append(zlib.crc32(blob))
    body_len = offsets[-1]
    if sys.byteorder != "little":
        offsets.byteswap()
        crcs.byteswap()
    header = marshal.dumps((len(items), count, meta, offsets.tobytes(), crcs.tobytes()))

    def write(fh):
        fh.write(_FIXED.pack(_MAGIC, len(header), body_len, zlib.crc32(header)))
        fh.write(header)
        for blob in blobs:
            fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())  # the rename must not land before the data

    return write_atomic(path, write)


_UNSEEN = object()  # not looked up yet
_ABSENT = object()  # looked up: not in the map

# A map that has decoded this share of its buckets reads the rest and answers from one plain dict:
# a long run looks up so many distinct keys (most of them absent: jieba tries every fragment of a
# sentence) that hashing each and decoding its bucket cost 1 ms a pair of 1,000 generated pairs, as
# much as the coverage analysis itself; reading everything once costs what a run without the cache
# pays anyway.  A one-page document decodes ~2 % of each map's buckets and stays lazy.
COMPLETE_SHARE = 1 / 8


class LazyMap(Mapping):
    """A str-keyed mapping read bucket by bucket from a cache file (see the module docstring).

    Supports what dictionary users need (``in``, ``[]``, ``get``, and ``[]=`` for a word added at
    run time); iteration and ``len`` read everything.  Every key looked up is kept in a plain dict,
    so a repeated look-up costs one dict access; once much of the file has been read the map reads
    the rest and becomes that plain dict (see COMPLETE_SHARE).  When a bucket turns out corrupt
    part-way through a run, ``rebuild()`` (the slow path, building the whole mapping in memory)
    answers from then on, so the answers stay right; the bad file is deleted.
    """

    __slots__ = ("_seen", "_complete", "_buckets", "_added", "_offsets", "_crcs", "_body", "_count",
                 "_bucket_count", "meta", "_path", "_rebuild", "_file", "_on_complete")

    def __init__(self, path: Path, rebuild: Callable[[], Mapping]):
        """Open ``path``; raises CacheCorrupt (or OSError) when it is missing, truncated or corrupt."""
        self._path = path
        self._rebuild = rebuild
        self._seen: dict = {}  # key -> value (or _ABSENT while not complete)
        self._complete = False  # _seen holds the whole mapping
        self._buckets: dict[int, dict] = {}
        self._added: dict = {}  # set at run time
        self._on_complete: list[Callable[[dict], None]] = []
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
                self._count, self._bucket_count, self.meta, offsets, crcs = marshal.loads(header)
                self._offsets, self._crcs = array("Q"), array("I")
                self._offsets.frombytes(offsets)
                self._crcs.frombytes(crcs)
            except (EOFError, ValueError, TypeError) as exc:
                raise CacheCorrupt("header") from exc
            if sys.byteorder != "little":
                self._offsets.byteswap()
                self._crcs.byteswap()
            if (len(self._crcs) != self._bucket_count or len(self._offsets) != self._bucket_count + 1
                    or self._offsets[-1] != body_len or self._bucket_count < 1):
                raise CacheCorrupt("index")
            start = _FIXED.size + header_len
            try:
                self._file = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                self._body = memoryview(self._file)[start:]
            except (OSError, ValueError):  # no mmap here: read the body once
                self._file = None
                self._body = fh.read(body_len)

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

    def when_complete(self, callback: Callable[[dict], None]) -> None:
        """Call ``callback(the plain dict)`` once the map answers from one dict (now, if it does):
        a holder can then swap the map for the dict and drop the method call per look-up."""
        if self._complete:
            callback(self._seen)
        else:
            self._on_complete.append(callback)

    # Look-ups.  Kept short: jieba calls these hundreds of times per paragraph.
    def get(self, key, default=None):
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            if self._complete:
                return default
            value = self._lookup(key)
        return default if value is _ABSENT else value

    def __contains__(self, key) -> bool:
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            if self._complete:
                return False
            value = self._lookup(key)
        return value is not _ABSENT

    def __getitem__(self, key):
        value = self._seen.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = _ABSENT if self._complete else self._lookup(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value) -> None:
        if not isinstance(key, str):
            raise TypeError(f"keys are str, not {type(key).__name__}")
        self._added[key] = value
        self._seen[key] = value

    def __iter__(self) -> Iterator:
        self._read_all()
        return iter(list(self._seen))

    def __len__(self) -> int:
        self._read_all()
        return len(self._seen)

    def _lookup(self, key):
        """The value of a key not seen yet (lazy mode), remembered."""
        if not isinstance(key, str):
            raise TypeError(f"keys are str, not {type(key).__name__}")
        i = _bucket_of(key, self._bucket_count)
        bucket = self._buckets.get(i)
        if bucket is None:
            bucket = self._load(i)
            if not self._complete and len(self._buckets) >= COMPLETE_SHARE * self._bucket_count:
                self._read_all()
        if self._complete:  # (just now: the file was read whole, or rebuilt)
            return self._seen.get(key, _ABSENT)
        value = bucket.get(key, _ABSENT)
        self._seen[key] = value
        return value

    def _load(self, i: int) -> dict:
        blob = self._body[self._offsets[i]:self._offsets[i + 1]]
        try:
            if zlib.crc32(blob) != self._crcs[i]:
                raise CacheCorrupt(str(i))
            bucket = marshal.loads(blob)
            if not isinstance(bucket, dict):
                raise CacheCorrupt(str(i))
        except (CacheCorrupt, EOFError, ValueError, TypeError):
            self._recover()
            return {}
        self._buckets[i] = bucket
        return bucket

    def _read_all(self) -> None:
        """Decode every bucket and answer from one dict from now on."""
        if self._complete:
            return
        full: dict = {}
        for i in range(self._bucket_count):
            bucket = self._buckets.get(i)
            if bucket is None:
                bucket = self._load(i)
                if self._complete:  # a corrupt bucket: rebuilt instead
                    return
            full.update(bucket)
        self._become(full)

    def _recover(self) -> None:
        """The file went bad under us: answer from a mapping rebuilt in memory from the source."""
        discard(self._path)
        self._become(dict(self._rebuild()))

    def _become(self, full: dict) -> None:
        full.update(self._added)
        self._seen = full
        self._complete = True
        self._buckets = {}
        self._body = b""
        self._file = None  # the memory map is closed when nothing refers to it
        callbacks, self._on_complete = self._on_complete, []
        for callback in callbacks:
            callback(full)


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
