"""The table of output formats.  Add a format by importing its reporter class and listing it here."""
from __future__ import annotations

from .base import Reporter
from .github import GitHubReporter
from .gitlab import GitLabReporter
from .html_report import HtmlReporter
from .json_report import JsonReporter
from .junit import JUnitReporter
from .sarif import SarifReporter
from .text_report import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    TextReporter.name: TextReporter,
    JsonReporter.name: JsonReporter,
    HtmlReporter.name: HtmlReporter,
    SarifReporter.name: SarifReporter,
    JUnitReporter.name: JUnitReporter,
    GitHubReporter.name: GitHubReporter,
    GitLabReporter.name: GitLabReporter,
}

__all__ = ["REPORTERS", "Reporter"]
