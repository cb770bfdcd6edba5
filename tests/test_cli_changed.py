"""Pull-request mode replayed on a real git repository: --changed-since, stale English, baseline."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qa_checker.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"}).stdout


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    r = tmp_path / "docs-repo"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    write(r / "docs/zh/guide.md", "# 指南\n\n安装前请先阅读本指南。\n")
    write(r / "docs/en/guide.md", "# Guide\n\nRead this guide before installing.\n")
    write(r / "docs/zh/faq.md", "# 常见问题\n\n如何升级？请运行升级命令。\n")
    write(r / "docs/en/faq.md", "# FAQ\n\nHow do I upgrade? Run the upgrade command.\n")
    git(r, "add", "-A")
    git(r, "commit", "-q", "-m", "docs")
    git(r, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(r)
    return r


def test_changed_chinese_file_is_checked_with_its_partner_and_reported_stale(repo, capsys):
    write(repo / "docs/zh/guide.md", "# 指南\n\n安装前请先阅读本指南。\n\n升级时不要删除配置目录。\n")
    git(repo, "commit", "-qam", "zh only")
    code, out, err = run(["check", "--changed-since", "main", "--no-encoder", "--fail-on", "warning"], capsys)
    assert code == 1
    assert "ZH903" in out and "docs/zh/guide.md" in out
    assert "ZH101" in out  # the new Chinese paragraph has no English
    assert "faq.md" not in out  # unchanged pairs are not checked


def test_changed_english_file_is_checked_against_its_chinese(repo, capsys):
    write(repo / "docs/en/faq.md", "# FAQ\n\nHow do I upgrade? Run the upgrade command. 请运行。\n")
    git(repo, "commit", "-qam", "en edit")
    code, out, _ = run(["check", "--changed-since", "main", "--no-encoder"], capsys)
    assert code == 1 and "ZH201" in out and "ZH903" not in out


def test_nothing_changed_exits_0(repo, capsys):
    code, _, err = run(["check", "--changed-since", "main", "--no-encoder"], capsys)
    assert code == 0 and "no changed" in err


def test_unknown_ref_is_an_error(repo, capsys):
    code, _, err = run(["check", "--changed-since", "no-such-branch", "--no-encoder"], capsys)
    assert code == 2 and "no-such-branch" in err


def test_baseline_accepts_todays_findings_and_fails_on_new_ones(repo, capsys):
    write(repo / "docs/en/guide.md", "# Guide\n\nRead this guide before installing。\n")
    code, out, _ = run(["check", "docs", "--no-encoder", "--fail-on", "warning"], capsys)
    assert code == 1 and "ZH601" in out
    code, _, _ = run(["baseline", "create", "docs", "-o", "baseline.json"], capsys)
    assert code == 0
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] and data["entries"]
    code, out, _ = run(["check", "docs", "--no-encoder", "--fail-on", "warning", "--baseline", "baseline.json"], capsys)
    assert code == 0 and "ZH601" not in out
    # Moving the text down does not invalidate the baseline (no line numbers in fingerprints) ...
    write(repo / "docs/en/guide.md", "# Guide\n\n\n\nRead this guide before installing。\n")
    code, _, _ = run(["check", "docs", "--no-encoder", "--fail-on", "warning", "--baseline", "baseline.json"], capsys)
    assert code == 0
    # ... but a new problem fails.
    write(repo / "docs/en/faq.md", "# FAQ\n\nHow do I upgrade？Run the upgrade command.\n")
    code, out, _ = run(["check", "docs", "--no-encoder", "--fail-on", "warning", "--baseline", "baseline.json"], capsys)
    assert code == 1 and "ZH601" in out and "faq.md" in out
