"""The benchmark script keeps running: its pair generator, and a tiny run of it (not a timed test)."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

from qa_checker.readers import read_inputs  # noqa: E402


@pytest.fixture(scope="module")
def pairs():
    return corpus.generate(300, seed=7)


def test_generator_is_deterministic_and_prefix_stable(pairs):
    assert corpus.generate(300, seed=7) == pairs
    assert corpus.generate(50, seed=7) == pairs[:50]  # smaller sizes are prefixes of larger ones
    assert corpus.generate(50, seed=8) != pairs[:50]


def test_generated_pairs_have_zh_en_character_statistics(pairs):
    stats = corpus.statistics(pairs)
    assert 30 <= stats["zh_chars_min"] and stats["zh_chars_max"] <= 300
    # Real zh→en prose: about 3 English characters per Chinese one, mostly Han on the Chinese side
    # (2.8 and 0.88 over the sentence pairs of the annotated development data).
    assert 2.5 <= stats["en_to_zh_char_ratio"] <= 3.5
    assert 0.75 <= stats["han_share_of_zh"] <= 0.95
    assert all(p.zh[-1] in corpus.ZH_SENTENCE_END for p in pairs)
    assert 0 < sum(1 for p in pairs if not p.en) < 0.05 * len(pairs)  # a few untranslated rows


def test_tsv_and_po_read_back_as_the_same_pairs(pairs, tmp_path):
    tsv, po = tmp_path / "p.tsv", tmp_path / "p.po"
    corpus.write_tsv(pairs, str(tsv))
    corpus.write_po(pairs, str(po))
    for path in (tsv, po):
        (doc,) = read_inputs([str(path)])
        by_id = {p.id: p.text for p in doc.paragraphs}
        zh = [by_id[z[0]] for z, _ in doc.given_pairs if z]
        assert zh == [p.zh for p in pairs], path.suffix
        en = [by_id[e[0]] for _, e in doc.given_pairs if e]
        assert en == [p.en for p in pairs if p.en], path.suffix


def test_tiny_benchmark_run_writes_tables(tmp_path):
    # A stand-in for pofilter (GPL, never installed with the project): copies its input to its output.
    fake = tmp_path / "pofilter"
    fake.write_text(f"#!{sys.executable}\nimport shutil, sys\n"
                    "args = [a for a in sys.argv[1:] if not a.startswith('-')]\n"
                    "if '--version' in sys.argv: print('fake pofilter'); sys.exit()\n"
                    "shutil.copy(args[0], args[1])\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    out = tmp_path / "RESULTS.md"
    out.write_text("old tables\n<!-- notes: everything below this line is kept when the script rewrites the file -->\n"
                   "hand-written notes\n")
    proc = subprocess.run(
        [sys.executable, str(BENCH / "bench.py"), "--sizes", "50,100", "--modes", "rules,rules-po,pofilter,components,sacrebleu",
         "--repeat", "1", "--component-size", "50", "--component-full-size", "0", "--align-size", "20",
         "--sacrebleu-sizes", "50", "--pofilter", str(fake), "--workdir", str(tmp_path / "work"), "--out", str(out),
         "--quiet"],
        capture_output=True, text=True, timeout=300, cwd=str(REPO), env={**os.environ, "PYTHONHASHSEED": "0"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "old tables" not in text and text.rstrip().endswith("hand-written notes")
    assert "| rules | TSV | 50 |" in text and "| rules | PO | 100 |" in text
    assert "| pofilter | PO | 100 |" in text
    assert "## Time growth" in text and "| rules | TSV | 1 | 50→100 |" in text
    assert "| ZH101 |" in text  # per-rule costs
    assert "align (rules-only scorer)" in text
    # Summed sentence statistics give the same corpus scores as one sacreBLEU call.
    bleu_rows = [line.split("|")[5:8] for line in text.splitlines() if line.startswith(("| summed", "| one corpus"))]
    assert len(bleu_rows) == 2 and bleu_rows[0] == bleu_rows[1]
    assert "## Machine" in text and "| Python |" in text
    assert str(tmp_path) not in text  # no local folders in a report meant to be shared
