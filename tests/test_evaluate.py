"""The evaluation script: reads a benchmark, writes one prediction per item, flags untranslated text."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa_checker import evaluate

ZH = "今天早上我去了市场。我买了三斤新鲜的苹果和一些橙子。回家的路上开始下大雨，我的衣服全湿了。"
ITEMS = [
    {"id": "intact", "zh": ZH, "en": "This morning I went to the market. I bought three jin of fresh apples and "
     "some oranges. On the way home it started to rain heavily, and my clothes got completely wet."},
    {"id": "dropped", "zh": ZH, "en": "This morning I went to the market. On the way home it started to rain "
     "heavily, and my clothes got completely wet."},
    {"id": "untranslated", "zh": ZH, "en": "This morning I went to the market. 我买了三斤新鲜的苹果和一些橙子。 "
     "On the way home it started to rain heavily, and my clothes got completely wet."},
]


def _write(tmp_path: Path, items) -> Path:
    bench = tmp_path / "bench.jsonl"
    bench.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return bench


def test_lexical_only_run_writes_one_prediction_per_item(tmp_path):
    bench, out = _write(tmp_path, ITEMS), tmp_path / "pred.jsonl"
    assert evaluate.main([str(bench), "--out", str(out), "--signals", "lexical"]) == 0
    preds = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["intact", "dropped", "untranslated"]
    assert all(set(p) == {"id", "score", "flagged"} and 0.0 <= p["score"] <= 1.0 for p in preds)
    by_id = {p["id"]: p for p in preds}
    assert by_id["untranslated"] == {"id": "untranslated", "score": 1.0, "flagged": True}
    assert by_id["dropped"]["score"] > by_id["intact"]["score"]
    assert not (tmp_path / "pred.jsonl.part").exists()


def test_item_without_english_is_an_input_error(tmp_path):
    bench = _write(tmp_path, [{"id": "x", "zh": ZH}])
    with pytest.raises(SystemExit, match="bench.jsonl:1: item has no 'en'"):
        evaluate.main([str(bench), "--out", str(tmp_path / "p.jsonl"), "--signals", "length"])


@pytest.mark.encoder
def test_full_run_from_the_command_line(tmp_path):
    bench, out = _write(tmp_path, ITEMS), tmp_path / "pred.jsonl"
    proc = subprocess.run([sys.executable, "-m", "qa_checker.evaluate", str(bench), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "3 pairs, signals=all" in proc.stderr
    preds = {p["id"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert preds["dropped"]["flagged"] and not preds["intact"]["flagged"]
    assert preds["untranslated"]["flagged"]
