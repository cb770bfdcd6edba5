"""The committed baseline: create, load, filter (counts per fingerprint, no line numbers), prune."""
from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from qa_checker.baseline import (Baseline, BaselineEntry, create_baseline, dumps, load_baseline,
                                 parse_baseline, prune, write_baseline)
from qa_checker.errors import InputError
from qa_checker.model import Category, Finding, Mark, RunResult, Severity

DOC = "docs/zh/a.md ↔ docs/en/a.md"


def finding(code: str, subject: str, line: int, severity=Severity.ERROR, document=DOC) -> Finding:
    mark = Mark("en-1", "docs/en/a.md", line, 1, 0, 2, line, 3)
    return Finding(code, "rule", Category.UNTRANSLATED, severity, f"Left in Chinese: {subject}",
                   document, en=(mark,), subject=subject)


TODAY = [
    finding("ZH201", "安装", 3),
    finding("ZH201", "安装", 9),  # the same word twice: one fingerprint, count 2
    finding("ZH401", "2024", 5),
    finding("ZH101", "如有问题，请联系管理员。", 7, document="docs/zh/b.md ↔ docs/en/b.md"),
]


def result(findings) -> RunResult:
    return RunResult((), tuple(findings))


def moved(findings, lines=20):
    return [replace(f, en=tuple(replace(m, line=m.line + lines, end_line=m.end_line + lines)
                                for m in f.en)) for f in findings]


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "qa-baseline.json"
    write_baseline(path, create_baseline(result(TODAY)))
    return path


def test_create_counts_identical_findings_and_is_sorted_json(saved):
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "qa-checker"
    counts = {(e["code"], e["count"]) for e in data["entries"]}
    assert counts == {("ZH201", 2), ("ZH401", 1), ("ZH101", 1)}
    keys = [(e["document"], e["code"], e["fingerprint"]) for e in data["entries"]]
    assert keys == sorted(keys)
    assert "安装" in saved.read_text(encoding="utf-8")  # readable in review, not \\u escapes


def test_create_is_byte_identical_whatever_the_finding_order():
    shuffled = TODAY[:]
    random.Random(7).shuffle(shuffled)
    assert dumps(create_baseline(result(TODAY))) == dumps(create_baseline(result(shuffled)))


def test_round_trip_accepts_todays_findings_even_after_lines_move(saved):
    baseline = load_baseline(saved)
    new, matched, unused = baseline.filter(moved(TODAY))
    assert (new, matched, unused) == ([], 4, [])


def test_new_findings_and_a_third_occurrence_are_new(saved):
    baseline = load_baseline(saved)
    extra_word = finding("ZH201", "安装", 15)
    other = finding("ZH201", "运行", 4)
    new, matched, unused = baseline.filter(TODAY + [extra_word, other])
    assert matched == 4 and unused == []
    assert sorted(f.subject for f in new) == ["安装", "运行"]
    # The later occurrence of the repeated word is the new one.
    assert [f.en[0].line for f in new if f.subject == "安装"] == [15]


def test_fixed_findings_are_reported_as_unused(saved):
    baseline = load_baseline(saved)
    new, matched, unused = baseline.filter([TODAY[0], TODAY[2]])
    assert new == [] and matched == 2
    assert sorted((e.code, e.count) for e in unused) == [("ZH101", 1), ("ZH201", 1)]


def test_prune_drops_fixed_entries_and_lowers_counts(saved):
    baseline = load_baseline(saved)
    pruned = prune(baseline, result([TODAY[1], TODAY[2], finding("ZH999", "new", 1)]))
    assert sorted((e["code"], e["count"]) for e in pruned["entries"]) == [("ZH201", 1), ("ZH401", 1)]
    # Nothing is added by pruning, and the pruned baseline still accepts what is left.
    new, matched, unused = load_baseline_from(pruned).filter([TODAY[1], TODAY[2]])
    assert (new, matched, unused) == ([], 2, [])


def load_baseline_from(data) -> Baseline:
    return parse_baseline(json.loads(dumps(data)))


def test_prune_keeps_unchanged_baseline_byte_identical(saved):
    before = saved.read_text(encoding="utf-8")
    assert dumps(prune(load_baseline(saved), result(TODAY))) == before


@pytest.mark.parametrize("content, expected", [
    ('{"version": 1, "entries": [\n  {"fingerprint": "ab", "count": 1},\n  oops\n]}', ":3:3: not valid JSON"),
    ('[]', "must be a JSON object"),
    ('{"version": 2, "entries": []}', "unsupported baseline version 2"),
    ('{"version": 1}', "'entries' must be a list"),
    ('{"version": 1, "entries": [{"count": 1}]}', "entries[0]: 'fingerprint'"),
    ('{"version": 1, "entries": [{"fingerprint": "ab", "count": 0}]}', "entries[0]: 'count'"),
    ('{"version": 1, "entries": [{"fingerprint": "ab", "count": true}]}', "entries[0]: 'count'"),
    ('{"version": 1, "entries": [{"fingerprint": "ab"}, {"fingerprint": "ab"}]}', "entries[1]: fingerprint ab is listed twice"),
    ('{"version": 1, "entries": [{"fingerprint": "ab", "message": 3}]}', "entries[0]: 'message' must be a string"),
])
def test_malformed_baselines_name_file_and_place(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_baseline(path)
    assert str(err.value).startswith(str(path))
    assert expected in str(err.value)


def test_undecodable_and_missing_baselines(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(b'{"version": 1, "entries": [], "x": "' + "中".encode("gbk") + b'"}')
    with pytest.raises(InputError, match=r"\(byte 36\): the baseline file is not valid UTF-8"):
        load_baseline(path)
    with pytest.raises(InputError, match="cannot read the baseline file"):
        load_baseline(tmp_path / "missing.json")


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(create_baseline(result(TODAY))).encode("utf-8"))
    assert load_baseline(path).entries == load_baseline_from(create_baseline(result(TODAY))).entries
    assert all(isinstance(e, BaselineEntry) for e in load_baseline(path).entries)
