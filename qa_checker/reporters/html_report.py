"""HTML report: one self-contained page a reviewer reads to fix the translation.

Chinese and English side by side, one row per aligned pair, each finding beside its pair and its
spans highlighted in place.  Built from view records (:mod:`.html_view`) by a Jinja2 template with
autoescaping on: document text only ever reaches the page escaped.  CSS and the small filtering
script are inlined (no CDN, no web fonts), so the file works offline and from a CI artifact, and
everything is rendered on the server side, so it reads the same with JavaScript blocked.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ..model import RunResult
from .base import Reporter
from .html_view import build_report_view


class HtmlReporter(Reporter):
    name = "html"
    extension = "html"

    def render(self, result: RunResult) -> str:
        template = _environment().get_template("report.html.j2")
        return template.render(report=build_report_view(result), css=_asset("report.css"),
                               script=_asset("report.js"))


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("qa_checker.reporters", "templates"),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the tests instead of vanishing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=None)
def _asset(name: str) -> Markup:
    """Our own stylesheet or script, inlined verbatim (never document text)."""
    text = resources.files("qa_checker.reporters").joinpath("templates", name).read_text("utf-8")
    return Markup(text)
