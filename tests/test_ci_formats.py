"""The CI-native formats: SARIF, JUnit XML, GitHub workflow commands, GitLab Code Quality, step summary.

The results are built by hand from a tiny Chinese/English document pair, plus one whose text is
hostile (workflow-command injection, XML-illegal characters, Markdown/HTML).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from qa_checker.model import (Category, Document, DocumentResult, Finding, Mark, Paragraph, RunResult,
                              Severity)
from qa_checker.reporters.github import GitHubReporter, escape_data, escape_property
from qa_checker.reporters.gitlab import GitLabReporter
from qa_checker.reporters.junit import JUnitReporter, xml_safe
from qa_checker.reporters.sarif import SarifReporter, artifact_uri
from qa_checker.reporters.step_summary import append_step_summary, markdown_summary
from qa_checker.rules.base import RuleInfo

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

ZH_PATH, EN_PATH = "docs/zh/install.md", "docs/en/install.md"
DOC_ID = f"{ZH_PATH} ↔ {EN_PATH}"

ZH = (
    Paragraph("zh-0", "zh", "# 安装", ZH_PATH, 1, kind="heading", index=0),
    Paragraph("zh-1", "zh", "下载 2024 年的版本，然后运行安装程序。", ZH_PATH, 3, index=1),
    Paragraph("zh-2", "zh", "如有问题，请联系管理员。", ZH_PATH, 5, index=2),
)
EN = (
    Paragraph("en-0", "en", "# Installation", EN_PATH, 1, kind="heading", index=3),
    Paragraph("en-1", "en", "Download the 2023 release, then run 安装程序. Run 安装程序 again.",
              EN_PATH, 3, index=4),
)
DOC = Document(DOC_ID, ZH_PATH, EN_PATH, "parallel", ZH + EN)
CLEAN_DOC = Document("docs/zh/ok.md ↔ docs/en/ok.md", "docs/zh/ok.md", "docs/en/ok.md", "parallel", (
    Paragraph("zh-0", "zh", "你好。", "docs/zh/ok.md", 1), Paragraph("en-0", "en", "Hello.", "docs/en/ok.md", 1)))

RULES = (
    RuleInfo("ZH101", "omission", Category.OMISSION, Severity.ERROR, "Chinese paragraph with no English",
             "## What it does\n\nFinds Chinese paragraphs that have no English rendering.\n\n"
             "## Why it matters\n\nAn omission is the worst translation error."),
    RuleInfo("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.WARNING,
             "Chinese left in the English", "## What it does\n\nFinds Han characters in English text."),
    RuleInfo("ZH401", "number-mismatch", Category.NUMBER, Severity.ERROR, "A number differs",
             "## What it does\n\nCompares the numbers on both sides."),
)


def span(para: Paragraph, needle: str, occurrence: int = 0) -> Mark:
    start = -1
    for _ in range(occurrence + 1):
        start = para.text.index(needle, start + 1)
    return Mark.of(para, start, start + len(needle))


def make_findings() -> list[Finding]:
    return [
        Finding("ZH401", "number-mismatch", Category.NUMBER, Severity.ERROR,
                "Number 2024 is 2023 in the English", DOC_ID, zh=(span(ZH[1], "2024"),),
                en=(span(EN[1], "2023"),), suggestion="2024", subject="2024"),
        Finding("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.WARNING,
                "Chinese left untranslated: 安装程序", DOC_ID, en=(span(EN[1], "安装程序"),),
                subject="安装程序"),
        Finding("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.WARNING,
                "Chinese left untranslated: 安装程序", DOC_ID, en=(span(EN[1], "安装程序", 1),),
                subject="安装程序"),
        Finding("ZH101", "omission", Category.OMISSION, Severity.ERROR,
                "Chinese paragraph has no English", DOC_ID, zh=(Mark.of(ZH[2]),), subject=ZH[2].text),
        Finding("ZH901", "length-ratio", Category.OMISSION, Severity.INFO,
                "The English is short for the Chinese", DOC_ID),  # no marks, rule not in RULES
    ]


def make_result(findings=None, documents=(DOC, CLEAN_DOC)) -> RunResult:
    findings = make_findings() if findings is None else findings
    return RunResult(tuple(DocumentResult(d, ()) for d in documents), tuple(findings), rules=RULES)


# A translation written by whoever opens the pull request.
HOSTILE_EN = "Pay 100% now,\n::error::pwned\r\n::stop-commands::x |<script>alert(1)</script>| \x01\x1b[31m ]]> &amp;"
HOSTILE_PATH = "docs/en/a,b:c.md"


def hostile_result() -> RunResult:
    zh = Paragraph("zh-0", "zh", "现在支付。", "docs/zh/a,b:c.md", 1)
    en = Paragraph("en-0", "en", HOSTILE_EN, HOSTILE_PATH, 1)
    doc = Document("hostile", zh.path, HOSTILE_PATH, "parallel", (zh, en))
    finding = Finding("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.ERROR,
                      f"Suspicious English: {HOSTILE_EN}", "hostile", en=(Mark.of(en, 0, 5),),
                      suggestion="<img src=x onerror=alert(1)>")
    return RunResult((DocumentResult(doc, ()),), (finding,), rules=RULES)


def test_ci_formats_are_registered_with_file_names_of_their_own():
    from qa_checker.reporters import REPORTERS
    assert {"sarif", "junit", "github", "gitlab"} <= set(REPORTERS)
    extensions = [cls.extension for cls in REPORTERS.values()]
    assert len(set(extensions)) == len(extensions)  # report.json and the GitLab report must not collide


# --- SARIF ---------------------------------------------------------------------------------------

def sarif(result: RunResult) -> dict:
    return json.loads(SarifReporter().render(result))


@pytest.mark.shared
@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="the shared SARIF schema is not available")
@pytest.mark.parametrize("build", [make_result, hostile_result, lambda: make_result([])])
def test_sarif_validates_against_the_oasis_schema(build):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/")
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(sarif(build())), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_rules_results_and_locations():
    log = sarif(make_result())
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ZH101", "ZH201", "ZH401", "ZH901"]
    omission = rules[0]
    assert omission["fullDescription"]["text"] == "Finds Chinese paragraphs that have no English rendering."
    assert omission["help"]["markdown"].startswith("## What it does")
    assert omission["defaultConfiguration"]["level"] == "error"
    assert omission["properties"]["tags"] == ["omission"]
    assert rules[3]["defaultConfiguration"]["level"] == "note"  # synthesised from the finding

    results = run["results"]
    assert len(results) == 5
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    by_rule = {}
    for res in results:
        by_rule.setdefault(res["ruleId"], []).append(res)

    number = by_rule["ZH401"][0]
    assert number["level"] == "error"
    assert number["message"]["text"] == "Number 2024 is 2023 in the English\nSuggestion: 2024"
    loc = number["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": EN_PATH, "uriBaseId": "%SRCROOT%"}
    col = EN[1].text.index("2023") + 1
    assert loc["region"] == {"startLine": 3, "startColumn": col, "endLine": 3, "endColumn": col + 4,
                             "snippet": {"text": "2023"}}
    # The Chinese side of an English-located finding is a related location.
    (related,) = number["relatedLocations"]
    assert related["id"] == 0 and related["message"]["text"] == "Chinese text"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == ZH_PATH
    assert related["physicalLocation"]["region"]["snippet"]["text"] == "2024"

    # An omission points at the Chinese; code points, not UTF-16 units or bytes, count columns.
    omission_loc = by_rule["ZH101"][0]["locations"][0]["physicalLocation"]
    assert omission_loc["artifactLocation"]["uri"] == ZH_PATH
    assert omission_loc["region"]["endColumn"] == 1 + len(ZH[2].text)

    # A finding without marks still has a file: line 1 of the Chinese file.
    info = by_rule["ZH901"][0]
    assert info["level"] == "note"
    assert info["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ZH_PATH


def test_sarif_fingerprints_are_the_finding_fingerprints_and_unique():
    findings = make_findings()
    results = sarif(make_result(findings))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["qaChecker/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    twice = findings[1].fingerprint
    assert twice == findings[2].fingerprint  # the same word left twice: one fingerprint...
    assert sorted(p for p in prints if p.startswith(twice)) == [twice, f"{twice}-2"]  # ...made unique
    assert {f.fingerprint for f in findings} <= set(prints)
    assert not any(re.search(r":\d+$", p) for p in prints)


def test_sarif_is_deterministic_and_independent_of_finding_order():
    findings = make_findings()
    first = SarifReporter().render(make_result(findings))
    assert first == SarifReporter().render(make_result(list(reversed(findings))))
    assert first == SarifReporter().render(make_result(findings))


def test_sarif_uris_are_relative_references_or_file_uris():
    assert artifact_uri("./docs\\zh\\安装 指南.md") == ("docs/zh/%E5%AE%89%E8%A3%85%20%E6%8C%87%E5%8D%97.md",
                                                       "%SRCROOT%")
    assert artifact_uri("/srv/docs/a b.md") == ("file:///srv/docs/a%20b.md", None)


# --- JUnit -----------------------------------------------------------------------------------------

def test_junit_parses_back_with_one_suite_per_document():
    text = JUnitReporter().render(make_result())
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [DOC_ID, CLEAN_DOC.id]
    cases = suites[0].findall("testcase")
    assert len(cases) == 5
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == len(names)
    failures = suites[0].findall("testcase/failure")
    assert len(failures) == 4 and suites[0].get("failures") == "4" and suites[0].get("tests") == "5"
    assert root.get("tests") == "6" and root.get("failures") == "4"
    number = next(c for c in cases if c.get("name").startswith("ZH401"))
    assert number.get("name").startswith(f"ZH401 {EN_PATH}:3 ")
    assert number.get("file") == EN_PATH and number.get("line") == "3"
    assert number.find("failure").get("message") == "Number 2024 is 2023 in the English\nSuggestion: 2024"
    # Info findings pass, with their message kept in system-out.
    info = next(c for c in cases if c.get("name").startswith("ZH901"))
    assert info.find("failure") is None and "English is short" in info.find("system-out").text
    # A clean document still has a (passing) test, so no suite is empty.
    (clean,) = suites[1].findall("testcase")
    assert clean.find("failure") is None and suites[1].get("tests") == "1"


def test_junit_survives_hostile_text():
    text = JUnitReporter().render(hostile_result())
    for parse in (ET.fromstring, pytest.importorskip("lxml.etree").fromstring):
        root = parse(text.encode("utf-8"))
        failure = root.find(".//failure")
        assert "<script>" in failure.get("message")  # escaped on the way out, intact on the way back
        assert "\\x01\\x1b[31m" in failure.get("message")
        assert "]]> &amp;" in failure.text
    assert "<script>" not in text


def test_xml_safe_replaces_every_illegal_character():
    assert xml_safe("a\x00b\x08c\tok\n\ud800\ufffe") == "a\\x00b\\x08c\tok\n\\ud800\\ufffe"
    assert xml_safe("中文 \U0002070e") == "中文 \U0002070e"


# --- GitHub ----------------------------------------------------------------------------------------

def test_github_commands_one_per_finding():
    text = GitHubReporter().render(make_result())
    lines = text.splitlines()
    assert len(lines) == 5
    col = EN[1].text.index("2023") + 1
    assert (f"::error file={EN_PATH},line=3,col={col},endLine=3,endColumn={col + 3},"
            f"title=ZH401 number-mismatch::Number 2024 is 2023 in the English%0ASuggestion: 2024") in lines
    assert sum(line.startswith("::warning ") for line in lines) == 2
    assert sum(line.startswith("::notice ") for line in lines) == 1  # info
    assert sum(line.startswith("::error ") for line in lines) == 2


def test_github_command_injection_stays_on_one_line():
    text = GitHubReporter().render(hostile_result())
    assert text.count("\n") == 1 and "\r" not in text
    (line,) = text.splitlines()  # str.splitlines also splits on U+2028, NEL, VT...
    assert line.startswith("::error file=docs/en/a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=5,")
    assert "%0A::error::pwned%0D%0A::stop-commands::x" in line
    assert "Pay 100%25 now" in line
    assert "\x1b" not in line and "\\x01\\x1b[31m" in line  # no terminal escapes reach the log
    # What the runner shows after unescaping is the original message.
    message = line.split("::", 2)[2]
    unescaped = message.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    shown = HOSTILE_EN.replace("\x01", "\\x01").replace("\x1b", "\\x1b")
    assert unescaped == f"Suspicious English: {shown}\nSuggestion: <img src=x onerror=alert(1)>"


def test_github_escaping_functions():
    assert escape_data("50%\r\n::x") == "50%25%0D%0A::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a\u2028b\x85c\x0bd\x1b[2J\u202eok\t") == "a\\u2028b\\x85c\\x0bd\\x1b[2J\\u202eok\t"


def test_github_multiline_span_has_no_columns():
    para = Paragraph("en-0", "en", "first line\nsecond line", EN_PATH, 7)
    doc = Document("d", "", EN_PATH, "parallel", (para,))
    finding = Finding("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.WARNING, "m", "d",
                      en=(Mark.of(para),))
    (line,) = GitHubReporter().render(RunResult((DocumentResult(doc, ()),), (finding,))).splitlines()
    assert line == f"::warning file={EN_PATH},line=7,endLine=8,title=ZH201 untranslated-chinese::m"


# --- GitLab ----------------------------------------------------------------------------------------

def gitlab(result: RunResult) -> list:
    return json.loads(GitLabReporter().render(result))


def shifted(finding: Finding, lines: int) -> Finding:
    """The same finding after ``lines`` lines were inserted above it."""
    def move(mark: Mark) -> Mark:
        return replace(mark, line=mark.line + lines, end_line=mark.end_line + lines)
    return replace(finding, zh=tuple(map(move, finding.zh)), en=tuple(map(move, finding.en)))


def test_gitlab_code_quality_shape():
    issues = gitlab(make_result())
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["lines"]["begin"] <= issue["location"]["lines"]["end"]
    number = next(i for i in issues if i["check_name"].startswith("ZH401"))
    assert number["severity"] == "major" and number["location"] == {"path": EN_PATH,
                                                                     "lines": {"begin": 3, "end": 3}}
    assert {i["severity"] for i in issues} == {"major", "minor", "info"}


def test_gitlab_fingerprints_unique_and_stable():
    findings = make_findings()
    first = [i["fingerprint"] for i in gitlab(make_result(findings))]
    assert len(set(first)) == len(first)
    assert first == [i["fingerprint"] for i in gitlab(make_result(list(reversed(findings))))]
    # Lines inserted above every finding change no fingerprint.
    moved = gitlab(make_result([shifted(f, 10) for f in findings]))
    assert sorted(i["fingerprint"] for i in moved) == sorted(first)
    assert {i["location"]["lines"]["begin"] for i in moved} == {1, 13, 15}  # the unmarked finding stays at line 1


# --- step summary ----------------------------------------------------------------------------------

def test_markdown_summary_counts_and_verdict():
    text = markdown_summary(make_result())
    assert text.startswith("## qa-checker: ❌ failed")
    assert "| error | 2 |" in text and "| warning | 2 |" in text and "| info | 1 |" in text
    assert "| omission | 2 |" in text and "| number | 1 |" in text and "| untranslated | 2 |" in text
    assert "docs/en/install\\.md:3" in text
    passed = markdown_summary(make_result([]))
    assert passed.startswith("## qa-checker: ✅ passed") and "### " not in passed


def test_markdown_summary_escapes_hostile_text():
    text = markdown_summary(hostile_result())
    row = next(line for line in text.splitlines() if line.startswith("| error | ZH201"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells: no injected column
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script\\>alert\\(1\\)&lt;/script\\>" in text


def test_markdown_summary_lists_the_most_severe_first_and_limits_the_table():
    many = [replace(make_findings()[1], subject=f"词{i}", message=f"left {i}") for i in range(12)]
    many.append(make_findings()[0])
    text = markdown_summary(make_result(many))
    rows = [line for line in text.splitlines() if line.startswith("| error |") or line.startswith("| warning |")]
    finding_rows = [r for r in rows if " ZH" in r]
    assert len(finding_rows) == 10 and finding_rows[0].startswith("| error | ZH401")
    assert "… and 3 more." in text


def test_append_step_summary(tmp_path):
    target = tmp_path / "summary.md"
    assert append_step_summary(make_result(), env={}) is None
    assert append_step_summary(make_result(), env={"GITHUB_STEP_SUMMARY": str(target)}) == str(target)
    append_step_summary(make_result([]), env={"GITHUB_STEP_SUMMARY": str(target)})
    written = target.read_text(encoding="utf-8")
    assert written.count("## qa-checker:") == 2 and "✅ passed" in written
