"""What a rule is: metadata (code, name, category, severity, docs, options) and one check method.

Rules are plain classes listed in ``qa_checker.rules.ALL_RULES`` (no decorator registry mutating a
global).  Each rule instance is built with its resolved options; it never raises to report a problem,
it yields findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator, Mapping, NamedTuple, Optional, Sequence

from ..model import Category, Document, Finding, Mark, Pair, Paragraph, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..services import Services


@dataclass(frozen=True)
class RuleInfo:
    code: str  # stable, e.g. "ZH401"
    name: str  # kebab-case, e.g. "number-mismatch"
    category: Category
    severity: Severity  # default
    summary: str  # one line
    doc: str  # Markdown: "What it does", "Why it matters", "Example" (and "Options" when any)
    options: Mapping[str, Any] = field(default_factory=dict)  # defaults; each documented in ``doc``
    scope: str = "pair"  # "pair", "document" or "run"


class PairContext(NamedTuple):
    """Everything a pair-level rule may look at.

    Immutable like the records of ``model``, but a named tuple: the engine makes one for every pair,
    and a frozen dataclass takes three times longer to make (each field set through
    ``object.__setattr__``)."""

    document: Document
    pair: Pair
    zh: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    services: "Services"
    # Located omission signals, when the encoder ran: (PairCoverage, JoinedText zh, JoinedText en).
    coverage: Any = None

    @property
    def mode(self) -> str:
        return self.document.mode

    @property
    def zh_text(self) -> str:
        return "\n".join(p.text for p in self.zh)

    @property
    def en_text(self) -> str:
        return "\n".join(p.text for p in self.en)


@dataclass(frozen=True)
class DocumentContext:
    document: Document
    pairs: tuple[Pair, ...]
    services: "Services"


@dataclass(frozen=True)
class RunContext:
    documents: tuple[DocumentContext, ...]
    services: "Services"


class Rule:
    """Base class.  Subclasses set ``info`` and override the ``check_*`` method of their scope."""

    info: ClassVar[RuleInfo]

    def __init__(self, options: Optional[Mapping[str, Any]] = None, severity: Optional[Severity] = None):
        self.options = {**self.info.options, **(options or {})}
        self.severity = severity or self.info.severity

    # --- the three scopes -------------------------------------------------------------------------
    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        return ()

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        return ()

    def check_run(self, ctx: RunContext) -> Iterable[Finding]:
        return ()

    # --- helpers ----------------------------------------------------------------------------------
    def finding(self, document: Document, message: str, *, zh: Sequence[Mark] = (),
                en: Sequence[Mark] = (), suggestion: str = "", subject: str = "",
                severity: Optional[Severity] = None) -> Finding:
        return Finding(code=self.info.code, name=self.info.name, category=self.info.category,
                       severity=severity or self.severity, message=message, document=document.id,
                       zh=tuple(zh), en=tuple(en), suggestion=suggestion, subject=subject)


def whole(paragraphs: Iterable[Paragraph]) -> Iterator[Mark]:
    """Marks covering each paragraph whole (for findings about a paragraph, not a span)."""
    for p in paragraphs:
        yield Mark.of(p)
