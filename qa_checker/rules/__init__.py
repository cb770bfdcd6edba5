"""The table of rules.  Add a rule by importing its class here and listing it in ``ALL_RULES``."""
from __future__ import annotations

from .addition import LongTranslation, UnmatchedEnglish
from .base import Rule, RuleInfo

__all__ = ["ALL_RULES", "Rule", "RuleInfo", "rule_classes"]
from .consistency import InconsistentTranslation, SameEnglishDifferentSource
from .input import StaleTranslation, UnpairedFile, UnusedSuppression
from .markup import BlockStructure, CodeBlockChanged, HeadingMismatch, LinkTargetMismatch, TableStructure
from .numbers import NumberExtra, NumberMismatch
from .omission import MissingTranslation, ShortTranslation
from .omission_located import MissingClause, MissingSentence, MissingWords
from .punctuation import FullwidthPunctuation, UnbalancedBrackets
from .similarity import LowSimilarity
from .term_consistency import InconsistentTerm
from .terminology import ForbiddenTerm, GlossaryTerm
from .tokens import CodeNotPreserved, TokenNotPreserved
from .untranslated import ChineseInEnglish, CopiedSource, NotEnglish

ALL_RULES: tuple[type[Rule], ...] = (
    MissingTranslation,
    MissingSentence,
    MissingClause,
    MissingWords,
    ShortTranslation,
    LowSimilarity,
    ChineseInEnglish,
    CopiedSource,
    NotEnglish,
    UnmatchedEnglish,
    LongTranslation,
    UnpairedFile,
    UnusedSuppression,
    StaleTranslation,
    NumberMismatch,
    NumberExtra,
    TokenNotPreserved,
    CodeNotPreserved,
    FullwidthPunctuation,
    UnbalancedBrackets,
    HeadingMismatch,
    BlockStructure,
    CodeBlockChanged,
    LinkTargetMismatch,
    TableStructure,
    GlossaryTerm,
    ForbiddenTerm,
    InconsistentTranslation,
    SameEnglishDifferentSource,
    InconsistentTerm,
)


def rule_classes() -> dict[str, type[Rule]]:
    """Rule classes by code, in code order."""
    return {cls.info.code: cls for cls in sorted(ALL_RULES, key=lambda c: c.info.code)}
