"""JUnit XML for Jenkins, GitLab and other CI test views.

One ``<testsuite>`` per document; one ``<testcase>`` per finding, named ``CODE path:line fingerprint``
(unique within the run); a passing ``<testcase>`` for a document without findings so that no suite is
empty.  Errors and warnings are ``<failure>``s; info findings are passing cases whose message goes to
``<system-out>``.  Translation text is hostile input: characters XML 1.0 cannot carry are replaced by
a visible ``\\xNN`` escape, and ElementTree escapes the rest.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..model import Finding, RunResult, Severity
from .base import Reporter, document_index
from .ci_common import findings_with_fingerprints, full_message, primary_location

# Everything outside XML 1.0's Char production: C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text that any XML 1.0 parser accepts, with illegal characters shown as ``\\xNN``/``\\uNNNN``."""
    return _XML_ILLEGAL.sub(lambda m: _visible(m.group()), text)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class JUnitReporter(Reporter):
    name = "junit"
    extension = "junit.xml"  # report.junit.xml: never collides with another format's file

    def render(self, result: RunResult) -> str:
        root = build_junit(result)
        ET.indent(root, space="  ")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def build_junit(result: RunResult) -> ET.Element:
    documents = document_index(result)
    by_document: dict[str, list[tuple[Finding, str]]] = defaultdict(list)
    for finding, fp in findings_with_fingerprints(result.findings):
        by_document[finding.document].append((finding, fp))
    # Documents in run order, then documents known only from their findings, by name.
    order = [d.document.id for d in result.documents]
    order += sorted(set(by_document) - set(order))

    root = ET.Element("testsuites", name="qa-checker")
    totals = {"tests": 0, "failures": 0}
    for doc_id in order:
        suite = ET.SubElement(root, "testsuite", name=xml_safe(doc_id))
        cases = by_document.get(doc_id, [])
        failures = 0
        for finding, fp in cases:
            failures += _add_case(suite, doc_id, finding, fp, documents)
        if not cases:
            ET.SubElement(suite, "testcase", name=xml_safe(f"{doc_id}: no findings"),
                          classname=_classname(doc_id), time="0")
        tests = max(1, len(cases))
        _set_counts(suite, tests, failures)
        totals["tests"] += tests
        totals["failures"] += failures
    _set_counts(root, totals["tests"], totals["failures"])
    return root


def _set_counts(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", "0")
    element.set("time", "0")


def _classname(doc_id: str) -> str:
    # The document, as linters' JUnit output names the file (Jenkins splits it at dots; so be it).
    return xml_safe(doc_id)


def _add_case(suite: ET.Element, doc_id: str, finding: Finding, fp: str, documents) -> int:
    """Append one testcase; returns 1 when it is a failure."""
    loc = primary_location(finding, documents)
    where = f"{loc.path}:{loc.line}" if loc else doc_id
    case = ET.SubElement(suite, "testcase", name=xml_safe(f"{finding.code} {where} {fp}"),
                         classname=_classname(doc_id), time="0")
    if loc is not None:
        case.set("file", xml_safe(loc.path))
        case.set("line", str(loc.line))
    message = full_message(finding)
    detail = (f"{finding.severity.label} {finding.code} {finding.name} ({finding.category.value})\n"
              f"{where}\n{message}\n")
    if finding.severity >= Severity.WARNING:
        failure = ET.SubElement(case, "failure", message=xml_safe(message),
                                type=xml_safe(f"{finding.code} {finding.name}"))
        failure.text = xml_safe(detail)
        return 1
    ET.SubElement(case, "system-out").text = xml_safe(detail)
    return 0
