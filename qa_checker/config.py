"""Typed configuration: defaults < `[qa_checker]` sections of setup.cfg < command line.

The config file is found by walking up from the working directory to the first setup.cfg that has a
`[qa_checker]` or `[qa_checker:CODE]` section (as flake8 and coverage.py do), or given with
`--config`.  Unknown keys and unknown rule codes are errors naming the closest valid one: a typo must
never silently switch a CI gate off.
"""
from __future__ import annotations

import configparser
import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Optional

from .errors import ConfigError
from .model import Severity

SECTION = "qa_checker"

# key -> (field name, parser).  Keys are kebab-case as in other linters' config files.
_KEYS = {
    "fail-on": "fail_on",
    "select": "select",
    "ignore": "ignore",
    "input-format": "input_format",
    "encoding": "encoding",
    "format": "formats",
    "output-dir": "output_dir",
    "reference": "reference",
    "glossary": "glossary",
    "jobs": "jobs",
    "encoder": "encoder",
    "langdetect": "langdetect",
    "baseline": "baseline",
    "exit-zero": "exit_zero",
    "follow-symlinks": "follow_symlinks",
}


@dataclass(frozen=True)
class Config:
    fail_on: Optional[Severity] = Severity.ERROR  # None = never fail
    select: tuple[str, ...] = ()  # only these codes (empty = all)
    ignore: tuple[str, ...] = ()
    input_format: Optional[str] = None
    encoding: Optional[str] = None
    formats: tuple[str, ...] = ("text",)
    output: Optional[str] = None
    output_dir: str = "reports"
    reference: Optional[str] = None
    glossary: Optional[str] = None
    jobs: int = 0  # 0 = one process per core for large runs
    encoder: bool = True  # False = rules only (no sentence encoder: fast, fewer omission signals)
    langdetect: bool = False  # statistical language check of Latin-script English (slow: ~3 ms a pair)
    baseline: Optional[str] = None
    exit_zero: bool = False
    follow_symlinks: bool = False
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_severity: Mapping[str, Optional[Severity]] = field(default_factory=dict)  # None = disabled
    source: Optional[str] = None  # the config file read, for messages
    # Pull-request mode: Chinese files changed since the base while their English partner did not.
    stale_paths: tuple[str, ...] = ()

    def with_overrides(self, **values: Any) -> "Config":
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def find_config(start: Optional[str] = None) -> Optional[Path]:
    """The nearest setup.cfg upwards from ``start`` that configures qa_checker."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "setup.cfg"
        if candidate.is_file():
            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read(candidate, encoding="utf-8")
            except configparser.Error:
                return candidate  # let load_config report it with its position
            if any(s == SECTION or s.startswith(SECTION + ":") for s in parser.sections()):
                return candidate
    return None


def _closest(word: str, options) -> str:
    match = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _bool(text: str, key: str, path: str) -> bool:
    low = text.strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"[{SECTION}] {key}: expected true or false, got {text!r}", path=path)


def _list(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.replace("\n", ",").split(",") if x.strip())


def parse_fail_on(text: str) -> Optional[Severity]:
    if text.strip().lower() == "never":
        return None
    return Severity.parse(text)


def load_config(path: Optional[str] = None, *, known_rules: Mapping[str, Any]) -> Config:
    """Read ``path`` (or the nearest setup.cfg) into a Config.  ``known_rules``: code -> rule class."""
    cfg_path = Path(path) if path else find_config()
    if cfg_path is None:
        return Config()
    if not cfg_path.is_file():
        raise ConfigError("config file not found", path=str(cfg_path))
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(cfg_path, encoding="utf-8")
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(str(exc).splitlines()[0], path=str(cfg_path), line=line) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte {exc.start})", path=str(cfg_path)) from None
    where = str(cfg_path)
    values: dict[str, Any] = {"source": where}
    if parser.has_section(SECTION):
        for key, raw in parser.items(SECTION):
            if key not in _KEYS:
                raise ConfigError(f"[{SECTION}] unknown key {key!r}{_closest(key, _KEYS)}", path=where)
            name = _KEYS[key]
            try:
                if name == "fail_on":
                    values[name] = parse_fail_on(raw)
                elif name in ("select", "ignore", "formats"):
                    values[name] = _list(raw)
                elif name in ("encoder", "langdetect", "exit_zero", "follow_symlinks"):
                    values[name] = _bool(raw, key, where)
                elif name == "jobs":
                    values[name] = int(raw)
                else:
                    values[name] = raw.strip() or None
            except ValueError as exc:
                raise ConfigError(f"[{SECTION}] {key}: {exc}", path=where) from None
        for name in ("select", "ignore"):
            for code in values.get(name, ()):
                _check_code(code, known_rules, where, f"[{SECTION}] {name}")
    options: dict[str, dict[str, Any]] = {}
    severities: dict[str, Optional[Severity]] = {}
    for section in parser.sections():
        if not section.startswith(SECTION + ":"):
            continue
        code = section.split(":", 1)[1].strip().upper()
        cls = _check_code(code, known_rules, where, f"[{section}]")
        defaults = cls.info.options
        for key, raw in parser.items(section):
            if key == "severity":
                severities[code] = None if raw.strip().lower() in ("off", "none") else _severity(raw, section, where)
            elif key == "enabled":
                if not _bool(raw, key, where):
                    severities[code] = None
            elif key in defaults:
                options.setdefault(code, {})[key] = _coerce(raw, defaults[key], section, key, where)
            else:
                valid = ["severity", "enabled", *defaults]
                raise ConfigError(f"[{section}] unknown key {key!r}{_closest(key, valid)}", path=where)
    values["rule_options"] = options
    values["rule_severity"] = severities
    return replace(Config(), **values)


def _check_code(code: str, known_rules: Mapping[str, Any], where: str, context: str):
    if code in known_rules:
        return known_rules[code]
    # Also accept a rule's kebab name.
    for cls in known_rules.values():
        if cls.info.name == code.lower():
            return cls
    names = list(known_rules) + [c.info.name for c in known_rules.values()]
    raise ConfigError(f"{context}: unknown rule {code!r}{_closest(code, names)}", path=where)


def _severity(raw: str, section: str, where: str) -> Severity:
    try:
        return Severity.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"[{section}] severity: {exc}", path=where) from None


def _coerce(raw: str, default: Any, section: str, key: str, where: str) -> Any:
    """Parse an option value to the type of its default."""
    try:
        if isinstance(default, bool):
            return _bool(raw, key, where)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, (tuple, list)):
            return _list(raw)
    except ValueError:
        raise ConfigError(f"[{section}] {key}: expected {type(default).__name__}, got {raw!r}", path=where) from None
    return raw.strip()


def resolve_code(code: str, known_rules: Mapping[str, Any], context: str = "--select") -> str:
    """A code or kebab name given on the command line -> the code (ConfigError when unknown)."""
    return _check_code(code.strip().upper() if code.strip().upper() in known_rules else code.strip(),
                       known_rules, "command line", context).info.code
