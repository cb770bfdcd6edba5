"""Fit the logistic combinations of model.py on development data, with grouped cross-validation.

    python -m qa_checker.coverage.fit MQM.jsonl DROPPED.jsonl [--features FEATURES.npz] > models.py

MQM.jsonl: professional MQM annotations of real zh→en translations (positives: ``omission`` true;
negatives: ``clean`` true).  DROPPED.jsonl: intact multi-sentence translations ("negative") and the
same with one sentence's English removed ("dropped"); items labelled "untranslated" are left out
(another rule catches Chinese left in the English).

Procedure.  Every item's features are measured once.  Two L2-regularised logistic regressions
(λ = 1 on standardised features, Newton's method, numpy only) are fitted:
- "unit" on the dropped-sentence file and on 8-sentence paragraphs joined from it (see BLOCK; each
  weighted equally, classes balanced within each), with every MQM item added as a further negative
  at half the weight of one of them (single sentences whose sentences are all there);
- "word" on the MQM file (classes weighted equally).
Their features were chosen by greedy forward selection on cross-validated AUROC (UNIT_FEATURES,
WORD_FEATURES below).  The score is the noisy-OR of the two probabilities after shifting their
log-odds by model.PRIOR_SHIFT (chosen on the cross-validated predictions over three fold seeds: the
word model shifted 2.5 below the unit model keeps both files' AUROC near their best; anywhere from
-2 to -3 changes either by less than 0.005).
Cross-validation: 5 folds grouped by source text (all translations of one Chinese segment, and all
variants of the runs of one 8-sentence block, fall in the same fold: the held-out data are other
talks).  The
script prints cross-validated AUROC per file for all signals, each signal alone and all but one,
the flag threshold, and the ``MODELS`` table to paste into model.py.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from . import model

L2 = 1.0
FOLDS = 5


def auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    labels = np.asarray(labels, bool)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = np.asarray(scores)[order]
    i = 0
    while i < len(s):  # average ranks of ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = labels.sum()
    n_neg = len(labels) - n_pos
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weighted L2-regularised logistic regression by Newton's method (x already standardised)."""
    n, d = x.shape
    xa = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    reg = l2 * np.eye(d + 1)
    reg[d, d] = 0.0  # the bias is not shrunk
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(xa @ beta, -40, 40)))
        grad = xa.T @ (weight * (p - y)) + reg @ beta
        hess = xa.T @ (xa * (weight * p * (1 - p))[:, None]) + reg + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta[:d], float(beta[d])


# Runs of the dropped-sentence file are joined in pairs (sentences 1–4 + 5–8, 9–12 + 13–16, …) into
# 8-sentence paragraphs, intact or with one sentence dropped, so the unit model also learns from
# paragraphs twice as long: leave-one-out gains and length ratios shrink with paragraph length, and
# a model fitted on 4-sentence runs alone loses ~0.05 AUROC on 8-sentence paragraphs.
BLOCK = 8


def load(mqm_path: Path, dropped_path: Path):
    """(file, group, positive, zh, en) items; file is "mqm", "dropped" or "dropped8" (joined runs)."""
    items = []
    for line in mqm_path.open(encoding="utf-8"):
        d = json.loads(line)
        if d.get("omission") or d.get("clean"):
            items.append(("mqm", d["id"].rsplit(":", 1)[0], bool(d.get("omission")), d["zh"], d["en"]))
    runs: dict[tuple[str, str], dict[tuple[int, str], dict]] = {}
    for line in dropped_path.open(encoding="utf-8"):
        d = json.loads(line)
        if d["label"] not in ("dropped", "negative"):
            continue
        # id: <origin>:para:<talk>:<first>-<last>:<system>:<variant>
        parts = d["id"].split(":")
        talk, first, system = parts[2], int(parts[3].split("-")[0]), parts[4]
        group = f"{talk}:{(first - 1) // BLOCK}"  # both halves of a joined paragraph in one fold
        items.append(("dropped", group, d["label"] == "dropped", d["zh"], d["en"]))
        runs.setdefault((talk, system), {})[(first, d["label"])] = (d, group)
    for (talk, system), by_start in sorted(runs.items()):
        for (first, label), (d1, group) in sorted(by_start.items()):
            if label != "negative" or (first - 1) % BLOCK:
                continue
            length = int(d1["id"].split(":")[3].split("-")[1]) - first + 1
            second = by_start.get((first + length, "negative"))
            drop1, drop2 = by_start.get((first, "dropped")), second and by_start.get((first + length, "dropped"))
            if not (second and drop1 and drop2):
                continue
            d2 = second[0]
            zh = d1["zh"] + d2["zh"]
            items.append(("dropped8", group, False, zh, d1["en"] + " " + d2["en"]))
            items.append(("dropped8", group, True, zh, drop1[0]["en"] + " " + d2["en"]))
            items.append(("dropped8", group, True, zh, d1["en"] + " " + drop2[0]["en"]))
    return items


def measure(items, cache: Path | None) -> np.ndarray:
    if cache is not None and cache.exists():
        data = np.load(cache, allow_pickle=False)
        if tuple(data["names"]) == model.FEATURES and len(data["x"]) == len(items):
            return data["x"]
    from ..encoder import UseEncoder
    from .scorer import OmissionScorer

    scorer = OmissionScorer(UseEncoder())  # the checker's own encoder: clause vectors pooled as in a run
    x = np.array([m[3] for m in scorer.measure([(it[3], it[4]) for it in items])], dtype=np.float64)
    if cache is not None:
        np.savez(cache, x=x, names=np.array(model.FEATURES))
    return x


UNIT_FEATURES = ("loo_gain", "log_ratio", "clause_gap", "sentence_ratio")
WORD_FEATURES = ("lex_missing_sentence", "loo_gain")
# The flag threshold lets at most this share of intact multi-sentence pairs through as flagged
# (cross-validated scores of the dropped file's negatives).
FALSE_ALARM_RATE = 0.02


def part_weights(files: np.ndarray, y: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per part model: (labels, sample weights); weight 0 leaves an item out.

    unit: the 4- and 8-sentence dropped files weigh equally, classes balanced within each, and the MQM
    items together weigh half as much as one of them (as negatives).  word: MQM only, classes balanced.
    """
    out = {}
    mq = files == "mqm"
    w = np.zeros(len(y))
    for f in ("dropped", "dropped8"):
        for label in (False, True):
            sel = (files == f) & (y == label)
            if sel.any():
                w[sel] = 0.5 / sel.sum()
    w[mq] = 0.5 / mq.sum()
    out["unit"] = (np.where(mq, 0.0, y), w * len(y))
    w = np.zeros(len(y))
    for label in (False, True):
        sel = mq & (y == label)
        w[sel] = 0.5 / sel.sum()
    out["word"] = (y.copy(), w * mq.sum())
    return out


def folds_of(groups: np.ndarray, seed: int = 0) -> np.ndarray:
    unique = np.unique(groups)
    rng = np.random.RandomState(seed)
    rng.shuffle(unique)
    fold_of = {g: i % FOLDS for i, g in enumerate(unique)}
    return np.array([fold_of[g] for g in groups])


def fit_part(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    keep = w > 0
    mu, sd = x[keep].mean(0), x[keep].std(0) + 1e-9
    coef, bias = fit_logistic((x[keep] - mu) / sd, y[keep], w[keep])
    return mu, sd, coef, bias


def combine(logits: dict[str, np.ndarray]) -> np.ndarray:
    keep = np.ones(len(next(iter(logits.values()))))
    for part, z in logits.items():
        keep *= 1.0 - 1.0 / (1.0 + np.exp(-(z + model.PRIOR_SHIFT[part])))
    return 1.0 - keep


def cross_validate(x_all, parts_features, targets, fold) -> np.ndarray:
    logits = {}
    for part, names in parts_features.items():
        if not names:
            continue
        cols = [model.FEATURES.index(n) for n in names]
        yp, wp = targets[part]
        z = np.zeros(len(yp))
        for k in range(FOLDS):
            train, test = (fold != k) & (wp > 0), fold == k
            mu, sd, coef, bias = fit_part(x_all[train][:, cols], yp[train], wp[train])
            z[test] = ((x_all[test][:, cols] - mu) / sd) @ coef + bias
        logits[part] = z
    return combine(logits) if logits else np.zeros(len(x_all))


def configurations() -> dict[str, dict[str, tuple[str, ...]]]:
    configs = {"all": {"unit": UNIT_FEATURES, "word": WORD_FEATURES}}
    for name, feats in model.SIGNAL_FEATURES.items():
        configs[name] = {"unit": feats, "word": feats}
    for name, feats in model.SIGNAL_FEATURES.items():
        configs[f"all-{name}"] = {"unit": tuple(f for f in UNIT_FEATURES if f not in feats),
                                  "word": tuple(f for f in WORD_FEATURES if f not in feats)}
    return configs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mqm", type=Path)
    ap.add_argument("dropped", type=Path)
    ap.add_argument("--features", type=Path, help="cache the measured features in this .npz file")
    ap.add_argument("--write", action="store_true", help="replace the fitted block of model.py")
    a = ap.parse_args(argv)
    items = load(a.mqm, a.dropped)
    x_all = measure(items, a.features)
    files = np.array([it[0] for it in items])
    groups = np.array([f"{it[0]}|{it[1]}" for it in items])
    y = np.array([it[2] for it in items], dtype=float)
    targets = part_weights(files, y)
    fold = folds_of(groups)
    table, thresholds = {}, {}
    for name, parts in configurations().items():
        pred = cross_validate(x_all, parts, targets, fold)
        scores = {f: auroc(y[files == f] > 0, pred[files == f]) for f in ("mqm", "dropped", "dropped8")}
        print(f"# {name:15s} cross-validated AUROC: mqm {scores['mqm']:.3f}  dropped {scores['dropped']:.3f}"
              f"  dropped8 {scores['dropped8']:.3f}", file=sys.stderr)
        negatives = np.sort(pred[np.isin(files, ("dropped", "dropped8")) & (y == 0)])
        threshold = float(negatives[int(np.ceil(len(negatives) * (1 - FALSE_ALARM_RATE))) - 1])
        thresholds[name] = round(threshold, 4)
        if name == "all":
            for f in ("mqm", "dropped", "dropped8"):
                sel = files == f
                flagged = pred[sel] > threshold
                tp = int((flagged & (y[sel] > 0)).sum())
                print(f"#   threshold {threshold:.4f} on {f}: flagged {int(flagged.sum())}, true {tp}, "
                      f"positives {int((y[sel] > 0).sum())}, negatives flagged "
                      f"{int((flagged & (y[sel] == 0)).sum())} of {int((y[sel] == 0).sum())}", file=sys.stderr)
        if "-" in name:
            continue
        table[name] = {}
        for part, names in parts.items():
            cols = [model.FEATURES.index(n) for n in names]
            yp, wp = targets[part]
            mu, sd, coef, bias = fit_part(x_all[:, cols], yp, wp)
            table[name][part] = (tuple(names), tuple(round(float(v), 5) for v in mu),
                                 tuple(round(float(v), 5) for v in sd),
                                 tuple(round(float(v), 4) for v in coef), round(bias, 4))
    lines = ["MODELS: dict[str, dict[str, Model]] = {"]
    for name, parts in table.items():
        lines.append(f"    {name!r}: {{")
        for part, row in parts.items():
            lines.append(f"        {part!r}: (")
            lines.extend(f"            {piece!r}," for piece in row[:4])
            lines += [f"            {row[4]!r},", "        ),"]
        lines.append("    },")
    lines += ["}", "FLAG_THRESHOLDS = {"]
    lines.extend(f"    {name!r}: {thresholds[name]!r}," for name in table)
    lines.append("}")
    block = "\n".join(lines) + "\n"
    print(block, end="")
    if a.write:
        path = Path(model.__file__)
        text = path.read_text(encoding="utf-8")
        begin, end = "# --- fitted by fit.py: begin ---\n", "# --- fitted by fit.py: end ---\n"
        i, j = text.index(begin) + len(begin), text.index(end)
        path.write_text(text[:i] + block + text[j:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
