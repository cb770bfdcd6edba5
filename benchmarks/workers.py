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


def _wrap(owner: Any, attr: str, timings: dict[str, float], name: str, materialise: bool = False) -> bool:
    """Replace ``owner.attr`` by a timed version adding to ``timings[name]``; False when it is gone.
    ``materialise``: the function is a generator (a rule's check): time its whole iteration."""
    original = getattr(owner, attr, None)
    if original is None:
        return False

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            value = original(*args, **kwargs)
            return list(value) if materialise else value
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

    setattr(owner, attr, timed)
    return True


# Pipeline steps timed when the engine has them (module-level functions, looked up at call time).
_ENGINE_STEPS = (
    ("measure_documents", "measure (all of it)"),
    ("_pairs_of", "  pairing / alignment"),
    ("_measure_pair", "  pair metrics"),
    ("_attach_nearest", "  nearest English"),
    ("_coverage", "  omission coverage signals"),
)


def components(table: str, encoder: bool, pair_files: list[str] | None) -> dict[str, Any]:
    """Seconds spent in each step of one check of ``table``: import, read, the engine's measuring
    steps (encoder calls included where they happen), each rule, the rest of the run, and rendering
    each report format.  Steps are timed by wrapping the engine's functions and the rules' methods,
    then running the public ``check_documents``: the engine's own code path, whatever its shape."""
    timings: dict[str, float] = {}

    def do_import():
        from qa_checker import engine  # noqa: F401  (the engine pulls in rules, readers and metrics)
        from qa_checker.reporters import REPORTERS  # noqa: F401

    _timed(timings, "import", do_import)
    from qa_checker import engine
    from qa_checker.config import Config
    from qa_checker.readers import read_inputs
    from qa_checker.reporters import REPORTERS
    from qa_checker.rules import rule_classes
    from qa_checker.services import Services

    config = Config(encoder=encoder, jobs=1)
    documents = _timed(timings, "read", lambda: read_inputs([table]))
    if encoder:
        _timed(timings, "encoder load", lambda: Services(config).embed(["加载 load"]))
    step_times: dict[str, float] = {}
    for attr, name in _ENGINE_STEPS:
        _wrap(engine, attr, step_times, name)
    _wrap(Services, "embed", step_times, "  encoder calls (Services.embed)")
    rule_time: dict[str, float] = {}
    for code, cls in rule_classes().items():
        for method in ("check_pair", "check_document", "check_run"):
            if method in cls.__dict__:
                _wrap(cls, method, rule_time, code, materialise=True)
    run = _timed(timings, "check (engine total)", lambda: engine.check_documents(documents, config))
    timings.update(step_times)
    timings["rules (all)"] = sum(rule_time.values())
    timings["rest (contexts, suppressions, sort)"] = (timings["check (engine total)"] - timings["rules (all)"]
                                                      - step_times.get("measure (all of it)", 0.0))
    for name in ("text", "json", "sarif", "html"):
        if name in REPORTERS:
            _timed(timings, f"report: {name}", lambda: REPORTERS[name]().render(run))

    out: dict[str, Any] = {
        "pairs": sum(len(r.pairs) for r in run.documents),
        "findings": len(run.findings),
        "steps": timings,
        "rules": dict(sorted(rule_time.items(), key=lambda kv: -kv[1])),
    }
    if pair_files:
        # Two plain files (Chinese, English) must be aligned first: time the reader and the aligner.
        align: dict[str, float] = {}
        docs = _timed(align, "read two files", lambda: read_inputs(pair_files))
        pairs_of = getattr(engine, "_pairs_of", None)
        if pairs_of is not None:
            for doc in docs:
                _timed(align, "align (rules-only scorer)", lambda: pairs_of(doc, None))
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
