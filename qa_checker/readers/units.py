"""What the structured readers (XLIFF, TMX, PO) share: translation units → a table-mode Document,
the language check, and the ``qa-checker: disable CODE`` comments of each format's comment slot.

Each unit becomes one given pair: its Chinese source ``zh-N`` and its English target ``en-N`` (``()``
when the target is missing or blank: an untranslated unit).  A unit whose source is blank has no
Chinese paragraph; its target, if any, becomes an English-only pair; a unit with neither is skipped.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import InputError
from ..model import EN, ZH, Document, Paragraph, Suppression
from .inline_tags import Segment

# ISO 639 codes that mean Chinese (macrolanguage, its members, and the bibliographic/terminology
# three-letter forms) and English; a language tag is judged by its primary subtag.
CHINESE = frozenset({"zh", "zho", "chi", "cmn", "yue", "wuu", "hak", "nan", "gan", "hsn", "lzh", "cdo",
                     "cjy", "cpx", "czh", "czo", "mnp"})
ENGLISH = frozenset({"en", "eng"})
# Tags that declare no particular language (TMX's srclang="*all*", BCP 47 und/mul/zxx, private use).
UNDETERMINED = frozenset({"", "*all*", "und", "mul", "zxx", "mis", "x", "i"})

_DIRECTIVE = re.compile(r"qa-checker\s*:\s*(disable-file|disable)(?![\w-])([^\n]*)", re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[\s,;]+")


def primary_subtag(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def is_chinese(tag: str) -> bool:
    return primary_subtag(tag) in CHINESE


def is_english(tag: str) -> bool:
    return primary_subtag(tag) in ENGLISH


def check_languages(path: str, source: str, target: str, line: Optional[int] = None) -> None:
    """InputError unless the declared source is Chinese and the declared target English.

    A language that is not declared (or declared as undetermined) is taken to be the expected one.
    """
    src, tgt = primary_subtag(source), primary_subtag(target)
    if (src in ENGLISH or tgt in CHINESE) and src not in CHINESE and tgt not in ENGLISH:
        raise InputError(path, f"declared as a translation from {source or '?'!r} into {target or '?'!r}: "
                               "the other way round", line=line,
                         hint="qa-checker checks Chinese sources against their English translations")
    if src not in UNDETERMINED and src not in CHINESE:
        raise InputError(path, f"source language is declared as {source!r}, not Chinese", line=line)
    if tgt not in UNDETERMINED and tgt not in ENGLISH:
        raise InputError(path, f"target language is declared as {target!r}, not English", line=line)


def directives(comment: str) -> list[tuple[frozenset[str], bool]]:
    """(rule codes, whole file?) of each ``qa-checker: disable ZH401, ZH501`` (or ``disable-file``)
    line of a comment, as in Markdown's ``<!-- qa-checker: ... -->``; no codes means every rule."""
    if "qa-checker" not in comment.lower():
        return []
    return [(frozenset(t for t in _CODE_SPLIT.split(rest.strip()) if t), kind.lower() == "disable-file")
            for kind, rest in _DIRECTIVE.findall(comment)]


class DocumentBuilder:
    """Numbers paragraphs and pairs in file order and assembles the Document."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.paragraphs: list[Paragraph] = []
        self.pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self.suppressions: list[Suppression] = []
        self._zh = self._en = 0

    def _paragraph(self, lang: str, seg: Segment, unit: str) -> str:
        if lang == ZH:
            self._zh += 1
            pid = f"zh-{self._zh}"
        else:
            self._en += 1
            pid = f"en-{self._en}"
        self.paragraphs.append(Paragraph(pid, lang, seg.text, self.path, seg.line, seg.column, kind="row",
                                         masks=seg.masks, index=len(self.paragraphs), unit=unit))
        return pid

    def add_unit(self, unit: str, source: Optional[Segment], target: Optional[Segment]) -> Optional[str]:
        """Add one unit; returns the id its suppressions should name (zh, else en; None if skipped)."""
        zh = (self._paragraph(ZH, source, unit),) if source is not None and source.text else ()
        en = (self._paragraph(EN, target, unit),) if target is not None and target.text else ()
        if not zh and not en:
            return None
        self.pairs.append((zh, en))
        return (zh or en)[0]

    def suppress(self, line: int, comment: str, paragraph: Optional[str]) -> None:
        """Record the directives of ``comment``; ``paragraph`` None means the whole file."""
        for codes, whole_file in directives(comment):
            self.suppressions.append(Suppression(self.path, line, codes, None if whole_file else paragraph))

    def build(self) -> Document:
        return Document(id=self.path, zh_path=self.path, en_path=self.path, mode="table",
                        paragraphs=tuple(self.paragraphs), given_pairs=tuple(self.pairs),
                        suppressions=tuple(self.suppressions))
