"""Score a benchmark of zh→en pairs for omissions and write one prediction per item.

    python -m qa_checker.evaluate BENCH.jsonl --out PRED.jsonl [--signals all|sentence|lexical|reverse|length]

BENCH.jsonl has one object per line with at least ``id``, ``zh`` and ``en``.  PRED.jsonl gets
``{"id", "score", "flagged"}`` per item: the omission score in [0, 1] and whether it passes the
threshold fitted for the chosen signals (coverage/model.py, FLAG_THRESHOLDS).  English that still
contains Han characters (a sentence left untranslated) scores 1.0 and is flagged whatever the
signals say: that is the untranslated-text rule's finding, included so one file scores "any" kind.
Timing goes to stderr; ``--profile`` adds the cost per pair of each stage.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .script import HAN_RE

CHUNK = 512  # pairs per scorer call: one encoder call per chunk


def read_items(path: Path) -> list[dict]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                item = json.loads(line)
                for key in ("id", "zh", "en"):
                    if key not in item:
                        raise SystemExit(f"{path}:{n}: item has no {key!r}")
                items.append(item)
    return items


def make_encoder():
    from .encoder import UseEncoder

    return UseEncoder()  # one math thread, clause vectors pooled from one pass, as in a check


def predict(items: list[dict], signals: str = "all", scorer=None) -> list[dict]:
    from .coverage import OmissionScorer
    from .coverage.model import DEFAULT_THRESHOLD, FLAG_THRESHOLDS

    if scorer is None:
        scorer = OmissionScorer(make_encoder() if signals in ("all", "sentence") else None)
    threshold = FLAG_THRESHOLDS.get(signals, DEFAULT_THRESHOLD)
    out = []
    for i in range(0, len(items), CHUNK):
        chunk = items[i:i + CHUNK]
        results = scorer.score_pairs([(it["zh"], it["en"]) for it in chunk], signals=signals)
        for item, res in zip(chunk, results):
            if HAN_RE.search(item["en"]):
                out.append({"id": item["id"], "score": 1.0, "flagged": True})
            else:
                out.append({"id": item["id"], "score": round(res.score, 6), "flagged": res.score > threshold})
    return out


def profile(items: list[dict], scorer) -> dict[str, float]:
    """Milliseconds per pair of each stage, on one core (the encoder limited to one thread)."""
    from .coverage.alignment import align
    from .coverage.segments import en_clauses, zh_clauses

    pairs = [(it["zh"], it["en"]) for it in items]
    n = len(pairs)
    cost = {}
    t = time.perf_counter()
    cut = [(zh_clauses(zh), en_clauses(en)) for zh, en in pairs]
    cost["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    vecs = scorer.clause_vectors([side for (zh, en), (zc, ec) in zip(pairs, cut) for side in ((("zh", zh), zc), (("en", en), ec))])
    cost["encode (one pass, clauses pooled)"] = time.perf_counter() - t
    t = time.perf_counter()
    for (zh, en), (zc, ec) in zip(pairs, cut):
        if zc and ec:
            align(zc, ec, vecs["zh", zh], vecs["en", en])
    cost["align"] = time.perf_counter() - t
    t = time.perf_counter()
    for zh, en in pairs:
        scorer.lexical.analyse(zh, en)
    cost["lexical (incl. reverse)"] = time.perf_counter() - t
    t = time.perf_counter()
    scorer.score_pairs(pairs)
    cost["score_pairs, everything"] = time.perf_counter() - t
    return {k: v / n * 1000 for k, v in cost.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--signals", default="all", choices=["all", "sentence", "lexical", "reverse", "length"])
    ap.add_argument("--profile", action="store_true", help="print the cost per pair of each stage")
    a = ap.parse_args(argv)
    from .coverage import OmissionScorer

    t0 = time.perf_counter()
    items = read_items(a.bench)
    scorer = OmissionScorer(make_encoder() if a.signals in ("all", "sentence") or a.profile else None)
    if scorer.encoder is not None:
        scorer.encoder.encode(["预热", "warm-up"])  # load the weights now, not inside the timing
    if a.signals != "length":
        scorer.lexical.analyse("预热", "warm-up")  # likewise the dictionary and jieba
    t1 = time.perf_counter()
    preds = predict(items, a.signals, scorer)
    t2 = time.perf_counter()
    tmp = a.out.with_name(a.out.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    tmp.replace(a.out)
    print(f"{len(items)} pairs, signals={a.signals}: load {t1 - t0:.1f} s, scoring {t2 - t1:.1f} s "
          f"({len(items) / max(t2 - t1, 1e-9):.0f} pairs/s on one core), flagged {sum(p['flagged'] for p in preds)}",
          file=sys.stderr)
    if a.profile:
        for stage, ms in profile(items, scorer).items():
            print(f"  {stage:26s} {ms:7.2f} ms/pair", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
