"""Writing reports: the one place that touches the file system for output.

Every format is rendered before anything is written, so a failing renderer leaves no partial set
of reports behind.  Each file is written to a temporary file in the same directory and moved into
place with ``os.replace``: a reader (a CI artifact upload, a browser reloading the page) sees either
the old report or the new one, never half of one, and a failed write leaves nothing behind.
"""
from __future__ import annotations

import difflib
import os
import sys
import tempfile
from typing import Any, Mapping, Optional, Sequence

from ..errors import ConfigError
from ..model import RunResult
from . import REPORTERS

STDOUT = "-"


def _read_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; done once, at import
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_reports(result: RunResult, formats: Sequence[str], output: Optional[str], output_dir: str,
                  stem: str, options: Optional[Mapping[str, Mapping[str, Any]]] = None) -> list[str]:
    """Render ``result`` in each format and write it; return the paths written (``-`` for stdout).

    ``output`` (one format only): a file path, or ``-`` for standard output.  Otherwise each format
    goes to ``<output_dir>/<stem>.<extension>``.  ``options`` gives constructor arguments per format,
    e.g. ``{"text": {"color": True}}`` (the command line decides about colour, not the reporter).
    """
    names = list(dict.fromkeys(formats))  # keep the order given, drop repeats
    if not names:
        raise ConfigError("no output format given")
    for name in names:
        if name not in REPORTERS:
            raise ConfigError(_unknown_format(name))
    if output is not None and len(names) > 1:
        raise ConfigError(f"--output takes one format, got {len(names)} ({', '.join(names)}); "
                          "use --output-dir to write several formats")
    options = options or {}
    rendered = [(name, REPORTERS[name](**dict(options.get(name, {}))).render(result)) for name in names]

    if output == STDOUT:
        _write_stdout(rendered[0][1])
        return [STDOUT]
    if output is not None:
        targets = [output]
    else:
        targets = [os.path.join(output_dir, f"{stem}.{REPORTERS[name].extension}") for name, _ in rendered]
    _refuse_to_overwrite_inputs(result, targets)
    for target, (_, text) in zip(targets, rendered):
        write_atomically(target, text)
    return targets


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` as UTF-8 (``\\n`` line ends on every platform) to ``path``, all or nothing."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp creates 0600; reports are ordinary files
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a console that cannot show Chinese: send the UTF-8 bytes as they are
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()


def _refuse_to_overwrite_inputs(result: RunResult, targets: Sequence[str]) -> None:
    inputs = {os.path.realpath(p) for d in result.documents
              for p in (d.document.zh_path, d.document.en_path) if p}
    for target in targets:
        if os.path.realpath(target) in inputs:
            raise ConfigError(f"refusing to write a report over the input file {target}")


def _unknown_format(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(REPORTERS), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown output format {name!r}{hint}; choose from {', '.join(sorted(REPORTERS))}"
