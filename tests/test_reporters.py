"""Reporters: golden text and JSON, determinism, escaping and self-containment of the HTML, writing files.

Golden files live in tests/golden/.  After an intended change of output, rewrite them with
``UPDATE_GOLDEN=1 python -m pytest tests/test_reporters.py`` and review the diff before committing.
"""
from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_checker import __version__
from qa_checker.errors import ConfigError
from qa_checker.model import Category, Finding, Mark, RunResult, Severity
from qa_checker.reporters import REPORTERS
from qa_checker.reporters.base import sorted_findings, visible_escapes
from qa_checker.reporters.highlight import Span, segments
from qa_checker.reporters.html_report import HtmlReporter, _environment
from qa_checker.reporters.json_report import JsonReporter
from qa_checker.reporters.output import write_reports
from qa_checker.reporters.text_report import TextReporter

from sample_result import IMG, SCRIPT, hostile_result, large_result, sample_result

GOLDEN = Path(__file__).parent / "golden"
OURS = ("text", "json", "html")  # the CI formats are tested in their own module
TEMPLATES = Path(__file__).resolve().parents[1] / "qa_checker" / "reporters" / "templates"
LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) "
                  r"(?P<sev>error|warning|info) (?P<msg>.*) \[#(?P<anchor>f-[0-9a-f]{16}(?:-\d+)?)\]$")


def scrub(text: str) -> str:
    """Golden files must not change with the package version."""
    return text.replace(f'"version": "{__version__}"', '"version": "<version>"')


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    actual = scrub(actual)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "rendered"))
        pytest.fail(f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{diff}")


# --- golden files and determinism -----------------------------------------------------------------

def test_text_matches_golden():
    check_golden("sample.txt", TextReporter().render(sample_result()))


def test_json_matches_golden():
    check_golden("sample.json", JsonReporter().render(sample_result()))


@pytest.mark.parametrize("name", OURS)
def test_same_result_gives_byte_identical_output_whatever_the_finding_order(name):
    result = sample_result()
    shuffled = dataclasses.replace(result, findings=result.findings[3:] + result.findings[:3])
    first = REPORTERS[name]().render(result).encode("utf-8")
    assert first == REPORTERS[name]().render(result).encode("utf-8")
    assert first == REPORTERS[name]().render(shuffled).encode("utf-8")


@pytest.mark.parametrize("name", OURS)
def test_every_reporter_renders_an_empty_run(name):
    text = REPORTERS[name]().render(RunResult(documents=(), findings=()))
    assert isinstance(text, str) and text.endswith("\n")


# --- text -----------------------------------------------------------------------------------------

def test_text_lines_have_the_compiler_shape_and_omissions_point_at_the_chinese():
    result = sample_result()
    lines = TextReporter().render(result).splitlines()
    findings, blank, summary = lines[:-2], lines[-2], lines[-1]
    assert blank == ""
    parsed = [LINE.match(line) for line in findings]
    assert all(parsed), [line for line, m in zip(findings, parsed) if not m]
    assert len(parsed) == len(result.findings)
    by_code = {m["code"]: m for m in parsed}
    assert (by_code["ZH101"]["path"], by_code["ZH101"]["line"]) == ("docs/zh/guide.md", "9")
    assert (by_code["ZH201"]["path"], by_code["ZH201"]["line"], by_code["ZH201"]["col"]) == ("docs/en/guide.md", "9", "9")
    # A finding about a whole document points at its first line.
    assert (by_code["ZH702"]["path"], by_code["ZH702"]["line"], by_code["ZH702"]["col"]) == ("notes.md", "1", "1")
    expected_anchors = {p.anchor for p in sorted_findings(result.findings)}
    assert {m["anchor"] for m in parsed} == expected_anchors
    assert summary == "2 documents, 10 pairs (9 zh / 9 en paragraphs): 3 errors, 3 warnings, 3 info. FAILED (fail-on: error)"


def test_text_summary_follows_the_gate():
    assert TextReporter().render(sample_result(fail_on=None)).rstrip().endswith("PASSED (fail-on: never)")
    result = dataclasses.replace(sample_result(), findings=tuple(
        f for f in sample_result().findings if f.severity < Severity.ERROR))
    assert result.findings and TextReporter().render(result).rstrip().endswith("PASSED (fail-on: error)")


def test_text_colour_only_when_asked():
    result = sample_result()
    assert "\x1b[" not in TextReporter().render(result)
    coloured = TextReporter(color=True).render(result)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == TextReporter().render(result)


def test_text_shows_control_and_bidi_characters_from_the_document_as_escapes():
    hostile = Finding("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.ERROR,
                      "left \x1b[2Joops\nnext\r\u202eevil", "doc",
                      en=(Mark("en-1", "a\nb.md", 1, 1, 0, 1),))
    text = TextReporter().render(RunResult(documents=(), findings=(hostile,)))
    first = text.splitlines()[0]
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text
    assert first.startswith("a\\nb.md:1:1: ZH201 error left \\x1b[2Joops\\nnext\\r\\u202eevil [#f-")
    assert visible_escapes("中文 ok\t") == "中文 ok\\t"


def test_findings_sharing_a_fingerprint_get_distinct_anchors_in_every_format():
    base = sample_result()
    twin = next(f for f in base.findings if f.code == "ZH401")
    other_place = dataclasses.replace(twin, en=(dataclasses.replace(twin.en[0], line=99),))
    result = dataclasses.replace(base, findings=base.findings + (other_place,))
    anchors = [p.anchor for p in sorted_findings(result.findings) if p.finding.code == "ZH401"]
    assert anchors[0] == f"f-{twin.fingerprint}" and anchors[1] == f"f-{twin.fingerprint}-2"
    text = TextReporter().render(result)
    data = json.loads(JsonReporter().render(result))
    page = HtmlReporter().render(result)
    for anchor in anchors:
        assert f"[#{anchor}]" in text
        assert anchor in {f["anchor"] for f in data["findings"]}
        assert page.count(f'id="{anchor}"') == 1


# --- JSON -----------------------------------------------------------------------------------------

def test_json_has_the_documented_fields():
    data = json.loads(JsonReporter().render(sample_result()))
    assert data["version"] == 1 and data["tool"] == {"name": "qa-checker", "version": __version__}
    summary = data["summary"]
    assert {"documents", "zh_paragraphs", "en_paragraphs", "pairs", "findings", "failed", "fail_on"} <= set(summary)
    assert summary["findings"] == {"error": 3, "warning": 3, "info": 3}
    assert (summary["failed"], summary["fail_on"]) == (True, "error")
    doc = data["documents"][0]
    assert {"id", "zh_path", "en_path", "mode", "paragraphs", "pairs", "metrics", "signatures"} <= set(doc)
    assert {"id", "lang", "line", "column", "kind", "text"} <= set(doc["paragraphs"][0])
    omission = next(p for p in doc["pairs"] if p["zh"] == ["zh-5"])
    assert omission["en"] == [] and omission["kind"] == "1-0" and omission["similarity"] is None
    assert {"zh", "en", "similarity", "omission_score", "length_ratio"} <= set(omission)
    finding = next(f for f in data["findings"] if f["code"] == "ZH401")
    assert {"code", "name", "category", "severity", "message", "suggestion", "document", "fingerprint",
            "zh", "en"} <= set(finding)
    assert set(finding["zh"][0]) == {"paragraph", "path", "line", "column", "end_line", "end_column", "start", "end"}
    zh = next(p for p in doc["paragraphs"] if p["id"] == finding["zh"][0]["paragraph"])
    assert zh["text"][finding["zh"][0]["start"]:finding["zh"][0]["end"]] == "1200"


def test_json_rounds_floats_and_never_writes_nan():
    result = sample_result()
    guide = result.documents[0]
    odd = dataclasses.replace(guide, metrics=(("bleu", 12.3456789), ("broken", float("nan")), ("inf", float("inf"))))
    data = json.loads(JsonReporter().render(dataclasses.replace(result, documents=(odd,) + result.documents[1:])))
    assert data["documents"][0]["metrics"] == {"bleu": 12.3457, "broken": None, "inf": None}
    assert data["documents"][0]["pairs"][2]["metrics"] == {"chrf": 38.1234, "bleu": 21.0}


# --- highlighting ---------------------------------------------------------------------------------

def _span(start, end, severity=Severity.ERROR, anchor="f-a"):
    return Span(start, end, severity, anchor, f"{anchor} {severity.label}")


def test_overlapping_spans_are_cut_at_every_boundary_and_take_the_worst_severity():
    pieces = segments("More than 1,500 projects", [_span(10, 15, Severity.ERROR, "f-num"),
                                                    _span(0, 15, Severity.INFO, "f-hedge")])
    assert [(p.text, p.severity, p.anchors) for p in pieces] == [
        ("More than ", "info", ("f-hedge",)),
        ("1,500", "error", ("f-num", "f-hedge")),
        (" projects", "", ()),
    ]
    assert pieces[1].multi and pieces[1].title == "f-num error\nf-hedge info"


def test_zero_width_and_out_of_range_spans():
    pieces = segments("abc", [_span(1, 1, Severity.WARNING, "f-p"), _span(2, 99)])
    assert [(p.text, p.point, p.severity) for p in pieces] == [
        ("a", False, ""), ("", True, "warning"), ("b", False, ""), ("c", False, "error")]


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40),
       spans=st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50), st.sampled_from(list(Severity))),
                      max_size=6))
def test_segments_never_lose_or_reorder_text(text, spans):
    pieces = segments(text, [_span(a, b, s, f"f-{i}") for i, (a, b, s) in enumerate(spans)])
    assert "".join(p.text for p in pieces) == text
    for p in pieces:
        assert p.point or p.text  # no empty pieces other than zero-width marks
        assert bool(p.severity) == bool(p.anchors)


# --- HTML -----------------------------------------------------------------------------------------

class _Page(HTMLParser):
    """Collects what matters for safety: elements, attributes, ids and links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def ids(self):
        return {a["id"] for _, a in self.tags if "id" in a}


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_injected_markup_in_text_messages_and_suggestions_stays_text():
    page = HtmlReporter().render(hostile_result())
    assert SCRIPT not in page and IMG not in page
    parsed = parse(page)
    assert [t for t, _ in parsed.tags if t == "script"] == ["script"]  # only the report's own script
    assert not [t for t, _ in parsed.tags if t == "img"]
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]  # no event handlers
    text = "".join(parsed.text)
    # Paragraph text (also cut into highlighted pieces), messages, suggestions and paths read as text.
    assert f"第一段{SCRIPT}结束。" in text
    assert f"First{IMG} paragraph {SCRIPT} ends." in text
    assert f"Leftover {SCRIPT} and {IMG}" in text
    assert f"Remove {SCRIPT}{IMG}" in text
    assert f"docs/{IMG}.md" in text
    titles = [a["title"] for _, a in parsed.tags if "title" in a]
    assert any(SCRIPT in t for t in titles)  # hover labels, escaped as attribute values


def test_templates_never_mark_values_safe_and_autoescape_is_on():
    assert _environment().autoescape is True
    for template in TEMPLATES.glob("*.j2"):
        assert "|safe" not in template.read_text("utf-8").replace(" ", "")


def test_report_is_self_contained():
    page = HtmlReporter().render(sample_result())
    parsed = parse(page)
    # The sample documents contain https://example.org/docs as text: it may appear, but not as a resource.
    assert "https://example.org/docs" in "".join(parsed.text)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img"), tag
        if "src" in attrs:
            pytest.fail(f"external resource: <{tag} src={attrs['src']}>")
        href = attrs.get("href", "")
        if tag != "a":
            assert not href, (tag, href)
        elif re.match(r"(?i)\s*(https?:)?//", href):
            # The one navigational link out of the page: the MQM reference inside a rule's documentation.
            assert href == "https://themqm.org/error-types-2/typology/", href
    assert not re.search(r"@import|url\(", page)


def test_every_internal_link_has_a_target_and_ids_are_unique():
    parsed = parse(HtmlReporter().render(sample_result()))
    ids = [a["id"] for _, a in parsed.tags if "id" in a]
    assert len(ids) == len(set(ids))
    links = {a["href"][1:] for t, a in parsed.tags if t == "a" and a.get("href", "").startswith("#")}
    assert links and not links - parsed.ids


def test_report_shows_every_paragraph_every_finding_and_the_empty_sides():
    result = sample_result()
    page = HtmlReporter().render(result)
    parsed = parse(page)
    text = "".join(parsed.text)
    for d in result.documents:
        for p in d.document.paragraphs:
            assert p.text in text, p.id
    for placed in sorted_findings(result.findings):
        assert placed.anchor in parsed.ids
        assert placed.finding.message in text
    assert "rule-ZH401" in parsed.ids
    assert page.count('class="none">no English rendering<') == 1  # the 1-0 pair
    assert page.count('class="none">no Chinese source<') == 1  # the 0-1 pair
    assert "FAILED" in text.upper() and "nrefs:1|case:mixed|eff:no|tok:zh" in text
    assert 'id="documents"' in page  # multi-document index
    row = page[page.index('id="d1-p5"'):page.index('id="d1-p6"')]
    assert "no English rendering" in row and "ZH101" in row
    assert 'Closest English: <a href="#d1-p7">pair 7, line 11</a>' in row


def test_paragraphs_in_no_pair_still_get_a_row():
    result = sample_result()
    guide = result.documents[0]
    dropped = dataclasses.replace(guide, pairs=tuple(p for p in guide.pairs if p.zh != ("zh-4",)))
    page = HtmlReporter().render(dataclasses.replace(result, documents=(dropped,) + result.documents[1:]))
    text = "".join(parse(page).text)
    for p in guide.document.paragraphs:
        assert p.text in text, p.id
    # Each lone paragraph follows the row of its predecessor on the same side.
    assert page.index("目前已有") < page.index("如有问题") and page.index("More than") < page.index("See the")


def test_large_report_has_no_per_row_script_work():
    page = HtmlReporter().render(large_result(300))
    assert page.count('<div class="row') == 301
    assert "content-visibility: auto" in page
    assert page.count("<script") == 1


# --- writing --------------------------------------------------------------------------------------

def test_write_reports_writes_each_format_to_the_output_dir(tmp_path):
    out = tmp_path / "new" / "dir"
    written = write_reports(sample_result(), ["text", "json", "html", "json"], None, str(out), "qa")
    assert written == [str(out / "qa.txt"), str(out / "qa.json"), str(out / "qa.html")]
    assert json.loads((out / "qa.json").read_text("utf-8"))["summary"]["pairs"] == 10
    assert sorted(p.name for p in out.iterdir()) == ["qa.html", "qa.json", "qa.txt"]  # no temp files left


def test_output_file_takes_one_format_and_dash_is_stdout(tmp_path, capsys):
    result = sample_result()
    with pytest.raises(ConfigError, match="one format"):
        write_reports(result, ["text", "json"], str(tmp_path / "x"), str(tmp_path), "qa")
    assert write_reports(result, ["text"], "-", str(tmp_path), "qa") == ["-"]
    assert capsys.readouterr().out == TextReporter().render(result)
    target = tmp_path / "sub" / "report.json"
    assert write_reports(result, ["json"], str(target), str(tmp_path), "qa") == [str(target)]
    assert target.read_bytes() == JsonReporter().render(result).encode("utf-8")


def test_text_options_reach_the_reporter(capsys, tmp_path):
    write_reports(sample_result(), ["text"], "-", str(tmp_path), "qa", options={"text": {"color": True}})
    assert "\x1b[" in capsys.readouterr().out


def test_unknown_format_names_the_closest(tmp_path):
    with pytest.raises(ConfigError, match="did you mean 'html'"):
        write_reports(sample_result(), ["htm"], None, str(tmp_path), "qa")


def test_failed_write_keeps_the_old_report_and_leaves_no_temp_file(tmp_path, monkeypatch):
    old = tmp_path / "qa.json"
    old.write_text("old report", "utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_reports(sample_result(), ["json"], None, str(tmp_path), "qa")
    assert old.read_text("utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["qa.json"]


def test_a_failing_renderer_writes_nothing(tmp_path, monkeypatch):
    def broken(self, result):
        raise RuntimeError("boom")

    monkeypatch.setattr(HtmlReporter, "render", broken)
    with pytest.raises(RuntimeError):
        write_reports(sample_result(), ["text", "html"], None, str(tmp_path / "out"), "qa")
    assert not (tmp_path / "out").exists()


def test_never_writes_over_an_input_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("原文", "utf-8")
    with pytest.raises(ConfigError, match="input file"):
        write_reports(sample_result(), ["text"], "notes.md", ".", "qa")
    assert (tmp_path / "notes.md").read_text("utf-8") == "原文"
