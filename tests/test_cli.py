"""The command line as a user meets it: exit codes, formats, configuration, determinism.

Runs in-process with click's CliRunner through ``qa_checker.cli.main``'s error mapping, and once as a
real subprocess (the installed console script) to check what a shell sees.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa_checker.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example" / "speech.md"


def run(args, cwd=None, monkeypatch=None, capsys=None):
    """Call the CLI entry point in-process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CLEAN = "系统会自动保存你的修改。\n\nThe system saves your changes automatically.\n"


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_0_when_clean(in_tmp, capsys):
    doc = write(in_tmp / "clean.md", CLEAN)
    code, out, _ = run(["check", doc, "--no-encoder"], capsys=capsys)
    assert code == 0
    assert "PASSED" in out


def test_exit_1_with_errors_and_text_in_compiler_shape(in_tmp, capsys):
    code, out, _ = run(["check", EXAMPLE], capsys=capsys)
    assert code == 1
    first = out.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path.endswith("speech.md") and int(line) > 0 and int(col) > 0
    code_, severity = rest.split()[:2]
    assert code_.startswith("ZH") and severity in ("error", "warning", "info")
    assert "[#f-" in first


def test_fail_on_and_exit_zero(in_tmp, capsys):
    code, _, _ = run(["check", EXAMPLE, "--fail-on", "never"], capsys=capsys)
    assert code == 0
    code, _, _ = run(["check", EXAMPLE, "--exit-zero"], capsys=capsys)
    assert code == 0
    # Only a warning-level rule selected: fails at warning, passes at error.
    code, _, _ = run(["check", EXAMPLE, "--select", "ZH601", "--fail-on", "warning"], capsys=capsys)
    assert code == 1
    code, _, _ = run(["check", EXAMPLE, "--select", "ZH601"], capsys=capsys)
    assert code == 0


def test_exit_2_on_missing_file_with_one_line_message(in_tmp, capsys):
    code, _, err = run(["check", "nope.md"], capsys=capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "nope.md" in err


def test_exit_2_on_undecodable_input_names_byte_offset(in_tmp, capsys):
    bad = in_tmp / "bad.txt"
    bad.write_bytes("中文".encode("utf-8") + b"\xff\xfe\xfa\x00abc")
    code, _, err = run(["check", bad], capsys=capsys)
    assert code == 2
    assert "bad.txt" in err and "byte" in err and "Traceback" not in err


def test_exit_2_on_usage_error(in_tmp, capsys):
    code, _, _ = run(["check", EXAMPLE, "--fail-on", "sometimes"], capsys=capsys)
    assert code == 2
    code, _, err = run(["check", EXAMPLE, "--select", "ZH999"], capsys=capsys)
    assert code == 2 and "ZH999" in err


def test_config_file_is_found_by_walking_up_and_cli_wins(in_tmp, capsys):
    write(in_tmp / "setup.cfg", "[qa_checker]\nfail-on = never\nignore = ZH601\n")
    sub = in_tmp / "a" / "b"
    sub.mkdir(parents=True)
    write(sub / "doc.md", "系统会自动保存你的修改，无需手动操作。\n\nThe system saves your changes automatically，no manual step is needed.\n")
    import os

    os.chdir(sub)
    code, out, _ = run(["check", "doc.md", "--no-encoder"], capsys=capsys)
    assert code == 0 and "ZH601" not in out
    code, out, _ = run(["check", "doc.md", "--no-encoder", "--fail-on", "warning", "--select", "ZH601"], capsys=capsys)
    assert "ZH601" in out and code == 1


@pytest.mark.parametrize("cfg, needle", [
    ("[qa_checker]\nfail-onn = error\n", "fail-on"),
    ("[qa_checker:ZH103]\nmin-ratoi = 1.0\n", "min-ratio"),
    ("[qa_checker:ZH999]\nseverity = error\n", "ZH999"),
    ("[qa_checker]\nignore = ZH60l\n", "ZH60"),
])
def test_config_typos_are_errors_naming_the_closest_key(in_tmp, capsys, cfg, needle):
    write(in_tmp / "setup.cfg", cfg)
    doc = write(in_tmp / "clean.md", CLEAN)
    code, _, err = run(["check", doc, "--no-encoder"], capsys=capsys)
    assert code == 2
    assert "setup.cfg" in err and needle in err


def test_rule_options_and_severity_from_config(in_tmp, capsys):
    write(in_tmp / "setup.cfg", "[qa_checker:ZH601]\nseverity = error\n")
    doc = write(in_tmp / "doc.md", "保存你的修改。\n\nSave your changes。\n")
    code, out, _ = run(["check", doc, "--no-encoder", "--select", "ZH601"], capsys=capsys)
    assert code == 1 and "ZH601 error" in out


def test_several_formats_each_to_its_own_file(in_tmp, capsys):
    code, out, err = run(["check", EXAMPLE, "-f", "text", "-f", "json", "-f", "html", "-f", "sarif",
                          "--output-dir", in_tmp / "out"], capsys=capsys)
    assert code == 1
    names = sorted(p.name for p in (in_tmp / "out").iterdir())
    assert names == ["speech.html", "speech.json", "speech.sarif"]
    data = json.loads((in_tmp / "out" / "speech.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["summary"]["findings"]["error"] >= 1


def test_output_dash_writes_json_to_stdout(in_tmp, capsys):
    code, out, _ = run(["check", EXAMPLE, "-f", "json", "-o", "-"], capsys=capsys)
    data = json.loads(out)
    assert {"version", "tool", "summary", "documents", "findings"} <= set(data)
    doc = data["documents"][0]
    assert {"id", "zh_path", "en_path", "paragraphs", "pairs"} <= set(doc)
    assert all({"zh", "en", "similarity", "omission_score"} <= set(p) for p in doc["pairs"])


def test_json_is_byte_identical_across_runs(in_tmp, capsys):
    a = in_tmp / "a.json"
    b = in_tmp / "b.json"
    run(["check", EXAMPLE, "-f", "json", "-o", a], capsys=capsys)
    run(["check", EXAMPLE, "-f", "json", "-o", b, "--jobs", "2"], capsys=capsys)
    assert a.read_bytes() == b.read_bytes()


def test_rules_and_rule_commands(capsys):
    code, out, _ = run(["rules"], capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("ZH101") for line in lines) and len(lines) >= 20
    code, out, _ = run(["rule", "ZH401"], capsys=capsys)
    assert code == 0 and "What it does" in out and "Example" in out
    code, out, _ = run(["rule", "missing-translation"], capsys=capsys)
    assert code == 0 and "ZH101" in out


def test_reference_scores_match_sacrebleu(in_tmp, capsys):
    import sacrebleu

    rows = [("系统会自动保存你的修改。", "The system saves your changes automatically.",
             "The system automatically saves your changes."),
            ("请在使用前阅读说明书。", "Please read the manual before use.", "Read the manual before using it.")]
    tsv = in_tmp / "ref.tsv"
    tsv.write_text("zh\ten\treference\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    out = in_tmp / "ref.json"
    run(["check", tsv, "-f", "json", "-o", out], capsys=capsys)
    data = json.loads(out.read_text(encoding="utf-8"))
    hyps, refs = [r[1] for r in rows], [r[2] for r in rows]
    metrics = data["documents"][0]["metrics"]
    assert metrics["corpus_bleu"] == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score, abs=1e-3)
    assert metrics["corpus_chrf"] == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score, abs=1e-3)
    assert metrics["corpus_ter"] == pytest.approx(sacrebleu.corpus_ter(hyps, [refs]).score, abs=1e-3)
    assert data["documents"][0]["signatures"]["bleu"].startswith("nrefs:1|")
    first = data["documents"][0]["pairs"][0]
    assert first["metrics"]["bleu"] == pytest.approx(sacrebleu.sentence_bleu(hyps[0], [refs[0]]).score, abs=1e-3)


SCRIPT = Path(sys.executable).with_name("qa-checker")


@pytest.mark.skipif(not SCRIPT.exists() and shutil.which("qa-checker") is None, reason="console script not installed")
def test_console_script_in_a_real_shell(tmp_path):
    script = str(SCRIPT) if SCRIPT.exists() else "qa-checker"
    proc = subprocess.run([script, "check", str(EXAMPLE), "--output-dir", str(tmp_path), "-f", "html"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert (tmp_path / "speech.html").is_file()
    proc = subprocess.run([sys.executable, "-m", "qa_checker.cli", "check", str(tmp_path / "missing.md")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "missing.md" in proc.stderr


def test_api_overrides_apply_as_given():
    import qa_checker

    result = qa_checker.check(str(EXAMPLE), fail_on=None, encoder=False)
    assert result.findings and not result.failed
    assert qa_checker.check(str(EXAMPLE), encoder=False).failed
