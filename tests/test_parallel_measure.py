"""Measuring in forked worker processes gives the same report as measuring in one process.

The real sentence encoder is used: the workers share the parent's loaded encoder and dictionary,
and their results (pairs, located omissions) come back by pickling, which is what could go wrong.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa_checker import engine
from qa_checker.api import check
from qa_checker.fork_pool import fork_available, map_shared
from qa_checker.reporters.json_report import JsonReporter

ROOT = Path(__file__).resolve().parents[1]


def _pid_and_double(state, job):
    return os.getpid(), state["factor"] * job


def test_map_shared_keeps_job_order_and_shares_state():
    results = list(map_shared(_pid_and_double, {"factor": 2}, list(range(20)), workers=2))
    assert [r[1] for r in results] == [2 * k for k in range(20)]
    if fork_available():
        assert os.getpid() not in {pid for pid, _ in results}


def test_map_shared_runs_in_the_parent_with_one_worker():
    results = list(map_shared(_pid_and_double, {"factor": 3}, [1, 2], workers=1))
    assert results == [(os.getpid(), 3), (os.getpid(), 6)]


def _table(tmp_path: Path) -> Path:
    """A table of real-looking rows with defects: a dropped sentence, leftover Chinese, a number."""
    rows = [
        ("我们今天发布了新版本。它修复了三个安全漏洞。", "Today we released a new version. It fixes three security vulnerabilities."),
        ("社区有两千名贡献者。感谢大家的支持。", "The community has 2,000 contributors."),
        ("文档已经翻译成英文。", "The documentation has been translated into 英文."),
        ("会议将在五月举行，地点在北京。", "The meeting will be held in June in Beijing."),
        ("请阅读安装指南。", "Please read the installation guide."),
    ]
    lines = ["zh\ten"] + [f"{zh}\t{en}" for k in range(8) for zh, en in rows]
    path = tmp_path / "rows.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked")
def test_parallel_full_check_matches_one_process(tmp_path, monkeypatch):
    path = _table(tmp_path)
    one = JsonReporter().render(check(str(path), jobs=1))
    # A small threshold so this small table is measured by two workers, in several jobs.
    monkeypatch.setattr(engine, "PARALLEL_MIN_PARAGRAPHS", 10)
    monkeypatch.setattr(engine, "MIN_JOB_PARAGRAPHS", 20)
    calls = []
    import qa_checker.fork_pool as fork_pool

    real = fork_pool.map_shared

    def recording(fn, state, jobs, workers):
        calls.append((len(jobs), workers))
        return real(fn, state, jobs, workers)

    monkeypatch.setattr(fork_pool, "map_shared", recording)
    many = JsonReporter().render(check(str(path), jobs=2))
    assert calls and calls[0][0] > 1 and calls[0][1] == 2
    assert many == one
    assert '"ZH102"' in one and '"ZH201"' in one and '"ZH401"' in one


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked")
def test_parallel_rules_only_check_matches_one_process(tmp_path, monkeypatch):
    path = _table(tmp_path)
    one = JsonReporter().render(check(str(path), jobs=1, encoder=False))
    monkeypatch.setattr(engine, "PARALLEL_MIN_PARAGRAPHS_RULES_ONLY", 10)
    monkeypatch.setattr(engine, "MIN_JOB_PARAGRAPHS", 20)
    many = JsonReporter().render(check(str(path), jobs=2, encoder=False))
    assert many == one
    assert '"ZH201"' in one and '"ZH401"' in one


@pytest.mark.skipif(not fork_available(), reason="worker processes are forked")
def test_parallel_plan_splits_tables_and_groups():
    from qa_checker.readers import read_inputs

    docs = read_inputs([str(ROOT / "fixtures" / "formats" / "pair" / "zh.md"),
                        str(ROOT / "fixtures" / "formats" / "pair" / "en.md")])
    jobs = engine._plan(docs, workers=1)
    assert [j.docs for j in jobs] == [tuple(range(len(docs)))]


def test_parallel_plan_cuts_a_table_into_row_ranges(tmp_path):
    from qa_checker.readers import read_inputs

    path = tmp_path / "big.tsv"
    path.write_text("zh\ten\n" + "".join(f"第{k}行。\tRow {k}.\n" for k in range(1500)), encoding="utf-8")
    docs = read_inputs([str(path)])
    jobs = engine._plan(docs, workers=2)
    assert len(jobs) >= 2 * engine.JOBS_PER_WORKER - 1
    ranges = [j.rows for j in jobs]
    assert ranges[0][0] == 0 and ranges[-1][1] == 1500
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))  # contiguous, nothing lost
