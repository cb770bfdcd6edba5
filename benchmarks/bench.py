#!/usr/bin/env python3
"""Benchmark of qa-checker on synthetic zh→en pairs, beside Translate Toolkit's ``pofilter``.

Generates N realistic pairs (``corpus.py``: Chinese paragraphs of 30–300 characters, English of
about 3× as many), writes them as a TSV table (read by qa-checker as pre-paired rows) and as a PO
catalogue (for pofilter and, for a same-input comparison, qa-checker too), then measures:

* ``rules``     qa-checker ``--no-encoder`` on the TSV (rules only)
* ``rules-po``  the same on the PO file pofilter reads
* ``pofilter``  Translate Toolkit's pofilter on the PO file (all default checks)
* ``full``      the default check, with the sentence encoder, ``--jobs 1`` and ``--jobs 2``
                (smaller sizes, ``--full-sizes``: the encoder costs milliseconds a paragraph)
* ``startup``   a one-page document (``fixtures/example/speech.md``), rules-only and full
* ``components`` time per pipeline step and per rule, in process (``workers.py components``)
* ``sacrebleu`` corpus BLEU/chrF/TER from summed sentence statistics (the engine) against one
                ``corpus_score`` call per metric, each in its own process (``--sacrebleu-sizes``)
* ``profile``   cProfile of a rules-only run at the smallest size (printed, not tabled)

Every command runs as a child process; wall time, CPU time (user + system, the child's own worker
processes included) and peak resident memory (the largest single process of the child's tree) come
from ``os.wait4``.  qa-checker and pofilter runs alternate within each round, so background load
hits both alike.  Report medians over ``--repeat`` rounds.

pofilter is GPL-licensed: install it only in a separate environment used for benchmarking, e.g.
``python3 -m venv bench-venv && bench-venv/bin/pip install translate-toolkit``, and pass
``--pofilter bench-venv/bin/pofilter``.  It is never a dependency of qa-checker.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (a sibling module of this script, not an installed package)

ALL_MODES = ("rules", "rules-po", "pofilter", "full", "startup", "components", "sacrebleu", "profile")
DEFAULT_MODES = ("rules", "rules-po", "pofilter", "full", "startup", "components", "sacrebleu")
EXAMPLE = REPO / "fixtures" / "example" / "speech.md"
NOTES_MARKER = "<!-- notes: everything below this line is kept when the script rewrites the file -->"


@dataclass
class Run:
    """One child process: what it ran and what it cost."""
    wall: float
    cpu: float
    peak_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class Row:
    mode: str
    input: str
    pairs: int
    jobs: str
    runs: list[Run] = field(default_factory=list)
    flagged: Optional[int] = None

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def run_child(argv: Sequence[str], cwd: Optional[str] = None, env: Optional[dict] = None) -> Run:
    """Run ``argv``; wall clock, CPU seconds and peak RSS of its process tree from ``wait4``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                   peak_mb=usage.ru_maxrss / 1024,  # Linux reports kilobytes
                   returncode=proc.returncode,
                   stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"))


def _child_env() -> dict:
    env = dict(os.environ)
    env.pop("QA_CHECKER_DEBUG", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def qa_command(path: str, report: str, *, encoder: bool, jobs: Optional[int] = None) -> list[str]:
    argv = [sys.executable, "-m", "qa_checker.cli", "check", path, "-o", report, "--exit-zero", "--quiet"]
    if not encoder:
        argv.append("--no-encoder")
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    return argv


def _check_ok(run: Run, what: str) -> Run:
    if run.returncode not in (0, 1):
        tail = (run.stderr or run.stdout).strip().splitlines()[-5:]
        raise SystemExit(f"bench: {what} failed (exit {run.returncode}):\n  " + "\n  ".join(tail))
    return run


def _count_lines(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as f:
            return sum(1 for line in f if line.strip())
    except FileNotFoundError:
        return 0


def _pofilter_flagged(path: str) -> int:
    """Units pofilter wrote out as failing at least one check (the header entry not counted)."""
    try:
        with open(path, encoding="utf-8") as f:
            return max(0, sum(1 for line in f if line.startswith("msgid ")) - 1)
    except FileNotFoundError:
        return 0


class RunCache:
    """Measured runs kept in the work folder, so ``--resume`` can finish an interrupted benchmark
    without measuring again what it already has (keyed by revision and measurement)."""

    def __init__(self, path: Path, revision: str, enabled: bool):
        self.path, self.revision, self.enabled = path, revision, enabled
        self.runs: dict[str, dict] = {}
        if enabled and path.exists():
            self.runs = json.loads(path.read_text(encoding="utf-8"))

    def run(self, key: str, argv: Sequence[str], cwd: Optional[str] = None) -> Run:
        full_key = f"{self.revision}|{key}"
        if self.enabled and full_key in self.runs:
            return Run(**self.runs[full_key])
        run = run_child(argv, cwd=cwd, env=_child_env())
        if run.returncode in (0, 1):
            self.runs[full_key] = {"wall": run.wall, "cpu": run.cpu, "peak_mb": run.peak_mb,
                                   "returncode": run.returncode}
            self.path.write_text(json.dumps(self.runs, indent=1), encoding="utf-8")
        return run


# --- inputs ------------------------------------------------------------------------------------------

class Inputs:
    """Generated files in ``workdir``: every size is a prefix of the largest, so all sizes hold the
    same kind of text (and the generator runs once).  A child process writes them, so that this
    process stays small (see ``workers.generate``)."""

    def __init__(self, workdir: Path, largest: int, seed: int, wanted: dict[str, list[int]]):
        self.workdir = workdir
        data, _ = _worker(["generate", str(workdir), str(largest), str(seed), json.dumps(wanted)], "generating pairs")
        self.generation_seconds = data["seconds"]
        self.statistics = data["statistics"]

    def _path(self, kind: str, n: int) -> str:
        path = self.workdir / corpus.file_name(kind, n)
        if not path.exists():
            raise SystemExit(f"bench: {path.name} was not generated")
        return str(path)

    def tsv(self, n: int, reference: bool = False) -> str:
        return self._path("ref" if reference else "tsv", n)

    def po(self, n: int) -> str:
        return self._path("po", n)

    def pair_files(self, n: int) -> list[str]:
        """The Chinese and the English as two plain-text files, one paragraph each, to align."""
        return [self._path("zh", n), self._path("en", n)]


def wanted_files(args) -> dict[str, list[int]]:
    modes = set(args.modes)
    tsv = set()
    if modes & {"rules", "profile"}:
        tsv |= set(args.sizes)
    if "full" in modes:
        tsv |= set(args.full_sizes)
    if "components" in modes:
        tsv |= {n for n in (args.component_size, args.component_full_size) if n > 0}
    wanted = {"tsv": sorted(tsv)}
    if modes & {"rules-po", "pofilter"}:
        wanted["po"] = list(args.sizes)
    if "components" in modes and args.align_size > 0:
        wanted["zh"] = wanted["en"] = [args.align_size]
    if "sacrebleu" in modes:
        wanted["ref"] = list(args.sacrebleu_sizes)
    return wanted


# --- measurements --------------------------------------------------------------------------------------

def measure_throughput(args, inputs: Inputs, log) -> list[Row]:
    """rules / rules-po / pofilter, alternating within each round, at each size."""
    rows: list[Row] = []
    for n in args.sizes:
        plan: list[tuple[Row, list[str], str]] = []
        if "rules" in args.modes:
            report = str(inputs.workdir / f"rules-{n}.txt")
            plan.append((Row("rules", "TSV", n, "1"), qa_command(inputs.tsv(n), report, encoder=False), report))
        if "rules-po" in args.modes:
            report = str(inputs.workdir / f"rules-po-{n}.txt")
            plan.append((Row("rules", "PO", n, "1"), qa_command(inputs.po(n), report, encoder=False), report))
        if "pofilter" in args.modes and args.pofilter:
            report = str(inputs.workdir / f"pofilter-{n}.po")
            plan.append((Row("pofilter", "PO", n, "1"),
                         [args.pofilter, "--progress=none", inputs.po(n), report], report))
        for round_no in range(args.repeat):
            for row, argv, report in plan:
                key = f"{row.mode}|{row.input}|{n}|{row.jobs}|round {round_no + 1}"
                run = _check_ok(args.cache.run(key, argv, cwd=str(inputs.workdir)), f"{row.mode} {n}")
                row.runs.append(run)
                row.flagged = _pofilter_flagged(report) if row.mode == "pofilter" else _count_lines(report)
                log(f"  {row.mode:<9} {row.input:<4} n={n:<7} round {round_no + 1}: "
                    f"wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s  peak {run.peak_mb:6.0f} MB")
        rows.extend(row for row, _, _ in plan)
    return rows


def measure_full(args, inputs: Inputs, log) -> list[Row]:
    rows = []
    for n in args.full_sizes:
        for jobs in args.full_jobs:
            report = str(inputs.workdir / f"full-{n}-j{jobs}.txt")
            row = Row("full", "TSV", n, str(jobs))
            run = _check_ok(args.cache.run(f"full|TSV|{n}|{jobs}",
                                           qa_command(inputs.tsv(n), report, encoder=True, jobs=jobs),
                                           cwd=str(inputs.workdir)), f"full {n} jobs {jobs}")
            row.runs.append(run)
            row.flagged = _count_lines(report)
            log(f"  full      TSV  n={n:<7} jobs {jobs}: wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s  "
                f"peak {run.peak_mb:6.0f} MB")
            rows.append(row)
    return rows


def measure_startup(args, inputs: Inputs, log) -> list[Row]:
    rows = []
    report = str(inputs.workdir / "startup.txt")
    commands = [
        (Row("python", "-", 0, "-"), [sys.executable, "-c", "pass"]),
        (Row("startup rules", "speech.md", 0, "1"), qa_command(str(EXAMPLE), report, encoder=False)),
        (Row("startup full", "speech.md", 0, "1"), qa_command(str(EXAMPLE), report, encoder=True, jobs=1)),
        (Row("startup full", "speech.md", 0, "auto"), qa_command(str(EXAMPLE), report, encoder=True)),
    ]
    for k in range(args.startup_repeat):
        for row, argv in commands:
            key = f"{row.mode}|{row.jobs}|run {k + 1}"
            row.runs.append(_check_ok(args.cache.run(key, argv, cwd=str(inputs.workdir)), row.mode))
    for row, _ in commands:
        row.flagged = None
        log(f"  {row.mode:<14} {row.input:<10} jobs {row.jobs:<4}: median wall {row.wall:5.2f} s  "
            f"cpu {row.cpu:5.2f} s  peak {row.peak_mb:5.0f} MB")
        rows.append(row)
    return rows


def _worker(argv: Sequence[str], what: str) -> tuple[dict, Run]:
    run = run_child([sys.executable, str(HERE / "workers.py"), *argv], env=_child_env())
    if run.returncode != 0:
        tail = run.stderr.strip().splitlines()[-5:]
        raise SystemExit(f"bench: {what} failed:\n  " + "\n  ".join(tail))
    return json.loads(run.stdout), run


def measure_components(args, inputs: Inputs, log) -> list[dict]:
    out = []
    for label, n, extra in (("rules-only", args.component_size, []),
                            ("full (encoder, 1 process)", args.component_full_size, ["--encoder"])):
        if n <= 0:
            continue
        argv = ["components", inputs.tsv(n), *extra]
        if not extra and args.align_size > 0:
            argv += ["--pair-files", *inputs.pair_files(args.align_size)]
        data, run = _worker(argv, f"components {label}")
        data.update(label=label, peak_mb=run.peak_mb)
        log(f"  components {label} n={n}: " + ", ".join(f"{k} {v:.2f} s" for k, v in data["steps"].items()))
        out.append(data)
    return out


def measure_sacrebleu(args, inputs: Inputs, log) -> list[dict]:
    out = []
    for n in args.sacrebleu_sizes:
        table = inputs.tsv(n, reference=True)
        for impl in ("engine", "corpus"):
            data, run = _worker(["sacrebleu", impl, table], f"sacrebleu {impl} {n}")
            data.update(impl=impl, peak_mb=run.peak_mb, cpu=run.cpu)
            log(f"  sacrebleu {impl:<6} n={n}: {data['seconds']:.1f} s, peak {run.peak_mb:.0f} MB, {data['corpus']}")
            out.append(data)
    return out


# --- machine and report --------------------------------------------------------------------------------

def _command_output(argv: Sequence[str]) -> str:
    try:
        return subprocess.run(list(argv), capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    lscpu = _command_output(["lscpu"])
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("Model name", "CPU(s)", "Thread(s) per core", "Core(s) per socket", "CPU max MHz"):
            info[key.strip()] = value.strip()
    try:
        with open("/proc/meminfo") as f:
            total_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        info["Memory"] = f"{total_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    info["os.cpu_count()"] = str(os.cpu_count())
    info["Python"] = platform.python_version()
    try:
        import numpy

        info["numpy"] = numpy.__version__
    except ImportError:
        pass
    try:
        from importlib.metadata import version

        info["qa-checker"] = version("qa-checker")
    except Exception:
        pass
    commit = _command_output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if commit:
        dirty = _command_output(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
        info["commit"] = commit + (" (with uncommitted changes)" if dirty else "")
    return info


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _rate(pairs: int, seconds: float) -> str:
    return f"{pairs / seconds:,.0f}" if seconds > 0 and pairs else "-"


def throughput_table(rows: Sequence[Row]) -> list[str]:
    lines = ["| mode | input | pairs | jobs | runs | wall s | CPU s | pairs/s (wall) | pairs/s (CPU) | "
             "µs/pair (CPU) | peak MB/process | flagged |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        per_pair = f"{r.cpu / r.pairs * 1e6:,.0f}" if r.pairs else "-"
        lines.append(f"| {r.mode} | {r.input} | {r.pairs:,} | {r.jobs} | {len(r.runs)} | {r.wall:.2f} | {r.cpu:.2f} | "
                     f"{_rate(r.pairs, r.wall)} | {_rate(r.pairs, r.cpu)} | {per_pair} | {r.peak_mb:.0f} | "
                     f"{'' if r.flagged is None else f'{r.flagged:,}'} |")
    return lines


def growth_table(rows: Sequence[Row], startup: dict[str, float]) -> list[str]:
    """t(large) / (k × t(small)) for each mode measured at two sizes: 1.00 is linear.  "net" subtracts
    the fixed start-up cost (one-page document) from both times first."""
    lines = ["| mode | input | jobs | sizes | growth (wall) | growth (CPU) | growth net of start-up (CPU) |",
             "|---|---|---:|---|---:|---:|---:|"]
    groups: dict[tuple[str, str, str], list[Row]] = {}
    for r in rows:
        if r.pairs:
            groups.setdefault((r.mode, r.input, r.jobs), []).append(r)
    for (mode, inp, jobs), rs in groups.items():
        rs = sorted(rs, key=lambda r: r.pairs)
        if len(rs) < 2:
            continue
        small, large = rs[0], rs[-1]
        k = large.pairs / small.pairs
        base = startup.get(mode, 0.0)
        net = (large.cpu - base) / (k * (small.cpu - base)) if small.cpu > base else float("nan")
        lines.append(f"| {mode} | {inp} | {jobs} | {small.pairs:,}→{large.pairs:,} | {large.wall / (k * small.wall):.2f} | "
                     f"{large.cpu / (k * small.cpu):.2f} | {net:.2f} |")
    return lines


def components_tables(comps: Sequence[dict]) -> list[str]:
    lines = []
    for c in comps:
        n = c["pairs"]
        lines += [f"**{c['label']}**, {n:,} pairs, {c['findings']:,} findings, peak {c['peak_mb']:.0f} MB:", "",
                  "| step | seconds | µs/pair |", "|---|---:|---:|"]
        for step, sec in c["steps"].items():
            lines.append(f"| {step} | {sec:.3f} | {sec / n * 1e6:,.1f} |")
        lines += ["", "| rule | seconds | µs/pair |", "|---|---:|---:|"]
        for code, sec in c["rules"].items():
            lines.append(f"| {code} | {sec:.3f} | {sec / n * 1e6:,.1f} |")
        if "alignment" in c:
            paras = c["aligned_paragraphs"]
            lines += ["", f"Two plain files of {paras:,} paragraphs in all, read and aligned (no encoder):", "",
                      "| step | seconds |", "|---|---:|"]
            lines += [f"| {k} | {v:.3f} |" for k, v in c["alignment"].items()]
        lines.append("")
    return lines


def sacrebleu_table(results: Sequence[dict]) -> list[str]:
    lines = ["| method | pairs | seconds | peak MB | BLEU | chrF | TER |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        name = "summed sentence statistics (engine)" if r["impl"] == "engine" else "one corpus_score call per metric"
        c = r["corpus"]
        lines.append(f"| {name} | {r['pairs']:,} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {c.get('bleu', '')} | "
                     f"{c.get('chrf', '')} | {c.get('ter', '')} |")
    return lines


def public_command(argv: Sequence[str]) -> str:
    """The command line as it may be printed in a shared report: no local folders in it."""
    import shlex

    out, hide = [], {"--pofilter": "pofilter", "--workdir": "DIR", "--out": None}
    k = 0
    while k < len(argv):
        arg = argv[k]
        name, eq, value = arg.partition("=")
        if name in hide and (eq or k + 1 < len(argv)):
            if not eq:
                k += 1
                value = argv[k]
            shown = hide[name] or (value if not os.path.isabs(value) else os.path.basename(value))
            out += [name, shown]
        else:
            out.append(arg)
        k += 1
    return shlex.join(["python", "benchmarks/bench.py", *out])


def render(args, info, stats, loads, rows, full_rows, startup_rows, comps, bleu, elapsed) -> str:
    out = ["# Benchmark results", "",
           f"Produced by `{public_command(args.argv)}` in {elapsed / 60:.1f} min.",
           "", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info.items()]
    out += [f"| pofilter | {args.pofilter_version or 'not run'} |",
            f"| load average (1, 5, 15 min) | before {loads[0]}; after {loads[1]} |", "",
            "## Generated pairs", "",
            f"Seed {args.seed}; statistics of the largest set: " +
            ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in stats.items()) + ".", ""]
    all_rows = rows + full_rows
    if all_rows:
        out += ["## Throughput", "",
                "Medians over the rounds; qa-checker and pofilter alternate within each round. CPU time is "
                "user + system of the process and its workers; pairs/s (CPU) is the figure to compare when the "
                "machine is shared. \"flagged\": findings (qa-checker) or units written out by pofilter.", ""]
        out += throughput_table(all_rows) + [""]
        startup_cpu = {"rules": next((r.cpu for r in startup_rows if r.mode == "startup rules"), 0.0),
                       "full": next((r.cpu for r in startup_rows if r.mode == "startup full" and r.jobs == "1"), 0.0)}
        growth = growth_table(all_rows, startup_cpu)
        if len(growth) > 2:
            out += ["## Time growth", "", "t(large) / (k × t(small)); 1.00 is linear.", ""] + growth + [""]
        po = {r.pairs: r for r in rows if r.mode == "pofilter"}
        mine = {r.pairs: r for r in rows if r.mode == "rules" and r.input == "TSV"}
        ratios = [f"{n:,} pairs: {po[n].cpu / mine[n].cpu:.1f}× (CPU), {po[n].wall / mine[n].wall:.1f}× (wall)"
                  for n in sorted(set(po) & set(mine))]
        if ratios:
            out += ["Rules-only qa-checker against pofilter on the same pairs: " + "; ".join(ratios) + ".", ""]
    if startup_rows:
        out += ["## Start-up", "", f"One-page document (`fixtures/example/speech.md`), median of {args.startup_repeat} runs.", "",
                "| what | jobs | wall s | CPU s | peak MB |", "|---|---:|---:|---:|---:|"]
        out += [f"| {r.mode} | {r.jobs} | {r.wall:.2f} | {r.cpu:.2f} | {r.peak_mb:.0f} |" for r in startup_rows]
        out.append("")
    if comps:
        out += ["## Where the time goes", "", "In process, one run each (`benchmarks/workers.py components`).", ""]
        out += components_tables(comps)
    if bleu:
        out += ["## Reference metrics (sacreBLEU)", "", "Each in a fresh process; peak is that process's.", ""]
        out += sacrebleu_table(bleu) + [""]
    return "\n".join(out) + "\n"


def write_results(path: Path, text: str) -> None:
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            notes = old[old.index(NOTES_MARKER):]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("\n" + notes if notes else "\n" + NOTES_MARKER + "\n"), encoding="utf-8")


# --- command line --------------------------------------------------------------------------------------

def _sizes(text: str) -> list[int]:
    return sorted({int(x.replace("_", "").replace("k", "000")) for x in text.split(",") if x.strip()})


def _modes(text: str) -> list[str]:
    modes = [m.strip() for m in text.split(",") if m.strip()]
    for m in modes:
        if m not in ALL_MODES:
            raise argparse.ArgumentTypeError(f"unknown mode {m!r} (choose from {', '.join(ALL_MODES)})")
    return modes


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=_sizes("10000,100000"),
                        help="pair counts for rules / rules-po / pofilter (default: 10000,100000)")
    parser.add_argument("--full-sizes", type=_sizes, default=_sizes("1000,10000"),
                        help="pair counts for the full check with the encoder (default: 1000,10000)")
    parser.add_argument("--full-jobs", type=_sizes, default=[1, 2], help="--jobs values for the full check (default: 1,2)")
    parser.add_argument("--modes", type=_modes, default=list(DEFAULT_MODES),
                        help=f"comma-separated, from {', '.join(ALL_MODES)} (default: all but profile)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating rounds per size (default: 2)")
    parser.add_argument("--startup-repeat", type=int, default=5, help="runs of each start-up command (default: 5)")
    parser.add_argument("--component-size", type=int, default=10000, help="pairs for the rules-only component timing")
    parser.add_argument("--component-full-size", type=int, default=1000,
                        help="pairs for the full component timing (0: skip it)")
    parser.add_argument("--align-size", type=int, default=2000,
                        help="pairs written as two plain files to time reading and alignment (0: skip)")
    parser.add_argument("--sacrebleu-sizes", type=_sizes, default=_sizes("20000"),
                        help="pairs for the sacreBLEU comparison (default: 20000; one corpus call holds GBs at 100k)")
    parser.add_argument("--pofilter", default=shutil.which("pofilter"),
                        help="the pofilter executable (default: from PATH); install it in a separate environment")
    parser.add_argument("--seed", type=int, default=20240821)
    parser.add_argument("--revision", help="the source revision to name in the results (default: git HEAD)")
    parser.add_argument("--workdir", help="where to write the generated files (default: a temporary folder, removed)")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the runs already measured in --workdir for the same revision")
    parser.add_argument("--out", help="write the results as Markdown here (e.g. benchmarks/RESULTS.md)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    log = (lambda msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    began = time.perf_counter()
    loads = [load(), ""]
    args.pofilter_version = ""
    if "pofilter" in args.modes:
        if not args.pofilter:
            log("bench: pofilter not found (give --pofilter PATH); skipping it")
        else:
            args.pofilter_version = _command_output([args.pofilter, "--version"])
    temp = None
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.TemporaryDirectory(prefix="qa-bench-")
        workdir = Path(temp.name)
    try:
        wanted = wanted_files(args)
        largest = max([n for sizes in wanted.values() for n in sizes] + [1])
        log(f"bench: generating {largest:,} pairs (seed {args.seed}); load {loads[0]}")
        inputs = Inputs(workdir, largest, args.seed, wanted)
        stats = inputs.statistics
        log(f"bench: generated in {inputs.generation_seconds:.1f} s: {stats}")
        args.cache = RunCache(workdir / "runs.json", args.revision or _command_output(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]), args.resume)
        failures: list[str] = []

        def section(wanted: bool, measure):
            # One failing measurement must not throw away the others (a run can take half an hour).
            if not wanted:
                return []
            try:
                return measure(args, inputs, log)
            except SystemExit as exc:
                failures.append(str(exc))
                log(str(exc))
                return []

        rows = section(bool({"rules", "rules-po", "pofilter"} & set(args.modes)), measure_throughput)
        full_rows = section("full" in args.modes, measure_full)
        startup_rows = section("startup" in args.modes, measure_startup)
        comps = section("components" in args.modes, measure_components)
        bleu = section("sacrebleu" in args.modes, measure_sacrebleu)
        if "profile" in args.modes:
            run = run_child([sys.executable, str(HERE / "workers.py"), "profile", inputs.tsv(min(args.sizes))],
                            env=_child_env())
            print(run.stdout or run.stderr)
        loads[1] = load()
        info = machine()
        if args.revision:
            info["commit"] = args.revision
        text = render(args, info, stats, loads, rows, full_rows, startup_rows, comps, bleu,
                      time.perf_counter() - began)
        if failures:
            text += "\n## Failed measurements\n\n" + "\n".join(
                "```\n" + f.strip() + "\n```" for f in failures) + "\n"
    finally:
        if temp is not None:
            temp.cleanup()
    print(text)
    if args.out:
        write_results(Path(args.out), text)
        log(f"bench: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
