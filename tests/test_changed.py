"""Pull-request mode on real git repositories: changed files since a merge base, and their partners."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from qa_checker.changed import ChangedPair, changed_files, expand_to_pairs, repo_root
from qa_checker.errors import ConfigError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """main: three zh/en pairs and a README pair; feature branches off, then main moves on.

    Shared by the tests of this module, which only read it.
    """
    repo = tmp_path_factory.mktemp("changed") / "project"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for rel, text in {
        "docs/zh/a.md": "# 安装\n\n下载并运行。\n", "docs/en/a.md": "# Install\n\nDownload and run.\n",
        "docs/zh/b.md": "# 配置\n", "docs/en/b.md": "# Configure\n",
        "docs/zh/指南.md": "# 指南\n", "docs/en/指南.md": "# Guide\n",
        "guide.zh.md": "指南\n", "guide.en.md": "Guide\n",
        "README.md": "Hello\n", "README.zh-CN.md": "你好\n",
        "docs/zh/old.md": "旧\n", "setup.py": "print()\n",
    }.items():
        write(repo, rel, text)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "initial")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "docs/zh/a.md", "# 安装\n\n下载并运行安装程序。\n")  # committed: Chinese only (stale English)
    write(repo, "docs/zh/c.md", "# 新页面\n")  # committed: a new page with no English yet
    write(repo, "docs/zh/指南.md", "# 用户指南\n")
    write(repo, "docs/en/指南.md", "# User guide\n")
    git(repo, "rm", "-q", "docs/zh/old.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "feature work")
    write(repo, "docs/en/b.md", "# Configuration\n")  # staged, not committed
    git(repo, "add", "docs/en/b.md")
    write(repo, "guide.en.md", "User guide\n")  # unstaged edit
    write(repo, "README.zh-CN.md", "你好！\n")
    write(repo, "docs/zh/d.md", "# 草稿\n")  # untracked
    # main moves on after the branch point: its changes are not the branch's.
    git(repo, "stash", "-q", "--include-untracked")
    git(repo, "checkout", "-q", "main")
    write(repo, "docs/zh/b.md", "# 配置说明\n")
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    git(repo, "stash", "pop", "-q", "--index")
    return repo


EXPECTED = ["README.zh-CN.md", "docs/en/b.md", "docs/en/指南.md", "docs/zh/a.md", "docs/zh/c.md",
            "docs/zh/指南.md", "guide.en.md"]


def test_changed_since_the_merge_base_including_the_working_tree(repo):
    assert changed_files("main", str(repo)) == EXPECTED  # not docs/zh/b.md (main's), not old.md (deleted)
    assert changed_files("main", str(repo), include_untracked=True) == sorted(EXPECTED + ["docs/zh/d.md"])


def test_changed_files_are_relative_to_the_repository_root_from_a_subdirectory(repo):
    assert changed_files("main", str(repo / "docs" / "en")) == EXPECTED
    assert Path(repo_root(str(repo / "docs"))).resolve() == repo.resolve()


def test_changed_since_head_is_the_uncommitted_work(repo):
    assert changed_files("HEAD", str(repo)) == ["README.zh-CN.md", "docs/en/b.md", "guide.en.md"]


def test_pairs_with_change_flags(repo):
    pairs = expand_to_pairs(changed_files("main", str(repo)), str(repo))
    assert pairs == [
        ChangedPair("README.zh-CN.md", "README.md", True, False),
        ChangedPair("docs/zh/a.md", "docs/en/a.md", True, False),
        ChangedPair("docs/zh/b.md", "docs/en/b.md", False, True),
        ChangedPair("docs/zh/c.md", None, True, False),
        ChangedPair("docs/zh/指南.md", "docs/en/指南.md", True, True),
        ChangedPair("guide.zh.md", "guide.en.md", False, True),
    ]
    assert [p.zh for p in pairs if p.stale] == ["README.zh-CN.md", "docs/zh/a.md"]


def test_errors_are_config_errors(repo, tmp_path):
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    with pytest.raises(ConfigError, match="not inside a git repository"):
        changed_files("main", str(outside))
    with pytest.raises(ConfigError, match="unknown git revision 'no-such-branch'"):
        changed_files("no-such-branch", str(repo))
    with pytest.raises(ConfigError, match="invalid git revision"):
        changed_files("--output=/tmp/x", str(repo))
    with pytest.raises(ConfigError, match="not a directory"):
        changed_files("main", str(tmp_path / "missing"))


def test_unrelated_history_has_no_merge_base(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "zh/a.md", "你好\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    git(tmp_path, "checkout", "-q", "--orphan", "other")
    git(tmp_path, "commit", "-q", "-m", "unrelated")
    with pytest.raises(ConfigError, match="no common ancestor"):
        changed_files("main", str(tmp_path))


def test_a_repository_without_commits_lists_what_is_staged(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "zh/a.md", "你好\n")
    write(tmp_path, "en/a.md", "Hello\n")
    write(tmp_path, "en/b.md", "untracked\n")
    git(tmp_path, "add", "zh/a.md", "en/a.md")
    assert changed_files("HEAD", str(tmp_path)) == ["en/a.md", "zh/a.md"]
    assert expand_to_pairs(["en/a.md", "zh/a.md"], str(tmp_path)) == [ChangedPair("zh/a.md", "en/a.md", True, True)]


# --- partners without git (the directory reader's pairing) ------------------------------------------

@pytest.mark.parametrize("files, changed, expected", [
    (["docs/zh-CN/a.md", "docs/en-US/a.md"], "docs/zh-CN/a.md", ("docs/zh-CN/a.md", "docs/en-US/a.md")),
    (["docs/zh_CN/a.md", "docs/en/a.md"], "docs/en/a.md", ("docs/zh_CN/a.md", "docs/en/a.md")),
    (["cn/x/y.md", "en/x/y.md"], "en/x/y.md", ("cn/x/y.md", "en/x/y.md")),
    (["site/docs/zh/a.md", "site/docs/a.md"], "site/docs/a.md",  # a lone zh/ beside the English
     ("site/docs/zh/a.md", "site/docs/a.md")),
    (["a.zh-CN.md", "a.en-US.md"], "a.en-US.md", ("a.zh-CN.md", "a.en-US.md")),
    (["a.zh.md", "a.en.md"], "a.zh.md", ("a.zh.md", "a.en.md")),
    (["intro_zh.md", "intro_en.md"], "intro_en.md", ("intro_zh.md", "intro_en.md")),
    (["README.md", "README_CN.md"], "README.md", ("README_CN.md", "README.md")),
    (["docs/zh/only.md", "docs/en/other.md"], "docs/zh/only.md", ("docs/zh/only.md", None)),
    (["docs/en/only.md", "docs/zh/other.md"], "docs/en/only.md", (None, "docs/en/only.md")),
    (["speech.txt"], "speech.txt", ("speech.txt", "speech.txt")),  # one file holding both languages
    (["l10n/messages.po"], "l10n/messages.po", ("l10n/messages.po", "l10n/messages.po")),
])
def test_partner_conventions(tmp_path, files, changed, expected):
    for rel in files:
        write(tmp_path, rel, "x\n")
    (pair,) = expand_to_pairs([changed], str(tmp_path))
    assert (pair.zh, pair.en) == expected
    assert pair.zh_changed == (pair.zh == changed) and pair.en_changed == (pair.en == changed)
    assert pair.one_file == (expected[0] == expected[1])
    # A changed Chinese file whose English exists (and did not change) makes the English stale.
    assert pair.stale == (expected[0] == changed and expected[1] not in (None, changed))


def test_both_sides_changed_give_one_pair(tmp_path):
    for rel in ("docs/zh/a.md", "docs/en/a.md"):
        write(tmp_path, rel, "x\n")
    pairs = expand_to_pairs(["docs/en/a.md", "docs/zh/a.md"], str(tmp_path))
    assert pairs == [ChangedPair("docs/zh/a.md", "docs/en/a.md", True, True)]
    assert not pairs[0].stale


def test_files_the_readers_do_not_read_are_dropped(tmp_path):
    for rel in ("setup.py", "docs/zh/logo.png", ".github/zh/notes.md", "docs/zh/a.md", "docs/en/a.md"):
        write(tmp_path, rel, "x\n")
    changed = ["setup.py", "docs/zh/logo.png", ".github/zh/notes.md", "docs/zh/a.md", "docs/zh/deleted.md"]
    assert expand_to_pairs(changed, str(tmp_path)) == [
        ChangedPair("docs/zh/a.md", "docs/en/a.md", True, False)]


def test_pairing_is_the_same_from_a_relative_root(tmp_path, monkeypatch):
    for rel in ("docs/zh/a.md", "docs/en/a.md"):
        write(tmp_path, rel, "x\n")
    monkeypatch.chdir(tmp_path)
    assert expand_to_pairs(["docs/en/a.md"], ".") == expand_to_pairs(["docs/en/a.md"], str(tmp_path))
