"""Command line: parse, call the engine, pick reporters, choose the exit code.  Nothing else.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage, configuration,
input or internal error (click's own ClickException would exit 1, so tool errors are mapped here).
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

import click
from click.core import ParameterSource

from . import __version__
from .config import Config, load_config, parse_fail_on, resolve_code
from .errors import QaCheckerError
from .rules import rule_classes

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "html", "sarif", "junit", "github", "gitlab")
INPUT_FORMATS = ("interleaved", "pair", "tree", "table", "xliff", "tmx", "po")


def _codes(values: Sequence[str], context: str) -> tuple[str, ...]:
    known = rule_classes()
    out = []
    for value in values:
        for code in value.replace(" ", ",").split(","):
            if code.strip():
                out.append(resolve_code(code, known, context))
    return tuple(out)


def _given(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None)


def _use_color(flag: Optional[bool]) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _report_stem(paths: Sequence[str]) -> str:
    if len(paths) == 1:
        p = Path(paths[0])
        return p.stem or p.name or "qa-report"
    return "qa-report"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa-checker")
def cli() -> None:
    """qa-checker: check a Chinese→English translation for omissions, untranslated text, numbers,
    markup and more."""


@cli.command()
@click.argument("paths", nargs=-1, required=False)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="Override input detection.")
@click.option("--encoding", help="Decode inputs with this encoding (default: detect UTF-8/16, GB18030, Big5).")
@click.option("--reference", type=click.Path(dir_okay=False), help="Reference translation, for BLEU/chrF/TER.")
@click.option("--glossary", type=click.Path(dir_okay=False), help="Terminology TSV: Chinese term, English rendering(s).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Report format; repeat for several (default: text).")
@click.option("-o", "--output", help="Write the (single) format to this file; '-' = stdout.")
@click.option("--output-dir", default="reports", show_default=True, help="Folder for report files.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (errors still exit 2).")
@click.option("--select", multiple=True, help="Only these rule codes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or names (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: nearest setup.cfg).")
@click.option("--encoder/--no-encoder", default=True, help="Use the sentence encoder (--no-encoder: rules only, fast).")
@click.option("--langdetect", is_flag=True, help="Also check Latin-script English with a statistical detector (slow).")
@click.option("-j", "--jobs", type=int, default=0, help="Worker processes for large inputs (0 = one per core).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Accept the findings listed in this baseline file.")
@click.option("--changed-since", metavar="REF", help="Check only files changed since the merge base with REF.")
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links in directory trees.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="No summary or progress on stderr.")
@click.pass_context
def check(ctx: click.Context, paths, **opts) -> None:
    """Check PATHS: one file with both languages, a Chinese and an English file, two directory trees
    (or one with zh/ and en/ inside), or a TSV/CSV/XLIFF/TMX/PO file."""
    config = load_config(opts["config_path"], known_rules=rule_classes())
    config = _apply_command_line(ctx, config, opts)
    if opts["changed_since"]:
        from .changed_run import read_changed
        from .engine import check_documents

        inputs = read_changed(opts["changed_since"], paths, config.encoding)
        if not inputs.documents:
            if not opts["quiet"]:
                click.echo("qa-checker: no changed Chinese/English files", err=True)
            ctx.exit(EXIT_OK)
        result = check_documents(inputs.documents, replace(config, stale_paths=inputs.stale))
        paths = paths or ("changed",)
    else:
        if not paths:
            raise click.UsageError("give at least one path to check")
        from .api import check as run_check

        result = run_check(list(paths), config=config)
    if config.baseline:
        from .baseline import load_baseline

        baseline = load_baseline(config.baseline)
        new, matched, unused = baseline.filter(result.findings)
        result = replace(result, findings=tuple(new))
        if not opts["quiet"] and (matched or unused):
            click.echo(f"qa-checker: baseline {config.baseline}: {matched} finding(s) accepted"
                       + (f", {len(unused)} entr{'y' if len(unused) == 1 else 'ies'} no longer found "
                          f"(run 'qa-checker baseline prune')" if unused else ""), err=True)
    _write(result, config, paths, opts)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from .reporters.step_summary import append_step_summary

        append_step_summary(result)
    if not opts["quiet"] and ("text" not in config.formats or config.output not in (None, "-")):
        counts = result.counts()
        state = "FAILED" if result.failed else "passed"
        def n(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")

        click.echo(f"qa-checker: {state}: {n(counts['error'], 'error')}, {n(counts['warning'], 'warning')}, "
                   f"{n(counts['info'], 'info')} in {n(len(result.documents), 'document')}", err=True)
    ctx.exit(EXIT_FINDINGS if result.failed and not config.exit_zero else EXIT_OK)


def _apply_command_line(ctx: click.Context, config: Config, opts: dict) -> Config:
    over: dict = {}
    for name in ("input_format", "encoding", "reference", "glossary", "output_dir", "baseline"):
        if _given(ctx, name):
            over[name] = opts[name]
    if _given(ctx, "formats"):
        over["formats"] = tuple(opts["formats"])
    if opts["output"]:
        over["output"] = opts["output"]
    if _given(ctx, "fail_on"):
        over["fail_on"] = parse_fail_on(opts["fail_on"])
    if opts["exit_zero"]:
        over["exit_zero"] = True
    if opts["select"]:
        # An explicit selection on the command line wins over the config file's ignore list.
        over["select"] = _codes(opts["select"], "--select")
        over["ignore"] = _codes(opts["ignore"], "--ignore")
    elif opts["ignore"]:
        over["ignore"] = tuple(config.ignore) + _codes(opts["ignore"], "--ignore")
    if _given(ctx, "encoder"):
        over["encoder"] = opts["encoder"]
    if opts["langdetect"]:
        over["langdetect"] = True
    if _given(ctx, "jobs"):
        over["jobs"] = opts["jobs"]
    if opts["follow_symlinks"]:
        over["follow_symlinks"] = True
    new = replace(config, **over)
    if "fail_on" in over:  # None (never) is a real value here, not "unset"
        new = replace(new, fail_on=over["fail_on"])
    return new


def _write(result, config: Config, paths, opts) -> None:
    from .reporters.output import write_reports

    formats = list(config.formats) or ["text"]
    color = _use_color(opts["color"])
    options = {"text": {"color": color}}
    if config.output is not None:
        written = write_reports(result, formats, config.output, config.output_dir, _report_stem(paths), options)
    else:
        # Text and GitHub workflow commands go to stdout (findings on stdout, logs on stderr; the
        # runner reads commands only from stdout); every other format to a file.
        for name in ("text", "github"):
            if name in formats:
                write_reports(result, [name], "-", config.output_dir, _report_stem(paths), options)
        files = [f for f in formats if f not in ("text", "github")]
        written = write_reports(result, files, None, config.output_dir, _report_stem(paths), options) if files else []
    if not opts["quiet"]:
        for path in written:
            if path != "-":
                click.echo(f"qa-checker: wrote {path}", err=True)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(fmt: str) -> None:
    """List every rule: code, name, category, default severity, summary."""
    classes = rule_classes()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": c.info.code, "name": c.info.name, "category": c.info.category.value,
                                "severity": c.info.severity.label, "summary": c.info.summary,
                                "options": dict(c.info.options)} for c in classes.values()],
                              ensure_ascii=False, indent=2, default=list))
        return
    for cls in classes.values():
        i = cls.info
        click.echo(f"{i.code}  {i.name:<28} {i.category.value:<15} {i.severity.label:<8} {i.summary}")


@cli.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    classes = rule_classes()
    cls = classes[resolve_code(code, classes, "rule")]
    i = cls.info
    click.echo(f"{i.code} {i.name}\n\ncategory: {i.category.value}   default severity: {i.severity.label}\n")
    click.echo(i.summary + "\n")
    click.echo(i.doc.rstrip())


@cli.group("baseline")
def baseline_group() -> None:
    """Accept today's findings: create or prune a baseline file."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=".qa-checker-baseline.json", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--input-format", type=click.Choice(INPUT_FORMATS))
def baseline_create(paths, out, config_path, input_format) -> None:
    """Record the current findings of PATHS as accepted."""
    from .baseline import create_baseline, write_baseline

    result = _check_with_config(paths, config_path, input_format)
    write_baseline(out, create_baseline(result))
    click.echo(f"qa-checker: baseline of {len(result.findings)} finding(s) written to {out}", err=True)


@baseline_group.command("prune")
@click.argument("paths", nargs=-1, required=True)
@click.option("-b", "--baseline", "path", default=".qa-checker-baseline.json", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--input-format", type=click.Choice(INPUT_FORMATS))
def baseline_prune(paths, path, config_path, input_format) -> None:
    """Drop baseline entries that PATHS no longer produce."""
    from .baseline import load_baseline, prune, write_baseline

    baseline = load_baseline(path)
    data = prune(baseline, _check_with_config(paths, config_path, input_format))
    write_baseline(path, data)
    click.echo(f"qa-checker: baseline {path} pruned", err=True)


def _check_with_config(paths, config_path, input_format):
    """A run as ``check`` would make it from the config file, for the baseline commands."""
    from .api import check as run_check

    config = load_config(config_path, known_rules=rule_classes()).with_overrides(input_format=input_format)
    return run_check(list(paths), config=config)


def main(argv: Optional[Sequence[str]] = None) -> None:
    try:
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="qa-checker",
                        standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # usage errors: click prints them; exit 2, never 1
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("qa-checker: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except QaCheckerError as exc:
        click.echo(f"qa-checker: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except OSError as exc:  # unwritable output folder, unreadable config, ...
        click.echo(f"qa-checker: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # an internal error must not look like "findings" (exit 1)
        click.echo(f"qa-checker: internal error: {type(exc).__name__}: {exc}", err=True)
        if os.environ.get("QA_CHECKER_DEBUG"):
            raise
        sys.exit(EXIT_ERROR)
    sys.exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
