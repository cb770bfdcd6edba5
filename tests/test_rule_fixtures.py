"""Rule fixtures written in the tool's own input formats, annotated with what must (not) be reported.

Each folder ``fixtures/rules/<CODE>-<name>/`` holds cases:
- ``case.md`` / ``case.txt``: one file holding both languages (each Chinese paragraph followed by its
  English), first line ``<!-- expect: ZH401 ZH402@7 -->`` or ``<!-- expect-none: ZH401 -->``;
- ``case.zh.md`` + ``case.en.md``: a two-file case, the annotation on the first line of ``case.zh.md``;
- ``case.tsv``: rows with ``zh``/``en`` columns, the annotation in ``case.tsv.expect``;
- ``case/``: a directory tree (``zh/`` and ``en/`` inside), the annotation in ``case/EXPECT``.
``CODE@LINE`` also requires the finding's primary location to be on that line.  Both annotations may
appear (two lines).  A third line ``<!-- config: glossary=fixtures/glossary.tsv -->`` runs the case
with that setting (paths relative to the repository root).  Runs the real sentence encoder, loaded
once for the session.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa_checker.api import check

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "fixtures" / "rules"
_ANNOTATION = re.compile(r"<!--\s*(expect|expect-none):\s*([^>]*?)\s*-->")
_CONFIG = re.compile(r"<!--\s*config:\s*([^>]*?)\s*-->")
_CONFIG_PATHS = ("glossary",)  # the settings a case may carry (each a path)


def _cases():
    for folder in sorted(p for p in ROOT.glob("*") if p.is_dir()):
        for path in sorted(folder.iterdir()):
            name = path.name
            if name.endswith(".en.md") or name.endswith(".expect"):
                continue
            if path.is_dir():  # a directory tree case: zh/ and en/ inside, the annotation in EXPECT
                inputs, annotation_file = [path], path / "EXPECT"
            elif name.endswith(".zh.md"):
                inputs = [path, path.with_name(name[: -len(".zh.md")] + ".en.md")]
                annotation_file = path
            elif path.suffix in (".md", ".txt"):
                inputs, annotation_file = [path], path
            elif path.suffix in (".tsv", ".csv"):
                inputs, annotation_file = [path], path.with_name(name + ".expect")
            else:
                continue
            yield pytest.param(inputs, annotation_file, id=f"{folder.name}/{name}")


def _annotations(path: Path):
    expect, forbid = [], []
    head = path.read_text(encoding="utf-8").splitlines()[:3]
    for line in head:
        for kind, codes in _ANNOTATION.findall(line):
            for token in codes.replace(",", " ").split():
                code, _, at = token.partition("@")
                (expect if kind == "expect" else forbid).append((code, int(at) if at else None))
    return expect, forbid


def _case_config(path: Path) -> dict:
    head = path.read_text(encoding="utf-8").splitlines()[:3]
    out = {}
    for line in head:
        for settings in _CONFIG.findall(line):
            for item in settings.split():
                key, _, value = item.partition("=")
                assert key in _CONFIG_PATHS, f"{path}: unknown config setting {key!r}"
                out[key] = str(REPO / value)
    return out


CASES = list(_cases())


@pytest.mark.encoder
@pytest.mark.parametrize("inputs, annotation_file", CASES)
def test_rule_fixture(inputs, annotation_file):
    expect, forbid = _annotations(annotation_file)
    assert expect or forbid, f"{annotation_file}: no <!-- expect: ... --> annotation on its first lines"
    result = check([str(p) for p in inputs], **_case_config(annotation_file))
    found = [(f.code, f.primary.line if f.primary else None, f.message) for f in result.findings]
    for code, line in expect:
        hits = [f for f in found if f[0] == code and (line is None or f[1] == line)]
        assert hits, (f"{annotation_file}:1: expected {code}{'@' + str(line) if line else ''}; "
                      f"reported: {[(c, l) for c, l, _ in found]}")
    for code, line in forbid:
        hits = [f for f in found if f[0] == code and (line is None or f[1] == line)]
        assert not hits, f"{annotation_file}:1: {code} must not be reported, got: {hits}"


def test_every_rule_has_fixtures_that_fire_and_that_must_not():
    from qa_checker.rules import rule_classes

    fired, spared = set(), set()
    for param in CASES:
        expect, forbid = _annotations(param.values[1])
        fired.update(c for c, _ in expect)
        spared.update(c for c, _ in forbid)
    # Pull-request mode needs a git history, not a fixture: ZH903 is tested on real repositories in
    # tests/test_cli_changed.py.
    elsewhere = {"ZH903"}
    missing = [code for code in rule_classes()
               if code not in elsewhere and (code not in fired or code not in spared)]
    assert not missing, f"rules without a firing and a must-not fixture: {missing}"
