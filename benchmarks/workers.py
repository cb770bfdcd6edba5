"""Measurements that run inside a fresh process of their own, so each one's peak memory is its own.

    python benchmarks/workers.py components TABLE.tsv [--encoder] [--pair-files ZH.txt EN.txt]
    python benchmarks/workers.py sacrebleu engine|corpus TABLE_WITH_REFERENCE.tsv
    python benchmarks/workers.py profile TABLE.tsv [--top 25]
    python benchmarks/workers.py generate FOLDER LARGEST SEED WANTED_JSON

Each prints one JSON object on stdout (``profile`` prints a cProfile table instead).  The component
timings reach into the engine's pipeline steps; when the engine is restructured they fall back to
timing the steps that still exist, and the smoke test in ``tests/test_benchmark_script.py`` keeps
them running.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from typing import Any, Callable


def _timed(timings: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = fn()
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    return value


def components(table: str, encoder: bool, pair_files: list[str] | None) -> dict[str, Any]:
    """Seconds spent in each step of one check of ``table``: import, read, embed, pairing, pair
    metrics, each rule, suppressions and sorting, and rendering each report format."""
    timings: dict[str, float] = {}

    def do_import():
        from qa_checker import engine  # noqa: F401  (the engine pulls in rules, readers and metrics)
        from qa_checker.reporters import REPORTERS  # noqa: F401

    _timed(timings, "import", do_import)
    from qa_checker import engine
    from qa_checker.config import Config
    from qa_checker.model import DocumentResult, RunResult
    from qa_checker.readers import read_inputs
    from qa_checker.reporters import REPORTERS
    from qa_checker.rules.base import DocumentContext, PairContext, RunContext
    from qa_checker.services import Services
    from qa_checker.suppress import apply_suppressions

    config = Config(encoder=encoder, jobs=1)
    documents = _timed(timings, "read", lambda: read_inputs([table]))
    services = Services(config)
    rules = engine.build_rules(config)
    results = []
    try:
        for doc in documents:
            vectors = None
            if encoder:
                if "encoder load" not in timings:
                    _timed(timings, "encoder load", lambda: services.embed(["加载 load"]))
                vectors = _timed(timings, "embed (encoder)", lambda: engine._embed(doc, services))
            beads = _timed(timings, "pairing", lambda: engine._pairs_of(doc, vectors))
            pairs = _timed(timings, "pair metrics",
                           lambda: [engine._measure_pair(doc, z, e, vectors) for z, e in beads])
            pairs = _timed(timings, "nearest English", lambda: engine._attach_nearest(doc, pairs, vectors))
            results.append(DocumentResult(doc, tuple(pairs)))
    finally:
        close = getattr(services, "close", None)
        if close is not None:
            close()

    findings: list = []
    rule_time: dict[str, float] = {}
    contexts = []
    for result in results:
        doc = result.document
        by_id = doc._by_id
        pair_contexts = [PairContext(doc, p, tuple(by_id[i] for i in p.zh), tuple(by_id[i] for i in p.en), services)
                         for p in result.pairs]
        contexts.append(DocumentContext(doc, result.pairs, services))
        for rule in rules:
            start = time.perf_counter()
            for ctx in pair_contexts:
                findings.extend(rule.check_pair(ctx))
            findings.extend(rule.check_document(contexts[-1]))
            rule_time[rule.info.code] = rule_time.get(rule.info.code, 0.0) + time.perf_counter() - start
    run_ctx = RunContext(tuple(contexts), services)
    for rule in rules:
        start = time.perf_counter()
        findings.extend(rule.check_run(run_ctx))
        rule_time[rule.info.code] += time.perf_counter() - start
    timings["rules (all)"] = sum(rule_time.values())

    def finish():
        import inspect

        # Older engines take the documents, newer ones the document results (for pair partners).
        takes_results = "results" in inspect.signature(apply_suppressions).parameters
        kept = apply_suppressions(findings, results if takes_results else documents, rules)
        kept.sort(key=lambda f: f.sort_key())
        return kept

    kept = _timed(timings, "suppressions + sort", finish)
    run = RunResult(documents=tuple(results), findings=tuple(kept), fail_on=config.fail_on,
                    rules=tuple(r.info for r in rules))
    for name in ("text", "json", "sarif", "html"):
        if name in REPORTERS:
            _timed(timings, f"report: {name}", lambda: REPORTERS[name]().render(run))

    out: dict[str, Any] = {
        "pairs": sum(len(r.pairs) for r in results),
        "findings": len(kept),
        "steps": timings,
        "rules": dict(sorted(rule_time.items(), key=lambda kv: -kv[1])),
    }
    if pair_files:
        # Two plain files (Chinese, English) must be aligned first: time the reader and the aligner.
        align: dict[str, float] = {}
        docs = _timed(align, "read two files", lambda: read_inputs(pair_files))
        for doc in docs:
            _timed(align, "align (rules-only scorer)", lambda: engine._pairs_of(doc, None))
        out["alignment"] = align
        out["aligned_paragraphs"] = sum(len(d.paragraphs) for d in docs)
    return out


def _read_reference_table(table: str) -> tuple[list[str], list[str]]:
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = rows[0]
    en, ref = header.index("en"), header.index("reference")
    return [r[en] for r in rows[1:]], [r[ref] for r in rows[1:]]


def sacrebleu_scores(impl: str, table: str) -> dict[str, Any]:
    """Corpus BLEU, chrF and TER of the table's English against its references, either summed from
    per-sentence statistics (the engine's way) or with one ``corpus_score`` call per metric."""
    hyps, refs = _read_reference_table(table)
    start = time.perf_counter()
    if impl == "engine":
        from qa_checker.metrics.reference import score_references

        corpus = score_references(hyps, refs).corpus
    else:
        from sacrebleu.metrics import BLEU, CHRF, TER

        corpus = {name: float(metric.corpus_score(hyps, [refs]).score)
                  for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER()))}
    return {"pairs": len(hyps), "seconds": time.perf_counter() - start,
            "corpus": {k: round(v, 4) for k, v in corpus.items()}}


def profile(table: str, top: int) -> str:
    """cProfile of a rules-only check of ``table`` (reading included), the top functions by own time."""
    import cProfile
    import io
    import pstats

    from qa_checker.api import check
    from qa_checker.config import Config

    profiler = cProfile.Profile()
    profiler.enable()
    # The config object, not check(..., encoder=False): that keyword names an Encoder instance.
    check([table], config=Config(encoder=False, jobs=1))
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buffer.getvalue()


def generate(folder: str, largest: int, seed: int, wanted: dict[str, list[int]]) -> dict[str, Any]:
    """Write the benchmark's input files.  Done here, not in the benchmark process, so that process
    stays small: a child's peak memory as the kernel reports it is at least its parent's at the fork."""
    import corpus

    start = time.perf_counter()
    pairs = corpus.generate(largest, seed)
    seconds = time.perf_counter() - start
    corpus.write_files(pairs, folder, wanted)
    return {"seconds": seconds, "statistics": corpus.statistics(pairs)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("components")
    c.add_argument("table")
    c.add_argument("--encoder", action="store_true")
    c.add_argument("--pair-files", nargs=2)
    s = sub.add_parser("sacrebleu")
    s.add_argument("impl", choices=("engine", "corpus"))
    s.add_argument("table")
    p = sub.add_parser("profile")
    p.add_argument("table")
    p.add_argument("--top", type=int, default=25)
    g = sub.add_parser("generate")
    g.add_argument("folder")
    g.add_argument("largest", type=int)
    g.add_argument("seed", type=int)
    g.add_argument("wanted", type=json.loads, help='e.g. {"tsv": [10000], "po": [10000]}')
    args = parser.parse_args(argv)
    if args.what == "generate":
        print(json.dumps(generate(args.folder, args.largest, args.seed, args.wanted)))
    elif args.what == "components":
        print(json.dumps(components(args.table, args.encoder, args.pair_files)))
    elif args.what == "sacrebleu":
        print(json.dumps(sacrebleu_scores(args.impl, args.table)))
    else:
        sys.stdout.write(profile(args.table, args.top))


if __name__ == "__main__":
    main()
