"""Hand-built RunResults for the reporter tests (no engine involved).

``sample_result()``: two documents (two files in parallel; one interleaved file) with findings of
several categories: an omitted paragraph (a 1-0 pair), a partly omitted paragraph, Chinese left in
the English, a number mismatch overlapping another span, full-width punctuation, an addition
(a 0-1 pair), a consistency finding marked in two pairs and a finding about a whole document.
``hostile_result()``: markup and script in every text field a report shows.
``large_result(n)``: n pairs, for checking that big reports stay usable.
"""
from __future__ import annotations

from qa_checker.model import (Category, Document, DocumentResult, Finding, Mark, Mask, Pair, Paragraph,
                              RunResult, Severity)
from qa_checker.rules.base import RuleInfo

EN, ZH = "en", "zh"


def para(pid: str, lang: str, text: str, path: str, line: int, kind: str = "text", index: int = 0,
         masks: tuple[Mask, ...] = ()) -> Paragraph:
    return Paragraph(id=pid, lang=lang, text=text, path=path, line=line, kind=kind, index=index, masks=masks)


def mark(p: Paragraph, subject: str = "", nth: int = 0) -> Mark:
    """A mark on the ``nth`` occurrence of ``subject`` in ``p`` (the whole paragraph when empty)."""
    if not subject:
        return Mark.of(p)
    start = -1
    for _ in range(nth + 1):
        start = p.text.index(subject, start + 1)
    return Mark.of(p, start, start + len(subject))


def rule(code: str, name: str, category: Category, severity: Severity, summary: str, doc: str = "") -> RuleInfo:
    return RuleInfo(code=code, name=name, category=category, severity=severity, summary=summary,
                    doc=doc or f"## What it does\n\n{summary}\n")


RULES = {
    r.code: r for r in (
        rule("ZH101", "missing-translation", Category.OMISSION, Severity.ERROR,
             "A Chinese paragraph has no English rendering.",
             "## What it does\n\nReports a Chinese paragraph that the alignment pairs with no English "
             "paragraph (a 1-0 pair).\n\n## Why it matters\n\nA dropped paragraph is the most costly "
             "error a translation can have, and the hardest to see in the English alone.\n\n"
             "## Example\n\n```\n如有问题，请在论坛提问。   →   (nothing)\n```\n\n"
             "See the [MQM typology](https://themqm.org/error-types-2/typology/) for the category.\n"),
        rule("ZH102", "partial-omission", Category.OMISSION, Severity.WARNING,
             "Part of a Chinese paragraph seems to be missing from its English."),
        rule("ZH201", "untranslated-chinese", Category.UNTRANSLATED, Severity.ERROR,
             "Chinese characters left in the English text."),
        rule("ZH205", "approximation-added", Category.MISTRANSLATION, Severity.INFO,
             "The English hedges or rounds a number the Chinese states exactly."),
        rule("ZH301", "fullwidth-punctuation", Category.PUNCTUATION, Severity.WARNING,
             "Full-width punctuation inside English text."),
        rule("ZH401", "number-mismatch", Category.NUMBER, Severity.ERROR,
             "A number in the Chinese has no equal in the English."),
        rule("ZH501", "unaligned-english", Category.ADDITION, Severity.INFO,
             "An English paragraph with no Chinese source."),
        rule("ZH601", "inconsistent-term", Category.CONSISTENCY, Severity.WARNING,
             "One Chinese term rendered in different ways in one document."),
        rule("ZH702", "document-length-ratio", Category.OMISSION, Severity.INFO,
             "The English of a whole document is short for its Chinese."),
        rule("ZH801", "glossary-term", Category.TERMINOLOGY, Severity.WARNING,
             "A glossary term not rendered as the glossary says."),
    )
}


def _finding(code: str, message: str, document: str, *, zh=(), en=(), suggestion: str = "",
             subject: str = "", severity: Severity | None = None) -> Finding:
    info = RULES[code]
    return Finding(code=code, name=info.name, category=info.category, severity=severity or info.severity,
                   message=message, document=document, zh=tuple(zh), en=tuple(en),
                   suggestion=suggestion, subject=subject)


def _guide() -> tuple[DocumentResult, list[Finding]]:
    zp, ep, doc_id = "docs/zh/guide.md", "docs/en/guide.md", "docs/zh/guide.md ↔ docs/en/guide.md"
    url = "https://example.org/docs"
    z = [
        para("zh-1", ZH, "# 快速上手", zp, 1, "heading", 0),
        para("zh-2", ZH, "本指南介绍如何安装和配置检查工具。", zp, 3, index=1),
        para("zh-3", ZH, "安装只需要两分钟。配置文件放在项目根目录下，命名为 setup.cfg。", zp, 5, index=2),
        para("zh-4", ZH, "目前已有 1200 个项目在使用这个工具。", zp, 7, index=3),
        para("zh-5", ZH, "如有问题，请在论坛提问，我们会尽快回复。", zp, 9, index=4),
        para("zh-6", ZH, f"详细说明见 {url} 页面。", zp, 11, index=5, masks=(Mask(6, 6 + len(url), "url"),)),
    ]
    e = [
        para("en-1", EN, "# Getting Started", ep, 1, "heading", 6),
        para("en-2", EN, "This guide explains how to install and configure the checker.", ep, 3, index=7),
        para("en-3", EN, "Installation takes only two minutes.", ep, 5, index=8),
        para("en-4", EN, "More than 1,500 projects already use this tool.", ep, 7, index=9),
        para("en-5", EN, f"See the 详细说明 at {url}.", ep, 9, index=10, masks=(Mask(16, 16 + len(url), "url"),)),
        para("en-6", EN, "Happy checking!", ep, 11, index=11),
    ]
    document = Document(id=doc_id, zh_path=zp, en_path=ep, mode="parallel", paragraphs=tuple(z + e))
    pairs = (
        Pair(("zh-1",), ("en-1",), similarity=0.9312, length_ratio=3.75, omission_score=0.02),
        Pair(("zh-2",), ("en-2",), similarity=0.8876, length_ratio=3.0, omission_score=0.05),
        Pair(("zh-3",), ("en-3",), similarity=0.6127, length_ratio=0.9333, omission_score=0.71,
             metrics=(("chrf", 38.12345), ("bleu", 21.000049))),
        Pair(("zh-4",), ("en-4",), similarity=0.8421, length_ratio=2.2222, omission_score=0.08),
        Pair(("zh-5",), (), omission_score=1.0, nearest_en="en-6"),
        Pair(("zh-6",), ("en-5",), similarity=0.7044, length_ratio=1.5, omission_score=0.12),
        Pair((), ("en-6",)),
    )
    result = DocumentResult(
        document=document, pairs=pairs,
        metrics=(("mean_similarity", 0.796000049), ("bleu", 31.41592653), ("chrf", 58.271828), ("ter", 52.5)),
        signatures=(("bleu", "nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.4.3"),
                    ("chrf", "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3"),
                    ("ter", "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.4.3")),
    )
    zh, en = {p.id: p for p in z}, {p.id: p for p in e}
    findings = [
        _finding("ZH101", "This Chinese paragraph has no English rendering.", doc_id,
                 zh=[mark(zh["zh-5"])], subject=zh["zh-5"].text,
                 suggestion="Translate it: “If you have questions, ask in the forum; we will reply soon.”"),
        _finding("ZH102", "The English renders the first sentence only; “配置文件放在项目根目录下，命名为 "
                 "setup.cfg。” seems to be missing.", doc_id,
                 zh=[mark(zh["zh-3"], "配置文件放在项目根目录下，命名为 setup.cfg。")], en=[mark(en["en-3"])],
                 subject="配置文件放在项目根目录下，命名为 setup.cfg。"),
        _finding("ZH201", "Chinese left in the English: “详细说明”.", doc_id,
                 zh=[mark(zh["zh-6"], "详细说明")], en=[mark(en["en-5"], "详细说明")],
                 suggestion="Translate “详细说明” (detailed instructions).", subject="详细说明"),
        _finding("ZH401", "The Chinese says 1200, the English says 1,500.", doc_id,
                 zh=[mark(zh["zh-4"], "1200")], en=[mark(en["en-4"], "1,500")],
                 suggestion="Write 1,200.", subject="1200"),
        _finding("ZH205", "“More than” hedges a number the Chinese states exactly.", doc_id,
                 zh=[mark(zh["zh-4"], "1200")], en=[mark(en["en-4"], "More than 1,500")],
                 subject="More than"),
        _finding("ZH501", "This English paragraph has no Chinese source.", doc_id,
                 en=[mark(en["en-6"])], subject=en["en-6"].text),
        _finding("ZH601", "“工具” is rendered as “checker” and as “tool”.", doc_id,
                 zh=[mark(zh["zh-2"], "工具"), mark(zh["zh-4"], "工具")],
                 en=[mark(en["en-2"], "checker"), mark(en["en-4"], "tool")],
                 suggestion="Pick one rendering and use it throughout.", subject="工具"),
    ]
    return result, findings


def _notes() -> tuple[DocumentResult, list[Finding]]:
    path = "notes.md"
    paragraphs = (
        para("zh-1", ZH, "## 发布说明", path, 1, "heading", 0),
        para("en-2", EN, "## Release Notes", path, 3, "heading", 1),
        para("zh-3", ZH, "（二）发表2024北京AI安全国际共识", path, 5, index=2),
        para("en-4", EN, "（2）Published the 2024 Beijing International Consensus on AI Safety", path, 7, index=3),
        para("zh-5", ZH, "本次更新修复了三个问题。", path, 9, index=4),
        para("en-6", EN, "This update fixes three issues.", path, 11, index=5),
    )
    document = Document(id=path, zh_path=path, en_path=path, mode="interleaved", paragraphs=paragraphs)
    p = {x.id: x for x in paragraphs}
    pairs = (
        Pair(("zh-1",), ("en-2",), similarity=0.9104, length_ratio=3.0, omission_score=0.03),
        Pair(("zh-3",), ("en-4",), similarity=0.8845, length_ratio=3.1765, omission_score=0.04),
        Pair(("zh-5",), ("en-6",), similarity=0.9233, length_ratio=2.0833, omission_score=0.01),
    )
    result = DocumentResult(document=document, pairs=pairs, metrics=(("mean_similarity", 0.906066667),))
    findings = [
        _finding("ZH301", "Full-width parentheses “（” and “）” in English text.", path,
                 en=[mark(p["en-4"], "（"), mark(p["en-4"], "）")],
                 suggestion="Use “(2)” with ASCII parentheses.", subject="（）"),
        _finding("ZH702", "The English has 2.6 letters per Chinese character over the whole document; "
                 "renderings of complete text usually have 2 to 4.5.", path, severity=Severity.INFO,
                 subject="ratio"),
    ]
    return result, findings


def sample_result(fail_on: Severity | None = Severity.ERROR) -> RunResult:
    guide, guide_findings = _guide()
    notes, notes_findings = _notes()
    # Deliberately not in report order: reporters sort.
    findings = tuple(reversed(guide_findings + notes_findings))
    return RunResult(documents=(guide, notes), findings=findings, fail_on=fail_on,
                     metrics=(("mean_similarity", 0.8289), ("bleu", 31.41592653)),
                     signatures=(("bleu", "nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.4.3"),),
                     rules=tuple(RULES.values()))


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def hostile_result() -> RunResult:
    """Every text a report shows carries markup that would run if it were not escaped."""
    path = f"docs/{IMG}.md"
    z = para("zh-1", ZH, f"第一段{SCRIPT}结束。", path, 1, index=0)
    e = para("en-1", EN, f"First{IMG} paragraph {SCRIPT} ends.", path, 3, index=1)
    z2 = para("zh-2", ZH, f"遗漏的段落{IMG}", path, 5, index=2)
    document = Document(id=f"{SCRIPT}{IMG}", zh_path=path, en_path=path, mode="interleaved",
                        paragraphs=(z, e, z2))
    pairs = (Pair(("zh-1",), ("en-1",), similarity=0.5), Pair(("zh-2",), ()))
    findings = (
        _finding("ZH201", f"Leftover {SCRIPT} and {IMG}", document.id,
                 zh=[mark(z, SCRIPT)], en=[mark(e, IMG), mark(e, SCRIPT)],
                 suggestion=f"Remove {SCRIPT}{IMG}", subject="x"),
        _finding("ZH101", f"Missing {IMG}", document.id, zh=[mark(z2)], suggestion=SCRIPT, subject="y"),
    )
    return RunResult(documents=(DocumentResult(document, pairs),), findings=findings,
                     rules=(RULES["ZH201"], RULES["ZH101"]))


def large_result(n_pairs: int = 10_000) -> RunResult:
    """One document of ``n_pairs`` pairs; every 7th pair has a number finding, every 50th is 1-0."""
    path_zh, path_en = "big/zh.md", "big/en.md"
    paragraphs, pairs, findings = [], [], []
    doc_id = "big/zh.md ↔ big/en.md"
    for i in range(n_pairs):
        z = para(f"zh-{i}", ZH, f"第{i}段：今年共有 {i * 3} 名开发者参加了大会，会议讨论了开源治理和安全。",
                 path_zh, 2 * i + 1, index=i)
        paragraphs.append(z)
        if i % 50 == 49:
            pairs.append(Pair((z.id,), (), omission_score=0.97))
            findings.append(_finding("ZH101", "This Chinese paragraph has no English rendering.", doc_id,
                                     zh=[Mark.of(z)], subject=z.text))
            continue
        e = para(f"en-{i}", EN, f"Paragraph {i}: this year {i * 3} developers attended the conference, "
                 "which discussed open-source governance and security.", path_en, 2 * i + 1, index=n_pairs + i)
        paragraphs.append(e)
        pairs.append(Pair((z.id,), (e.id,), similarity=0.5 + (i % 50) / 100, omission_score=(i % 10) / 10))
        if i % 7 == 3:
            number = str(i * 3)
            findings.append(_finding("ZH401", f"The Chinese says {number}, the English does not.", doc_id,
                                     zh=[mark(z, number)], en=[mark(e, number)], subject=f"{i}"))
    document = Document(id=doc_id, zh_path=path_zh, en_path=path_en, mode="parallel", paragraphs=tuple(paragraphs))
    return RunResult(documents=(DocumentResult(document, tuple(pairs)),), findings=tuple(findings),
                     rules=(RULES["ZH101"], RULES["ZH401"]))
